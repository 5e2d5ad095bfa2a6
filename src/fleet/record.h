#pragma once
/// One ingested run, as the fleet database stores it: who the device is, when the evidence was
/// taken, the verdict and the findings that did not pass. Built from a bundle (rules re-evaluated
/// here, so a rule fix re-diagnoses the fleet), a report, or a one-line summary (Intune CSV).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cert/chain.h"
#include "report/report.h"
#include "report/summary.h"
#include "util/result.h"

namespace tpmready::fleet {

/// A finding kept for a run: only those that did not pass (fail, warn, unknown), so a fleet of
/// healthy devices stays small; `root` marks root causes.
struct FindingRow {
  std::string rule_id;
  std::string status;  ///< "fail", "warn", "unknown" (report JSON spellings)
  bool root = false;
};

struct RunRecord {
  std::string device_id;
  // Device attributes; empty = unknown (stored as NULL, never overwriting a known value).
  std::string serial, manufacturer, model, firmware, tpm_vendor, tpm_firmware;
  std::int64_t observed_at = 0;  ///< collection time (Unix s); the ingest time when the input has none
  bool observed_known = false;
  std::string kind;          ///< "bundle", "report", "summary"
  std::string source;        ///< "file:path:line"
  std::string content_hash;  ///< SHA-256 (hex) of the canonical content: the idempotence key
  std::string verdict;       ///< "ready", "not_ready", "undetermined"
  std::string tool;          ///< "tpmready 0.1.0" (the evaluating tool for bundles)
  std::vector<FindingRow> findings;
  std::vector<std::string> caveats;  ///< rule IDs of the report's caveats
  bool known = false;  ///< its content hash is already in the database: nothing to write
};

/// The idempotence keys, computable before any parsing so known inputs skip evaluation: SHA-256
/// (hex) of a JSON document with the whitespace between tokens removed (a pretty bundle and the
/// same bundle on one NDJSON line are one run), and of a summary line in canonical form.
std::string document_hash(std::string_view text);
std::string summary_hash(const report::Summary& s);

/// What re-evaluating a bundle needs, fixed for a whole ingest so results are reproducible.
struct EvalContext {
  const cert::CaStore* anchors = nullptr;
  std::int64_t now = 0;  ///< analysis time (and the observed_at fallback)
};

/// A bundle or a report (told apart by `kind: tpmready-evidence` / `verdict`). Rejects newer
/// schema versions, documents without `.device.id`, and anything else with the reason.
/// `content_hash` is document_hash of the document as read (the caller has it: it decided whether
/// to parse), the record's idempotence key.
Result<RunRecord> record_from_json(const nlohmann::json& doc, std::string content_hash, const EvalContext& ctx);
Result<RunRecord> record_from_report(const report::Report& r, std::int64_t fallback_time);
Result<RunRecord> record_from_summary(const report::Summary& s, std::int64_t fallback_time);

}  // namespace tpmready::fleet
