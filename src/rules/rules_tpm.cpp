// TPM-side rules: presence, version, hierarchies, virtual/software TPMs, firmware, lockout,
// ownership and the EK. Pure functions over Evidence.
#include "rules/check_util.h"
#include "util/bytes.h"
#include "rules/checks.h"

namespace tpmready::rules {
namespace {

constexpr std::uint32_t kShEnable = 0x2, kEhEnable = 0x4;  // TPMA_STARTUP_CLEAR (tcg.md §2)
constexpr std::uint32_t kInLockout = 0x200;                // TPMA_PERMANENT (tcg.md §2)
constexpr std::uint32_t kEkRsaHandle = 0x81010001, kEkEccHandle = 0x81010002;  // tcg.md §3.2

std::string tpm_src(const Evidence& e, const char* what) {
  return "tpm:" + e.tpm_access.source + " " + what;
}

const TpmtoolEvidence* tpmtool(const Evidence& e) { return e.windows ? &e.windows->tpmtool : nullptr; }
const GetTpmEvidence* get_tpm(const Evidence& e) { return e.windows ? &e.windows->get_tpm : nullptr; }

}  // namespace

Finding check_tpm_present(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.tpm) {
    add_evidence(f, tpm_src(e, "GetCapability"), "TPM answers", "yes (" + e.tpm->manufacturer + ")");
    return conclude(std::move(f), Status::Pass, "The TPM answered on " + e.tpm_access.source + ".");
  }
  if (auto* t = tpmtool(e); t && t->tpm_present.value) {
    add_evidence(f, t->tpm_present.source, "TPM Present", *t->tpm_present.value ? "True" : "False");
    return conclude(std::move(f), *t->tpm_present.value ? Status::Pass : Status::Fail,
                    *t->tpm_present.value ? "tpmtool reports a TPM." : "tpmtool reports no TPM.");
  }
  if (auto* g = get_tpm(e); g && g->tpm_present.value) {
    add_evidence(f, g->tpm_present.source, "TpmPresent", *g->tpm_present.value ? "True" : "False");
    return conclude(std::move(f), *g->tpm_present.value ? Status::Pass : Status::Fail,
                    *g->tpm_present.value ? "Get-Tpm reports a TPM." : "Get-Tpm reports no TPM.");
  }
  if (e.tpm_access.attempted && e.tpm_access.no_device) {
    add_evidence(f, "tpm:" + e.tpm_access.source, "TPM device", "none", std::nullopt);
    return conclude(std::move(f), Status::Fail, "No TPM device on this machine: " + e.tpm_access.error);
  }
  if (e.tpm_access.attempted) {
    add_evidence(f, "tpm:" + e.tpm_access.source, "TPM read", "failed: " + e.tpm_access.error);
    return conclude(std::move(f), Status::Unknown, "The TPM could not be read: " + e.tpm_access.error);
  }
  return conclude(std::move(f), Status::Unknown, "No evidence about the TPM was given.");
}

Finding check_tpm_version(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.tpm) {
    add_evidence(f, tpm_src(e, "GetCapability TPM_PT_FAMILY_INDICATOR"), "TPM family", e.tpm->spec_family);
    bool ok = e.tpm->spec_family == "2.0";
    return conclude(std::move(f), ok ? Status::Pass : Status::Fail,
                    ok ? "The TPM is a TPM 2.0." : "The TPM reports family " + e.tpm->spec_family + ".");
  }
  if (auto* t = tpmtool(e); t && t->tpm_version.value) {
    add_evidence(f, t->tpm_version.source, "TPM Version", *t->tpm_version.value);
    bool ok = t->tpm_version.value->rfind("2.0", 0) == 0;
    return conclude(std::move(f), ok ? Status::Pass : Status::Fail,
                    ok ? "tpmtool reports TPM 2.0." : "tpmtool reports TPM " + *t->tpm_version.value + ": Autopilot needs TPM 2.0.");
  }
  return conclude(std::move(f), Status::Unknown, "The TPM version is not in the evidence.");
}

