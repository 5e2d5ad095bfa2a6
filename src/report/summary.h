#pragma once
/// The one-line summary of a report: what `tpmready check --summary` prints and what an Intune
/// Remediations detection script reports as its output, so that `tpmready fleet ingest` can read
/// the CSV export of a Remediations run. tpmready defines this format (no Microsoft format is
/// involved); it is a contract: fields may be added, never renamed.
///
///   tpmready: not_ready; root=win.eula_accepted,ek.cert.service_compatible; fix=set_setup_displayed_eula;
///   device=3f2a...; at=2026-11-26T13:52:56Z                              (one line, wrapped here)
///   tpmready: ready; caveat=ek.cert.matches_ek; device=3f2a...
///
/// - starts with "tpmready: " and the verdict (ready | not_ready | undetermined);
/// - then "; key=value" fields in this order: root (root-cause rule IDs, comma-separated, omitted
///   when none), fix (`tpmready fix` action IDs of those root causes, omitted when none), caveat
///   (rule IDs of the report's caveats, omitted when none), device (`.device.id`, required), at
///   (collection time, UTC, ISO 8601 with Z, omitted when unknown);
/// - the parser accepts the fields in any order and ignores unknown keys (newer tpmready).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report.h"
#include "util/result.h"

namespace tpmready::report {

inline constexpr std::size_t kMaxSummaryLength = 4096;

struct Summary {
  rules::Verdict verdict = rules::Verdict::Undetermined;
  std::vector<std::string> root_causes;  ///< rule IDs
  std::vector<std::string> fix_actions;  ///< action IDs (deduplicated, in root-cause order)
  std::vector<std::string> caveats;      ///< rule IDs the evidence could not show (report `.caveats`)
  std::string device_id;
  std::optional<std::int64_t> at;  ///< Unix seconds, UTC
};

/// The summary of a report: verdict, root causes, their fix actions, `.device.id`.
Summary summary_of(const Report& r, std::optional<std::int64_t> at);

/// "tpmready: <verdict>; root=...; fix=...; device=...; at=..." (no trailing newline).
std::string format_summary(const Summary& s);

/// What `tpmready check --summary` prints: format_summary(summary_of(r, at)), on one line (control
/// characters replaced) and never longer than kMaxDetectionChars, because Intune keeps only the
/// first 2,048 characters of a detection script's output (docs/windows.md). With the rule table's
/// ~20 rules the line is far shorter; the cut (ending in "...") is a safety net.
inline constexpr std::size_t kMaxDetectionChars = 2047;
std::string summary_line(const Report& r, std::optional<std::int64_t> at);

/// Parses one summary line (surrounding whitespace and a trailing CR are ignored). Errors name
/// the field and its column.
Result<Summary> parse_summary(std::string_view line);

/// Unix seconds → "2026-11-26T13:52:56Z" (proleptic Gregorian, UTC), and back. The parser accepts
/// exactly that form.
std::string format_utc(std::int64_t unix_seconds);
Result<std::int64_t> parse_utc(std::string_view text);

}  // namespace tpmready::report
