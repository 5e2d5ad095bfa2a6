#pragma once
/// Evidence → Evaluation: the evaluation runs the rule table (rules/table.h) in order, derives
/// the rules the table marks as derived from their parents where their own evidence is silent,
/// and applies the verdict policy. report/ assembles the Report from it.
#include <cstdint>

#include "cert/chain.h"
#include "evidence/evidence.h"
#include "rules/ekcert_checks.h"
#include "rules/engine.h"
#include "rules/fault_side.h"
#include "rules/finding.h"
#include "rules/table.h"
#include "timeline/timeline.h"

namespace tpmready::rules {

/// What the rules need besides the evidence, computed once per evaluation: the EK certificates
/// decoded, matched and chained against the trust anchors, and the time to judge validity at
/// (the device's clock when the evidence has it, else the analysing machine's).
struct RuleContext {
  rules::ek::EkCertAnalysis ek;
  std::int64_t now = 0;
  /// What Windows tried, from its event logs (Evidence.events), oldest first.
  std::vector<timeline::TimelineEntry> timeline;
};

/// Trust anchors and time are inputs, so evaluation stays pure and reproducible.
RuleContext make_context(const Evidence& e, const cert::CaStore& anchors, std::int64_t analysis_time);

/// One rule's own check (no derivation from its parents): the entry's finding, decided by its
/// check, or left unknown when it has none. evaluate() runs every rule this way, in table order.
Finding run_check(const Rule& rule, const Evidence& e, const RuleContext& ctx);

/// What the rules concluded from one Evidence.
struct Evaluation {
  std::vector<Finding> findings;  ///< rule table order
  Verdict verdict = Verdict::Undetermined;
  std::vector<RootCause> root_causes;
  std::vector<std::string> undetermined_by;
  std::vector<Caveat> caveats;  ///< what this evidence cannot show, with the command that checks it
  /// Each flow's own answer, in flow_table() order; the first (attestation) is the verdict above.
  std::vector<FlowAnswer> flows;
  FaultAnalysis fault;
  std::vector<timeline::TimelineEntry> timeline;  ///< what Windows tried, oldest first
  std::string scope;       ///< "windows+tpm" or "tpm-only"
  std::string scope_note;  ///< what the verdict covers, in words
};

/// Runs every rule: findings, verdict, root causes, fault side.
Evaluation evaluate(const Evidence& e, const RuleContext& ctx);

}  // namespace tpmready::rules