Finding check_tpm_enabled(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.tpm) {
    std::uint32_t sc = e.tpm->startup_clear_raw;
    add_evidence(f, tpm_src(e, "GetCapability TPM_PT_STARTUP_CLEAR"), "shEnable, ehEnable",
                 std::to_string((sc & kShEnable) != 0) + ", " + std::to_string((sc & kEhEnable) != 0));
    bool ok = (sc & kShEnable) && (sc & kEhEnable);
    return conclude(std::move(f), ok ? Status::Pass : Status::Fail,
                    ok ? "The storage and endorsement hierarchies are enabled."
                       : "A hierarchy Windows needs is disabled (TPMA_STARTUP_CLEAR): the EK cannot be used.");
  }
  if (auto* g = get_tpm(e); g && g->tpm_enabled.value) {
    add_evidence(f, g->tpm_enabled.source, "TpmEnabled", *g->tpm_enabled.value ? "True" : "False");
    if (g->tpm_activated.value) add_evidence(f, g->tpm_activated.source, "TpmActivated", *g->tpm_activated.value ? "True" : "False");
    bool ok = *g->tpm_enabled.value && g->tpm_activated.value.value_or(true);
    return conclude(std::move(f), ok ? Status::Pass : Status::Fail, ok ? "Get-Tpm reports the TPM enabled." : "Get-Tpm reports the TPM disabled or not activated.");
  }
  if (tpmtool_flag(e, "INFORMATION_TPM_ACTIVATE")) {
    add_evidence(f, e.windows->tpmtool.information_flags.source, "Information flag", "INFORMATION_TPM_ACTIVATE");
    return conclude(std::move(f), Status::Fail, "tpmtool reports the TPM disabled or deactivated.");
  }
  if (tpmtool_flags_exclude(e, "INFORMATION_TPM_ACTIVATE")) {
    add_evidence(f, e.windows->tpmtool.information_flags.source, "Information Flags", "no INFORMATION_TPM_ACTIVATE",
                 "Windows lists INFORMATION_TPM_ACTIVATE when the TPM is disabled or deactivated (facts/windows.md §4.1)");
    return conclude(std::move(f), Status::Pass, "Implied by tpmtool: its information flags do not report a disabled TPM.");
  }
  return conclude(std::move(f), Status::Unknown, "Whether the TPM is enabled is not in the evidence.");
}

Finding check_tpm_not_virtual(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  std::string manufacturer;
  std::string source;
  if (e.tpm) {
    if (e.tpm->software_tpm) {
      add_evidence(f, tpm_src(e, "GetCapability TPM_PT_VENDOR_STRING_*"), "software TPM",
                   e.tpm->software_tpm_kind + " (" + e.tpm->software_tpm_reason + ")");
      return conclude(std::move(f), Status::Fail,
                      "This is a software TPM (" + e.tpm->software_tpm_kind +
                          "): it blocks attestation, but every other rule still runs against it.");
    }
    manufacturer = e.tpm->manufacturer;
    source = tpm_src(e, "GetCapability TPM_PT_MANUFACTURER");
  } else if (auto* t = tpmtool(e); t && t->manufacturer_id.value) {
    manufacturer = *t->manufacturer_id.value;
    source = t->manufacturer_id.source;
  } else if (auto* g = get_tpm(e); g && g->manufacturer_id_txt.value) {
    manufacturer = *g->manufacturer_id_txt.value;
    source = g->manufacturer_id_txt.source;
  }
  if (manufacturer.empty()) return conclude(std::move(f), Status::Unknown, "The TPM manufacturer is not in the evidence.");
  add_evidence(f, source, "TPM manufacturer ID", manufacturer);
  // "MSFT" is the Hyper-V virtual TPM (facts/windows.md §8; tcg.md §2 notes Pluton may also report
  // MSFT, which is unverified: the summary says so).
  if (manufacturer == "MSFT") {
    return conclude(std::move(f), Status::Fail,
                    "Manufacturer ID MSFT is Microsoft's virtual TPM (Hyper-V); the attestation service blocks virtual "
                    "TPMs and Autopilot does not support VMs. (Pluton may also report MSFT: unverified.)");
  }
  return conclude(std::move(f), Status::Pass, "Manufacturer " + manufacturer + " is a physical TPM vendor.");
}

Finding check_tpm_not_locked_out(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.tpm) {
    bool locked = e.tpm->permanent_raw & kInLockout;
    add_evidence(f, tpm_src(e, "GetCapability TPM_PT_PERMANENT"), "inLockout", locked ? "1" : "0");
    add_evidence(f, tpm_src(e, "GetCapability TPM_PT_LOCKOUT_COUNTER"), "lockout counter / max tries",
                 std::to_string(e.tpm->lockout_counter) + " / " + std::to_string(e.tpm->max_auth_fail));
    return conclude(std::move(f), locked ? Status::Fail : Status::Pass,
                    locked ? "The TPM is in dictionary-attack lockout: authorizations fail with TPM_RC_LOCKOUT until "
                             "it recovers (" + std::to_string(e.tpm->lockout_recovery) + " s recovery)."
                           : "The TPM is not in lockout.");
  }
  if (auto* t = tpmtool(e); t && t->is_locked_out.value) {
    add_evidence(f, t->is_locked_out.source, "Is Locked Out", *t->is_locked_out.value ? "True" : "False");
    return conclude(std::move(f), *t->is_locked_out.value ? Status::Fail : Status::Pass,
                    *t->is_locked_out.value ? "tpmtool reports the TPM locked out." : "tpmtool reports no lockout.");
  }
  if (auto* g = get_tpm(e); g && g->locked_out.value) {
    add_evidence(f, g->locked_out.source, "LockedOut", *g->locked_out.value ? "True" : "False");
    return conclude(std::move(f), *g->locked_out.value ? Status::Fail : Status::Pass,
                    *g->locked_out.value ? "Get-Tpm reports the TPM locked out." : "Get-Tpm reports no lockout.");
  }
  return conclude(std::move(f), Status::Unknown, "The lockout state is not in the evidence.");
}

