#pragma once
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tpmready {

using Bytes = std::vector<std::uint8_t>;
using ByteSpan = std::span<const std::uint8_t>;

/// Lowercase hex, no separators ("0a1b").
std::string to_hex(ByteSpan data);
/// Uppercase hex, no separators ("0A1B"), as Windows shows thumbprints.
std::string to_hex_upper(ByteSpan data);
/// Parses hex (upper or lower case, optional "0x" prefix, spaces/colons ignored); false on bad input.
bool from_hex(std::string_view text, Bytes& out);
/// "0x01c00002": lowercase, 8 digits, as the JSON contract wants for handles.
std::string hex32(std::uint32_t value);
/// "0x1c00002"-style without padding, as some tools print.
std::string hex_short(std::uint64_t value);
/// "@0x1a": where in an input a parse error is, the form every reader's messages use.
inline std::string offset_label(std::uint64_t offset) { return "@" + hex_short(offset); }

inline ByteSpan as_span(const std::string& s) {
  return {reinterpret_cast<const std::uint8_t*>(s.data()), s.size()};
}

}  // namespace tpmready
