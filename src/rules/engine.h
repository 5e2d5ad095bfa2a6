#pragma once
/// From findings to a verdict: root causes (failing findings with no failing ancestor), the chain
/// from each root cause down to the symptom the user sees, the unknown causes that would explain a
/// root cause, the caveats of the evidence, and the verdict policy.
#include <span>
#include <string>
#include <vector>

#include "rules/finding.h"

namespace tpmready::rules {

/// The findings an analysis looks at (all of them, or one flow's requirements), found by ID.
/// A view: the vector it was made from must outlive it and not grow. Made once per analysis and
/// flow, it keeps the findings where they are (a fleet evaluates every device: copying each
/// flow's findings was a fifth of the rules' time).
class FindingSet {
 public:
  FindingSet() = default;
  /// Every finding. Implicit: an analysis of a vector of findings is of all of them.
  FindingSet(const std::vector<Finding>& findings);  // NOLINT(google-explicit-constructor)
  /// The findings of the rules the table makes requirements of `flow`. A finding whose ID is not
  /// in the table belongs to no flow.
  FindingSet(const std::vector<Finding>& findings, std::string_view flow);

  /// The finding with this ID, or null.
  const Finding* find(std::string_view id) const;
  /// In the order of the vector (the rule table's, for an evaluation's findings).
  const std::vector<const Finding*>& all() const { return all_; }

 private:
  void add(const Finding& f);

  std::vector<const Finding*> all_;
  std::vector<const Finding*> by_rank_;  ///< indexed by rule table position
  std::vector<const Finding*> unlisted_;  ///< findings whose IDs are not in the rule table
};

enum class Verdict { Ready, NotReady, Undetermined };
std::string_view verdict_name(Verdict v);  ///< "ready", "not_ready", "undetermined"

/// An unknown ancestor of a root cause whose failure would explain it: the root cause found may be
/// a consequence of it (seed 000 seen through tpmtool alone: Tpm-Maintenance did not run, and the
/// EULA value that stops it is not in the evidence).
struct LikelyCause {
  std::string id;
  std::string title;    ///< its failure title
  std::string why;      ///< why it is named: unknown here, and how it leads to the root cause
  std::string confirm;  ///< the exact command that confirms or rules it out on the device
};

struct RootCause {
  std::string id;
  std::vector<std::string> chain;  ///< rule IDs from the root cause down to a symptom (leaf)
  std::vector<LikelyCause> likely_causes;  ///< causal order (causes before effects)
};

/// A requirement this kind of evidence cannot show (rule table: WhenUnknown::Caveat). It does not
/// make the verdict undetermined; the report says what was not checked and how to check it.
struct Caveat {
  std::string id;
  std::string title;  ///< the requirement, stated as met
  std::string why;    ///< why these inputs cannot show it
  std::string check;  ///< the exact command that checks it on the device
};

struct Analysis {
  Verdict verdict = Verdict::Undetermined;
  std::vector<RootCause> root_causes;
  std::vector<std::string> undetermined_by;  ///< unknown findings that keep the verdict open
  std::vector<Caveat> caveats;
};

/// One flow's answer (report `.flows[]`): its verdict by the same policy as the report's, over the
/// findings of the rules that are its requirements (rules/table.h Rule::flows).
struct FlowAnswer {
  std::string id;     ///< kFlowAttestation, kFlowAssociation
  std::string title;  ///< the flow, as the reports name it
  Verdict verdict = Verdict::Undetermined;
  std::vector<std::string> findings;         ///< its requirements' rule IDs, in table order
  std::vector<std::string> root_causes;      ///< failing ones with no failing ancestor among them
  std::vector<std::string> undetermined_by;  ///< unknown ones that keep its verdict open
  std::vector<Caveat> caveats;               ///< what these inputs cannot show for it
};

/// Verdict policy: any failing finding → not_ready; else any unknown finding whose rule is
/// WhenUnknown::Undetermined (or not in the table) → undetermined (unknown means no evidence and
/// no implication decided it: rules mark implied facts as such); else ready. warn and
/// not_applicable never block. Unknown or not_applicable findings of Caveat rules are the
/// caveats (of InputCaveat rules the unknown ones: not_applicable says their input was not given),
/// unless a failing ancestor explains them; derived rules (FromParents) add nothing of
/// their own: their parents are listed.
/// Root causes: failing findings none of whose ancestors (transitively) fail, each with its chain
/// and its likely causes.
Analysis analyze(const FindingSet& findings);

/// A flow's answer: analyze() over the flow's own findings (FindingSet(findings, flow)) alone, so
/// a flow is ready only on evidence for its own requirements (unknown is never pass) and a failure
/// of another flow's requirement does not touch it.
FlowAnswer answer_flow(std::string_view flow, const std::vector<Finding>& findings);
/// The same answer from a flow's own findings and their analysis, for a caller that has both.
FlowAnswer answer_flow_from(std::string_view flow, const FindingSet& own, Analysis analysis);

/// The chain from `root` to a leaf of the causal graph, preferring failing findings at each step,
/// then the rule table's order. Ends at a leaf (a symptom or prediction), or before an outcome rule
/// (what Windows' attempt did, from its event log) that did not fail.
std::vector<std::string> chain_from(const std::string& root, const FindingSet& findings);

/// The unknown ancestors that would explain `root` failing, in the rule table's (causal) order:
/// walking up from the root, an unknown parent is named and its own parents are walked; a parent
/// that passes (or does not apply) stops the walk, since a failure upstream of it would have had
/// to pass through it. A derived rule (the service prediction) is walked through but not named:
/// its unknown parents are. `confirm` is the rule's `verify` command.
std::vector<LikelyCause> likely_causes(const std::string& root, const FindingSet& findings);

/// The status a derived rule (table entry with Derivation::FromParents, whose own check has no
/// evidence) takes from its parents' statuses. Three-valued: a rule derived from its parents
/// passes only when each parent is known to hold. The one place the derivation logic lives:
///
///   parents' statuses                                              derived status
///   any fail                                                       fail
///   no fail, every one pass or warn (warn is met, with a remark)   pass
///   no fail, any unknown or not_applicable                         unknown
///   no parents                                                     unknown
///
/// An implied parent is a pass (its evidence says what implies it). A parent not evaluated counts
/// as unknown. not_applicable never yields pass: "not checked here" is not "holds".
Status derive_from_parents(std::span<const Status> parents);

}  // namespace tpmready::rules