Finding check_tpm_owned(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) {
    return conclude(std::move(f), Status::NotApplicable,
                    "Windows takes ownership when it provisions the TPM; there is no Windows evidence here.");
  }
  const auto& w = *e.windows;
  if (w.tpmtool.ready_for_storage.value) {
    add_evidence(f, w.tpmtool.ready_for_storage.source, "Ready For Storage", *w.tpmtool.ready_for_storage.value ? "True" : "False");
    return conclude(std::move(f), *w.tpmtool.ready_for_storage.value ? Status::Pass : Status::Fail,
                    *w.tpmtool.ready_for_storage.value ? "tpmtool reports the TPM ready for storage (owned, SRK present)."
                                                       : "tpmtool reports the TPM not ready for storage: Windows has not provisioned it.");
  }
  if (w.get_tpm.tpm_owned.value) {
    add_evidence(f, w.get_tpm.tpm_owned.source, "TpmOwned", *w.get_tpm.tpm_owned.value ? "True" : "False");
    return conclude(std::move(f), *w.get_tpm.tpm_owned.value ? Status::Pass : Status::Fail,
                    *w.get_tpm.tpm_owned.value ? "Get-Tpm reports the TPM owned." : "Get-Tpm reports the TPM not owned.");
  }
  if (reg_present(w.registry.srk_pub)) {
    add_evidence(f, w.registry.srk_pub.exists.source, "WMI\\Admin SRKPub", reg_text(w.registry.srk_pub),
                 "Tpm-Maintenance stores SRKPub when it provisions the TPM (seed 000 §12)");
    return conclude(std::move(f), Status::Pass, "Implied by the stored SRKPub: Windows provisioned the TPM.");
  }
  if (w.tpmtool.ready_for_attestation.value && *w.tpmtool.ready_for_attestation.value) {
    add_evidence(f, w.tpmtool.ready_for_attestation.source, "Ready For Attestation", "True",
                 "IsReadyForAttestation calls IsReadyForStorage first (facts/windows.md §1)");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  return conclude(std::move(f), Status::Unknown, "Whether Windows has provisioned the TPM is not in the evidence.");
}

Finding check_ek_present(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.tpm) {
    for (const auto& o : e.tpm->persistent) {
      if (o.handle == kEkRsaHandle || o.handle == kEkEccHandle) {
        add_evidence(f, tpm_src(e, ("ReadPublic " + hex32(o.handle)).c_str()), "persisted EK",
                     o.type + " " + (o.curve.empty() ? std::to_string(o.key_bits) : o.curve));
        return conclude(std::move(f), Status::Pass, "An EK is persisted at " + hex32(o.handle) + ".");
      }
    }
    add_evidence(f, tpm_src(e, "GetCapability TPM_CAP_HANDLES"), "persisted EK (0x81010001/0x81010002)", "none");
    if (e.ek.ek_rsa.value || e.ek.ek_ecc.value) {
      const auto& ek = e.ek.ek_rsa.value ? e.ek.ek_rsa : e.ek.ek_ecc;
      add_evidence(f, ek.source, "EK from the default template", "derivable",
                   "the TCG default template re-creates the EK on demand");
      return conclude(std::move(f), Status::Pass, "No EK is persisted, but the default template derives it; Windows "
                                                  "persists it at 0x81010001 when it provisions the TPM.");
    }
    bool windows_scope = !tpm_only(e);
    return conclude(std::move(f), windows_scope ? Status::Fail : Status::Warn,
                    "No EK is persisted at 0x81010001/0x81010002. Windows creates and persists it when it provisions "
                    "the TPM (Tpm-Maintenance).");
  }
  if (e.windows && e.windows->ek_info.is_present.value) {
    const auto& v = e.windows->ek_info.is_present;
    add_evidence(f, v.source, "Get-TpmEndorsementKeyInfo IsPresent", *v.value ? "True" : "False");
    return conclude(std::move(f), *v.value ? Status::Pass : Status::Fail,
                    *v.value ? "Windows reports an EK." : "Windows reports no EK.");
  }
  if (e.windows && e.windows->tpmtool.ready_for_attestation.value && *e.windows->tpmtool.ready_for_attestation.value) {
    add_evidence(f, e.windows->tpmtool.ready_for_attestation.source, "Ready For Attestation", "True",
                 "Windows records EkCertificatePresent only for the EK it provisioned");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  return conclude(std::move(f), Status::Unknown, "Whether an EK exists is not in the evidence.");
}

}  // namespace tpmready::rules
