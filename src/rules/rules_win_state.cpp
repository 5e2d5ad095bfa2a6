// Windows-side rules: the seed-000 chain (EULA → Tpm-Maintenance → TaskStates\EkCertificatePresent
// → Ready For Attestation), from registry exports, tpmtool output, schtasks output or the live
// registry. Pure functions over Evidence; not_applicable when there is no Windows evidence.
#include "rules/check_util.h"
#include "util/bytes.h"
#include "rules/checks.h"

namespace tpmready::rules {
namespace {

constexpr std::uint32_t kSchedTaskHasNotRun = 0x00041303;  // SCHED_S_TASK_HAS_NOT_RUN (windows.md §5)

Finding not_applicable(Finding&& f) {
  return conclude(std::move(f), Status::NotApplicable,
                  "No Windows evidence (registry, tpmtool, tasks): this verdict covers the TPM side only.");
}

bool maintenance_evidence_says_ran(const WindowsEvidence& w, std::string& source) {
  if (w.tpmtool.maintenance_task_complete.value && *w.tpmtool.maintenance_task_complete.value) {
    source = w.tpmtool.maintenance_task_complete.source;
    return true;
  }
  if (reg_number(w.registry.task_states.maintenance_task_complete).value_or(0) == 1) {
    source = w.registry.task_states.maintenance_task_complete.exists.source;
    return true;
  }
  return false;
}

}  // namespace

Finding check_win_eula_accepted(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) return not_applicable(std::move(f));
  const auto& w = *e.windows;
  const auto& eula = w.registry.setup_displayed_eula;
  const std::string name(kSetupDisplayedEula.value);
  if (eula.exists.value) {
    add_evidence(f, eula.exists.source, kSetupDisplayedEula.text(), reg_text(eula));
    if (reg_number(eula).value_or(0) == 1)
      return conclude(std::move(f), Status::Pass, name + " is 1: the EULA is recorded as accepted.");
    return conclude(std::move(f), Status::Fail,
                    name + " is " + reg_text(eula) +
                        ": the Tpm-Maintenance task refuses to run until the EULA is recorded as accepted (seen with "
                        "custom images such as OSDCloud).");
  }
  std::string source;
  if (maintenance_evidence_says_ran(w, source)) {
    add_evidence(f, source, "Maintenance Task Complete", "True",
                 "Tpm-Maintenance does nothing unless the EULA is accepted, so it was");
    cite(f, "seed 000 §5");
    return conclude(std::move(f), Status::Pass, "Implied by a completed Tpm-Maintenance run.");
  }
  if (w.tpmtool.ready_for_attestation.value && *w.tpmtool.ready_for_attestation.value) {
    add_evidence(f, w.tpmtool.ready_for_attestation.source, "Ready For Attestation", "True",
                 "readiness needs EkCertificatePresent, which only Tpm-Maintenance writes, and the task does nothing "
                 "unless the EULA is accepted");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  return conclude(std::move(f), Status::Unknown,
                  name + " is not in the inputs (export " + kSetupDisplayedEula.hklm_key() + ").");
}

Finding check_win_maintenance_task_ran(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) return not_applicable(std::move(f));
  const auto& w = *e.windows;
  if (w.tpmtool.maintenance_task_complete.value) {
    bool done = *w.tpmtool.maintenance_task_complete.value;
    add_evidence(f, w.tpmtool.maintenance_task_complete.source, "Maintenance Task Complete", done ? "True" : "False");
    return conclude(std::move(f), done ? Status::Pass : Status::Fail,
                    done ? "tpmtool reports the maintenance task complete."
                         : "tpmtool reports the Tpm-Maintenance task has not completed, so Windows never recorded the "
                           "TPM's state (TaskStates).");
  }
  const auto& ts = w.registry.task_states;
  if (auto v = reg_number(ts.maintenance_task_complete)) {
    add_evidence(f, ts.maintenance_task_complete.exists.source, "TaskStates\\MaintenanceTaskComplete", std::to_string(*v));
    return conclude(std::move(f), *v == 1 ? Status::Pass : Status::Fail,
                    *v == 1 ? "TaskStates records a completed maintenance run." : "TaskStates records an incomplete maintenance run.");
  }
  if (ts.key_present.value && !*ts.key_present.value) {
    add_evidence(f, ts.key_present.source, "HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\TaskStates", "absent");
    return conclude(std::move(f), Status::Fail,
                    "The TaskStates key does not exist: it is created only by a successful Tpm-Maintenance run.");
  }
  const auto& task = w.tpm_maintenance_task;
  if (task.last_result.value) {
    add_evidence(f, task.last_result.source, "Tpm-Maintenance Last Result", hex32(*task.last_result.value));
    if (*task.last_result.value == kSchedTaskHasNotRun)
      return conclude(std::move(f), Status::Fail, "The Tpm-Maintenance task has never run (SCHED_S_TASK_HAS_NOT_RUN).");
    if (*task.last_result.value == 0) return conclude(std::move(f), Status::Pass, "The last Tpm-Maintenance run succeeded.");
    return conclude(std::move(f), Status::Fail, "The last Tpm-Maintenance run failed with " + hex32(*task.last_result.value) +
                                                    " (tpmready explain " + hex32(*task.last_result.value) + ").");
  }
  if (w.tpmtool.ready_for_attestation.value && *w.tpmtool.ready_for_attestation.value) {
    add_evidence(f, w.tpmtool.ready_for_attestation.source, "Ready For Attestation", "True",
                 "EkCertificatePresent, which readiness needs, is written only by Tpm-Maintenance");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  return conclude(std::move(f), Status::Unknown, "Nothing in the inputs says whether Tpm-Maintenance ran.");
}

Finding check_win_taskstates_ek_certificate_present(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) return not_applicable(std::move(f));
  const auto& w = *e.windows;
  const auto& v = w.registry.task_states.ek_certificate_present;
  bool cert_elsewhere = !e.ek.certificates.empty() || !w.registry.ek_certificates.empty();
  std::string conflict = cert_elsewhere
                             ? " An EK certificate IS present (" + std::to_string(e.ek.certificates.size() + 0) +
                                   " found): the TaskStates value is missing, not the certificate."
                             : "";
  if (v.exists.value) {
    add_evidence(f, v.exists.source, "TaskStates\\EkCertificatePresent", reg_text(v));
    if (reg_number(v).value_or(0) == 1)
      return conclude(std::move(f), Status::Pass, "TaskStates records EkCertificatePresent = 1.");
    return conclude(std::move(f), Status::Fail,
                    "EkCertificatePresent is " + reg_text(v) +
                        ": Windows' readiness check reads this value, so it reports INFORMATION_EK_CERTIFICATE." + conflict);
  }
  if (w.registry.task_states.key_present.value && !*w.registry.task_states.key_present.value) {
    add_evidence(f, w.registry.task_states.key_present.source, "TaskStates key", "absent");
    return conclude(std::move(f), Status::Fail,
                    "The TaskStates key (and so EkCertificatePresent) does not exist." + conflict);
  }
  if (tpmtool_flag(e, "INFORMATION_EK_CERTIFICATE")) {
    add_evidence(f, w.tpmtool.information_flags.source, "Information Flags", "INFORMATION_EK_CERTIFICATE",
                 "Windows reports this flag when EkCertificatePresent is missing");
    cite(f, "seed 000 §8");
    return conclude(std::move(f), Status::Fail,
                    "tpmtool reports INFORMATION_EK_CERTIFICATE: Windows has no EkCertificatePresent record." + conflict);
  }
  if (w.tpmtool.ready_for_attestation.value && *w.tpmtool.ready_for_attestation.value) {
    add_evidence(f, w.tpmtool.ready_for_attestation.source, "Ready For Attestation", "True",
                 "IsReadyForAttestation fails without EkCertificatePresent");
    cite(f, "facts/windows.md §1");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  return conclude(std::move(f), Status::Unknown, "TaskStates is not in the inputs (export HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM).");
}

Finding check_win_ready_for_attestation(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) return not_applicable(std::move(f));
  const auto& w = *e.windows;
  if (w.tpmtool.ready_for_attestation.value) {
    bool ready = *w.tpmtool.ready_for_attestation.value;
    add_evidence(f, w.tpmtool.ready_for_attestation.source, "Ready For Attestation", ready ? "True" : "False");
    if (w.tpmtool.information_flags.value && !w.tpmtool.information_flags.value->empty()) {
      std::string flags;
      for (const auto& x : *w.tpmtool.information_flags.value) flags += (flags.empty() ? "" : ", ") + x;
      add_evidence(f, w.tpmtool.information_flags.source, "Information Flags", flags);
    }
    return conclude(std::move(f), ready ? Status::Pass : Status::Fail,
                    ready ? "tpmtool reports the TPM ready for attestation (this does not test AIK enrollment)."
                          : "tpmtool reports the TPM NOT ready for attestation; the flag names a symptom, the root cause "
                            "is upstream.");
  }
  if (auto v = reg_number(w.registry.task_ready_for_attestation)) {
    add_evidence(f, w.registry.task_ready_for_attestation.exists.source, "WMI\\TaskReadyForAttestation", std::to_string(*v),
                 "the cached outcome of the last maintenance-task readiness evaluation (meaning unverified)");
    return conclude(std::move(f), *v ? Status::Pass : Status::Fail, "The last maintenance run recorded readiness " + std::to_string(*v) + ".");
  }
  return conclude(std::move(f), Status::Unknown, "Windows' own readiness answer is not in the inputs (tpmtool getdeviceinformation).");
}

}  // namespace tpmready::rules
