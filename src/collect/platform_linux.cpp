// Linux platform facts. SMBIOS/DMI values come from sysfs (/sys/class/dmi/id, kernel ABI);
// product_serial is readable by root only, so it is often unknown for other users.
#include <sys/utsname.h>
#include <unistd.h>

#include <fstream>

#include "collect/platform.h"
#include "util/text.h"

namespace tpmready::collect {
namespace {

Fact<std::string> dmi(const char* name) {
  std::string path = std::string("/sys/class/dmi/id/") + name;
  std::ifstream in(path);
  std::string value;
  if (!in || !std::getline(in, value)) return Fact<std::string>::unknown("cannot read " + path, "sysfs:" + path);
  value = std::string(trim(value));
  if (value.empty()) return Fact<std::string>::unknown(path + " is empty", "sysfs:" + path);
  return Fact<std::string>::known(value, "sysfs:" + path);
}

}  // namespace

std::string platform_name() { return "linux"; }

DeviceInfo device_info() {
  DeviceInfo d;
  d.serial = dmi("product_serial");
  d.manufacturer = dmi("sys_vendor");
  d.model = dmi("product_name");
  d.firmware = dmi("bios_version");
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) == 0) d.hostname = Fact<std::string>::known(host, "gethostname");
  utsname u{};
  d.os_build = uname(&u) == 0 ? Fact<std::string>::known(std::string(u.sysname) + " " + u.release, "uname")
                              : Fact<std::string>::unknown("uname failed", "uname");
  return d;
}

std::optional<WindowsEvidence> windows_evidence(std::vector<InputRecord>&) { return std::nullopt; }

}  // namespace tpmready::collect
