#include "rules/check_util.h"
#include "rules/engine.h"
#include "rules/fault_side.h"
#include "rules/rules.h"

namespace tpmready::rules {
namespace {

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// A derived rule whose own check left it unknown takes its status from its parents
/// (derive_from_parents holds the truth table); the finding names the parents that decided it.
void derive(Finding& f, const std::vector<Finding>& done) {
  std::vector<Status> statuses;
  std::vector<std::string> failing, unknown;
  for (const auto& p : f.parents) {
    const Finding* pf = find_finding(done, p);
    Status s = pf ? pf->status : Status::Unknown;
    statuses.push_back(s);
    if (s == Status::Fail) failing.push_back(p);
    if (s == Status::Unknown) unknown.push_back(p);
  }
  switch (derive_from_parents(statuses)) {
    case Status::Fail:
      add_evidence(f, "rules", "failing requirements", join(failing), "this follows from its failing requirements");
      conclude(std::move(f), Status::Fail, "Follows from: " + join(failing) + ".");
      break;
    case Status::Pass:
      add_evidence(f, "rules", "requirements", "all pass", "this follows from its requirements, all of which pass");
      conclude(std::move(f), Status::Pass, "Every requirement it depends on passes.");
      break;
    default:
      if (f.summary.empty()) f.summary = "Unknown because these requirements are unknown: " + join(unknown) + ".";
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
  auto analysis = analyze(out.findings);
  out.verdict = analysis.verdict;
  out.root_causes = analysis.root_causes;
  out.undetermined_by = analysis.undetermined_by;
  out.fault = decide_fault_side(out.findings, analysis.root_causes, ctx.timeline);
  out.timeline = ctx.timeline;
  out.scope = scope_of(e);
  out.scope_note = scope_note(e);
  return out;
}

}  // namespace tpmready::rules
