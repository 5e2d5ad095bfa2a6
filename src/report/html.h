#pragma once
/// Small helpers for writing self-contained HTML (shared by the report and the fleet dashboard);
/// escaping is util/text.h html_escape.
#include <string>
#include <vector>

#include "util/text.h"

namespace tpmready::report {

/// One box of a causal chain: what it states (wrapped over lines), its ID in small type under it,
/// and whether it is drawn in the failure colour.
struct ChainBox {
  std::string title;
  std::string id;
  bool highlight = false;
};

/// An inline SVG of boxes joined by arrows, top to bottom (a causal chain).
std::string svg_chain(const std::vector<ChainBox>& boxes);

}  // namespace tpmready::report
