#pragma once
/// Win32_Tpm::IsReadyInformation `Information` bits, the names tpmtool prints under
/// "-Information Flags Description:" (facts/windows.md §4.1 table, §8).
#include <cstdint>
#include <optional>
#include <string_view>

namespace tpmready::offline {

/// The bit value of an INFORMATION_* name (exact spelling), or nullopt for names not in §4.1.
std::optional<std::uint32_t> information_flag_value(std::string_view name);
/// The INFORMATION_* name of a single bit, or empty for bits not in §4.1.
std::string_view information_flag_name(std::uint32_t bit);

}  // namespace tpmready::offline
