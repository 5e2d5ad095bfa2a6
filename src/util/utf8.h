#pragma once
/// UTF-8 in and out. Text tpmready prints comes from devices, files and the network, so it may be
/// ill-formed or carry control characters; the functions here are the one place that makes it safe
/// to show: JSON output replaces ill-formed UTF-8 (util/json_text.h), text for people also shows
/// control characters as visible escapes (terminal_safe).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tpmready {

/// Appends the UTF-8 encoding of one Unicode code point; a surrogate or a value above U+10FFFF
/// (not a character) is written as U+FFFD.
void append_utf8(std::string& out, std::uint32_t code_point);

/// Length of the well-formed UTF-8 sequence starting at s[i] (1 to 4), or 0 when the bytes there
/// are not one: a stray continuation byte, an overlong form, a surrogate, a code point above
/// U+10FFFF or a sequence cut short.
std::size_t utf8_sequence_length(std::string_view s, std::size_t i);

/// `s` with each ill-formed part replaced by U+FFFD, one per maximal subpart (Unicode §3.9 and
/// the WHATWG decoder: what Python's `decode("utf-8", "replace")` gives). Well-formed text is
/// returned unchanged.
std::string valid_utf8(std::string_view s);

enum class LineBreaks {
  Keep,    ///< multi-line text (reports): LF stays a line break
  Escape,  ///< one line (error messages, the summary line): LF is shown as \n too
};

/// `s` as it may be written to a terminal: valid_utf8, then every control character shown as a
/// visible escape so none reaches the terminal: C0 (ESC as \x1b, CR as \r, ...) except TAB and,
/// with LineBreaks::Keep, LF; DEL as \x7f; C1 (U+0080..U+009F, which some terminals obey like
/// ESC sequences) as \u009b. Nothing else changes (backslashes stay as they are: Windows paths),
/// so text without control characters comes back unchanged and applying it twice changes nothing.
std::string terminal_safe(std::string_view s, LineBreaks line_breaks = LineBreaks::Keep);

}  // namespace tpmready
