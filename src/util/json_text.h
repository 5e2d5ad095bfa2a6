#pragma once
/// The one way tpmready turns JSON into text. Strings inside a document come from devices, files
/// and the network (a certificate's UTF8String, an HTTP reason phrase, an event's data) and are not
/// checked for UTF-8 where they are read; nlohmann's default dump throws type_error.316 on the
/// first ill-formed byte, which would cost the whole output. Here each ill-formed part becomes
/// U+FFFD (nlohmann's error_handler_t::replace, the same replacement as util/utf8.h valid_utf8),
/// so JSON output is always valid UTF-8 JSON. Every JSON output and message goes through it.
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tpmready {

/// `j` as text: indent < 0 gives one line, otherwise pretty-printed with that many spaces per level
/// (no trailing line break).
std::string json_text(const nlohmann::json& j, int indent = -1);

/// Applies terminal_safe (util/utf8.h) to every string value of `j`, in place (object keys too).
void make_strings_terminal_safe(nlohmann::json& j);

}  // namespace tpmready
