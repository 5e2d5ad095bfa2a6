#pragma once
/// Offline collection: turns the files an admin already has (regedit exports, tpmtool /
/// schtasks / PowerShell console output, EK certificates, event logs, .evtx, bundles, .cab/.zip
/// archives, or folders of them such as MdmDiagnosticsTool output) into one WindowsEvidence.
///
/// Inputs are applied in the order given (folders in path order): later files win, and a value
/// that changes between inputs is kept as a note. A file that cannot be read is recorded in
/// `inputs` with its reason and the rest are still used.
#include <cstddef>
#include <string>
#include <vector>

#include "collect/offline/classify.h"
#include "collect/offline/evtx_reader.h"
#include "collect/offline/powershell_text.h"
#include "collect/offline/reg_file.h"
#include "collect/offline/schtasks_text.h"
#include "collect/offline/text_decode.h"
#include "collect/offline/tpmtool_text.h"
#include "evidence/events_evidence.h"
#include "evidence/windows_evidence.h"
#include "util/archive.h"
#include "util/result.h"

namespace tpmready::offline {

struct OfflineOptions {
  std::size_t max_input_bytes = kDefaultMaxTextBytes;  ///< per text file
  WalkLimits walk;
  /// For all archives of one read together (nested ones and each archive among the inputs): one
  /// ArchiveBudget per read_offline / read_offline_bytes call.
  ArchiveLimits archive;
  EvtxLimits evtx;
};

/// An input that exists only in memory (an archive member) of a kind another layer parses
/// (certificate, TCG log, bundle); `name` is "archive.cab:member".
struct MemoryInput {
  std::string name;
  InputKind kind = InputKind::Unknown;
  Bytes data;
};

/// Everything read_offline() found: the Windows evidence, the event-log records of the
/// attestation channels (for Evidence::events), and in-memory inputs left to other layers.
struct OfflineRead {
  WindowsEvidence windows;
  std::vector<WindowsEvent> events;
  std::vector<MemoryInput> deferred;
};

/// Registry paths read offline (facts/windows.md §2.1, §2.2).
inline constexpr std::string_view kKeyTpmWmi = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI";
inline constexpr std::string_view kTpmMaintenanceTask = "\\Microsoft\\Windows\\TPM\\Tpm-Maintenance";  // §5

/// Reads every path (files or folders). Error (Usage) for an empty list; error when not one
/// input could be used, naming the first failure. Otherwise the evidence, with every input's
/// status in `inputs`.
Result<WindowsEvidence> read_offline_inputs(const std::vector<std::string>& paths, const OfflineOptions& options = {});
/// The same walk, also returning event-log records and in-memory inputs. Archives (.cab/.zip)
/// are read in memory: each member is classified by content and handled like a file of its kind
/// ("archive.cab:member" names it in sources); members that cannot be read are listed with their
/// reason and the rest still used; an archive unreadable as a whole is an unreadable input.
Result<OfflineRead> read_offline(const std::vector<std::string>& paths, const OfflineOptions& options = {});
/// One input already in memory (`name` names it in sources), classified by content like a file;
/// an archive is walked the same way. For fuzzing and for callers that hold the bytes.
Result<OfflineRead> read_offline_bytes(ByteSpan data, const std::string& name, const OfflineOptions& options = {});

/// Pure steps, shared with tests and the live Windows collector.
/// Facts from a merged registry export; facts whose keys are not in it become unknown. Sources are
/// reg_source(source_prefix, file, line): "file:tpm.reg:12" offline, "registry:HKLM\\..." for the
/// live collector's export (collect/windows/live_registry.h).
void apply_registry(const RegistryExport& reg, RegistryEvidence& out, std::string_view source_prefix = kFileSourcePrefix);
void apply_tpmtool(const TpmtoolOutput& tpmtool, TpmtoolEvidence& out, std::vector<std::string>& notes);
/// Fills `out` from the Tpm-Maintenance record, if the output has one.
void apply_schtasks(const SchtasksOutput& tasks, ScheduledTaskEvidence& out, std::vector<std::string>& notes);
/// Fills `out` from the Tpm-Maintenance object of Get-ScheduledTaskInfo output, if it has one.
void apply_scheduled_task_info(const PsListOutput& list, ScheduledTaskEvidence& out, std::vector<std::string>& notes);
void apply_get_tpm(const PsListOutput& list, GetTpmEvidence& out, std::vector<std::string>& notes);
void apply_ek_info(const PsListOutput& list, EkInfoEvidence& out, std::vector<std::string>& notes);
/// Marks every fact still without value or reason as unknown with `reason`.
void mark_unknown(TpmtoolEvidence& out, const std::string& reason);
void mark_unknown(ScheduledTaskEvidence& out, const std::string& reason);
void mark_unknown(GetTpmEvidence& out, const std::string& reason);
void mark_unknown(EkInfoEvidence& out, const std::string& reason);

}  // namespace tpmready::offline
