// The real machine for `fix --apply` on Windows: token elevation, registry DWORD writes (the EULA
// value, facts/windows.md §0, §2.1) and starting Tpm-Maintenance (§5).
//
// TPMREADY_FIX_ASSUME_NOT_ELEVATED=1 makes is_elevated() false: Wine reports every process as
// elevated, so the refusal path is tested with it (docs/windows.md).
#include <windows.h>

#include <cstdlib>
#include <cstring>

#include "platform/registry.h"
#include "platform/registry_windows.h"
#include "platform/task_scheduler_windows.h"
#include "util/win_text_windows.h"
#include "fix/apply.h"

namespace tpmready::fix {
namespace {

/// The REG_DWORD at `at` as text: "(absent)", "1", or "(type 1, 4 bytes)" for a wrong type.
std::string current_dword(const RegistryLocation& at) {
  auto reader = platform::make_registry_reader();
  auto key = reader->read_key(std::string(at.key));
  if (key.status != platform::KeyStatus::Ok) return "(absent)";
  const std::string name(at.value);
  for (const auto& v : key.values) {
    if (_stricmp(v.name.c_str(), name.c_str()) != 0) continue;
    if (v.type == REG_DWORD && v.data.size() == 4)
      return std::to_string(v.data[0] | v.data[1] << 8 | v.data[2] << 16 | static_cast<std::uint32_t>(v.data[3]) << 24);
    return "(type " + std::to_string(v.type) + ", " + std::to_string(v.data.size()) + " bytes)";
  }
  return "(absent)";
}

class WindowsSystem final : public System {
 public:
  bool is_elevated() override {
    const char* force = std::getenv("TPMREADY_FIX_ASSUME_NOT_ELEVATED");
    if (force && std::strcmp(force, "1") == 0) return false;
    HANDLE token = nullptr;
    if (!OpenProcessToken(GetCurrentProcess(), TOKEN_QUERY, &token)) return false;
    TOKEN_ELEVATION elevation{};
    DWORD len = 0;
    BOOL ok = GetTokenInformation(token, TokenElevation, &elevation, sizeof elevation, &len);
    CloseHandle(token);
    return ok && elevation.TokenIsElevated != 0;
  }

  Result<std::vector<Change>> set_dword(const RegistryLocation& at, std::uint32_t value) override {
    const std::string want = std::to_string(value);
    const std::string before = current_dword(at);
    if (before == want) return std::vector<Change>{};
    TRY(platform::set_dword(std::string(at.key), std::string(at.value), value));
    const std::string after = current_dword(at);
    if (after != want)
      return make_error(ErrorKind::Io, std::string(at.value) + " reads back as " + after + " after writing " + want);
    return std::vector<Change>{Change{at.hklm_key() + "\\" + std::string(at.value), before, after}};
  }

  Result<std::uint32_t> run_tpm_maintenance(int timeout_ms) override {
    return platform::run_task_and_wait(platform::kTpmMaintenanceFolder, platform::kTpmMaintenanceName,
                                           timeout_ms);
  }
};

}  // namespace

Result<std::unique_ptr<System>> make_system() { return std::unique_ptr<System>(std::make_unique<WindowsSystem>()); }

}  // namespace tpmready::fix
