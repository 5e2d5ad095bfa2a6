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

/// The items with `sep` between them ("a, b, c").
std::string join(const std::vector<std::string>& items, std::string_view sep);

/// Escapes &, <, >, ", ' for HTML text and attribute values (quoted with " or '); ill-formed
/// UTF-8 becomes U+FFFD first (the pages declare UTF-8).
std::string html_escape(std::string_view s);

}  // namespace tpmready
