#pragma once
/// The rule catalogue: every rule's stable ID, title, causal parents, scope, what Windows shows
/// when it fails, the default fix, and the source of the claim. IDs are stable and never reused.
/// The check functions (pure, Evidence → Finding) live in rules_*.cpp; this table is the metadata
/// the engine and the renderers need, and the causal graph.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "rules/finding.h"

namespace tpmready::rules {

/// Where a rule's facts live. Windows rules are not_applicable on TPM-only evidence (Linux,
/// depot pre-checks); Service rules predict what Microsoft's attestation service will do.
enum class Scope { Tpm, Windows, Service };

/// Which side a failing rule puts the fault on when it is a root cause (report `.fault_side`):
/// the device (fixable there; a retry cannot help), Microsoft's service (retry later), the
/// network path (proxy, firewall, DNS), or Outcome for rules that record what Windows' attempt
/// did without saying why (a failing outcome alone leaves the side unknown).
enum class FaultSide { Device, Service, Network, Outcome };
std::string_view fault_side_name(FaultSide s);  ///< "device", "service", "network", "unknown"

struct RuleInfo {
  std::string_view id;
  std::string_view title;
  Scope scope;
  std::vector<std::string_view> parents;  ///< causal parents: a failing parent can cause this to fail
  WindowsSymptom symptom;
  std::string_view fix;
  std::optional<std::string_view> fix_action;  ///< action ID `tpmready fix --apply` knows
  std::string_view reference;                   ///< docs/facts section (or seed) behind the claim
  FaultSide side = FaultSide::Device;
};

/// All rules, in report order (causes before effects).
const std::vector<RuleInfo>& catalogue();
const RuleInfo* find_rule(std::string_view id);
/// Direct children of a rule in the causal graph.
std::vector<std::string_view> children_of(std::string_view id);

}  // namespace tpmready::rules
