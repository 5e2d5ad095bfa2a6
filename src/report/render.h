#pragma once
/// Renderers of a Report. Deterministic: same report, same bytes (time only when injected).
#include <cstddef>
#include <string>

#include "report/report.h"

namespace tpmready::report {

struct TextOptions {
  bool color = false;  ///< ANSI colours (the CLI decides: platform/console.h output_style)
  /// "→" and "—"; false: their ASCII stand-ins (util/text_symbols.h). The report's own strings
  /// stay as they are: the CLI turns the whole text to ASCII after redaction has seen it.
  bool utf8 = true;
  /// Columns every line keeps within (the CLI: the terminal's width, 100 for files and pipes;
  /// platform/console.h). Words are never broken: a token longer than a line (a URL, a path)
  /// gets a line of its own.
  std::size_t width = 100;
};

/// "READY", "NOT READY", "UNDETERMINED": how the text report names a verdict.
std::string_view verdict_label(rules::Verdict v);

/// Terminal text: the device header and the verdict first, root causes with chain and fix (each
/// fix once), then every finding; wrapped to `opt.width`, continuation lines indented under
/// their label. The report's
/// strings are shown terminal-safe (util/utf8.h): control characters escaped, bad UTF-8 replaced.
std::string render_text(const Report& r, const TextOptions& opt = {});
/// Pretty JSON (schema/report.schema.json); always valid UTF-8 (util/json_text.h).
std::string render_json(const Report& r);
/// One self-contained HTML file: no external resources, readable on a phone, the causal chain as
/// inline SVG, each finding expandable to its evidence.
std::string render_html(const Report& r);

}  // namespace tpmready::report
