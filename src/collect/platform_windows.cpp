// Windows platform facts, live: the registry (live_registry.h), the Tpm-Maintenance task (Task
// Scheduler COM, TaskCache fallback), Win32_Tpm IsReadyInformation (WMI, where present) → the same
// WindowsEvidence the offline readers produce. Nothing here writes; nothing calls GetFirmwareType
// (it aborts under Wine, shared facts/windows-build.md §3b).
#include <windows.h>

#include <cstdlib>

#include "collect/offline/information_flags.h"
#include "collect/offline/text_decode.h"
#include "collect/offline/windows_facts.h"
#include "collect/offline/ztd_file.h"
#include "util/file.h"
#include "collect/platform.h"
#include "platform/registry_windows.h"
#include "platform/task_scheduler_windows.h"
#include "util/win_text_windows.h"
#include "platform/wmi_tpm_windows.h"
#include "collect/windows/live_registry.h"
#include "collect/windows/task_info.h"

namespace tpmready::collect {
namespace {

constexpr const char* kWmiSource = "wmi:Win32_Tpm.IsReadyInformation";

/// IsReadyInformation's Information bits are the INFORMATION_* flags tpmtool prints (§4.1, §8).
void apply_is_ready_information(TpmtoolEvidence& t, std::vector<std::string>& notes) {
  auto info = platform::query_is_ready_information();
  if (!info) {
    notes.push_back(info.error().what());
    t.information_flags = Fact<std::vector<std::string>>::unknown(info.error().what(), kWmiSource);
    t.information_flags_mask = Fact<std::uint32_t>::unknown(info.error().what(), kWmiSource);
    return;
  }
  std::vector<std::string> names;
  for (std::uint32_t bit = 1; bit != 0; bit <<= 1) {
    if (!(info->information & bit)) continue;
    auto name = offline::information_flag_name(bit);
    names.push_back(name.empty() ? hex32(bit) : std::string(name));
  }
  t.information_flags = Fact<std::vector<std::string>>::known(std::move(names), kWmiSource);
  t.information_flags_mask = Fact<std::uint32_t>::known(info->information, kWmiSource);
}

}  // namespace

std::string platform_name() { return "windows"; }

DeviceInfo device_info() {
  DeviceInfo d;
  const std::string why = "not read live on Windows";
  d.serial = Fact<std::string>::unknown(why);
  d.firmware = Fact<std::string>::unknown(why);
  // Maker and model: the BIOS key Windows fills from SMBIOS (facts/windows.md §2.1), read the one
  // way the Windows evidence reads it.
  auto reader = platform::make_registry_reader();
  std::vector<std::string> notes;
  const BiosEvidence bios = read_live_bios(*reader, notes);
  d.manufacturer = bios.system_manufacturer;
  d.model = bios.system_product_name;
  d.os_build = Fact<std::string>::unknown("Windows: the build is read with the registry (windows.registry)");
  wchar_t name[256] = {};
  DWORD len = 255;
  if (GetComputerNameExW(ComputerNameDnsHostname, name, &len)) {
    d.hostname = Fact<std::string>::known(win::narrow(name, len), "GetComputerNameExW");
  } else {
    d.hostname = Fact<std::string>::unknown(win::win32_error_text(GetLastError()), "GetComputerNameExW");
  }
  return d;
}

/// %SystemRoot%\ServiceState\wmansvc\AutopilotDDSZTDFile.json, where Windows keeps the Autopilot
/// deployment service's answer (facts/field-2026-12.md §C.14), read by the offline reader's parser.
void read_ztd_file(WindowsEvidence& w, std::vector<InputRecord>& inputs) {
  const char* root = std::getenv("SystemRoot");
  const std::string path = std::string(root ? root : "C:\\Windows") + "\\ServiceState\\wmansvc\\AutopilotDDSZTDFile.json";
  auto data = read_file(path, offline::kDefaultMaxTextBytes);
  std::string why;
  if (data.ok()) {
    auto lines = offline::decode_text(*data, "AutopilotDDSZTDFile.json");
    if (lines.ok()) {
      auto parsed = offline::parse_ztd_file(*lines);
      if (parsed.ok()) {
        offline::apply_ztd_file(*parsed, w.ztd_file, w.notes);
        inputs.push_back({"file:" + path, "autopilot_ztd_json", InputStatus::Read, ""});
        offline::mark_unknown(w.ztd_file, "field not in AutopilotDDSZTDFile.json");
        return;
      }
      why = parsed.error().what();
    } else {
      why = lines.error().what();
    }
    inputs.push_back({"file:" + path, "autopilot_ztd_json", InputStatus::Unreadable, why});
  } else {
    why = data.error().what();  // no Autopilot profile was ever downloaded, or no access
  }
  offline::mark_unknown(w.ztd_file, "AutopilotDDSZTDFile.json not read: " + why);
}

std::optional<WindowsEvidence> windows_evidence(std::vector<InputRecord>& inputs) {
  WindowsEvidence w;
  auto reader = platform::make_registry_reader();
  const std::size_t notes_before = w.notes.size();
  w.registry = read_live_registry(*reader, w.notes);
  w.bios = read_live_bios(*reader, w.notes);
  inputs.push_back({"registry:HKLM", "registry", w.notes.size() == notes_before ? InputStatus::Read : InputStatus::Partial, ""});

  const std::string task_path = std::string(platform::kTpmMaintenanceFolder) + "\\" + platform::kTpmMaintenanceName;
  auto task = platform::query_task(platform::kTpmMaintenanceFolder, platform::kTpmMaintenanceName);
  w.tpm_maintenance_task = task_evidence(task_path, task);
  inputs.push_back({"task:" + task_path, task.reader, task.found ? InputStatus::Read : InputStatus::Unreadable,
                    task.found ? "" : task.error});
  if (!task.found) w.notes.push_back(task_path + ": " + task.error);

  apply_is_ready_information(w.tpmtool, w.notes);
  offline::mark_unknown(w.tpmtool, "tpmtool output is not collected live (Win32_Tpm gives the Information flags)");
  offline::mark_unknown(w.get_tpm, "Get-Tpm output is not collected live");
  offline::mark_unknown(w.ek_info, "Get-TpmEndorsementKeyInfo output is not collected live");
  read_ztd_file(w, inputs);
  return w;
}

}  // namespace tpmready::collect
