#include "util/text_symbols.h"

#include <array>
#include <cstdint>

#include "util/utf8.h"

namespace tpmready {
namespace {

struct StandIn {
  std::string_view utf8;
  std::string_view ascii;
};

// "§6" reads as "section 6"; everything else keeps its width or close to it.
constexpr std::array<StandIn, 15> kStandIns{{
    {"\u2192", "->"},   // →
    {"\u2190", "<-"},   // ←
    {"\u2014", "--"},   // —
    {"\u2013", "-"},    // –
    {"\u2026", "..."},  // …
    {"\u00A7", "section "},
    {"\u00D7", "x"},
    {"\u2018", "'"},
    {"\u2019", "'"},
    {"\u201C", "\""},
    {"\u201D", "\""},
    {"\u2022", "*"},
    {"\u2264", "<="},
    {"\u2265", ">="},
    {"\u00A0", " "},
}};

constexpr TextSymbols kUtf8{kStandIns[0].utf8, kStandIns[2].utf8, kStandIns[4].utf8};
constexpr TextSymbols kAscii{kStandIns[0].ascii, kStandIns[2].ascii, kStandIns[4].ascii};

}  // namespace

const TextSymbols& text_symbols(bool utf8) { return utf8 ? kUtf8 : kAscii; }

std::string ascii_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    if (static_cast<std::uint8_t>(s[i]) < 0x80) {
      out += s[i++];
      continue;
    }
    const std::size_t n = utf8_sequence_length(s, i);
    if (n == 0) {  // ill-formed: one '?' per byte that is not part of a character
      out += '?';
      ++i;
      continue;
    }
    const auto ch = s.substr(i, n);
    std::string_view ascii = "?";
    for (const auto& e : kStandIns)
      if (e.utf8 == ch) ascii = e.ascii;
    out += ascii;
    i += n;
  }
  return out;
}

}  // namespace tpmready
