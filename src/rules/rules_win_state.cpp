// Windows-side rules: the seed-000 chain (EULA → Tpm-Maintenance → TaskStates\EkCertificatePresent
// → Ready For Attestation), from registry exports, tpmtool output, schtasks output or the live
// registry. Pure functions over Evidence; not_applicable when there is no Windows evidence.
#include <array>

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

/// The evidence says Tpm-Maintenance has not completed: tpmtool's "Maintenance Task Complete:
/// False", TaskStates without MaintenanceTaskComplete = 1 or absent, or the task never ran.
bool maintenance_evidence_says_not_run(const WindowsEvidence& w) {
  if (w.tpmtool.maintenance_task_complete.value) return !*w.tpmtool.maintenance_task_complete.value;
  if (auto v = reg_number(w.registry.task_states.maintenance_task_complete)) return *v != 1;
  if (w.registry.task_states.key_present.value && !*w.registry.task_states.key_present.value) return true;
  return w.tpm_maintenance_task.last_result.value && *w.tpm_maintenance_task.last_result.value == kSchedTaskHasNotRun;
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

namespace {

/// Where Windows shows it has the EK certificate: the certificate layer found one, its EK
/// certificate store holds one, Get-TpmEndorsementKeyInfo lists one, TaskStates records it, or
/// tpmtool calls the TPM ready. The first that says so, as (source, fact, value).
std::optional<std::array<std::string, 3>> windows_has_ek_cert(const Evidence& e, const RuleContext& ctx) {
  if (const Finding* c = find_finding(ctx.ek.findings, "ek.cert.present"); c && c->status == Status::Pass)
    return std::array<std::string, 3>{c->evidence.empty() ? "EK certificate" : c->evidence.front().source,
                                      "EK certificate", c->summary};
  if (!e.windows) return std::nullopt;
  const auto& w = *e.windows;
  if (!w.registry.ek_certificates.empty())
    return std::array<std::string, 3>{w.registry.ek_certificates.front().source, "EKCertStore certificate",
                                      w.registry.ek_certificates.front().thumbprint};
  std::uint32_t shown = w.ek_info.manufacturer_certificate_count.value.value_or(0) +
                        w.ek_info.additional_certificate_count.value.value_or(0);
  if (shown > 0)
    return std::array<std::string, 3>{w.ek_info.manufacturer_certificate_count.source,
                                      "Get-TpmEndorsementKeyInfo certificates", std::to_string(shown)};
  if (reg_number(w.registry.task_states.ek_certificate_present).value_or(0) == 1)
    return std::array<std::string, 3>{w.registry.task_states.ek_certificate_present.exists.source,
                                      "TaskStates\\EkCertificatePresent", "1"};
  if (w.tpmtool.ready_for_attestation.value && *w.tpmtool.ready_for_attestation.value)
    return std::array<std::string, 3>{w.tpmtool.ready_for_attestation.source, "Ready For Attestation", "True"};
  return std::nullopt;
}

std::string vendor_tpm_name(const std::string& manufacturer) {
  if (manufacturer == "INTC") return "Intel PTT";
  if (manufacturer == "AMD") return "AMD fTPM";
  return "Qualcomm";
}

/// A failing HRESULT: the severity bit set (facts/windows.md §9).
bool failing_hresult(std::uint64_t v) { return v <= 0xFFFFFFFFu && (v & 0x80000000u) != 0; }

}  // namespace

Finding check_ek_cert_downloaded(Finding f, const Evidence& e, const RuleContext& ctx) {
  // Autopilot 209 "Windows EK certificate is not present" and 210 (an AIK without the EK
  // certificate), unless a later 208 says it is present (facts/field-2026-12.md §A.1).
  std::vector<const timeline::TimelineEntry*> missing;
  for (const auto& t : ctx.timeline) {
    if (t.role == "ek_cert_missing" || t.role == "ek_cert_missing_aik_found") missing.push_back(&t);
    if (t.role == "ek_cert_present") missing.clear();
  }
  if (tpm_only(e) && missing.empty()) return not_applicable(std::move(f));
  if (auto has = windows_has_ek_cert(e, ctx)) {
    add_evidence(f, (*has)[0], (*has)[1], (*has)[2]);
    return conclude(std::move(f), Status::Pass, "Windows has the EK certificate: nothing is left to download.");
  }
  const auto vendor = tpm_manufacturer(e);
  if (vendor) add_evidence(f, vendor->second, "TPM manufacturer ID", vendor->first);
  if (vendor && !is_firmware_tpm_vendor(vendor->first))
    return conclude(std::move(f), Status::NotApplicable,
                    "A " + vendor->first + " TPM carries its EK certificate in its own NV: Windows downloads none.");
  if (e.windows && maintenance_evidence_says_not_run(*e.windows)) {
    // Tpm-Maintenance downloads it: when the task never ran, nothing was tried (its own rule says why).
    return conclude(std::move(f), Status::NotApplicable,
                    "Tpm-Maintenance, which downloads the EK certificate, has not run: no download was tried.");
  }

  // What says the download did not happen or failed.
  std::vector<std::string> why;
  for (const auto* t : missing) {
    add_evidence(f, t->input.empty() ? "event log:" + t->channel : t->input,
                 "event " + std::to_string(t->event_id) + (t->time.empty() ? "" : " at " + t->time), t->summary);
  }
  if (!missing.empty()) why.push_back("Autopilot logged it missing (event " + std::to_string(missing.back()->event_id) + ")");
  if (e.windows) {
    const auto& r = e.windows->registry;
    // TaskStates\AttestationInfo (§2.2 key 9): the names say EK certificate retrieval and
    // provisioning results; the meaning of their values is inferred (UNVERIFIED).
    for (const char* name : {"EkCertProvisionResult", "EkCertRetrieveCertFailureStep"}) {
      auto it = r.task_states.attestation_info.find(name);
      if (it == r.task_states.attestation_info.end() || !reg_present(it->second)) continue;
      const auto v = reg_number(it->second);
      const bool hresult = v && failing_hresult(*v);
      add_evidence(f, it->second.exists.source, std::string("AttestationInfo\\") + name,
                   hresult ? hex32(static_cast<std::uint32_t>(*v)) : reg_text(it->second),
                   "value meaning inferred from its name (UNVERIFIED)");
      if (!v || *v == 0) continue;
      if (std::string_view(name) == "EkCertProvisionResult" && failing_hresult(*v))
        why.push_back("EkCertProvisionResult is " + hex32(static_cast<std::uint32_t>(*v)));
      else if (std::string_view(name) == "EkCertRetrieveCertFailureStep")
        why.push_back("EkCertRetrieveCertFailureStep is " + std::to_string(*v));
    }
    for (const RegValueFact* v : {&r.ek_tries, &r.ek_retry_last}) {
      if (!reg_present(*v)) continue;
      add_evidence(f, v->exists.source, v == &r.ek_tries ? "Endorsement\\EkTries" : "Endorsement\\EkRetryLast",
                   reg_text(*v), "value meaning inferred from its name (UNVERIFIED)");
    }
    if (r.ek_cert_store_present.value && r.ek_certificates.empty()) {
      add_evidence(f, r.ek_cert_store_present.source, "Endorsement\\EKCertStore",
                   *r.ek_cert_store_present.value ? "no certificate" : "absent");
      std::string task_source;
      if (maintenance_evidence_says_ran(*e.windows, task_source)) {
        add_evidence(f, task_source, "Maintenance Task Complete", "True");
        why.push_back("Tpm-Maintenance ran and Windows' EK certificate store is empty");
      }
    }
  }
  if (e.network) {
    for (const auto& p : e.network->probes) {
      if (p.purpose.find("EK certificate") == std::string::npos) continue;
      add_evidence(f, "online probe:" + p.url, p.purpose, p.reachable ? "reachable" : "unreachable: " + p.error);
      if (!p.reachable) why.push_back(p.url + " is unreachable");
    }
  }
  if (!vendor) {
    return conclude(std::move(f), Status::Unknown,
                    missing.empty() ? "Whether Windows has the EK certificate is not in the inputs."
                                    : "Windows had no EK certificate (Autopilot event " +
                                          std::to_string(missing.back()->event_id) +
                                          "); the TPM manufacturer is not in the inputs: a firmware TPM (Intel PTT, "
                                          "AMD fTPM, Qualcomm) gets it by download.");
  }
  const std::string tpm = "This " + vendor_tpm_name(vendor->first) + " firmware TPM";
  if (why.empty())
    return conclude(std::move(f), Status::Unknown,
                    tpm + " gets its EK certificate by download; the inputs show neither the certificate nor the "
                          "download's result.");
  std::string list;
  for (const auto& w : why) list += (list.empty() ? "" : "; ") + w;
  return conclude(std::move(f), Status::Fail,
                  tpm + " has no EK certificate on the device, and Windows did not get it from the vendor's "
                        "service: " + list + ".");
}

}  // namespace tpmready::rules
