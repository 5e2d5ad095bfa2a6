#pragma once
/// Small helpers for writing self-contained HTML (shared by the report and the fleet dashboard);
/// escaping is util/text.h html_escape.
#include <string>
#include <string_view>
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

/// html_escape, plus a line-break opportunity (<wbr>) after each \ and / that joins two parts of
/// a registry path or URL: one wider than a phone's line then wraps between its parts, never
/// inside a key or a word. For prose (summaries, fixes); values a test or a reader searches for
/// verbatim in the page source stay plain html_escape.
std::string html_breakable(std::string_view s);

/// An inline SVG of boxes joined by arrows, top to bottom (a causal chain).
std::string svg_chain(const std::vector<ChainBox>& boxes);

}  // namespace tpmready::report
