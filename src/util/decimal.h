#pragma once
/// Decimal numbers in text (registry exports, version patterns): digits only, no sign, no spaces.
#include <cstdint>
#include <optional>
#include <string_view>

namespace tpmready {

/// The value of 1 to 10 decimal digits that fits 32 bits; nullopt for anything else.
std::optional<std::uint32_t> parse_decimal_u32(std::string_view s);

}  // namespace tpmready
