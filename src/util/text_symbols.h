#pragma once
/// The typographic symbols in tpmready's text for people, and their ASCII stand-ins for where
/// UTF-8 would show as mojibake (a console whose code page could not be set to UTF-8, an old
/// console without virtual-terminal processing, output redirected on Windows, or --ascii). The one
/// table of them: renderers take their arrows and dashes from text_symbols(), and ascii_text()
/// uses the same stand-ins for text that arrives already written (rule texts, data/ files).
#include <string>
#include <string_view>

namespace tpmready {

struct TextSymbols {
  std::string_view arrow;     ///< "→" or "->": a causal chain, an event's rule
  std::string_view dash;      ///< "—" or "--": between a name and its title
  std::string_view ellipsis;  ///< "…" or "...": text cut short
};

/// UTF-8 symbols, or their ASCII stand-ins.
const TextSymbols& text_symbols(bool utf8);

/// `s` (UTF-8) in plain ASCII: the symbols above and a few more typographic characters (– § ×
/// quotes, bullets, ≤ ≥, no-break space) as their ASCII spelling; any other character as '?' (what
/// a code-page conversion shows), and each byte of ill-formed UTF-8 as '?'. ASCII text comes back
/// unchanged.
std::string ascii_text(std::string_view s);

}  // namespace tpmready
