#pragma once
/// Renderers of the fleet report: JSON (the contract: `.devices`, `.verdicts.{ready,not_ready,
/// undetermined}`, `.root_causes[].{id,devices}`; fields are added, never renamed), text, the
/// devices-per-root-cause CSV, and the dashboard (one self-contained HTML file).
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "fleet/fleet.h"

namespace tpmready::fleet {

nlohmann::json to_json(const FleetReport& r);
/// Text for people; terminal-safe (util/utf8.h): device strings cannot send control characters.
std::string render_text(const FleetReport& r);
/// Self-contained: inline CSS, HTML bar charts, an SVG trend chart and a little JS (sort/filter of
/// the device table); no external resource. Readable on a phone (one column, rows as cards, no
/// text under 12 px). Numbers carry `data-count` attributes equal to the JSON report's.
std::string render_html(const FleetReport& r);

/// CSV (RFC 4180, CRLF) of devices per root cause.
std::string root_cause_csv_header();
std::string root_cause_csv_row(const RootCauseDevice& d);
/// Quotes a CSV field when needed; a leading =, +, -, @, TAB, CR or LF is prefixed with ' so
/// spreadsheets do not run it as a formula (the values come from devices); ill-formed UTF-8
/// becomes U+FFFD.
std::string csv_field(std::string_view s);

}  // namespace tpmready::fleet
