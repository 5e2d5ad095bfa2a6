#pragma once
#include <cstdint>
#include <string>

namespace tpmready {

/// Appends the UTF-8 encoding of one Unicode code point (the caller has validated it).
void append_utf8(std::string& out, std::uint32_t code_point);

}  // namespace tpmready
