#include "collect/offline/information_flags.h"

namespace tpmready::offline {
namespace {

struct FlagRow {
  std::uint32_t bit;
  std::string_view name;
};

// facts/windows.md §4.1 (W32-IRI, exact hex values).
constexpr FlagRow kFlags[] = {
    {0x00000002, "INFORMATION_SHUTDOWN"},
    {0x00000004, "INFORMATION_REBOOT"},
    {0x00000008, "INFORMATION_TPM_FORCE_CLEAR"},
    {0x00000010, "INFORMATION_PHYSICAL_PRESENCE"},
    {0x00000020, "INFORMATION_TPM_ACTIVATE"},
    {0x00000040, "INFORMATION_TPM_TAKE_OWNERSHIP"},
    {0x00000080, "INFORMATION_TPM_CREATE_EK"},
    {0x00000100, "INFORMATION_TPM_OWNERAUTH"},
    {0x00000200, "INFORMATION_TPM_SRK_AUTH"},
    {0x00000400, "INFORMATION_TPM_DISABLE_OWNER_CLEAR"},
    {0x00000800, "INFORMATION_TPM_SRKPUB"},
    {0x00001000, "INFORMATION_TPM_READ_SRKPUB"},
    {0x00002000, "INFORMATION_TPM_BOOT_COUNTER"},
    {0x00004000, "INFORMATION_TPM_AD_BACKUP"},
    {0x00008000, "INFORMATION_TPM_AD_BACKUP_PHASE_I"},
    {0x00010000, "INFORMATION_TPM_AD_BACKUP_PHASE_II"},
    {0x00020000, "INFORMATION_LEGACY_CONFIGURATION"},
    {0x00040000, "INFORMATION_EK_CERTIFICATE"},
    {0x00080000, "INFORMATION_TCG_EVENT_LOG"},
    {0x00100000, "INFORMATION_NOT_REDUCED"},
    {0x00200000, "INFORMATION_GENERIC_ERROR"},
    {0x00400000, "INFORMATION_DEVICE_LOCK_COUNTER"},
    {0x00800000, "INFORMATION_DEVICEID"},
};

}  // namespace

std::optional<std::uint32_t> information_flag_value(std::string_view name) {
  for (const auto& row : kFlags) {
    if (row.name == name) return row.bit;
  }
  return std::nullopt;
}

std::string_view information_flag_name(std::uint32_t bit) {
  for (const auto& row : kFlags) {
    if (row.bit == bit) return row.name;
  }
  return {};
}

}  // namespace tpmready::offline
