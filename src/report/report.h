#pragma once
/// The Report: what `check` and `analyze` produce and every renderer reads. Plain data.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evidence/events_evidence.h"
#include "evidence/input_record.h"
#include "rules/engine.h"
#include "rules/fault_side.h"
#include "timeline/timeline.h"
#include "util/result.h"
#include "rules/finding.h"

namespace tpmready::report {

struct Report {
  std::string tool_version;
  rules::Verdict verdict = rules::Verdict::Undetermined;
  std::string scope;       ///< "windows+tpm" or "tpm-only"
  std::string scope_note;  ///< what the verdict covers, in words
  std::vector<rules::Finding> findings;
  std::vector<rules::RootCause> root_causes;
  std::vector<std::string> undetermined_by;
  /// Requirements these inputs cannot show (e.g. the EK certificate against the EK key offline),
  /// with the command that checks each on the device; they do not make the verdict undetermined.
  std::vector<rules::Caveat> caveats;
  /// Each Autopilot flow's own answer (attestation first: the verdict above is its verdict; then
  /// device association). Empty in a report from a tpmready that knew no flows.
  std::vector<rules::FlowAnswer> flows;
  /// What Windows tried (its event logs), oldest first; empty when no events were given.
  std::vector<timeline::TimelineEntry> timeline;
  /// Whose fault a failure is: device, service, network or unknown, with reason and advice.
  rules::FaultAnalysis fault;
  std::vector<std::string> notes;  ///< conflicting evidence explained, implications used
  std::vector<InputRecord> inputs;  ///< Evidence::inputs: what the report was built from, and how well
  /// Which device: `id`, `hostname`, `manufacturer`, `model`, `serial`, `os_build`, `collected_at`
  /// (RFC 3339), `firmware`, `hypervisor`, `tpm_manufacturer`, `tpm_firmware`; a key is present
  /// only when the evidence holds its value (build.cpp device_json).
  nlohmann::json device = nlohmann::json::object();
  /// `check --online` endpoint probes and proxy, shown as they were collected (rules that judge
  /// them, device vs network fault, read Evidence::network).
  std::optional<NetworkEvidence> network;
  std::optional<std::string> generated_at;  ///< only when injected (renderers are deterministic)
};

const rules::Finding* find_finding(const Report& r, std::string_view id);
/// The problem a failing finding states: its failure title (a report from an older tpmready has
/// none: the rule table's, else the requirement title).
std::string failure_title(const rules::Finding& f);

/// The device header every renderer shows at the top: the facts that identify the device, in
/// order, as {label, value}, and the labels of those the evidence does not hold (never guessed).
struct DeviceHeader {
  struct Field {
    std::string key;    ///< its key in the JSON `.device`: "hostname"
    std::string label;  ///< in words: "host name"
    std::string value;  ///< "WKS-0142"
  };
  std::vector<Field> known;
  std::vector<std::string> unknown;  ///< labels: {"serial", "time of collection"}
};
DeviceHeader device_header(const Report& r);

nlohmann::json to_json(const Report& r);
/// Reads a report JSON document back (for fleet ingest and tests).
Result<Report> report_from_json(const nlohmann::json& j);

}  // namespace tpmready::report
