#include <algorithm>

#include "rules/catalogue.h"
#include "rules/check_util.h"
#include "rules/engine.h"
#include "rules/fault_side.h"
#include "rules/rules.h"

namespace tpmready::rules {
namespace {

using Check = Finding (*)(const Evidence&, const RuleContext&);

/// Rule ID → check function. Rules not listed here are derived from their parents.
const std::vector<std::pair<std::string_view, Check>>& checks() {
  static const std::vector<std::pair<std::string_view, Check>> table = {
      {"tpm.present", check_tpm_present},
      {"tpm.version_2_0", check_tpm_version},
      {"tpm.enabled", check_tpm_enabled},
      {"tpm.not_virtual", check_tpm_not_virtual},
      {"tpm.firmware_not_vulnerable", check_tpm_firmware_not_vulnerable},
      {"tpm.not_locked_out", check_tpm_not_locked_out},
      {"tpm.owned", check_tpm_owned},
      {"ek.present", check_ek_present},
      {"ek.cert.present", check_ek_cert_present},
      {"ek.cert.matches_ek", check_ek_cert_matches_ek},
      {"ek.cert.service_compatible", check_ek_cert_service_compatible},
      {"ek.cert.valid_dates", check_ek_cert_valid_dates},
      {"ek.cert.chain", check_ek_cert_chain},
      {"eventlog.present", check_eventlog_present},
      {"eventlog.replay_matches", check_eventlog_replay_matches},
      {"win.eula_accepted", check_win_eula_accepted},
      {"win.maintenance_task_ran", check_win_maintenance_task_ran},
      {"win.taskstates.ek_certificate_present", check_win_taskstates_ek_certificate_present},
      {"clock.sane", check_clock_sane},
      {"network.endpoints_reachable", check_network_endpoints_reachable},
      {"network.tls_not_intercepted", check_network_tls_not_intercepted},
      {"service.aik_responded", check_service_aik_responded},
      {"win.ready_for_attestation", check_win_ready_for_attestation},
      {"attestation.aik_enrolled", check_attestation_aik_enrolled},
  };
  return table;
}

/// Rules that follow from their parents when their own evidence is silent: Windows' readiness
/// answer (IsReadyForAttestation checks exactly these requirements, facts/windows.md §1) and the
/// service prediction (the conjunction of what the service is known to check). Every other rule
/// stays unknown without evidence: a passing parent says nothing about its children.
bool derivable(std::string_view id) { return id == "win.ready_for_attestation" || id == "attestation.service_accepts"; }

/// Any failing parent → fail; all parents pass / warn / not_applicable → pass; otherwise unknown.
void derive_from_parents(Finding& f, const std::vector<Finding>& done) {
  if (f.status != Status::Unknown || !derivable(f.id)) return;
  std::vector<std::string> failing, unknown;
  for (const auto& p : f.parents) {
    const Finding* pf = find_finding(done, p);
    if (!pf || pf->status == Status::Unknown) unknown.push_back(p);
    else if (pf->status == Status::Fail) failing.push_back(p);
  }
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
    return s;
  };
  if (!failing.empty()) {
    add_evidence(f, "rules", "failing requirements", join(failing), "this follows from its failing requirements");
    conclude(std::move(f), Status::Fail, "Follows from: " + join(failing) + ".");
  } else if (unknown.empty()) {
    add_evidence(f, "rules", "requirements", "all pass", "this follows from its requirements, all of which pass");
    conclude(std::move(f), Status::Pass, "Every requirement it depends on passes.");
  } else if (f.summary.empty()) {
    f.summary = "Unknown because these requirements are unknown: " + join(unknown) + ".";
  }
}

std::string scope_of(const Evidence& e) { return e.windows ? "windows+tpm" : "tpm-only"; }

std::string scope_note(const Evidence& e) {
  if (e.windows) return "The verdict covers the TPM and the Windows state that decide attestation readiness.";
  return "TPM-side verdict only: no Windows evidence was given (e.g. a Linux depot or OEM pre-check); the Windows "
         "rules are not applicable and must be checked on Windows.";
}

}  // namespace

Evaluation evaluate(const Evidence& e, const RuleContext& ctx) {
  Evaluation out;
  for (const auto& info : catalogue()) {
    auto it = std::find_if(checks().begin(), checks().end(), [&](const auto& c) { return c.first == info.id; });
    Finding f = it != checks().end() ? it->second(e, ctx) : make_finding(info.id);
    derive_from_parents(f, out.findings);
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
