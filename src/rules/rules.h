#pragma once
/// Evidence → Evaluation: every rule's check function, and the evaluation that runs them in
/// catalogue order, derives the symptom/prediction rules from their parents where their own
/// evidence is silent, and applies the verdict policy. report/ assembles the Report from it.
#include <cstdint>

#include "cert/chain.h"
#include "evidence/evidence.h"
#include "rules/ekcert_checks.h"
#include "rules/engine.h"
#include "rules/fault_side.h"
#include "rules/finding.h"
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

Finding check_tpm_present(const Evidence& e, const RuleContext& ctx);
Finding check_tpm_version(const Evidence& e, const RuleContext& ctx);
Finding check_tpm_enabled(const Evidence& e, const RuleContext& ctx);
Finding check_tpm_not_virtual(const Evidence& e, const RuleContext& ctx);
Finding check_tpm_firmware_not_vulnerable(const Evidence& e, const RuleContext& ctx);
Finding check_tpm_not_locked_out(const Evidence& e, const RuleContext& ctx);
Finding check_tpm_owned(const Evidence& e, const RuleContext& ctx);
Finding check_ek_present(const Evidence& e, const RuleContext& ctx);
Finding check_ek_cert_present(const Evidence& e, const RuleContext& ctx);
Finding check_ek_cert_matches_ek(const Evidence& e, const RuleContext& ctx);
Finding check_ek_cert_service_compatible(const Evidence& e, const RuleContext& ctx);
Finding check_ek_cert_valid_dates(const Evidence& e, const RuleContext& ctx);
Finding check_ek_cert_chain(const Evidence& e, const RuleContext& ctx);
Finding check_eventlog_present(const Evidence& e, const RuleContext& ctx);
Finding check_eventlog_replay_matches(const Evidence& e, const RuleContext& ctx);
Finding check_win_eula_accepted(const Evidence& e, const RuleContext& ctx);
Finding check_win_maintenance_task_ran(const Evidence& e, const RuleContext& ctx);
Finding check_win_taskstates_ek_certificate_present(const Evidence& e, const RuleContext& ctx);
Finding check_clock_sane(const Evidence& e, const RuleContext& ctx);
Finding check_win_ready_for_attestation(const Evidence& e, const RuleContext& ctx);
Finding check_network_endpoints_reachable(const Evidence& e, const RuleContext& ctx);
Finding check_network_tls_not_intercepted(const Evidence& e, const RuleContext& ctx);
Finding check_service_aik_responded(const Evidence& e, const RuleContext& ctx);
Finding check_attestation_aik_enrolled(const Evidence& e, const RuleContext& ctx);

/// What the rules concluded from one Evidence.
struct Evaluation {
  std::vector<Finding> findings;  ///< catalogue order
  Verdict verdict = Verdict::Undetermined;
  std::vector<RootCause> root_causes;
  std::vector<std::string> undetermined_by;
  FaultAnalysis fault;
  std::vector<timeline::TimelineEntry> timeline;  ///< what Windows tried, oldest first
  std::string scope;       ///< "windows+tpm" or "tpm-only"
  std::string scope_note;  ///< what the verdict covers, in words
};

/// Runs every rule: findings, verdict, root causes, fault side.
Evaluation evaluate(const Evidence& e, const RuleContext& ctx);

}  // namespace tpmready::rules
