// TPM-side rules: presence, version, hierarchies, virtual/software TPMs, firmware, lockout,
// ownership and the EK. Pure functions over Evidence.
#include "explain/error_codes.h"
#include "rules/check_util.h"
#include "rules/checks.h"
#include "util/bytes.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

constexpr std::uint32_t kShEnable = 0x2, kEhEnable = 0x4;  // TPMA_STARTUP_CLEAR (tcg.md §2)
constexpr std::uint32_t kInLockout = 0x200;                // TPMA_PERMANENT (tcg.md §2)
constexpr std::uint32_t kEkRsaHandle = 0x81010001, kEkEccHandle = 0x81010002;  // tcg.md §3.2
// tcg.md §1.5: self-tests still to run / running (GetTestResult testResult; not failure mode).
constexpr std::uint32_t tpm_rc_needs_test = 0x153, tpm_rc_testing = 0x90A;

std::string tpm_src(const Evidence& e, const char* what) {
  return "tpm:" + e.tpm_access.source + " " + what;
}

const TpmtoolEvidence* tpmtool(const Evidence& e) { return e.windows ? &e.windows->tpmtool : nullptr; }
const GetTpmEvidence* get_tpm(const Evidence& e) { return e.windows ? &e.windows->get_tpm : nullptr; }

/// tpmtool's "Ready For Attestation: True": Windows' IsReadyForAttestation found nothing missing, so
/// every requirement it checks holds (facts/windows.md §0, §1). Null when not said.
const Fact<bool>* ready_for_attestation(const Evidence& e) {
  auto* t = tpmtool(e);
  return t && t->ready_for_attestation.value && *t->ready_for_attestation.value ? &t->ready_for_attestation : nullptr;
}

/// Get-Tpm's TpmReady: True is Win32_Tpm IsReady, "the TPM and system are fully provisioned for TPM
/// use": nothing IsReadyInformation lists as needed (a disabled or deactivated TPM, ownership not
/// taken) is missing (facts/windows.md §4, §4.1).
const Fact<bool>* get_tpm_ready(const Evidence& e) {
  auto* g = get_tpm(e);
  return g && g->tpm_ready.value && *g->tpm_ready.value ? &g->tpm_ready : nullptr;
}

std::string true_false(bool b) { return b ? "True" : "False"; }

}  // namespace

