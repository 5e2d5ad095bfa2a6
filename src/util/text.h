#pragma once
/// Small text helpers every layer shares, so each idea has one spelling: trimming, ASCII case
/// (registry names, HTTP header names, host names and labels are ASCII and compare without case;
/// the C locale's tolower would make the result depend on the user's locale), and HTML escaping.
#include <string>
#include <string_view>
#include <vector>

namespace tpmready {

/// `s` without the ASCII white space (space, TAB, CR, LF, VT, FF) at either end.
std::string_view trim(std::string_view s);

/// ASCII letters A-Z to lower / upper case; every other byte (UTF-8 included) unchanged.
std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);
/// Equal when ASCII case is ignored.
bool iequals(std::string_view a, std::string_view b);
/// `s` starts with `prefix`, ASCII case ignored.
bool starts_with_icase(std::string_view s, std::string_view prefix);
/// Position of the first `needle` in `s`, ASCII case ignored; npos when absent (or `needle` empty).
std::size_t find_icase(std::string_view s, std::string_view needle);

/// Columns `s` takes on a terminal: one per code point (tpmready's text has no wide or combining
/// characters), none for ANSI escape sequences (colour). With `ascii`, a character counts as many
/// columns as its ASCII stand-in (util/text_symbols.h ascii_text: "→" is "->", two), so text that
/// is turned to ASCII after it was wrapped still fits.
std::size_t display_columns(std::string_view s, bool ascii = false);

/// Lines of at most `width` columns (display_columns) made of `words`, one space between two; a
/// word is never broken (an error code, a URL, a path, a rule ID): one that does not fit where the
/// line stands starts the next line, and one longer than a line gets a line of its own (after the
/// label, when it is the first word). The first
/// line starts with `first`, the others with `rest` (spaces under a label: continuation lines are
/// indented under the text, not under the label). Every line ends with '\n', none with a space.
std::string wrap_words(const std::vector<std::string>& words, std::size_t width, std::string_view first,
                       std::string_view rest, bool ascii = false);

/// `text` broken at spaces into words and wrapped as wrap_words does; a line break in `text`
/// starts a new line (indented with `rest`).
std::string wrap_text(std::string_view text, std::size_t width, std::string_view first, std::string_view rest,
                      bool ascii = false);

/// The items with `sep` between them ("a, b, c").
std::string join(const std::vector<std::string>& items, std::string_view sep);

/// Escapes &, <, >, ", ' for HTML text and attribute values (quoted with " or '); ill-formed
/// UTF-8 becomes U+FFFD first (the pages declare UTF-8).
std::string html_escape(std::string_view s);

}  // namespace tpmready
