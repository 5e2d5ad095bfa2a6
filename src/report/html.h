#pragma once
/// Small helpers for writing self-contained HTML (shared by the report and the fleet dashboard);
/// escaping is util/text.h html_escape.
#include <string>
#include <vector>

#include "util/text.h"

namespace tpmready::report {

/// An inline SVG of boxes joined by arrows, top to bottom (a causal chain). Each box shows a
/// label; `highlight[i]` draws box i in the failure colour. Wraps long labels.
std::string svg_chain(const std::vector<std::string>& labels, const std::vector<bool>& highlight);

}  // namespace tpmready::report
