// Autopilot registration and profile: whether Windows is going to attest the TPM at all. The TPM
// step of OOBE runs only for a self-deploying or pre-provisioning profile (CXH source,
// facts/field-2026-12.md §A.9); the registration and the profile show in the registry
// (HKLM\SOFTWARE\Microsoft\Provisioning\Diagnostics\Autopilot, facts/windows.md §2.1), in
// AutopilotDDSZTDFile.json and in the Autopilot event log (§A.1, §C.14).
#include <algorithm>

#include "rules/check_util.h"
#include "rules/checks.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

using timeline::TimelineEntry;

/// The deployment service's refusals, as Windows logs them (in AutopilotDDSZTDFile.json's
/// ErrorCode/ErrorReason and in the text of event 709). MS-FAQ (Autopilot troubleshooting FAQ) for
/// 807, 809 and 815; the deployment service's error table (Managed Desktop draft, MEDIUM) for 808.
struct DdsRefusal {
  std::uint32_t code;
  std::string_view name;
  std::string_view meaning;
};
constexpr DdsRefusal kRefusals[] = {
    {807, "ZtdDeviceIsNotRegistered", "the device is not registered with Windows Autopilot"},
    {808, "ZtdDeviceAssignedToOtherTenant", "the device is registered to another tenant"},
    {809, "ZtdProfileIsNotRegistered", "the Autopilot profile assigned to the device was deleted"},
    {815, "ZtdDeviceHasNoAssignedProfile", "no Autopilot profile is assigned to the device and there is no default"},
};

const DdsRefusal* refusal_by_code(std::uint32_t code) {
  for (const auto& r : kRefusals)
    if (r.code == code) return &r;
  return nullptr;
}

const DdsRefusal* refusal_in(std::string_view text) {
  for (const auto& r : kRefusals)
    if (find_icase(text, r.name) != std::string::npos) return &r;
  return nullptr;
}

std::string refusal_text(const DdsRefusal& r) {
  return std::string(r.meaning) + " (" + std::to_string(r.code) + " " + std::string(r.name) + ")";
}

std::string entry_source(const TimelineEntry& t) { return t.input.empty() ? "event log:" + t.channel : t.input; }
std::string entry_fact(const TimelineEntry& t) {
  return "event " + std::to_string(t.event_id) + (t.time.empty() ? "" : " at " + t.time);
}

/// CloudAssignedOobeConfig bit 32, "TPM attestation" as Microsoft's Get-AutopilotDiagnostics script
/// (M. Niehaus) and other community decoders label it; no Microsoft document names the bit
/// (UNVERIFIED).
constexpr std::uint32_t kOobeTpmAttestation = 32;

/// Whether the profile attests the TPM: AutopilotMode (1 self-deploying, 2 pre-provisioned, 0
/// user-driven: community mapping, UNVERIFIED), else CloudAssignedOobeConfig's bit. Nullopt when
/// neither is in the evidence.
std::optional<bool> profile_attests(Finding& f, const WindowsEvidence& w, std::string& mode) {
  const auto& z = w.ztd_file;
  if (z.autopilot_mode.value) {
    const std::uint32_t m = *z.autopilot_mode.value;
    mode = m == 1 ? "self-deploying" : m == 2 ? "pre-provisioning" : m == 0 ? "user-driven" : "mode " + std::to_string(m);
    add_evidence(f, z.autopilot_mode.source, "AutopilotMode", std::to_string(m),
                 "0 user-driven, 1 self-deploying, 2 pre-provisioned (community mapping, UNVERIFIED)");
    if (m == 1 || m == 2) return true;
    if (m == 0) return false;
  }
  std::optional<std::uint32_t> oobe;
  std::string source;
  if (z.oobe_config.value) {
    oobe = *z.oobe_config.value;
    source = z.oobe_config.source;
  } else if (auto v = reg_number(w.registry.autopilot.cloud_assigned_oobe_config)) {
    oobe = static_cast<std::uint32_t>(*v);
    source = w.registry.autopilot.cloud_assigned_oobe_config.exists.source;
  }
  if (!oobe) return std::nullopt;
  const bool tpm = (*oobe & kOobeTpmAttestation) != 0;
  add_evidence(f, source, "CloudAssignedOobeConfig", std::to_string(*oobe) + (tpm ? " (TPM attestation bit set)" : ""),
               "bit 32 is \"TPM attestation\" in community decoders (UNVERIFIED)");
  if (mode.empty()) mode = tpm ? "TPM attestation" : "no TPM attestation";
  return tpm;
}

bool blank(const std::optional<std::string>& s) { return !s || trim(*s).empty(); }

}  // namespace

