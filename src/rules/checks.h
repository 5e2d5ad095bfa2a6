#pragma once
/// The check functions the rule table (table.cpp) points at, defined in rules_*.cpp by area.
/// Internal to rules/: callers run a rule through its table entry (rules.h run_check).
#include "rules/rules.h"

namespace tpmready::rules {

// rules_tpm.cpp
Finding check_tpm_present(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_version(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_enabled(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_not_virtual(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_not_locked_out(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_not_in_failure_mode(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_owned(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_ek_present(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_tpm_not_reduced_functionality(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_firmware.cpp
Finding check_tpm_firmware_not_vulnerable(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_known_issues.cpp (the known-issue matrix, data/known_issues.json)
Finding check_tpm_firmware_known_issue(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_os_attestation_fixes_installed(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_ekcert.cpp
Finding check_ek_cert_present(Finding f, const Evidence& e, const RuleContext& ctx);
/// The ek.cert.* rules the EK certificate analysis decides alone (its finding with the entry's ID).
Finding check_ek_cert_from_analysis(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_eventlog_clock.cpp
Finding check_eventlog_present(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_eventlog_replay_matches(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_clock_sane(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_secureboot_state_recorded(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_win_state.cpp
Finding check_win_eula_accepted(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_win_maintenance_task_ran(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_ek_cert_downloaded(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_win_taskstates_ek_certificate_present(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_win_ready_for_attestation(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_fault.cpp
Finding check_network_endpoints_reachable(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_network_tls_not_intercepted(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_service_aik_responded(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_attestation_aik_enrolled(Finding f, const Evidence& e, const RuleContext& ctx);
// rules_autopilot.cpp
Finding check_autopilot_profile_assigned(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_autopilot_hardware_hash_matches(Finding f, const Evidence& e, const RuleContext& ctx);
Finding check_attestation_not_retried_after_reset(Finding f, const Evidence& e, const RuleContext& ctx);

}  // namespace tpmready::rules
