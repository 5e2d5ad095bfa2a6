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

/// `text` broken at spaces into lines of at most `width` columns (a word longer than that, such
/// as a URL, gets a line of its own); the first line starts with `first`, the others with `rest`.
/// Every line ends with '\n'. Columns are counted in bytes.
std::string wrap_text(std::string_view text, std::size_t width, std::string_view first, std::string_view rest);

/// The items with `sep` between them ("a, b, c").
std::string join(const std::vector<std::string>& items, std::string_view sep);

/// Escapes &, <, >, ", ' for HTML text and attribute values (quoted with " or '); ill-formed
/// UTF-8 becomes U+FFFD first (the pages declare UTF-8).
std::string html_escape(std::string_view s);

}  // namespace tpmready
