#include "rules/catalogue.h"

namespace tpmready::rules {
namespace {

// Sources: docs/facts/windows.md (§ numbers below), docs/facts/tcg.md, and the two field
// reports (seed 000: EULA → Tpm-Maintenance → TaskStates; seed 003: RSA-3072/SHA-384 EK).
std::vector<RuleInfo> make_catalogue() {
  return {
      {"tpm.present", "A TPM is present and answers", Scope::Tpm, {},
       {"-TPM Present: False", "", std::nullopt, {"0x8028400F"}},
       "Enable the TPM (discrete TPM, Intel PTT or AMD fTPM) in the firmware setup, then boot Windows again.",
       std::nullopt, "windows.md §7 (TBS_E_TPM_NOT_FOUND), §8"},
      {"tpm.version_2_0", "The TPM is a TPM 2.0", Scope::Tpm, {"tpm.present"},
       {"-TPM Version: 1.2", "", std::nullopt, {"0x801C03EA", "0x800705B4"}},
       "Autopilot TPM attestation needs TPM 2.0: switch the TPM to 2.0 mode if the firmware offers it, or use "
       "hardware with a TPM 2.0.",
       std::nullopt, "windows.md §0, §3 (self-deploying error table), §4 (SpecVersion)"},
      {"tpm.enabled", "The TPM's endorsement and storage hierarchies are enabled", Scope::Tpm, {"tpm.present"},
       {"", "INFORMATION_TPM_ACTIVATE", 0x00000020u, {}},
       "Enable and activate the TPM in the firmware setup (a disabled endorsement hierarchy blocks the EK).",
       std::nullopt, "tcg.md §2 (TPMA_STARTUP_CLEAR ehEnable must be 1); windows.md §4.1"},
      {"tpm.not_virtual", "The TPM is a physical TPM, not a virtual or software TPM", Scope::Tpm, {"tpm.present"},
       {"-TPM Manufacturer ID: MSFT", "", std::nullopt, {"0x800705B4", "0x81039001"}},
       "Autopilot pre-provisioning and self-deploying mode are not supported on virtual machines, and the "
       "attestation service blocks virtual TPMs: use physical hardware.",
       std::nullopt, "windows.md §3 (VMs), §8 (MSFT = Hyper-V vTPM); seed 000 (reader comment)"},
      {"tpm.firmware_not_vulnerable", "The TPM firmware has no known vulnerability", Scope::Tpm, {"tpm.present"},
       {"-TPM Has Vulnerable Firmware: True", "", std::nullopt, {"0x81039024"}},
       "Update the TPM firmware from the device manufacturer. After an Infineon firmware update the TPM must be "
       "cleared so its keys are regenerated with the fixed firmware.",
       std::nullopt, "windows.md §1 (reason bit 4), §3 (0x81039024), §14 (Infineon ROCA ranges)"},
      {"tpm.not_locked_out", "The TPM is not in dictionary-attack lockout", Scope::Tpm, {"tpm.present"},
       {"-Is Locked Out: True", "", std::nullopt, {"0x8028008E"}},
       "Wait for the TPM's lockout recovery time (it heals while powered on), or have an administrator reset the "
       "lockout (Win32_Tpm ResetAuthLockOut).",
       std::nullopt, "tcg.md §2 (TPMA_PERMANENT inLockout, TPM_PT_LOCKOUT_*); windows.md §4, §8"},
      {"tpm.owned", "Windows has provisioned the TPM (Ready For Storage: owned, storage root key)", Scope::Windows,
       {"tpm.present", "tpm.version_2_0"},
       {"-Ready For Storage: False", "", std::nullopt, {}},
       "Let Windows provision the TPM: run the Tpm-Maintenance task (tpmready fix). If another OS owns the TPM, "
       "clear it (Clear-Tpm) and reboot so Windows re-provisions it and creates a new storage root key.",
       "run_tpm_maintenance", "windows.md §0, §1 (IsReadyForStorage), §4.2 (Clear-Tpm); seed 000 §12"},
      {"ek.present", "An endorsement key (EK) exists", Scope::Tpm, {"tpm.present"},
       {"", "INFORMATION_TPM_CREATE_EK", 0x00000080u, {}},
       "Windows creates and persists the EK at 0x81010001 when it provisions the TPM (Tpm-Maintenance).",
       "run_tpm_maintenance", "tcg.md §3.2, §3.4; seed 003 (Windows persists the EK at 0x81010001)"},
      {"ek.cert.present", "An EK certificate is available", Scope::Tpm, {"tpm.present"},
       {"-Information Flags Description: INFORMATION_EK_CERTIFICATE", "INFORMATION_EK_CERTIFICATE", 0x00040000u,
        {"0x81039001"}},
       "Discrete TPMs carry the EK certificate in NV from the factory: if it is missing, the OEM must provision it. "
       "Firmware TPMs (Intel PTT, AMD fTPM) fetch it online: allow https://ekop.intel.com/ekcertservice and "
       "https://ftpm.amd.com/pki/aia.",
       std::nullopt, "tcg.md §3.1, §4; windows.md §6"},
      {"ek.cert.matches_ek", "The EK certificate certifies the EK Windows uses", Scope::Tpm,
       {"ek.present", "ek.cert.present"},
       {"", "", std::nullopt, {"0x81039001"}},
       "The certificate's public key is not the EK at 0x81010001: the persisted EK is not the certified one (EK "
       "re-created with another template, or a wrong certificate provisioned). Contact the OEM.",
       std::nullopt, "tcg.md §3.3, §3.5 (matching EK cert to EK public key)"},
      {"ek.cert.service_compatible", "The EK certificate is one Microsoft's attestation service accepts",
       Scope::Service, {"ek.cert.present"},
       {"certreq -enrollaik: \"failure in EncryptSecret HTTP 400 Bad Request 0x80190190\"", "", std::nullopt,
        {"0x80190190", "0x81039001"}},
       "The attestation service rejects an RSA-3072 EK certificate signed with SHA-384 (HTTP 400 at EncryptSecret, "
       "then Autopilot 0x81039001). Ask the OEM for the firmware/TPM update that provisions a low-range RSA-2048 EK "
       "certificate (NV 0x01C00002).",
       std::nullopt, "seed 003; windows.md §11; tcg.md §4 (RSA-3072 / SHA-384 Autopilot issue)"},
      // A wrong clock is a network-side fault: the device is not defective, it did not sync its
      // time (time.windows.com over the network, facts/windows.md §3) and the fix is a resync, not
      // an OEM or device repair. It is a parent of ek.cert.valid_dates: a clock behind the
      // certificate's notBefore makes a valid certificate look "not yet valid", and the wrong clock
      // is then the root cause.
      {"clock.sane", "The system clock is right", Scope::Service, {},
       {"", "", std::nullopt, {"0x81039001"}},
       "Connect the network and resync the clock in OOBE: w32tm /resync /force (time.windows.com).",
       std::nullopt, "windows.md §3 (clock skew); seed 000 §13", FaultSide::Network},
      {"ek.cert.valid_dates", "The EK certificate is within its validity period", Scope::Service, {"ek.cert.present", "clock.sane"},
       {"", "", std::nullopt, {}},
       "Check the system clock first (clock.sane). If the clock is right, the certificate has expired or is not yet "
       "valid: the OEM must re-issue it.",
       std::nullopt, "RFC 5280 §4.1.2.5 (validity); tcg.md §3.5"},
      {"ek.cert.chain", "The EK certificate chains to a TPM vendor root", Scope::Service, {"ek.cert.present"},
       {"certreq -enrollaik: \"GetCACaps: Not Found\"", "", std::nullopt, {"0x80190194"}},
       "The chain does not build to a TPM vendor root the attestation service trusts: fetch the missing "
       "intermediate from the certificate's AIA URL, or check Microsoft's TrustedTpm.cab for the vendor.",
       std::nullopt, "windows.md §13 (TrustedTpm.cab), §6; tcg.md §4 (vendor CA chains)"},
      {"eventlog.present", "Windows can read the measured-boot (TCG) log", Scope::Tpm, {"tpm.present"},
       {"-Information Flags Description: INFORMATION_TCG_EVENT_LOG", "INFORMATION_TCG_EVENT_LOG", 0x00080000u,
        {"0x80284011"}},
       "Measured boot needs UEFI boot with the TPM enabled. Windows keeps the current boot's log in "
       "HKLM\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices (WBCL) and C:\\Windows\\Logs\\MeasuredBoot: "
       "reboot, and check the firmware's TPM settings.",
       std::nullopt, "windows.md §0, §1 (reason bit 0), §7 (TBS_E_NO_EVENT_LOG), §10"},
      {"eventlog.replay_matches", "The boot log replays to the TPM's PCR values", Scope::Service,
       {"eventlog.present"},
       {"", "", std::nullopt, {}},
       "The attestation service checks the log against the PCRs: a log that does not replay points to a firmware "
       "bug (update the firmware) or tampering.",
       std::nullopt, "tcg.md §5.4 (PCR replay)"},
      {"win.eula_accepted", "The Windows EULA is recorded as accepted (SetupDisplayedEula = 1)", Scope::Windows, {},
       {"-Maintenance Task Complete: False", "", std::nullopt, {"0x81039001"}},
       "Set HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE SetupDisplayedEula = 1 (REG_DWORD) "
       "(tpmready fix --apply does it). For images (e.g. OSDCloud), add AcceptEula to the unattend WindowsPE pass.",
       "set_setup_displayed_eula", "windows.md §0, §2.1; seed 000 §5-§7"},
      {"win.maintenance_task_ran", "The Tpm-Maintenance task has run successfully", Scope::Windows,
       {"win.eula_accepted"},
       {"-Maintenance Task Complete: False", "", std::nullopt, {"0x00041303"}},
       "Run \\Microsoft\\Windows\\TPM\\Tpm-Maintenance (tpmready fix --apply starts it and waits for its result).",
       "run_tpm_maintenance", "windows.md §5; seed 000 §4-§5"},
      {"win.taskstates.ek_certificate_present", "TaskStates records the EK certificate (EkCertificatePresent)",
       Scope::Windows, {"win.maintenance_task_ran", "ek.cert.present"},
       {"-Information Flags Description: INFORMATION_EK_CERTIFICATE", "INFORMATION_EK_CERTIFICATE", 0x00040000u,
        {"0x81039001"}},
       "The value is written only by a successful Tpm-Maintenance run: fix its cause, then run the task.",
       "run_tpm_maintenance", "windows.md §0, §1 (reason bit 1), §2.2 (TaskStates); seed 000 §8"},
      // The network path and the service: facts/windows.md §6 (endpoints), §9 (codes), and the
      // timeline's event codes (data/windows_events.json).
      {"network.endpoints_reachable", "The attestation endpoints are reachable from the device", Scope::Service, {},
       {"", "", std::nullopt, {"0x80072EE7", "0x80072EE2"}},
       "Let the device reach the attestation endpoints over HTTPS (ports 80/443): *.microsoftaik.azure.net (AIK CA), "
       "the firmware-TPM EK certificate services (https://ekop.intel.com/ekcertservice, "
       "https://ekcert.spserv.microsoft.com/EKCertificate/GetEKCertificate/v1, https://ftpm.amd.com/pki/aia) and the "
       "Autopilot service (https://ztd.dds.microsoft.com, https://cs.dds.microsoft.com, https://login.live.com): check "
       "DNS, the firewall and the proxy.",
       std::nullopt, "windows.md §6 (AP-NET), §9 (0x80072EE7, 0x80072EE2)", FaultSide::Network},
      {"network.tls_not_intercepted", "No proxy intercepts TLS to the attestation endpoints", Scope::Service, {},
       {"", "", std::nullopt, {}},
       "Exempt the attestation endpoints (*.microsoftaik.azure.net, the EK certificate services, "
       "ztd.dds.microsoft.com) from TLS inspection on the proxy, so the device talks to the services directly.",
       std::nullopt, "windows.md §6 (endpoints); issue 7 (proxy/TLS interception)", FaultSide::Network},
      {"service.aik_responded", "Microsoft's attestation service answered (no timeouts, no HTTP 5xx)", Scope::Service,
       {"network.endpoints_reachable", "network.tls_not_intercepted"},
       {"", "", std::nullopt, {"0x81039023", "0x800705B4"}},
       "Retry later: the service timed out or failed while the device met every requirement tpmready checks (Autopilot "
       "documents 0x81039001 as intermittent: a later attempt may succeed). For 0x81039023 on Windows 11 21H2, install "
       "the May 2022 update KB5013943 or later.",
       std::nullopt, "windows.md §3 (AP-KI: 0x81039001, 0x81039023, 0x800705B4), §9", FaultSide::Service},
      {"win.ready_for_attestation", "Windows reports the TPM ready for attestation", Scope::Windows,
       {"win.taskstates.ek_certificate_present", "eventlog.present", "tpm.firmware_not_vulnerable", "tpm.owned"},
       {"-Ready For Attestation: False", "", std::nullopt, {"0x81039001"}},
       "Fix the failing requirement this symptom follows from (see the root cause).",
       std::nullopt, "windows.md §1 (IsReadyForAttestation), §8"},
      {"attestation.service_accepts", "Microsoft's attestation service is predicted to accept this device",
       Scope::Service,
       {"tpm.not_virtual", "ek.cert.service_compatible", "ek.cert.chain", "ek.cert.valid_dates", "ek.cert.matches_ek",
        "eventlog.replay_matches", "clock.sane"},
       {"AIK enrollment fails at Microsoft's service", "", std::nullopt, {"0x81039001"}},
       "Fix the failing requirement this prediction follows from (see the root cause).",
       std::nullopt, "windows.md §1 (what IsReadyForAttestation does not check), §11; seed 003"},
      {"attestation.aik_enrolled", "Windows' AIK certificate enrolment succeeded (Autopilot event log)", Scope::Service,
       {"win.ready_for_attestation", "attestation.service_accepts", "service.aik_responded"},
       {"Autopilot \"Securing your hardware\" fails", "", std::nullopt, {"0x81039001"}},
       "Fix the requirement this follows from (see the root cause). If nothing else fails, collect the logs "
       "(MdmDiagnosticsTool -area Autopilot;TPM -cab) and test an AIK enrolment with certreq -enrollaik -config \"\" "
       "(cmd.exe, elevated).",
       std::nullopt, "windows.md §12.4 (Autopilot events 250/251/169, UNVERIFIED IDs), §12.1, §3", FaultSide::Outcome},
  };
}

}  // namespace

std::string_view fault_side_name(FaultSide s) {
  switch (s) {
    case FaultSide::Device: return "device";
    case FaultSide::Service: return "service";
    case FaultSide::Network: return "network";
    case FaultSide::Outcome: return "unknown";
  }
  return "unknown";
}

const std::vector<RuleInfo>& catalogue() {
  static const std::vector<RuleInfo> rules = make_catalogue();
  return rules;
}

const RuleInfo* find_rule(std::string_view id) {
  for (const auto& r : catalogue())
    if (r.id == id) return &r;
  return nullptr;
}

std::vector<std::string_view> children_of(std::string_view id) {
  std::vector<std::string_view> out;
  for (const auto& r : catalogue())
    for (auto p : r.parents)
      if (p == id) out.push_back(r.id);
  return out;
}

}  // namespace tpmready::rules
