#pragma once
/// TCG PC Client event types (facts/tcg.md §5.3; PFP) and their names as the spec spells them.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tpmready::eventlog {

// facts/tcg.md §5.3 (GA attest/internal/events.go; PFP)
inline constexpr std::uint32_t EV_PREBOOT_CERT = 0x00000000;
inline constexpr std::uint32_t EV_POST_CODE = 0x00000001;
inline constexpr std::uint32_t EV_UNUSED = 0x00000002;
inline constexpr std::uint32_t EV_NO_ACTION = 0x00000003;
inline constexpr std::uint32_t EV_SEPARATOR = 0x00000004;
inline constexpr std::uint32_t EV_ACTION = 0x00000005;
inline constexpr std::uint32_t EV_EVENT_TAG = 0x00000006;
inline constexpr std::uint32_t EV_S_CRTM_CONTENTS = 0x00000007;
inline constexpr std::uint32_t EV_S_CRTM_VERSION = 0x00000008;
inline constexpr std::uint32_t EV_CPU_MICROCODE = 0x00000009;
inline constexpr std::uint32_t EV_PLATFORM_CONFIG_FLAGS = 0x0000000A;
inline constexpr std::uint32_t EV_TABLE_OF_DEVICES = 0x0000000B;
inline constexpr std::uint32_t EV_COMPACT_HASH = 0x0000000C;
inline constexpr std::uint32_t EV_IPL = 0x0000000D;
inline constexpr std::uint32_t EV_IPL_PARTITION_DATA = 0x0000000E;
inline constexpr std::uint32_t EV_NONHOST_CODE = 0x0000000F;
inline constexpr std::uint32_t EV_NONHOST_CONFIG = 0x00000010;
inline constexpr std::uint32_t EV_NONHOST_INFO = 0x00000011;
inline constexpr std::uint32_t EV_OMIT_BOOT_DEVICE_EVENTS = 0x00000012;
inline constexpr std::uint32_t EV_EFI_EVENT_BASE = 0x80000000;
inline constexpr std::uint32_t EV_EFI_VARIABLE_DRIVER_CONFIG = 0x80000001;
inline constexpr std::uint32_t EV_EFI_VARIABLE_BOOT = 0x80000002;
inline constexpr std::uint32_t EV_EFI_BOOT_SERVICES_APPLICATION = 0x80000003;
inline constexpr std::uint32_t EV_EFI_BOOT_SERVICES_DRIVER = 0x80000004;
inline constexpr std::uint32_t EV_EFI_RUNTIME_SERVICES_DRIVER = 0x80000005;
inline constexpr std::uint32_t EV_EFI_GPT_EVENT = 0x80000006;
inline constexpr std::uint32_t EV_EFI_ACTION = 0x80000007;
inline constexpr std::uint32_t EV_EFI_PLATFORM_FIRMWARE_BLOB = 0x80000008;
inline constexpr std::uint32_t EV_EFI_HANDOFF_TABLES = 0x80000009;
inline constexpr std::uint32_t EV_EFI_HCRTM_EVENT = 0x80000010;
inline constexpr std::uint32_t EV_EFI_VARIABLE_AUTHORITY = 0x800000E0;
// Newer PFP types; facts/tcg.md §5.3 marks these values UNVERIFIED (named for display only,
// parsing never depends on them).
inline constexpr std::uint32_t EV_EFI_PLATFORM_FIRMWARE_BLOB2 = 0x8000000A;
inline constexpr std::uint32_t EV_EFI_HANDOFF_TABLES2 = 0x8000000B;
inline constexpr std::uint32_t EV_EFI_VARIABLE_BOOT2 = 0x8000000C;
inline constexpr std::uint32_t EV_EFI_SPDM_FIRMWARE_BLOB = 0x800000E1;
inline constexpr std::uint32_t EV_EFI_SPDM_FIRMWARE_CONFIG = 0x800000E2;

/// "EV_SEPARATOR", or nullopt for a type not in the table.
std::optional<std::string_view> event_type_name(std::uint32_t type);
/// The name, or "0x8000abcd" for an unknown type (logs may carry vendor types; never fail on them).
std::string event_type_display(std::uint32_t type);

}  // namespace tpmready::eventlog