Finding check_autopilot_profile_assigned(Finding f, const Evidence& e, const RuleContext& ctx) {
  // 1. The deployment service's refusal, saved by Windows.
  if (e.windows) {
    const auto& z = e.windows->ztd_file;
    const DdsRefusal* r = z.error_code.value ? refusal_by_code(*z.error_code.value) : nullptr;
    if (!r && z.error_reason.value) r = refusal_in(*z.error_reason.value);
    if (z.error_code.value || z.error_reason.value) {
      const auto& src = z.error_code.value ? z.error_code.source : z.error_reason.source;
      add_evidence(f, src, "AutopilotDDSZTDFile.json ErrorCode / ErrorReason",
                   (z.error_code.value ? std::to_string(*z.error_code.value) : std::string("-")) + " / " +
                       z.error_reason.value.value_or("-"));
      if (r)
        return conclude(std::move(f), Status::Fail,
                        "The Autopilot deployment service answered that " + refusal_text(*r) +
                            ": Windows runs no self-deploying or pre-provisioning deployment, so it never attests the "
                            "TPM.");
    }
  }
  // 2. The same refusal in event 709's detail text.
  for (const auto& t : ctx.timeline) {
    if (t.rule != f.id) continue;
    std::string text = t.service_text;
    for (const auto& [k, v] : t.details) text += " " + v;
    if (const DdsRefusal* r = refusal_in(text)) {
      add_evidence(f, entry_source(t), entry_fact(t), t.summary + ": " + t.service_text);
      return conclude(std::move(f), Status::Fail,
                      "Autopilot's profile download was refused: " + refusal_text(*r) + " (event " +
                          std::to_string(t.event_id) + ").");
    }
  }
  // 3. The registry: blank tenant = not registered; IsAutopilotDisabled = 1 = not registered, or
  //    the profile could not be downloaded (Microsoft, "Troubleshoot Autopilot OOBE issues").
  bool profile = false;
  if (e.windows) {
    const auto& ap = e.windows->registry.autopilot;
    if (auto disabled = reg_number(ap.is_autopilot_disabled); disabled && *disabled == 1) {
      add_evidence(f, ap.is_autopilot_disabled.exists.source, "IsAutopilotDisabled", "1");
      return conclude(std::move(f), Status::Fail,
                      "IsAutopilotDisabled is 1: the device is not registered with Windows Autopilot, or Windows could "
                      "not download its profile (network, firewall, time-out).");
    }
    if (ap.key_present.value && *ap.key_present.value) {
      add_evidence(f, ap.cloud_assigned_tenant_id.exists.source.empty() ? ap.key_present.source
                                                                        : ap.cloud_assigned_tenant_id.exists.source,
                   "CloudAssignedTenantId", reg_text(ap.cloud_assigned_tenant_id));
      if (ap.cloud_assigned_tenant_id.exists.value && blank(ap.cloud_assigned_tenant_id.text))
        return conclude(std::move(f), Status::Fail,
                        "CloudAssignedTenantId is blank: the device is not registered with Windows Autopilot.");
      profile = !blank(ap.cloud_assigned_tenant_id.text);
      if (reg_present(ap.deployment_profile_name))
        add_evidence(f, ap.deployment_profile_name.exists.source, "DeploymentProfileName",
                     reg_text(ap.deployment_profile_name));
    }
    const auto& z = e.windows->ztd_file;
    if (z.tenant_id.value && !trim(*z.tenant_id.value).empty()) {
      add_evidence(f, z.tenant_id.source, "AutopilotDDSZTDFile.json CloudAssignedTenantId", *z.tenant_id.value);
      profile = true;
    }
    if (z.profile_name.value) add_evidence(f, z.profile_name.source, "DeploymentProfileName", *z.profile_name.value);
    if (profile) {
      std::string mode;
      auto attests = profile_attests(f, *e.windows, mode);
      if (attests && !*attests)
        return conclude(std::move(f), Status::Warn,
                        "The device has an Autopilot profile, but a " + mode +
                            " one: Windows attests the TPM only for self-deploying and pre-provisioning deployments.");
      return conclude(std::move(f), Status::Pass,
                      attests ? "The device is registered and its Autopilot profile is " + mode + "."
                              : "The device is registered with an Autopilot profile (its deployment mode is not in the "
                                "inputs).");
    }
  }
  // 4. The event log: the profile state, or the TPM step itself having run.
  for (const auto& t : ctx.timeline) {
    const auto to = t.details.find("to_state");
    if (t.rule == f.id && to != t.details.end() && to->second == "ProfileState_Available") {
      add_evidence(f, entry_source(t), entry_fact(t), t.summary);
      return conclude(std::move(f), Status::Pass, "Windows reported its Autopilot profile available (event 153).");
    }
  }
  for (const auto& t : ctx.timeline) {
    if (t.role == "aik_start" || t.role == "attestation_attempt" || t.role == "identity_confirmed" ||
        t.role == "identity_failed") {
      add_evidence(f, entry_source(t), entry_fact(t), t.summary,
                   "OOBE runs the TPM step only for a self-deploying or pre-provisioning profile");
      return conclude(std::move(f), Status::Pass,
                      "Implied by the event log: Windows ran Autopilot's TPM attestation step, which needs a "
                      "self-deploying or pre-provisioning profile.");
    }
  }
  if (e.windows && e.windows->registry.autopilot.key_present.value && !*e.windows->registry.autopilot.key_present.value) {
    add_evidence(f, e.windows->registry.autopilot.key_present.source, "HKLM\\SOFTWARE\\Microsoft\\Provisioning\\"
                                                                     "Diagnostics\\Autopilot", "absent");
    return conclude(std::move(f), Status::Unknown,
                    "Windows has no Autopilot profile record (the key is absent): it never received a profile, or "
                    "never asked for one.");
  }
  return conclude(std::move(f), Status::NotApplicable,
                  "No Autopilot registration evidence (HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot, "
                  "AutopilotDDSZTDFile.json, Autopilot events).");
}

