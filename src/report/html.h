#pragma once
/// Small helpers for writing self-contained HTML (shared by the report and the fleet dashboard).
#include <string>
#include <string_view>
#include <vector>

namespace tpmready::report {

/// Escapes &, <, >, ", ' for text and attribute values (quoted with " or '); ill-formed UTF-8
/// becomes U+FFFD.
std::string html_escape(std::string_view s);

/// An inline SVG of boxes joined by arrows, top to bottom (a causal chain). Each box shows a
/// label; `highlight[i]` draws box i in the failure colour. Wraps long labels.
std::string svg_chain(const std::vector<std::string>& labels, const std::vector<bool>& highlight);

}  // namespace tpmready::report
