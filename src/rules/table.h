#pragma once
/// The rule table: every rule is one entry holding everything about it: its stable ID, the
/// requirement it states, where its facts live, its causal parents, what Windows shows when it
/// fails, the fix, which side a failure puts the fault on, the source of the claim, and the
/// check that decides it. Entries are in report order (causes before effects); IDs are stable
/// and never reused. The engine (evaluate.cpp) runs the table; nothing else lists rules.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "rules/finding.h"

namespace tpmready {
struct Evidence;
}

namespace tpmready::rules {

struct RuleContext;  // rules/rules.h: what the checks need besides the evidence

/// Where a rule's facts live. Windows rules are not_applicable on TPM-only evidence (Linux,
/// depot pre-checks); Service rules predict what Microsoft's attestation service will do.
enum class Scope { Tpm, Windows, Service };

/// Which side a failing rule puts the fault on when it is a root cause (report `.fault_side`):
/// the device (fixable there; a retry cannot help), Microsoft's service (retry later), the
/// network path (proxy, firewall, DNS), the tenant's Autopilot configuration (registration,
/// profile assignment in Intune), or Outcome for rules that record what Windows' attempt did
/// without saying why (a failing outcome alone leaves the side unknown).
enum class FaultSide { Device, Service, Network, Configuration, Outcome };
/// "device", "service", "network", "configuration", "unknown"
std::string_view fault_side_name(FaultSide s);

/// The actions `tpmready fix --apply` knows, named by a rule's fix_action (fix/plan.h runs them).
inline constexpr std::string_view kActionSetSetupDisplayedEula = "set_setup_displayed_eula";
inline constexpr std::string_view kActionRunTpmMaintenance = "run_tpm_maintenance";

/// Whether a rule's status follows from its parents when its own check has no evidence (its
/// finding is unknown): Windows' readiness answer is the conjunction of the requirements it
/// checks, and the service prediction the conjunction of what the service is known to check.
/// Every other rule stays unknown without evidence: a passing parent says nothing about a child.
enum class Derivation { None, FromParents };

/// What it means for the verdict when nothing in the evidence decides a rule (its finding is
/// unknown, or not_applicable for a caveat rule):
///  - Undetermined: a requirement Windows itself checks (or that decides attestation on its own):
///    while nothing shows or implies it, the verdict is undetermined (report `.undetermined_by`);
///  - Caveat: a requirement this kind of evidence cannot show (the EK certificate against the EK
///    key offline, the boot log against the PCRs offline): the verdict can still be ready, and the
///    report lists it in `.caveats` with the command that checks it on the device (`verify`);
///  - InputCaveat: a Caveat for a rule whose evidence is an input the admin gives only when it
///    matters (the Autopilot hardware-hash CSV): not_applicable means the input was not given and
///    adds nothing (the report without it stays as it was); unknown is a caveat.
///  - FromParents: a derived rule (Derivation::FromParents); its parents' classes decide, so its
///    own unknown adds nothing.
enum class WhenUnknown { Undetermined, Caveat, InputCaveat, FromParents };

/// The Autopilot flows a report answers for, each with its own verdict (report `.flows[]`). A rule
/// names the flows it is a requirement of (Rule::flows, the one place membership is said); a
/// flow's verdict follows from its own rules' findings by the report's verdict policy
/// (engine.h answer_flow). The report's top-level verdict is the attestation flow's.
inline constexpr std::string_view kFlowAttestation = "autopilot.tpm_attestation";
inline constexpr std::string_view kFlowAssociation = "autopilot.device_association";

struct Flow {
  std::string_view id;
  std::string title;   ///< the flow, as the reports name it
  std::string covers;  ///< what its verdict covers and what no rule checks, in words
  std::string_view source;  ///< docs/facts section behind its requirements
};

/// Every flow, the attestation flow first (the report's top-level verdict).
const std::vector<Flow>& flow_table();
const Flow* find_flow(std::string_view id);

/// A check decides one rule from the evidence. It receives the finding already begun from its
/// entry (ID, title, parents, symptom, fix, source) and sets status, summary and evidence; it
/// may replace the fix or the source when the evidence names a more specific one. Pure.
using Check = Finding (*)(Finding f, const Evidence& e, const RuleContext& ctx);

struct Rule {
  std::string_view id;
  std::string title;                      ///< the requirement, stated as met
  /// The problem, stated as found when the rule fails: root-cause headlines, chains, the fleet
  /// dashboard ("SetupDisplayedEula is not set: Windows never recorded the EULA as accepted").
  std::string failure_title;
  Scope scope = Scope::Tpm;
  std::vector<std::string_view> parents;  ///< causal parents: a failing parent can cause this to fail
  WindowsSymptom symptom;                 ///< what Windows shows when this fails
  std::string fix;                        ///< the default fix (a check may name a more specific one)
  std::optional<std::string_view> fix_action;  ///< action ID `tpmready fix --apply` knows
  FaultSide side = FaultSide::Device;
  std::string_view source;  ///< docs/facts section (or seed) behind the claim; the finding's "reference"
  Check check = nullptr;    ///< null when the rule has no evidence of its own (then it is derived)
  Derivation derivation = Derivation::None;
  /// The exact command that checks this requirement on the device: a caveat's `check`, a likely
  /// cause's `confirm`, what to collect when it is unknown.
  std::string verify;
  WhenUnknown when_unknown = WhenUnknown::Undetermined;
  /// For a Caveat or InputCaveat rule: why this kind of evidence cannot show it (`.caveats[].why`).
  std::string caveat_why;
  /// The flows this rule is a requirement of (kFlowAttestation, kFlowAssociation).
  std::vector<std::string_view> flows{kFlowAttestation};

  /// The finding for this rule before its check ran: unknown, with everything the entry says.
  Finding finding() const;
};

/// All rules, in report order (causes before effects).
const std::vector<Rule>& rule_table();
const Rule* find_rule(std::string_view id);
/// Direct children of a rule in the causal graph.
std::vector<std::string_view> children_of(std::string_view id);

}  // namespace tpmready::rules
