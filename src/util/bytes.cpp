#include "util/bytes.h"

#include <array>
#include <cstdio>

namespace tpmready {
namespace {
std::string hex_with(ByteSpan data, const char* digits) {
  std::string out;
  out.reserve(data.size() * 2);
  for (std::uint8_t b : data) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 0xF]);
  }
  return out;
}
// from_hex's classes of a byte: 0-15 a hex digit's value, kSeparator skipped, kInvalid. One table
// lookup per character: hex PCR values and certificates are most of a fleet bundle.
constexpr std::uint8_t kSeparator = 16, kInvalid = 255;
constexpr std::array<std::uint8_t, 256> kHexClass = [] {
  std::array<std::uint8_t, 256> t{};
  t.fill(kInvalid);
  for (int i = 0; i < 10; ++i) t['0' + i] = static_cast<std::uint8_t>(i);
  for (int i = 0; i < 6; ++i) t['a' + i] = t['A' + i] = static_cast<std::uint8_t>(10 + i);
  for (char c : {' ', ':', '\n', '\r', '\t'}) t[static_cast<unsigned char>(c)] = kSeparator;
  return t;
}();
}  // namespace

std::string to_hex(ByteSpan data) { return hex_with(data, "0123456789abcdef"); }
std::string to_hex_upper(ByteSpan data) { return hex_with(data, "0123456789ABCDEF"); }

bool from_hex(std::string_view text, Bytes& out) {
  out.clear();
  if (text.size() >= 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) text.remove_prefix(2);
  out.reserve(text.size() / 2);  // PCR values and certificates: one allocation, not log2(n)
  int high = -1;
  for (char c : text) {
    const std::uint8_t n = kHexClass[static_cast<unsigned char>(c)];
    if (n == kSeparator) continue;
    if (n == kInvalid) return false;
    if (high < 0) {
      high = n;
    } else {
      out.push_back(static_cast<std::uint8_t>(high << 4 | n));
      high = -1;
    }
  }
  return high < 0;
}

std::string hex32(std::uint32_t value) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08x", value);
  return buf;
}

std::string hex_short(std::uint64_t value) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%llx", static_cast<unsigned long long>(value));
  return buf;
}

}  // namespace tpmready
