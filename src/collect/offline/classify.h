#pragma once
/// Recognises an offline input by its content, never by its extension: admins rename files
/// (tpmtool.txt, out.log, export.txt), and MDM diagnostics folders mix everything.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/file.h"
#include "util/result.h"

namespace tpmready::offline {

enum class InputKind {
  RegExport,          ///< regedit .reg (v5.00 or REGEDIT4)
  TpmtoolText,        ///< tpmtool getdeviceinformation (facts/windows.md §8)
  SchtasksList,       ///< schtasks /query /v /fo list (§5)
  SchtasksCsv,        ///< schtasks /query /v /fo csv (§5)
  GetTpmText,         ///< Get-Tpm | Format-List (§4.2)
  GetTpmEkInfoText,   ///< Get-TpmEndorsementKeyInfo (§4.2)
  ScheduledTaskInfoText,  ///< Get-ScheduledTaskInfo | Format-List (§5, LastTaskResult)
  CertificateDer,     ///< an X.509 certificate, DER
  CertificatePem,     ///< PEM with a CERTIFICATE block
  TcgEventLog,        ///< TCG measured-boot log (crypto-agile or SHA-1 format, facts/tcg.md §5)
  BundleJson,         ///< a tpmready bundle (JSON object with "schema_version")
  WindowsEventLog,    ///< .evtx ("ElfFile\0", libyal EVTX format; evtx_reader.h)
  Archive,            ///< .cab ("MSCF") or .zip ("PK\3\4"): MDMDiagnosticsTool / Intune output (§12.3)
  AutopilotZtdJson,   ///< AutopilotDDSZTDFile.json: the deployment service's profile or refusal (ztd_file.h)
  AutopilotHashCsv,   ///< Autopilot hardware-hash CSV (Get-WindowsAutopilotInfo, Intune import: hardware_hash_csv.h)
  Unknown,            // keep last: tests iterate up to it
};

/// Stable names for reports and JSON: "reg_export", "tpmtool", "schtasks_list", "schtasks_csv",
/// "get_tpm", "get_tpm_ek_info", "get_scheduled_task_info", "certificate_der", "certificate_pem",
/// "tcg_event_log", "bundle_json", "evtx", "archive", "autopilot_ztd_json", "autopilot_hash_csv",
/// "unknown".
const char* input_kind_name(InputKind kind);

/// How many leading bytes classify() needs; files are classified from this prefix only, so a
/// 50 MB event log is not read to be recognised.
inline constexpr std::size_t kClassifyPrefixBytes = 64 * 1024;

/// Classifies `head` (the first bytes of an input, at most kClassifyPrefixBytes are looked at)
/// of an input whose full size is `total_size`.
InputKind classify(ByteSpan head, std::uint64_t total_size);
inline InputKind classify(ByteSpan whole) { return classify(whole, whole.size()); }

struct WalkLimits {
  std::size_t max_depth = 6;       ///< MDMDiagnosticsTool output nests 2-3 levels; stay bounded
  std::size_t max_files = input_count_limit(10000);  ///< stop listing after this many (TPMREADY_MAX_INPUT_COUNT)
};

struct ClassifiedFile {
  std::string path;
  InputKind kind = InputKind::Unknown;
  std::uint64_t size = 0;
  std::string note;  ///< why ignored / unreadable (empty when classified)
  bool opened = true;  ///< false: the file could not be read at all (`note` says why)
};

struct WalkResult {
  std::vector<ClassifiedFile> files;    ///< recognised inputs, in path order
  std::vector<ClassifiedFile> ignored;  ///< unknown or unreadable files (not an error)
  std::vector<std::string> notes;       ///< limits reached, directories that could not be read
};

/// Reads the first bytes of a file for classify().
Result<Bytes> read_prefix(const std::string& path, std::size_t max_bytes, std::uint64_t& total_size);

/// Classifies every regular file under `root` (symlinks not followed, depth and count bounded).
/// Error only when `root` is not a readable directory.
Result<WalkResult> walk_folder(const std::string& root, const WalkLimits& limits = {});

}  // namespace tpmready::offline