namespace {

/// The CSV(s) by name: "AutopilotHWID.csv", or "a.csv and b.csv" (files of one run are few).
std::string csv_names(const HardwareHashCsvEvidence& csv) {
  if (csv.files.empty()) return "the hardware-hash CSV";
  if (csv.files.size() == 1) return csv.files.front();
  std::vector<std::string> head(csv.files.begin(), csv.files.end() - 1);
  return join(head, ", ") + " and " + csv.files.back();
}

/// The serial numbers of the rows, the first few by name: "5CG1, 5CG2 and 12 more".
std::string row_serials(const HardwareHashCsvEvidence& csv) {
  constexpr std::size_t kNamed = 5;
  std::vector<std::string> named;
  for (std::size_t i = 0; i < csv.rows.size() && i < kNamed; ++i) named.push_back(csv.rows[i].serial);
  std::string out = join(named, ", ");
  if (csv.rows.size() > kNamed) out += " and " + std::to_string(csv.rows.size() - kNamed) + " more";
  return out;
}

std::string hash_summary(const HardwareHashRow& r) {
  if (r.hash_length == 0) return "no hardware hash in the row";
  return "hardware hash of " + std::to_string(r.hash_length) + " characters, SHA-256 " + r.hash_sha256;
}

}  // namespace

// Microsoft: the 4K hardware hash includes the SMBIOS serial number and the TPM's EKPub among its
// inputs; after a motherboard or TPM swap the service answers SerialNumberMismatch (908) and the
// device must be registered again with a hash collected on it (facts/windows.md §18). The hash's
// layout is not public: only the serial number column is compared, never the hash.
Finding check_autopilot_hardware_hash_matches(Finding f, const Evidence& e, const RuleContext&) {
  // Most evidence has no CSV (fleet ingests thousands of bundles): decided at once.
  if (!e.hardware_hash_csv)
    return conclude(std::move(f), Status::NotApplicable, "No Autopilot hardware-hash CSV among the inputs.");
  const auto& csv = *e.hardware_hash_csv;
  if (csv.rows.empty())  // the reader refuses such a file; a bundle written by hand may have one
    return conclude(std::move(f), Status::NotApplicable, "The Autopilot hardware-hash CSV has no device rows.");
  const std::string names = csv_names(csv);
  const auto& serial = e.device.serial;
  const std::string_view device = serial.value ? trim(*serial.value) : std::string_view();
  // Offline evidence names no source for the serial it does not have: the evidence's own field.
  const std::string serial_source = serial.source.empty() ? "evidence:device.serial" : serial.source;
  if (device.empty()) {
    add_evidence(f, serial_source, "device serial number",
                 serial.value ? "blank" : "not in the evidence (" + serial.unknown_reason.value_or("not read") + ")");
    add_evidence(f, csv.rows.front().source, "Device Serial Number", row_serials(csv));
    return conclude(std::move(f), Status::Unknown,
                    std::string(serial.value ? "This device reports a blank serial number"
                                             : "This device's serial number is not in the evidence") +
                        ", so " + names + " (serial numbers " + row_serials(csv) +
                        ") cannot be matched with it. tpmready reads it on Linux as root (SMBIOS); on the device, "
                        "(Get-CimInstance Win32_BIOS).SerialNumber shows the one Get-WindowsAutopilotInfo writes: "
                        "look for it in the CSV's Device Serial Number column.");
  }
  add_evidence(f, serial_source, "device serial number", std::string(device));
  std::vector<const HardwareHashRow*> matches;
  for (const auto& r : csv.rows)
    if (iequals(trim(r.serial), device)) matches.push_back(&r);
  if (matches.empty()) {
    constexpr std::size_t kShown = 5;
    for (std::size_t i = 0; i < csv.rows.size() && i < kShown; ++i)
      add_evidence(f, csv.rows[i].source, "Device Serial Number", csv.rows[i].serial);
    const std::string has = csv.rows.size() == 1 ? "the CSV has " : "its " + std::to_string(csv.rows.size()) + " rows have ";
    return conclude(std::move(f), Status::Fail,
                    "The hardware hash in " + names + " is not for this device's serial number " + std::string(device) +
                        " (" + has + row_serials(csv) +
                        "). After a motherboard replacement the SMBIOS serial number changes unless the repairer "
                        "writes the old one back, and Autopilot then refuses the device with SerialNumberMismatch "
                        "(908): its registration no longer matches the hardware.");
  }
  for (const auto* r : matches) add_evidence(f, r->source, "Device Serial Number", r->serial + " (" + hash_summary(*r) + ")");
  std::string where = matches.front()->source;
  if (where.rfind("file:", 0) == 0) where.erase(0, 5);
  return conclude(std::move(f), Status::Unknown,
                  "The hardware hash at " + where + " is for this device's serial number " + std::string(device) +
                      ", but whether it was taken with this TPM cannot be seen: the hash includes the TPM's "
                      "endorsement key (EKPub), which a TPM or motherboard swap changes even when the serial number is "
                      "written back, and its layout is not public. To check, decode it with the Windows ADK "
                      "(oa3tool.exe /DecodeHwHash=<Hardware Hash>) and compare its TPM fields with a hash collected on "
                      "the device now (Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv), or import that new hash "
                      "in Intune.");
}

