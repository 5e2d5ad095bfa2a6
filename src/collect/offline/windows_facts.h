#pragma once
/// Windows exports → WindowsEvidence facts: what each parsed export (regedit .reg, tpmtool,
/// schtasks, Get-Tpm, Get-TpmEndorsementKeyInfo, Get-ScheduledTaskInfo) records about TPM
/// readiness. Pure; used by the offline input pipeline (collect/offline_pipeline.h) and by the live
/// Windows collector, which reads the registry into a RegistryExport and maps it here too.
///
/// Applied in input order: a later input wins, and a value that changes between inputs is kept as
/// a note. Every fact carries its source ("file:NAME:LINE" offline, "registry:HKLM\\..." live).
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/powershell_text.h"
#include "collect/offline/reg_file.h"
#include "collect/offline/schtasks_text.h"
#include "collect/offline/tpmtool_text.h"
#include "collect/offline/ztd_file.h"
#include "evidence/evidence.h"
#include "evidence/windows_evidence.h"

namespace tpmready::offline {

/// Registry paths read offline (facts/windows.md §2.1, §2.2).
inline constexpr std::string_view kKeyTpmWmi = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI";
inline constexpr std::string_view kTpmMaintenanceTask = "\\Microsoft\\Windows\\TPM\\Tpm-Maintenance";  // §5

/// Facts from a merged registry export; facts whose keys are not in it become unknown. Sources are
/// reg_source(source_prefix, file, line): "file:tpm.reg:12" offline, "registry:HKLM\\..." for the
/// live collector's export (collect/windows/live_registry.h). The EK certificate stores are read
/// by the one store walk, collect/ekcert_registry.h.
void apply_registry(const RegistryExport& reg, RegistryEvidence& out, std::string_view source_prefix = kFileSourcePrefix);
/// The device identity from HKLM\HARDWARE\DESCRIPTION\System\BIOS (kBiosKey), same sources.
void apply_bios(const RegistryExport& reg, BiosEvidence& out, std::string_view source_prefix = kFileSourcePrefix);
/// The host name: ComputerName of kComputerNameKey, same sources; unknown with why when the export
/// does not hold it.
void apply_computer_name(const RegistryExport& reg, Fact<std::string>& out, std::string_view source_prefix = kFileSourcePrefix);
void apply_tpmtool(const TpmtoolOutput& tpmtool, TpmtoolEvidence& out, std::vector<std::string>& notes);
/// A tpmtool failure found in `file` (in tpmtool output, or in a paste read as another kind).
void apply_tpmtool_failure(const TpmtoolFailure& failure, const std::string& file, TpmtoolEvidence& out,
                           std::vector<std::string>& notes);
/// Fills `out` from the Tpm-Maintenance record, if the output has one.
void apply_schtasks(const SchtasksOutput& tasks, ScheduledTaskEvidence& out, std::vector<std::string>& notes);
/// Fills `out` from the Tpm-Maintenance object of Get-ScheduledTaskInfo output, if it has one.
void apply_scheduled_task_info(const PsListOutput& list, ScheduledTaskEvidence& out, std::vector<std::string>& notes);
void apply_get_tpm(const PsListOutput& list, GetTpmEvidence& out, std::vector<std::string>& notes);
void apply_ek_info(const PsListOutput& list, EkInfoEvidence& out, std::vector<std::string>& notes);
/// AutopilotDDSZTDFile.json → its facts, sourced "file:NAME:LINE".
void apply_ztd_file(const ZtdFile& file, AutopilotZtdFileEvidence& out, std::vector<std::string>& notes);
/// Marks every fact still without value or reason as unknown with `reason`.
void mark_unknown(TpmtoolEvidence& out, const std::string& reason);
void mark_unknown(ScheduledTaskEvidence& out, const std::string& reason);
void mark_unknown(GetTpmEvidence& out, const std::string& reason);
void mark_unknown(EkInfoEvidence& out, const std::string& reason);
void mark_unknown(AutopilotZtdFileEvidence& out, const std::string& reason);

}  // namespace tpmready::offline
