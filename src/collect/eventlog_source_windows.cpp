// The running Windows machine's measured-boot log: Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT) when TBS has a
// TPM (facts/windows.md §7), else the newest file of %WINDIR%\Logs\MeasuredBoot, which holds the
// same bytes (§10), else the registry copy (IntegrityServices WBCL, §2.1). Tbsi_Get_TCG_Log_Ex is
// called only after a TBS context opened: Wine's tbs.dll aborts the process on it (shared
// facts/windows-build.md §3).
#include <windows.h>

#include "collect/eventlog_source.h"
#include "platform/registry_windows.h"
#include "tpm/tbs_windows.h"

namespace tpmready::collect {
namespace {

std::string measured_boot_folder() {
  wchar_t dir[MAX_PATH] = {};
  UINT n = GetWindowsDirectoryW(dir, MAX_PATH);
  std::wstring w = (n > 0 && n < MAX_PATH) ? std::wstring(dir, n) : std::wstring(L"C:\\Windows");
  w += L"\\Logs\\MeasuredBoot";  // facts/windows.md §10
  std::string out;
  for (wchar_t c : w) out += c < 0x80 ? static_cast<char>(c) : '?';  // the Windows folder is ASCII
  return out;
}

/// HKLM\SYSTEM\CurrentControlSet\Control\IntegrityServices WBCL: the current boot's log (§2.1, §10).
Result<EventLogSource> registry_wbcl() {
  const std::string key = "SYSTEM\\CurrentControlSet\\Control\\IntegrityServices";
  auto k = platform::make_registry_reader()->read_key(key);
  if (k.status != platform::KeyStatus::Ok) {
    // Only a key that is not there says the log is not there; access denied says nothing.
    return make_error(k.status == platform::KeyStatus::NotFound ? ErrorKind::NotFound : ErrorKind::Io,
                      "HKLM\\" + key + ": " + k.error);
  }
  for (auto& v : k.values) {
    if (v.name == "WBCL" && !v.data.empty()) {
      return EventLogSource{"", "registry:HKLM\\" + key + "\\WBCL", std::move(v.data), false};
    }
  }
  return make_error(ErrorKind::NotFound, "HKLM\\" + key + " has no WBCL value");
}

}  // namespace

Result<EventLogSource> load_platform_eventlog() {
  std::string tbs_reason;
  auto context = tpm::TbsContext::open();
  if (context) {
    auto log = (*context)->current_log();
    if (log) return EventLogSource{"", "tbs:Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT)", std::move(*log), false};
    tbs_reason = log.error().what();
  } else {
    tbs_reason = context.error().what();
  }
  const std::string folder = measured_boot_folder();
  auto file = load_eventlog(folder);
  if (file) return file;
  auto wbcl = registry_wbcl();
  if (wbcl) return wbcl;
  return make_error(ErrorKind::NotFound, "no boot log: TBS: " + tbs_reason + "; " + folder + ": " + file.error().what() +
                                             "; " + wbcl.error().what());
}

}  // namespace tpmready::collect
