#include "rules/table.h"

#include <unordered_map>

#include "rules/checks.h"

namespace tpmready::rules {
namespace {

// Sources: docs/facts/windows.md (§ numbers below), docs/facts/tcg.md, and the two field
// reports (seed 000: EULA → Tpm-Maintenance → TaskStates; seed 003: RSA-3072/SHA-384 EK).
std::vector<Rule> make_table() {
  return {
      {.id = "tpm.present",
       .title = "A TPM is present and answers",
       .failure_title = "No TPM answers: Windows has no TPM to attest with",
       .scope = Scope::Tpm,
       .symptom = {"-TPM Present: False", "", std::nullopt, {"0x8028400F"}},
       .fix = "Enable the TPM (discrete TPM, Intel PTT or AMD fTPM) in the firmware setup, then boot Windows again.",
       .source = "windows.md §7 (TBS_E_TPM_NOT_FOUND), §8",
       .check = check_tpm_present,
       .verify = "tpmtool getdeviceinformation",
       .flows = {kFlowAttestation, kFlowAssociation}},
      // A TPM in failure mode answers only TPM2_GetTestResult and part of GetCapability until it
      // is reset (facts/tcg.md §1.4), so Windows cannot provision it (a parent of tpm.owned).
      {.id = "tpm.not_in_failure_mode",
       .title = "The TPM is not in failure mode",
       .failure_title = "The TPM is in failure mode: it refuses commands until it is reset",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"", "", std::nullopt, {"0x80090030"}},
       .fix = "Restart the device: a TPM leaves failure mode only when it is reset. If it fails again, update the "
              "TPM or system firmware from the device manufacturer and give them the System log's TPM event 27 (its "
              "data says where the TPM failed).",
       .source = "tcg.md §1.4 (TPM2_GetTestResult, failure mode); field-2026-12.md §A.3 (tpm.sys 12, 14, 15, 27), "
                 "§C.18",
       .check = check_tpm_not_in_failure_mode,
       .verify = "tpmready check",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "Only the TPM (TPM2_GetTestResult) or the System log (TPM events 14, 15, 27) shows failure mode; "
                     "these inputs have neither.",
       // Device association needs a TPM "in a good state" (facts/windows.md §17).
       .flows = {kFlowAttestation, kFlowAssociation}},
      {.id = "tpm.version_2_0",
       .title = "The TPM is a TPM 2.0",
       .failure_title = "The TPM is not a TPM 2.0",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"-TPM Version: 1.2", "", std::nullopt, {"0x801C03EA", "0x800705B4"}},
       .fix = "Autopilot TPM attestation needs TPM 2.0: switch the TPM to 2.0 mode if the firmware offers it, or use "
              "hardware with a TPM 2.0.",
       .source = "windows.md §0, §3 (self-deploying error table), §4 (SpecVersion)",
       .check = check_tpm_version,
       .verify = "tpmtool getdeviceinformation",
       .flows = {kFlowAttestation, kFlowAssociation}},
      {.id = "tpm.enabled",
       .title = "The TPM's endorsement and storage hierarchies are enabled",
       .failure_title = "The TPM is disabled or deactivated: a hierarchy Windows needs is off",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"", "INFORMATION_TPM_ACTIVATE", 0x00000020u, {}},
       .fix = "Enable and activate the TPM in the firmware setup (a disabled endorsement hierarchy blocks the EK).",
       .source = "tcg.md §2 (TPMA_STARTUP_CLEAR ehEnable must be 1); windows.md §4.1",
       .check = check_tpm_enabled,
       .verify = "tpmtool getdeviceinformation",
       .flows = {kFlowAttestation, kFlowAssociation}},
      {.id = "tpm.not_virtual",
       .title = "The TPM is a physical TPM, not a virtual or software TPM",
       .failure_title = "The TPM is virtual or software: the attestation service does not accept it",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"-TPM Manufacturer ID: MSFT", "", std::nullopt, {"0x800705B4", "0x81039001"}},
       .fix = "Autopilot pre-provisioning and self-deploying mode are not supported on virtual machines, and the "
              "attestation service blocks virtual TPMs: use physical hardware (a physical device whose TPM is Microsoft "
              "Pluton is fine).",
       .source = "windows.md §3 (VMs), §8, §16 (MSFT: Hyper-V vTPM or Pluton); seed 000 (reader comment)",
       .check = check_tpm_not_virtual,
       .verify = "reg query \"HKLM\\HARDWARE\\DESCRIPTION\\System\\BIOS\"",
       .flows = {kFlowAttestation, kFlowAssociation}},
      {.id = "tpm.firmware_not_vulnerable",
       .title = "The TPM firmware has no known vulnerability",
       .failure_title = "The TPM firmware has a known vulnerability",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"-TPM Has Vulnerable Firmware: True", "", std::nullopt, {"0x81039024"}},
       .fix = "Update the TPM firmware from the device manufacturer. After an Infineon firmware update the TPM must be "
              "cleared so its keys are regenerated with the fixed firmware.",
       .source = "windows.md §1 (reason bit 4), §3 (0x81039024), §14 (Infineon ROCA ranges)",
       .check = check_tpm_firmware_not_vulnerable,
       .verify = "tpmtool getdeviceinformation"},
      // Known attestation failures of particular firmware releases (data/known_issues.json):
      // a root cause of its own, which Windows' readiness answer does not check.
      {.id = "tpm.firmware_known_issue",
       .title = "The TPM firmware release has no known attestation issue",
       .failure_title = "This TPM firmware release is known to fail Autopilot TPM attestation",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"", "", std::nullopt, {"0x80070490", "0x800705B4"}},
       .fix = "Update the TPM firmware (a BIOS/UEFI or TPM firmware update from the device maker) to a release without "
              "the known issue.",
       .source = "field-2026-12.md §C.5, §C.6; windows.md §3; data/known_issues.json",
       .check = check_tpm_firmware_known_issue,
       .verify = "powershell -NoProfile -Command Get-Tpm",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "The TPM firmware version is not in these inputs (Get-Tpm, tpmtool or the TPM show it), so firmware "
                     "releases known to fail attestation (AMD fTPM 3.*.0.*, Infineon SLB9672 15.22) cannot be ruled out."},
      {.id = "tpm.not_locked_out",
       .title = "The TPM is not in dictionary-attack lockout",
       .failure_title = "The TPM is locked out after too many failed authorizations",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"-Is Locked Out: True", "", std::nullopt, {"0x8028008E"}},
       .fix = "Wait for the TPM's lockout recovery time (it heals while powered on), or have an administrator reset "
              "the lockout (Win32_Tpm ResetAuthLockOut).",
       .source = "tcg.md §2 (TPMA_PERMANENT inLockout, TPM_PT_LOCKOUT_*); windows.md §4, §8",
       .check = check_tpm_not_locked_out,
       .verify = "tpmtool getdeviceinformation",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "The lockout state is not in these inputs (tpmtool, Get-Tpm or the TPM show it); it heals on its "
                     "own while the device is powered on.",
       .flows = {kFlowAttestation, kFlowAssociation}},
      {.id = "tpm.owned",
       .title = "Windows has provisioned the TPM (Ready For Storage: owned, storage root key)",
       .failure_title = "Windows has not provisioned the TPM: not ready for storage",
       .scope = Scope::Windows,
       .parents = {"tpm.present", "tpm.version_2_0", "tpm.not_in_failure_mode"},
       .symptom = {"-Ready For Storage: False", "", std::nullopt, {}},
       .fix = "Let Windows provision the TPM: run the Tpm-Maintenance task. If another OS owns the TPM, clear it "
              "(Clear-Tpm) and reboot so Windows re-provisions it and creates a new storage root key.",
       .fix_action = kActionRunTpmMaintenance,
       .source = "windows.md §0, §1 (IsReadyForStorage), §4.2 (Clear-Tpm); seed 000 §12",
       .check = check_tpm_owned,
       .verify = "tpmtool getdeviceinformation"},
      // Device association only: Microsoft lists it among that flow's TPM requirements (facts/windows.md
      // §17); for attestation no source names it.
      {.id = "tpm.not_reduced_functionality",
       .title = "The TPM is not in reduced functionality mode (Windows holds its owner authorization)",
       .failure_title = "The TPM is in reduced functionality mode: Windows lacks its owner authorization",
       .scope = Scope::Windows,
       .parents = {"tpm.present"},
       .symptom = {"TPM console: \"The TPM is ready for use, with reduced functionality\"", "INFORMATION_TPM_OWNERAUTH",
                   0x00000100u, {}},
       .fix = "Import the TPM's owner authorization if it is known (Import-TpmOwnerAuth); otherwise clear the TPM "
              "(Clear-Tpm) and restart, so that Windows provisions it again and keeps the authorization.",
       .source = "windows.md §17 (device association requirements; reduced functionality), §4.1",
       .check = check_tpm_not_reduced_functionality,
       .verify = "powershell -NoProfile -Command Get-Tpm",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "Only Windows' own provisioning answer shows it (Get-Tpm TpmReady, the TPM console); these inputs "
                     "do not have it.",
       .flows = {kFlowAssociation}},
      {.id = "ek.present",
       .title = "An endorsement key (EK) exists",
       .failure_title = "The TPM has no endorsement key (EK)",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"", "INFORMATION_TPM_CREATE_EK", 0x00000080u, {}},
       .fix = "Windows creates and persists the EK at 0x81010001 when it provisions the TPM (Tpm-Maintenance).",
       .fix_action = kActionRunTpmMaintenance,
       .source = "tcg.md §3.2, §3.4; seed 003 (Windows persists the EK at 0x81010001)",
       .check = check_ek_present,
       .verify = "powershell -NoProfile -Command Get-TpmEndorsementKeyInfo"},
      // Firmware TPMs (Intel PTT, AMD fTPM, Qualcomm) have no EK certificate in NV: Tpm-Maintenance
      // downloads it from the vendor (facts/windows.md §6; field-2026-12.md §C.1). A failed download is
      // why such a TPM has no EK certificate (a parent of ek.cert.present); when Tpm-Maintenance never
      // ran, nothing was tried and the check says so.
      {.id = "ek.cert.downloaded",
       .title = "Windows has the firmware TPM's EK certificate from the vendor's service",
       .failure_title = "Windows could not download the firmware TPM's EK certificate",
       .scope = Scope::Windows,
       .parents = {"tpm.present"},
       .symptom = {"", "INFORMATION_EK_CERTIFICATE", 0x00040000u, {"0x800705B4", "0x81039001"}},
       .fix = "Let the device reach the firmware TPM's EK certificate service over HTTPS (Intel: "
              "https://ekop.intel.com/ekcertservice, AMD: https://ftpm.amd.com/pki/aia, Qualcomm: "
              "https://ekcert.spserv.microsoft.com/EKCertificate/GetEKCertificate/v1) as SYSTEM: exempt them on the "
              "proxy (a proxy that needs user sign-in blocks SYSTEM). Keep the device online 10-15 minutes before "
              "provisioning, then run Tpm-Maintenance again.",
       .fix_action = kActionRunTpmMaintenance,
       .side = FaultSide::Network,
       .source = "windows.md §2.2 (AttestationInfo, Endorsement values), §6 (EK certificate services); "
                 "field-2026-12.md §A.1 (events 208-210), §C.1",
       .check = check_ek_cert_downloaded,
       .verify = "tpmready check --online"},
      {.id = "ek.cert.present",
       .title = "An EK certificate is available",
       .failure_title = "No EK certificate is available for the TPM",
       .scope = Scope::Tpm,
       .parents = {"tpm.present", "ek.cert.downloaded"},
       .symptom = {"-Information Flags Description: INFORMATION_EK_CERTIFICATE", "INFORMATION_EK_CERTIFICATE",
                   0x00040000u, {"0x81039001"}},
       .fix = "Discrete TPMs carry the EK certificate in NV from the factory: if it is missing, the OEM must provision "
              "it. Firmware TPMs (Intel PTT, AMD fTPM) fetch it online: allow https://ekop.intel.com/ekcertservice and "
              "https://ftpm.amd.com/pki/aia.",
       .source = "tcg.md §3.1, §4; windows.md §6",
       .check = check_ek_cert_present,
       .verify = "powershell -NoProfile -Command Get-TpmEndorsementKeyInfo"},
      {.id = "ek.cert.matches_ek",
       .title = "The EK certificate certifies the EK Windows uses",
       .failure_title = "The EK certificate does not certify the EK Windows uses",
       .scope = Scope::Tpm,
       .parents = {"ek.present", "ek.cert.present"},
       .symptom = {"", "", std::nullopt, {"0x81039001"}},
       .fix = "The certificate's public key is not the EK at 0x81010001: the persisted EK is not the certified one (EK "
              "re-created with another template, or a wrong certificate provisioned). Contact the OEM.",
       .source = "tcg.md §3.3, §3.5 (matching EK cert to EK public key)",
       .check = check_ek_cert_from_analysis,
       .verify = "tpmready ekcert",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "Only the TPM can say whether the certificate's key is its EK: these inputs do not hold the EK "
                     "public key (offline exports carry the certificate, not the key)."},
      {.id = "ek.cert.service_compatible",
       .title = "The EK certificate is one Microsoft's attestation service accepts",
       .failure_title = "The attestation service rejects this EK certificate (RSA-3072 / SHA-384)",
       .scope = Scope::Service,
       .parents = {"ek.cert.present"},
       .symptom = {"certreq -enrollaik: \"failure in EncryptSecret HTTP 400 Bad Request 0x80190190\"", "",
                   std::nullopt, {"0x80190190", "0x81039001"}},
       .fix = "The attestation service rejects an RSA-3072 EK certificate signed with SHA-384 (HTTP 400 at "
              "EncryptSecret, then Autopilot 0x81039001). Ask the OEM for the firmware/TPM update that provisions a "
              "low-range RSA-2048 EK certificate (NV 0x01C00002).",
       .source = "seed 003; windows.md §11; tcg.md §4 (RSA-3072 / SHA-384 Autopilot issue)",
       .check = check_ek_cert_from_analysis,
       .verify = "tpmready ekcert",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "The EK certificate itself is not in these inputs, so its key size and signature (the RSA-3072 / "
                     "SHA-384 rejection) cannot be checked."},
      // A wrong clock is a network-side fault: the device is not defective, it did not sync its
      // time (time.windows.com over the network, facts/windows.md §3) and the fix is a resync, not
      // an OEM or device repair. It is a parent of ek.cert.valid_dates: a clock behind the
      // certificate's notBefore makes a valid certificate look "not yet valid", and the wrong clock
      // is then the root cause.
      {.id = "clock.sane",
       .title = "The system clock is right",
       .failure_title = "The system clock is wrong",
       .scope = Scope::Service,
       .symptom = {"", "", std::nullopt, {"0x81039001"}},
       .fix = "Connect the network and resync the clock in OOBE: w32tm /resync /force (time.windows.com).",
       .side = FaultSide::Network,
       .source = "windows.md §3 (clock skew); seed 000 §13",
       .check = check_clock_sane,
       .verify = "tpmready check",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "These inputs carry no device clock; a clock far off makes the EK certificate look expired or not "
                     "yet valid to the service."},
      {.id = "ek.cert.valid_dates",
       .title = "The EK certificate is within its validity period",
       .failure_title = "The EK certificate is expired or not yet valid",
       .scope = Scope::Service,
       .parents = {"ek.cert.present", "clock.sane"},
       .symptom = {"", "", std::nullopt, {}},
       .fix = "Check the system clock first (clock.sane). If the clock is right, the certificate has expired or is "
              "not yet valid: the OEM must re-issue it.",
       .source = "RFC 5280 §4.1.2.5 (validity); tcg.md §3.5",
       .check = check_ek_cert_from_analysis,
       .verify = "tpmready ekcert",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "The EK certificate itself is not in these inputs, so its validity dates cannot be checked."},
      {.id = "ek.cert.chain",
       .title = "The EK certificate chains to a TPM vendor root",
       .failure_title = "The EK certificate does not chain to a TPM vendor root",
       .scope = Scope::Service,
       .parents = {"ek.cert.present"},
       .symptom = {"certreq -enrollaik: \"GetCACaps: Not Found\"", "", std::nullopt, {"0x80190194"}},
       .fix = "The chain does not build to a TPM vendor root the attestation service trusts: fetch the missing "
              "intermediate from the certificate's AIA URL, or check Microsoft's TrustedTpm.cab for the vendor.",
       .source = "windows.md §13 (TrustedTpm.cab), §6; tcg.md §4 (vendor CA chains)",
       .check = check_ek_cert_from_analysis,
       .verify = "tpmready ekcert",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "The EK certificate (or its chain) is not in these inputs, so whether it chains to a TPM vendor "
                     "root cannot be checked."},
      {.id = "eventlog.present",
       .title = "Windows can read the measured-boot (TCG) log",
       .failure_title = "Windows cannot read the measured-boot (TCG) log",
       .scope = Scope::Tpm,
       .parents = {"tpm.present"},
       .symptom = {"-Information Flags Description: INFORMATION_TCG_EVENT_LOG", "INFORMATION_TCG_EVENT_LOG",
                   0x00080000u, {"0x80284011"}},
       .fix = "Measured boot needs UEFI boot with the TPM enabled. Windows keeps the current boot's log in "
              "HKLM\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices (WBCL) and C:\\Windows\\Logs\\MeasuredBoot: "
              "reboot, and check the firmware's TPM settings.",
       .source = "windows.md §0, §1 (reason bit 0), §7 (TBS_E_NO_EVENT_LOG), §10",
       .check = check_eventlog_present,
       .verify = "tpmtool getdeviceinformation"},
      {.id = "eventlog.replay_matches",
       .title = "The boot log replays to the TPM's PCR values",
       .failure_title = "The boot log does not replay to the TPM's PCR values",
       .scope = Scope::Service,
       .parents = {"eventlog.present"},
       .symptom = {"", "", std::nullopt, {}},
       .fix = "The attestation service checks the log against the PCRs: a log that does not replay points to a "
              "firmware bug (update the firmware) or tampering.",
       .source = "tcg.md §5.4 (PCR replay)",
       .check = check_eventlog_replay_matches,
       .verify = "tpmready eventlog --live",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "Comparing the boot log with the PCRs needs the TPM's PCR values, which only the device has."},
      // Device association only: a Secure Boot toggle or a firmware-settings reset changes the
      // device identity it binds, so the state at pre-association is worth keeping (facts/windows.md
      // §17). Neither state fails it: Microsoft requires none.
      {.id = "secureboot.state_recorded",
       .title = "The Secure Boot state is recorded (changing it changes the device identity)",
       .failure_title = "The Secure Boot state is not recorded",
       .scope = Scope::Tpm,
       .symptom = {"", "", std::nullopt, {}},
       .fix = "Record the Secure Boot state with the device's association (Confirm-SecureBootUEFI, elevated). After "
              "turning Secure Boot on or off, or resetting the firmware settings, export the DeviceLink CSV again "
              "and pre-associate the device again.",
       .source = "windows.md §17 (device identity: Secure Boot toggle, BIOS/UEFI reset); tcg.md §5.7 (SecureBoot "
                 "variable)",
       .check = check_secureboot_state_recorded,
       .verify = "powershell -NoProfile -Command Confirm-SecureBootUEFI",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "The Secure Boot state is not in these inputs (the measured-boot log records it); device "
                     "association binds an identity that changes when Secure Boot is turned on or off.",
       .flows = {kFlowAssociation}},
      {.id = "win.eula_accepted",
       .title = "The Windows EULA is recorded as accepted (" + std::string(kSetupDisplayedEula.value) + " = 1)",
       .failure_title = "SetupDisplayedEula is not set: Windows never recorded the EULA as accepted",
       .scope = Scope::Windows,
       .symptom = {"-Maintenance Task Complete: False", "", std::nullopt, {"0x81039001"}},
       .fix = "Set " + kSetupDisplayedEula.text() +
              " = 1 (REG_DWORD). For images (e.g. OSDCloud), add AcceptEula to the unattend WindowsPE pass.",
       .fix_action = kActionSetSetupDisplayedEula,
       .source = "windows.md §0, §2.1; seed 000 §5-§7",
       .check = check_win_eula_accepted,
       .verify = "reg query \"" + kSetupDisplayedEula.hklm_key() + "\" /v " + std::string(kSetupDisplayedEula.value)},
      {.id = "win.maintenance_task_ran",
       .title = "The Tpm-Maintenance task has run successfully",
       .failure_title = "The Tpm-Maintenance task has not run successfully",
       .scope = Scope::Windows,
       .parents = {"win.eula_accepted"},
       .symptom = {"-Maintenance Task Complete: False", "", std::nullopt, {"0x00041303"}},
       .fix = "Run the scheduled task \\Microsoft\\Windows\\TPM\\Tpm-Maintenance and wait for its result.",
       .fix_action = kActionRunTpmMaintenance,
       .source = "windows.md §5; seed 000 §4-§5",
       .check = check_win_maintenance_task_ran,
       .verify = "schtasks /query /tn \"\\Microsoft\\Windows\\TPM\\Tpm-Maintenance\" /fo list /v"},
      {.id = "win.taskstates.ek_certificate_present",
       .title = "TaskStates records the EK certificate (EkCertificatePresent)",
       .failure_title = "EkCertificatePresent is not set: Windows never recorded the EK certificate",
       .scope = Scope::Windows,
       .parents = {"win.maintenance_task_ran", "ek.cert.present"},
       .symptom = {"-Information Flags Description: INFORMATION_EK_CERTIFICATE", "INFORMATION_EK_CERTIFICATE",
                   0x00040000u, {"0x81039001"}},
       .fix = "The value is written only by a successful Tpm-Maintenance run: fix its cause, then run the task.",
       .fix_action = kActionRunTpmMaintenance,
       .source = "windows.md §0, §1 (reason bit 1), §2.2 (TaskStates); seed 000 §8",
       .check = check_win_taskstates_ek_certificate_present,
       .verify = "reg query \"HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\TaskStates\" /v EkCertificatePresent"},
      // Windows updates that fix attestation failures (data/known_issues.json): the OS build and
      // UBR against each fix, and against fixes for one TPM or CPU where the evidence names it.
      {.id = "os.attestation_fixes_installed",
       .title = "Windows has the updates that fix known TPM attestation failures",
       .failure_title = "Windows lacks an update that fixes TPM attestation",
       .scope = Scope::Windows,
       .symptom = {"", "", std::nullopt, {"0x81039023"}},
       .fix = "Install the latest cumulative update for this Windows version (Settings > Windows Update), then retry.",
       .source = "field-2026-12.md §B (0x81039023), §C.7, §C.8; windows.md §3, §3.1; data/known_issues.json",
       .check = check_os_attestation_fixes_installed,
       .verify = "reg query \"HKLM\\" + std::string(kCurrentVersionKey) + "\"",
       .when_unknown = WhenUnknown::Caveat,
       .caveat_why = "These inputs do not show the Windows build and update revision (CurrentBuild, UBR), or not the "
                     "TPM or CPU a fix is for, so a missing attestation fix (0x81039023, Intel Tiger Lake) cannot be "
                     "ruled out."},
      // The network path and the service: facts/windows.md §6 (endpoints), §9 (codes), and the
      // timeline's event codes (data/windows_events.json).
      {.id = "network.endpoints_reachable",
       .title = "The attestation endpoints are reachable from the device",
       .failure_title = "The device cannot reach the attestation endpoints",
       .scope = Scope::Service,
       .symptom = {"", "", std::nullopt, {"0x80072EE7", "0x80072EE2"}},
       .fix = "Let the device reach the attestation endpoints over HTTPS (ports 80/443): *.microsoftaik.azure.net "
              "(AIK CA), the firmware-TPM EK certificate services (https://ekop.intel.com/ekcertservice, "
              "https://ekcert.spserv.microsoft.com/EKCertificate/GetEKCertificate/v1, https://ftpm.amd.com/pki/aia) "
              "and the Autopilot service (https://ztd.dds.microsoft.com, https://cs.dds.microsoft.com, "
              "https://login.live.com): check DNS, the firewall and the proxy.",
       .side = FaultSide::Network,
       .source = "windows.md §6 (AP-NET), §9 (0x80072EE7, 0x80072EE2)",
       .check = check_network_endpoints_reachable,
       .verify = "tpmready check --online"},
      // A wrong clock also makes TLS validation fail (0x80072F8F: MS-HAADJ names both causes), so
      // clock.sane is a parent: when it fails, it is the root.
      {.id = "network.tls_not_intercepted",
       .title = "No proxy intercepts TLS to the attestation endpoints",
       .failure_title = "TLS to the attestation endpoints fails: a proxy intercepts it, or the clock is wrong",
       .scope = Scope::Service,
       .parents = {"clock.sane"},
       .symptom = {"", "", std::nullopt, {"0x80072F8F"}},
       .fix = "Exempt the attestation endpoints (*.microsoftaik.azure.net, the EK certificate services, "
              "ztd.dds.microsoft.com) from TLS inspection on the proxy, so the device talks to the services directly. "
              "If nothing inspects TLS, the device clock is wrong: w32tm /resync /force.",
       .side = FaultSide::Network,
       .source = "windows.md §6 (endpoints); field-2026-12.md §B (0x80072F8F), §C.2 (AIK CA unreachable or "
                 "intercepted; CertEnroll 86/87), §C.3",
       .check = check_network_tls_not_intercepted,
       .verify = "tpmready check --online"},
      {.id = "service.aik_responded",
       .title = "Microsoft's attestation service answered (no timeouts, no HTTP 5xx)",
       .failure_title = "Microsoft's attestation service timed out or failed",
       .scope = Scope::Service,
       // A firmware TPM without its EK certificate gets no AIK answer in time either: OOBE's 7-minute
       // wait runs out (0x800705B4; field-2026-12.md §A.9, §C.1).
       .parents = {"network.endpoints_reachable", "network.tls_not_intercepted", "ek.cert.downloaded"},
       .symptom = {"", "", std::nullopt, {"0x800705B4", "0x80190190"}},
       .fix = "The service timed out, failed or refused the device's EK certificate chain while the device meets "
              "every requirement tpmready checks; a later attempt may succeed (Autopilot documents 0x81039001 as "
              "intermittent). If it persists, open a Microsoft support case with the service's answer (CertEnroll "
              "event 86/87 in the Application log).",
       .side = FaultSide::Service,
       .source = "windows.md §3 (AP-KI: 0x81039001, 0x800705B4), §9; field-2026-12.md §A.9, §B, §C.11, §C.12",
       .check = check_service_aik_responded,
       .verify = "certreq -enrollaik -config \"\""},
      // The registration an admin made with a hardware-hash CSV, against this device: Microsoft names
      // the SMBIOS serial number and the TPM's EKPub among the hash's inputs and answers a hardware
      // change with SerialNumberMismatch (908) until the device is registered again (facts/windows.md
      // §18). Only the serial number can be compared (the hash's layout is not public), so a match
      // stays unknown. A parent of autopilot.profile_assigned: a registration for other hardware is
      // why the service has no profile for this device. Attestation only: device association binds
      // the device from its own DeviceLink CSV, not from a hardware hash (windows.md §17).
      {.id = "autopilot.hardware_hash_matches",
       .title = "The Autopilot hardware hash given was collected on this device",
       .failure_title = "The registered Autopilot hardware hash is for another device: the serial numbers differ",
       .scope = Scope::Service,
       .symptom = {"Intune: \"Fix pending\" or \"Attention required\" (a hardware change)", "", std::nullopt, {}},
       .fix = "Collect the hash again on this device (elevated PowerShell: Install-Script -Name "
              "Get-WindowsAutopilotInfo, then Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv), delete the "
              "device's old record from the Windows Autopilot devices in Intune, import the new CSV there, and start "
              "OOBE again.",
       .side = FaultSide::Configuration,
       .source = "windows.md §18 (hardware-hash CSV; motherboard replacement: SmbiosSystemSerialNumber, TPM EKPub, "
                 "re-register); field-2026-12.md §A.1 (908 SerialNumberMismatch), §C.15",
       .check = check_autopilot_hardware_hash_matches,
       .verify = "Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv",
       .when_unknown = WhenUnknown::InputCaveat,
       .caveat_why = "The hash includes the TPM's endorsement key and its layout is not public, so these inputs cannot "
                     "show that the registered hash was taken with this TPM (decode it with the Windows ADK's oa3tool "
                     "/DecodeHwHash and compare), nor match its serial number without the device's."},
      // The TPM step of OOBE runs only for a self-deploying or pre-provisioning profile (CXH,
      // facts/field-2026-12.md §A.9): without a registration and such a profile there is no
      // attestation to be ready for. IsAutopilotDisabled = 1 can also mean the profile download
      // failed on the network (facts/windows.md §2.1), hence the network parent.
      {.id = "autopilot.profile_assigned",
       .title = "The device is registered with Autopilot, with a self-deploying or pre-provisioning profile",
       .failure_title = "The device is not registered with Windows Autopilot, or has no Autopilot profile",
       .scope = Scope::Windows,
       .parents = {"network.endpoints_reachable", "autopilot.hardware_hash_matches"},
       .symptom = {"", "", std::nullopt, {"0x801C03EA"}},
       .fix = "Register the device with Windows Autopilot (import its hardware hash in Intune) and assign it one "
              "self-deploying or pre-provisioning profile (a device in two groups with different profiles fails with "
              "0x801C03EA); then restart OOBE so Windows downloads the profile. A registered device that still shows "
              "IsAutopilotDisabled = 1 could not download its profile: check the network.",
       .side = FaultSide::Configuration,
       .source = "windows.md §2.1 (Provisioning\\Diagnostics\\Autopilot values); field-2026-12.md §A.1 (153, 161, "
                 "709; deployment-service codes 807, 809, 815), §A.9 (TPM step only for self-deploying and "
                 "pre-provisioning), §C.14",
       .check = check_autopilot_profile_assigned,
       .verify = "reg query \"HKLM\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot\""},
      // Windows' own readiness answer (tpmtool). Without it, it follows from exactly the
      // requirements IsReadyForAttestation checks (facts/windows.md §1).
      {.id = "win.ready_for_attestation",
       .title = "Windows reports the TPM ready for attestation",
       .failure_title = "Windows reports the TPM not ready for attestation",
       .scope = Scope::Windows,
       .parents = {"win.taskstates.ek_certificate_present", "eventlog.present", "tpm.firmware_not_vulnerable",
                   "tpm.owned"},
       .symptom = {"-Ready For Attestation: False", "", std::nullopt, {"0x81039001"}},
       .fix = "Fix the failing requirement this symptom follows from (see the root cause).",
       .source = "windows.md §1 (IsReadyForAttestation), §8",
       .check = check_win_ready_for_attestation,
       .derivation = Derivation::FromParents,
       .verify = "tpmtool getdeviceinformation",
       .when_unknown = WhenUnknown::FromParents},
      // The prediction: no evidence of its own, the conjunction of what the service is known to check.
      {.id = "attestation.service_accepts",
       .title = "Microsoft's attestation service is predicted to accept this device",
       .failure_title = "Microsoft's attestation service is predicted to reject this device",
       .scope = Scope::Service,
       .parents = {"tpm.not_virtual", "ek.cert.service_compatible", "ek.cert.chain", "ek.cert.valid_dates",
                   "ek.cert.matches_ek", "eventlog.replay_matches", "clock.sane"},
       .symptom = {"AIK enrollment fails at Microsoft's service", "", std::nullopt, {"0x81039001"}},
       .fix = "Fix the failing requirement this prediction follows from (see the root cause).",
       .source = "windows.md §1 (what IsReadyForAttestation does not check), §11; seed 003",
       .derivation = Derivation::FromParents,
       .verify = "certreq -enrollaik -config \"\"",
       .when_unknown = WhenUnknown::FromParents},
      // Microsoft's known issue (MS-KI): after Reset on a failed pre-provisioning, TPM attestation
      // may fail on the retry. The event logs show it as a TPM clear (TPM-WMI 519) between attempts.
      {.id = "attestation.not_retried_after_reset",
       .title = "Attestation was not retried after a Reset of a failed pre-provisioning",
       .failure_title = "Pre-provisioning was retried after a Reset cleared the TPM (a known Autopilot issue)",
       .scope = Scope::Windows,
       .symptom = {"Autopilot pre-provisioning red screen on the retry", "", std::nullopt, {"0x81039001"}},
       .fix = "Microsoft lists this as a known issue (TPM attestation may fail on the retry after Reset) with no fix. "
              "Start the retry from a clean install of Windows rather than Reset (an inference from the issue), and "
              "delete the device's Intune record before reusing it for pre-provisioning (else 0x80180014).",
       .source = "field-2026-12.md §A.2 (TPM-WMI 519 TPM cleared), §A.1 (509, attempts), §C.16; MS-KI (Reset button "
                 "causes pre-provisioning to fail on retry; device record before reuse, 0x80180014)",
       .check = check_attestation_not_retried_after_reset,
       .verify = "wevtutil qe System /q:\"*[System[Provider[@Name='Microsoft-Windows-TPM-WMI'] and (EventID=519)]]\" /f:text"},
      {.id = "attestation.aik_enrolled",
       .title = "Windows' AIK certificate enrolment succeeded (Autopilot event log)",
       .failure_title = "Windows' AIK certificate enrolment failed",
       .scope = Scope::Service,
       .parents = {"win.ready_for_attestation", "attestation.service_accepts", "service.aik_responded",
                   "tpm.firmware_known_issue", "os.attestation_fixes_installed", "autopilot.profile_assigned",
                   "attestation.not_retried_after_reset"},
       .symptom = {"Autopilot \"Securing your hardware\" fails", "", std::nullopt, {"0x81039001"}},
       .fix = "Fix the requirement this follows from (see the root cause). If nothing else fails, collect the logs "
              "(MdmDiagnosticsTool -area Autopilot;TPM -cab) and test an AIK enrolment with certreq -enrollaik -config "
              "\"\" (cmd.exe, elevated).",
       .side = FaultSide::Outcome,
       .source = "windows.md §12.4, field-2026-12.md §A.1 (Autopilot events 250/251/169), windows.md §12.1, §3",
       .check = check_attestation_aik_enrolled,
       .verify = "certreq -enrollaik -config \"\""},
  };
}

