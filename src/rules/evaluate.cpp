#include "rules/check_util.h"
#include "rules/engine.h"
#include "rules/fault_side.h"
#include "rules/rules.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

/// A derived rule whose own check left it unknown takes its status from its parents
/// (derive_from_parents holds the truth table); the finding names the parents that decided it.
void derive(Finding& f, const std::vector<Finding>& done) {
  std::vector<Status> statuses;
  std::vector<std::string> failing, open;
  for (const auto& p : f.parents) {
    const Finding* pf = find_finding(done, p);
    Status s = pf ? pf->status : Status::Unknown;
    statuses.push_back(s);
    if (s == Status::Fail) failing.push_back(p);
    if (s == Status::Unknown) open.push_back(p);
    if (s == Status::NotApplicable) open.push_back(p + " (not checked here)");
  }
  switch (derive_from_parents(statuses)) {
    case Status::Fail:
      add_evidence(f, "rules", "failing requirements", join(failing, ", "), "this follows from its failing requirements");
      conclude(std::move(f), Status::Fail, "Follows from: " + join(failing, ", ") + ".");
      break;
    case Status::Pass:
      add_evidence(f, "rules", "requirements", "all pass", "this follows from its requirements, all of which pass");
      conclude(std::move(f), Status::Pass, "Every requirement it depends on passes.");
      break;
    default:
      f.summary += (f.summary.empty() ? "" : " ") + std::string("It holds only when every requirement it depends on "
                                                                "is known to pass; not known: ") +
                   join(open, ", ") + ".";
  }
}

/// The fix of a root cause with a likely cause starts with confirming it: fixing the root cause
/// alone does not help when the likely cause is what stops it (running Tpm-Maintenance while the
/// EULA value is missing changes nothing).
void confirm_likely_cause_first(std::vector<Finding>& findings, const std::vector<RootCause>& roots) {
  for (const auto& rc : roots) {
    if (rc.likely_causes.empty()) continue;
    const auto& lc = rc.likely_causes.front();
    const Finding* cause = find_finding(findings, lc.id);
    std::string cause_fix = cause ? cause->fix.text : "";
    for (auto& f : findings) {
      if (f.id != rc.id) continue;
      // The likely cause's confirm command is shown with it (report .likely_causes): not repeated here.
      f.fix.text = "If the likely cause (" + lc.id + ") is confirmed, fix it first: " + cause_fix + " Then: " + f.fix.text;
    }
  }
}

std::string scope_of(const Evidence& e) { return e.windows ? "windows+tpm" : "tpm-only"; }

std::string scope_note(const Evidence& e) {
  if (e.windows) return "The verdict covers the TPM and the Windows state that decide attestation readiness.";
  return "TPM-side verdict only: no Windows evidence was given (e.g. a Linux depot or OEM pre-check); the Windows "
         "rules are not applicable and must be checked on Windows.";
}

}  // namespace

Finding run_check(const Rule& rule, const Evidence& e, const RuleContext& ctx) {
  return rule.check ? rule.check(rule.finding(), e, ctx) : rule.finding();
}

Evaluation evaluate(const Evidence& e, const RuleContext& ctx) {
  Evaluation out;
  for (const auto& rule : rule_table()) {
    Finding f = run_check(rule, e, ctx);
    if (rule.derivation == Derivation::FromParents && f.status == Status::Unknown) derive(f, out.findings);
    out.findings.push_back(std::move(f));
  }
  // The report's verdict, root causes and caveats are the attestation flow's: the rules of other
  // flows alone (device association) neither fail nor open it.
  // The attestation flow's findings and analysis are made once and serve its flow answer and the
  // fault side too (the fix texts confirm_likely_cause_first changes are read by neither).
  const FindingSet attestation(out.findings, kFlowAttestation);
  auto analysis = analyze(attestation);
  for (const auto& flow : flow_table())
    out.flows.push_back(flow.id == kFlowAttestation ? answer_flow_from(flow.id, attestation, analysis)
                                                    : answer_flow(flow.id, out.findings));
  confirm_likely_cause_first(out.findings, analysis.root_causes);
  out.fault = decide_fault_side(attestation, analysis.root_causes, ctx.timeline);
  out.verdict = analysis.verdict;
  out.root_causes = std::move(analysis.root_causes);
  out.undetermined_by = std::move(analysis.undetermined_by);
  out.caveats = std::move(analysis.caveats);
  out.timeline = ctx.timeline;
  out.scope = scope_of(e);
  out.scope_note = scope_note(e);
  return out;
}

}  // namespace tpmready::rules
