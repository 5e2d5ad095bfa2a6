#pragma once
/// Renderers of a Report. Deterministic: same report, same bytes (time only when injected).
#include <string>

#include "report/report.h"

namespace tpmready::report {

struct TextOptions {
  bool color = false;  ///< ANSI colours (the CLI enables them on a TTY unless NO_COLOR is set)
};

/// Terminal text: verdict first, root causes with chain and fix, then every finding. The report's
/// strings are shown terminal-safe (util/utf8.h): control characters escaped, bad UTF-8 replaced.
std::string render_text(const Report& r, const TextOptions& opt = {});
/// Pretty JSON (schema/report.schema.json); always valid UTF-8 (util/json_text.h).
std::string render_json(const Report& r);
/// One self-contained HTML file: no external resources, readable on a phone, the causal chain as
/// inline SVG, each finding expandable to its evidence.
std::string render_html(const Report& r);

}  // namespace tpmready::report