namespace {

/// An Autopilot TPM attestation attempt, or its result (autopilotdiag.dll events, §A.1).
bool attestation_event(const TimelineEntry& t) {
  return t.role == "aik_start" || t.role == "attestation_attempt" || t.role == "aik_result" ||
         t.role == "identity_failed" || t.role == "identity_confirmed" || t.role == "attempts_exhausted";
}

/// The attempt's outcome after `from` (timeline order): "failure", "success" or "" (none).
std::string outcome_after(const std::vector<TimelineEntry>& tl, std::size_t from) {
  std::string out;
  for (std::size_t i = from + 1; i < tl.size(); ++i) {
    const auto& t = tl[i];
    if (t.role == "identity_confirmed") out = "success";
    if (t.role == "identity_failed" || t.role == "attempts_exhausted") out = "failure";
    if (t.role == "aik_result" && !t.code.empty()) out = timeline::is_failure_code(t.code) ? "failure" : "success";
  }
  return out;
}

}  // namespace

Finding check_attestation_not_retried_after_reset(Finding f, const Evidence&, const RuleContext& ctx) {
  // Microsoft's known issue: when ESP fails during pre-provisioning and the Reset button is used,
  // TPM attestation may fail on the retry (MS-KI, facts/field-2026-12.md §C.16). Windows' own trace
  // of it: an attestation attempt, TPM-WMI 519 "The TPM has been cleared" (§A.2), then the retry.
  const auto& tl = ctx.timeline;
  bool attempted = false, whiteglove = false;
  const TimelineEntry* whiteglove_entry = nullptr;
  for (std::size_t i = 0; i < tl.size(); ++i) {
    const auto& t = tl[i];
    if (t.role == "tpm_required_whiteglove") {
      whiteglove = true;
      whiteglove_entry = &t;
    }
    if (attestation_event(t)) attempted = true;
    if (t.role != "tpm_cleared" || !attempted) continue;
    const std::string retry = outcome_after(tl, i);
    if (retry.empty()) continue;  // no retry after this clear (yet)
    const auto reason = t.details.find("reason");
    add_evidence(f, entry_source(t), entry_fact(t),
                 t.summary + (reason == t.details.end() ? "" : " (reason: " + reason->second + ")"));
    if (whiteglove_entry) add_evidence(f, entry_source(*whiteglove_entry), entry_fact(*whiteglove_entry), whiteglove_entry->summary);
    if (retry == "success")
      return conclude(std::move(f), Status::Pass, "The TPM was cleared between attempts, and the retry's attestation succeeded.");
    if (!whiteglove)
      return conclude(std::move(f), Status::Warn,
                      "The TPM was cleared (TPM-WMI 519) between an attestation attempt and a retry that failed; the "
                      "logs do not show whether this was a pre-provisioning Reset (Microsoft's known issue).");
    return conclude(std::move(f), Status::Fail,
                    "Pre-provisioning was retried after the TPM was cleared (TPM-WMI 519 between the attempts, as a Reset "
                    "of a failed pre-provisioning does), and the retry's attestation failed: Microsoft lists this as a "
                    "known issue.");
  }
  return conclude(std::move(f), Status::NotApplicable,
                  attempted ? "No TPM clear between attestation attempts in the event logs."
                            : "No attestation attempts in the event logs.");
}

}  // namespace tpmready::rules