std::vector<Flow> make_flows() {
  return {
      {.id = kFlowAttestation,
       .title = "Autopilot TPM attestation",
       .covers = "Self-deploying mode and pre-provisioning: whether Windows can attest the TPM to Microsoft's "
                 "attestation service.",
       .source = "windows.md §0, §1, §3"},
      {.id = kFlowAssociation,
       .title = "Autopilot device association",
       .covers = "The TPM requirements Microsoft lists for device association: a physical device, TPM 2.0 "
                 "enabled and in a good state, not in reduced functionality mode; and the Secure Boot state its "
                 "identity depends on. Not checked: what its TPM attestation checks (Microsoft does not say), the Windows "
                 "11 version, edition and update, licensing, network.",
       .source = "windows.md §17"},
  };
}

}  // namespace

const std::vector<Flow>& flow_table() {
  static const std::vector<Flow> flows = make_flows();
  return flows;
}

const Flow* find_flow(std::string_view id) {
  for (const auto& f : flow_table())
    if (f.id == id) return &f;
  return nullptr;
}

std::string_view fault_side_name(FaultSide s) {
  switch (s) {
    case FaultSide::Device: return "device";
    case FaultSide::Service: return "service";
    case FaultSide::Network: return "network";
    case FaultSide::Configuration: return "configuration";
    case FaultSide::Outcome: return "unknown";
  }
  return "unknown";
}

Finding Rule::finding() const {
  Finding f;
  f.id = std::string(id);
  f.title = title;
  f.failure_title = failure_title;
  for (auto p : parents) f.parents.emplace_back(p);
  f.symptom = symptom;
  f.fix.text = fix;
  if (fix_action) f.fix.action_id = std::string(*fix_action);
  f.reference = std::string(source);
  for (auto flow : flows) f.flows.emplace_back(flow);
  return f;
}

const std::vector<Rule>& rule_table() {
  static const std::vector<Rule> table = make_table();
  return table;
}

const Rule* find_rule(std::string_view id) {
  // Asked for every finding of every device a fleet evaluates: an index, not a scan.
  static const std::unordered_map<std::string_view, const Rule*> by_id = [] {
    std::unordered_map<std::string_view, const Rule*> index;
    for (const auto& r : rule_table()) index.emplace(r.id, &r);
    return index;
  }();
  const auto it = by_id.find(id);
  return it == by_id.end() ? nullptr : it->second;
}

std::vector<std::string_view> children_of(std::string_view id) {
  std::vector<std::string_view> out;
  for (const auto& r : rule_table())
    for (auto p : r.parents)
      if (p == id) out.push_back(r.id);
  return out;
}

}  // namespace tpmready::rules
