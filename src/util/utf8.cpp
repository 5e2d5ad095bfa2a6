#include "util/utf8.h"

namespace tpmready {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

struct Scanned {
  std::size_t length;  ///< bytes taken: the whole sequence, or the maximal subpart that was ill-formed
  bool well_formed;
};

/// Unicode §3.9 Table 3-7 (well-formed byte sequences): the second byte's range depends on the
/// first (no overlong forms, no surrogates, nothing above U+10FFFF); later bytes are 80..BF. An
/// ill-formed sequence takes its lead byte and the continuation bytes that were still valid, so the
/// byte that broke it starts the next sequence.
Scanned scan(std::string_view s, std::size_t i) {
  const auto b = static_cast<std::uint8_t>(s[i]);
  if (b < 0x80) return {1, true};
  std::size_t trail = 0;
  std::uint8_t lo = 0x80, hi = 0xBF;
  if (b >= 0xC2 && b <= 0xDF) {
    trail = 1;
  } else if (b >= 0xE0 && b <= 0xEF) {
    trail = 2;
    if (b == 0xE0) lo = 0xA0;
    if (b == 0xED) hi = 0x9F;
  } else if (b >= 0xF0 && b <= 0xF4) {
    trail = 3;
    if (b == 0xF0) lo = 0x90;
    if (b == 0xF4) hi = 0x8F;
  } else {
    return {1, false};  // a continuation byte, C0/C1 (overlong) or F5..FF
  }
  for (std::size_t k = 1; k <= trail; ++k) {
    if (i + k >= s.size()) return {k, false};
    const auto c = static_cast<std::uint8_t>(s[i + k]);
    const bool ok = k == 1 ? c >= lo && c <= hi : c >= 0x80 && c <= 0xBF;
    if (!ok) return {k, false};
  }
  return {trail + 1, true};
}

void append_escape(std::string& out, const char* prefix, unsigned value, int digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += prefix;
  for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) out += kHex[(value >> shift) & 0xF];
}

}  // namespace

void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    out += kReplacement;
  } else if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::size_t utf8_sequence_length(std::string_view s, std::size_t i) {
  const auto r = scan(s, i);
  return r.well_formed ? r.length : 0;
}

std::string valid_utf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto r = scan(s, i);
    if (r.well_formed) out.append(s, i, r.length);
    else out += kReplacement;
    i += r.length;
  }
  return out;
}

std::string terminal_safe(std::string_view s, LineBreaks line_breaks) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto r = scan(s, i);
    const auto b = static_cast<std::uint8_t>(s[i]);
    if (!r.well_formed) {
      out += kReplacement;
    } else if (b == '\t' || (b == '\n' && line_breaks == LineBreaks::Keep)) {
      out += static_cast<char>(b);
    } else if (b == '\n') {
      out += "\\n";
    } else if (b == '\r') {
      out += "\\r";
    } else if (b < 0x20 || b == 0x7F) {
      append_escape(out, "\\x", b, 2);
    } else if (b == 0xC2 && static_cast<std::uint8_t>(s[i + 1]) < 0xA0) {  // U+0080..U+009F
      append_escape(out, "\\u", static_cast<std::uint8_t>(s[i + 1]), 4);
    } else {
      out.append(s, i, r.length);
    }
    i += r.length;
  }
  return out;
}

}  // namespace tpmready