Finding check_tpm_present(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.tpm) {
    add_evidence(f, tpm_src(e, "GetCapability"), "TPM answers", "yes (" + e.tpm->manufacturer + ")");
    return conclude(std::move(f), Status::Pass, "The TPM answered on " + e.tpm_access.source + ".");
  }
  if (auto* t = tpmtool(e); t && t->command_failed.value) {
    // tpmtool could not query the TPM at all (facts/windows.md §8): Windows has no usable TPM.
    const std::string code = hex32(*t->command_failed.value);
    add_evidence(f, t->command_failed.source, "tpmtool failure",
                 "Command failed with " + code +
                     (t->command_failed_message.value && !t->command_failed_message.value->empty()
                          ? " - " + *t->command_failed_message.value
                          : std::string()));
    // The code explained by the error table: its name and the first sentence of its meaning.
    std::string meaning;
    if (const explain::ErrorCodeInfo* row = explain::find_code(*t->command_failed.value)) {
      meaning = (row->name ? *row->name + ": " : std::string()) + row->meaning;
      if (auto stop = meaning.find(". "); stop != std::string::npos) meaning.resize(stop + 1);
    }
    return conclude(std::move(f), Status::Fail,
                    "tpmtool could not get information from the TPM: the TPM is not available to Windows. " + code +
                        (meaning.empty() ? std::string(" is not in the error table.") : " = " + meaning));
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
  if (const auto* rfa = ready_for_attestation(e)) {
    add_evidence(f, rfa->source, "Ready For Attestation", "True",
                 "IsReadyForAttestation starts by reading the TPM's version: it answered");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  if (const auto& st = e.tpm_access.self_test) {
    // It answered GetTestResult but the full read stopped (failure mode, or a command it refused).
    add_evidence(f, st->source, "TPM2_GetTestResult", st->result_name);
    return conclude(std::move(f), Status::Pass, "A TPM answers on " + e.tpm_access.source + " (TPM2_GetTestResult).");
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
  if (auto* g = get_tpm(e); g && g->tpm_family.value) {
    const bool ok = *g->tpm_family.value == "2.0";
    if (ok) {
      add_evidence(f, g->tpm_family.source, "ManufacturerVersionFull20", *g->manufacturer_version_full20.value,
                   "Get-Tpm fills ManufacturerVersionFull20 only for a TPM 2.0");
      return conclude(std::move(f), Status::Pass, "Implied by Get-Tpm: it reports a TPM 2.0 firmware version.");
    }
    add_evidence(f, g->tpm_family.source, "Get-Tpm", "Not Supported for TPM 1.2");
    return conclude(std::move(f), Status::Fail, "Get-Tpm reports a TPM 1.2 (\"Not Supported for TPM 1.2\"): Autopilot "
                                                "needs TPM 2.0.");
  }
  if (const auto* rfa = ready_for_attestation(e)) {
    add_evidence(f, rfa->source, "Ready For Attestation", "True",
                 "Windows never reports a TPM 1.2 ready for attestation");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
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
    // Win32_Tpm IsEnabled / IsActivated; a disabled or deactivated TPM is what this rule's failure
    // shows as INFORMATION_TPM_ACTIVATE (facts/windows.md §4, §4.1).
    const char* why = "Get-Tpm TpmEnabled/TpmActivated are Win32_Tpm IsEnabled/IsActivated: Windows' own answer";
    add_evidence(f, g->tpm_enabled.source, "TpmEnabled", true_false(*g->tpm_enabled.value), why);
    if (g->tpm_activated.value) add_evidence(f, g->tpm_activated.source, "TpmActivated", true_false(*g->tpm_activated.value), why);
    bool ok = *g->tpm_enabled.value && g->tpm_activated.value.value_or(true);
    return conclude(std::move(f), ok ? Status::Pass : Status::Fail, ok ? "Get-Tpm reports the TPM enabled." : "Get-Tpm reports the TPM disabled or not activated.");
  }
  if (const auto* ready = get_tpm_ready(e)) {
    add_evidence(f, ready->source, "TpmReady", "True",
                 "Win32_Tpm IsReady: fully provisioned, so not disabled or deactivated");
    return conclude(std::move(f), Status::Pass, "Implied by Get-Tpm TpmReady: True.");
  }
  if (tpmtool_flag(e, "INFORMATION_TPM_ACTIVATE")) {
    add_evidence(f, e.windows->tpmtool.information_flags.source, "Information flag", "INFORMATION_TPM_ACTIVATE");
    return conclude(std::move(f), Status::Fail, "tpmtool reports the TPM disabled or deactivated.");
  }
  if (tpmtool_flags_exclude(e, "INFORMATION_TPM_ACTIVATE")) {
    add_evidence(f, e.windows->tpmtool.information_flags.source, "Information Flags", "no INFORMATION_TPM_ACTIVATE",
                 "Windows lists INFORMATION_TPM_ACTIVATE when the TPM is disabled or deactivated");
    cite(f, "facts/windows.md §4.1");
    return conclude(std::move(f), Status::Pass, "Implied by tpmtool: its information flags do not report a disabled TPM.");
  }
  return conclude(std::move(f), Status::Unknown, "Whether the TPM is enabled is not in the evidence.");
}

namespace {

/// What the device identity (SMBIOS system manufacturer / product name) says.
enum class Identity { Unknown, HyperV, OtherVm, Physical };

/// Hyper-V guests report "Microsoft Corporation" / "Virtual Machine"; Surface devices report
/// "Microsoft Corporation" too, with their model, so the manufacturer alone says nothing. Other
/// hypervisors name themselves at the start of the manufacturer or the product name (systemd's
/// DMI vendor table), and VM checks match "Virtual" in the model (facts/windows.md §16). Cloud
/// vendors that also sell bare-metal instances (Amazon EC2) are not in the list: they decide nothing.
Identity identity_of(const SystemIdentity& id) {
  if (!id.manufacturer.value || !id.product.value) return Identity::Unknown;
  const std::string maker = ascii_lower(trim(*id.manufacturer.value)), model = ascii_lower(trim(*id.product.value));
  if (maker.empty() || model.empty()) return Identity::Unknown;
  if (maker == "microsoft corporation" && model == "virtual machine") return Identity::HyperV;
  static constexpr std::string_view kVmNames[] = {"qemu", "kvm", "vmware", "vmw", "innotek gmbh", "virtualbox",
                                                  "xen", "bochs", "parallels", "bhyve"};
  for (std::string_view name : kVmNames)
    if (maker.starts_with(name) || model.starts_with(name)) return Identity::OtherVm;
  if (model.find("virtual") != std::string::npos) return Identity::OtherVm;
  return Identity::Physical;
}

std::string identity_text(const SystemIdentity& id) { return *id.manufacturer.value + " / " + *id.product.value; }
std::string identity_source(const SystemIdentity& id) {
  return id.product.source.empty() ? "device identity" : id.product.source;
}

/// TPM revision 1.15 / 1.16 (the 2014 reference code) with manufacturer MSFT: what Hyper-V's virtual
/// TPM reports (seed 000's Hyper-V VM: "TPM Spec Version: 1.16"; the community attestation script
/// treats 1.15 as a VM); Pluton reports 1.59 (facts/windows.md §16).
bool hyperv_revision(std::string_view revision) { return revision == "1.16" || revision == "1.15"; }

/// What tpmtool shows is this TPM's own manufacturer: the table's "MSFT" is Hyper-V's, not that of
/// a software TPM (IBM) or of another hypervisor's virtual TPM.
void shows_manufacturer(Finding& f, const std::string& manufacturer) {
  if (!manufacturer.empty()) f.symptom.tpmtool_line = "-TPM Manufacturer ID: " + manufacturer;
}

}  // namespace

Finding check_tpm_not_virtual(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  std::string manufacturer, source, revision, revision_source;
  bool pluton_vendor_string = false;
  if (e.tpm) {
    if (e.tpm->software_tpm) {
      add_evidence(f, tpm_src(e, "GetCapability TPM_PT_VENDOR_STRING_*"), "software TPM",
                   e.tpm->software_tpm_kind + " (" + e.tpm->software_tpm_reason + ")");
      shows_manufacturer(f, e.tpm->manufacturer);
      return conclude(std::move(f), Status::Fail,
                      "This is a software TPM (" + e.tpm->software_tpm_kind +
                          "): it blocks attestation, but every other rule still runs against it.");
    }
    manufacturer = e.tpm->manufacturer;
    source = tpm_src(e, "GetCapability TPM_PT_MANUFACTURER");
    if (e.tpm->spec_revision) {
      revision = std::to_string(e.tpm->spec_revision / 100) + "." + (e.tpm->spec_revision % 100 < 10 ? "0" : "") +
                 std::to_string(e.tpm->spec_revision % 100);
      revision_source = tpm_src(e, "GetCapability TPM_PT_REVISION");
    }
    // fwupd and tpm-ca-certificates read "Pluton.TPM.A" as Pluton's vendor string (facts §16).
    pluton_vendor_string = e.tpm->vendor_string.rfind("Pluton", 0) == 0;
  } else if (auto* t = tpmtool(e); t && t->manufacturer_id.value) {
    manufacturer = *t->manufacturer_id.value;
    source = t->manufacturer_id.source;
    if (t->spec_version.value) {
      revision = *t->spec_version.value;
      revision_source = t->spec_version.source;
    }
  } else if (auto* g = get_tpm(e); g && g->manufacturer_id_txt.value) {
    manufacturer = *g->manufacturer_id_txt.value;
    source = g->manufacturer_id_txt.source;
  }

  // A virtual machine is one whatever its TPM: Autopilot does not support VMs (facts §3).
  const auto& hv = e.device.hypervisor;
  if (hv.value && !hv.value->empty()) {
    add_evidence(f, hv.source, "hypervisor (this OS is its guest)", *hv.value);
    if (!manufacturer.empty()) add_evidence(f, source, "TPM manufacturer ID", manufacturer);
    shows_manufacturer(f, manufacturer);
    return conclude(std::move(f), Status::Fail,
                    "The device is a virtual machine (a guest of " + *hv.value + "): its TPM is virtual, the "
                    "attestation service blocks virtual TPMs and Autopilot does not support VMs.");
  }
  const SystemIdentity device = system_identity(e);
  const Identity identity = identity_of(device);
  if (identity == Identity::HyperV || identity == Identity::OtherVm) {
    add_evidence(f, identity_source(device), "device identity (manufacturer / model)", identity_text(device));
    if (!manufacturer.empty()) add_evidence(f, source, "TPM manufacturer ID", manufacturer);
    shows_manufacturer(f, manufacturer);
    return conclude(std::move(f), Status::Fail,
                    std::string(identity == Identity::HyperV ? "The device is a Hyper-V virtual machine"
                                                             : "The device is a virtual machine") +
                        " (" + identity_text(device) + "): its TPM is virtual, the attestation service blocks "
                        "virtual TPMs and Autopilot does not support VMs.");
  }
  if (manufacturer.empty()) return conclude(std::move(f), Status::Unknown, "The TPM manufacturer is not in the evidence.");
  add_evidence(f, source, "TPM manufacturer ID", manufacturer);
  if (manufacturer != "MSFT") return conclude(std::move(f), Status::Pass, "Manufacturer " + manufacturer + " is a physical TPM vendor.");

  // MSFT is Hyper-V's virtual TPM and also Microsoft Pluton, the TPM on the processor of physical
  // devices (AMD Ryzen 6000 and later, Snapdragon, Intel Core Ultra 200V, recent Surface): only a
  // trait of one or the other decides (facts/windows.md §16).
  if (pluton_vendor_string) {
    add_evidence(f, tpm_src(e, "GetCapability TPM_PT_VENDOR_STRING_*"), "TPM vendor string", e.tpm->vendor_string);
    return conclude(std::move(f), Status::Pass, "Microsoft Pluton as TPM: its vendor string is Pluton's.");
  }
  if (hyperv_revision(revision)) {
    add_evidence(f, revision_source, "TPM spec revision", revision,
                 "Hyper-V's virtual TPM reports revision 1.16 of 2014; Pluton reports 1.59");
    return conclude(std::move(f), Status::Fail,
                    "Manufacturer MSFT with TPM revision " + revision + " is Hyper-V's virtual TPM: the attestation "
                    "service blocks virtual TPMs and Autopilot does not support VMs.");
  }
  if (identity == Identity::Physical) {
    add_evidence(f, identity_source(device), "device identity (manufacturer / model)", identity_text(device),
                 "a physical device's TPM with manufacturer MSFT is Microsoft Pluton");
    return conclude(std::move(f), Status::Pass,
                    "Microsoft Pluton as TPM: manufacturer MSFT on physical hardware (" + identity_text(device) + ").");
  }
  if (hv.value) {  // known empty: the OS runs on the hardware
    add_evidence(f, hv.source, "hypervisor (this OS is its guest)", "none",
                 "on physical hardware a TPM with manufacturer MSFT is Microsoft Pluton");
    return conclude(std::move(f), Status::Pass, "Microsoft Pluton as TPM: manufacturer MSFT, and this OS is no guest "
                                                "of a hypervisor.");
  }
  return conclude(std::move(f), Status::Unknown,
                  "Manufacturer MSFT is either Hyper-V's virtual TPM or Microsoft Pluton on physical hardware, and "
                  "nothing here tells them apart. Collect the device identity: reg export "
                  "\"HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS\" bios.reg (SystemManufacturer, "
                  "SystemProductName), or run tpmready check on the device.");
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
    add_evidence(f, w.get_tpm.tpm_owned.source, "TpmOwned", true_false(*w.get_tpm.tpm_owned.value),
                 "Get-Tpm TpmOwned is Win32_Tpm IsOwned: Windows takes ownership when it provisions the TPM");
    return conclude(std::move(f), *w.get_tpm.tpm_owned.value ? Status::Pass : Status::Fail,
                    *w.get_tpm.tpm_owned.value ? "Get-Tpm reports the TPM owned." : "Get-Tpm reports the TPM not owned.");
  }
  if (reg_present(w.registry.srk_pub)) {
    add_evidence(f, w.registry.srk_pub.exists.source, "WMI\\Admin SRKPub", reg_text(w.registry.srk_pub),
                 "Tpm-Maintenance stores SRKPub when it provisions the TPM");
    cite(f, "seed 000 §12");
    return conclude(std::move(f), Status::Pass, "Implied by the stored SRKPub: Windows provisioned the TPM.");
  }
  if (w.tpmtool.ready_for_attestation.value && *w.tpmtool.ready_for_attestation.value) {
    add_evidence(f, w.tpmtool.ready_for_attestation.source, "Ready For Attestation", "True",
                 "IsReadyForAttestation calls IsReadyForStorage first");
    cite(f, "facts/windows.md §1");
    return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
  }
  if (const auto* ready = get_tpm_ready(e)) {
    add_evidence(f, ready->source, "TpmReady", "True",
                 "Win32_Tpm IsReady: the TPM and system are fully provisioned for TPM use");
    return conclude(std::move(f), Status::Pass, "Implied by Get-Tpm TpmReady: True.");
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

namespace {

/// Timeline entries the event table makes evidence for this rule (tpm.sys 14, 15, 27).
std::vector<const timeline::TimelineEntry*> failure_events(const RuleContext& ctx, const std::string& rule) {
  std::vector<const timeline::TimelineEntry*> out;
  for (const auto& t : ctx.timeline)
    if (t.rule == rule) out.push_back(&t);
  return out;
}

/// Windows' own answers that needed a working TPM: a TPM in failure mode answers only
/// GetTestResult and part of GetCapability (facts/tcg.md §1.4), so Windows could not have found it
/// provisioned (Ready For Storage: owner, SRK) or ready. Null when none says so.
std::optional<std::pair<const std::string*, std::string>> windows_saw_it_working(const Evidence& e) {
  if (!e.windows) return std::nullopt;
  const auto& t = e.windows->tpmtool;
  if (t.ready_for_attestation.value && *t.ready_for_attestation.value)
    return std::make_pair(&t.ready_for_attestation.source, std::string("Ready For Attestation: True"));
  if (t.ready_for_storage.value && *t.ready_for_storage.value)
    return std::make_pair(&t.ready_for_storage.source, std::string("Ready For Storage: True"));
  if (const auto* ready = get_tpm_ready(e)) return std::make_pair(&ready->source, std::string("TpmReady: True"));
  return std::nullopt;
}

}  // namespace

Finding check_tpm_not_in_failure_mode(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (const auto& st = e.tpm_access.self_test) {
    std::string value = st->result_name + (st->data.empty() ? "" : " (data " + to_hex(st->data) + ")");
    if (st->response_code != 0) value = "refused with " + st->result_name;
    add_evidence(f, st->source, "TPM2_GetTestResult", value);
    if (in_failure_mode(*st))
      return conclude(std::move(f), Status::Fail,
                      "The TPM is in failure mode: TPM2_GetTestResult reports " + st->result_name +
                          ", and it refuses every other command until it is reset. Windows can neither provision "
                          "it nor attest with it.");
    if (st->response_code != 0 || (st->test_result != 0 && st->test_result != tpm_rc_needs_test &&
                                    st->test_result != tpm_rc_testing))
      return conclude(std::move(f), Status::Warn,
                      "TPM2_GetTestResult answered " + st->result_name + ": not failure mode, but not a clean result.");
    if (st->test_result != 0)
      return conclude(std::move(f), Status::Pass,
                      "The TPM is not in failure mode (" + st->result_name + ": some self-tests are still to run).");
    return conclude(std::move(f), Status::Pass, "TPM2_GetTestResult reports every self-test passed (TPM_RC_SUCCESS).");
  }
  if (e.tpm) {
    add_evidence(f, tpm_src(e, "PCR_Read, ReadClock"), "TPM answered the full read", "yes",
                 "a TPM in failure mode refuses every command but GetTestResult and part of GetCapability");
    return conclude(std::move(f), Status::Pass, "Implied by the full TPM read: the TPM executed every command sent.");
  }
  auto events = failure_events(ctx, f.id);
  auto working = windows_saw_it_working(e);
  if (!events.empty()) {
    for (const auto* t : events) {
      std::string fact = "event " + std::to_string(t->event_id) + (t->time.empty() ? "" : " at " + t->time);
      add_evidence(f, t->input.empty() ? "event log:" + t->channel : t->input, fact, t->summary);
    }
    if (working) {
      add_evidence(f, *working->first, working->second, "True",
                   "Windows found the TPM provisioned, which a TPM in failure mode cannot be");
      return conclude(std::move(f), Status::Warn,
                      "The TPM driver logged failure-mode errors (System log, TPM event " +
                          std::to_string(events.back()->event_id) +
                          "), but Windows' answer shows the TPM working: it recovered (a restart resets it).");
    }
    return conclude(std::move(f), Status::Fail,
                    "The TPM driver logged that the TPM failed (System log, TPM event " +
                        std::to_string(events.back()->event_id) +
                        "): a TPM in failure mode answers no command until it is reset.");
  }
  if (working) {
    add_evidence(f, *working->first, working->second, "True",
                 "Windows found the TPM provisioned, which a TPM in failure mode cannot be");
    return conclude(std::move(f), Status::Pass, "Implied by " + working->second + ".");
  }
  if (const auto* g = get_tpm(e); g && g->self_test.value) {
    // Win32_Tpm SelfTest: "an array of bytes that contains the self-test result; the format is
    // manufacturer-specific" (facts/windows.md §4.2). Empty is read as no failure data; that
    // reading is an inference (UNVERIFIED): Microsoft documents no meaning for the bytes.
    add_evidence(f, g->self_test.source, "Get-Tpm SelfTest", *g->self_test.value,
                 trim(*g->self_test.value) == "{}"
                     ? std::optional<std::string>("Win32_Tpm SelfTest returned no self-test data (reading empty as "
                                                  "no failure is an inference, UNVERIFIED)")
                     : std::nullopt);
    if (trim(*g->self_test.value) == "{}")
      return conclude(std::move(f), Status::Pass, "Implied by Get-Tpm: SelfTest returned no failure data.");
    return conclude(std::move(f), Status::Unknown,
                    "Get-Tpm SelfTest returned manufacturer-specific bytes tpmready cannot read; run tpmready check on "
                    "the device (TPM2_GetTestResult) or look for TPM events 14, 15, 27 in the System log.");
  }
  return conclude(std::move(f), Status::Unknown,
                  "Whether the TPM is in failure mode is not in the evidence (tpmready check asks the TPM; the System "
                  "log's TPM events 14, 15 and 27 record it).");
}

Finding check_tpm_not_reduced_functionality(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (tpm_only(e)) {
    return conclude(std::move(f), Status::NotApplicable,
                    "Reduced functionality is Windows' provisioning state of the TPM; there is no Windows evidence "
                    "here.");
  }
  // The TPM console's "ready for use, with reduced functionality" comes with these two flags:
  // Windows does not hold the owner authorization, or its copy of the SRK does not match.
  for (std::string_view flag : {"INFORMATION_TPM_OWNERAUTH", "INFORMATION_TPM_SRKPUB"}) {
    if (!tpmtool_flag(e, flag)) continue;
    add_evidence(f, e.windows->tpmtool.information_flags.source, "Information flag", std::string(flag));
    return conclude(std::move(f), Status::Fail,
                    "tpmtool lists " + std::string(flag) +
                        ": Windows does not hold what it needs to use the TPM fully, which the TPM console shows as "
                        "\"ready for use, with reduced functionality\". Device association needs a TPM not in "
                        "reduced functionality mode.");
  }
  if (const auto* ready = get_tpm_ready(e)) {
    add_evidence(f, ready->source, "TpmReady", "True",
                 "Win32_Tpm IsReady: fully provisioned; a TPM with reduced functionality needs its owner "
                 "authorization imported to be fully ready");
    return conclude(std::move(f), Status::Pass, "Implied by Get-Tpm TpmReady: True.");
  }
  return conclude(std::move(f), Status::Unknown,
                  "Whether the TPM is in reduced functionality mode is not in the evidence (Get-Tpm TpmReady or the "
                  "TPM console show it).");
}

}  // namespace tpmready::rules
