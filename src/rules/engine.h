#pragma once
/// From findings to a verdict: root causes (failing findings with no failing ancestor), the chain
/// from each root cause down to the symptom the user sees, and the verdict policy.
#include <span>
#include <string>
#include <vector>

#include "rules/finding.h"

namespace tpmready::rules {

enum class Verdict { Ready, NotReady, Undetermined };
std::string_view verdict_name(Verdict v);  ///< "ready", "not_ready", "undetermined"

struct RootCause {
  std::string id;
  std::vector<std::string> chain;  ///< rule IDs from the root cause down to a symptom (leaf)
};

struct Analysis {
  Verdict verdict = Verdict::Undetermined;
  std::vector<RootCause> root_causes;
  std::vector<std::string> undetermined_by;  ///< unknown findings that keep the verdict open
};

/// Verdict policy: any failing finding → not_ready; else any unknown finding → undetermined
/// (unknown means no evidence and no implication decided it: rules mark implied facts as such);
/// else ready. warn and not_applicable never block.
/// Root causes: failing findings none of whose ancestors (transitively) fail.
Analysis analyze(const std::vector<Finding>& findings);

/// The chain from `root` to a leaf of the causal graph, preferring failing findings at each step,
/// then the rule table's order. Ends at a leaf (a symptom or prediction), or before an outcome rule
/// (what Windows' attempt did, from its event log) that did not fail.
std::vector<std::string> chain_from(const std::string& root, const std::vector<Finding>& findings);

/// The status a derived rule (table entry with Derivation::FromParents, whose own check has no
/// evidence) takes from its parents' statuses. The one place the derivation logic lives:
///
///   parents' statuses                                          derived status
///   any fail                                                   fail
///   no fail, every one pass / warn / not_applicable (or none)  pass
///   no fail, any unknown (a parent not evaluated is unknown)   unknown
Status derive_from_parents(std::span<const Status> parents);

}  // namespace tpmready::rules
