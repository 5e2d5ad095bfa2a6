#pragma once
/// Reader for PowerShell Format-List console output ("Name : Value" lines, long values wrapped
/// onto indented lines), as admins paste `Get-Tpm` and `Get-TpmEndorsementKeyInfo`
/// (facts/windows.md §4.2). Certificates themselves are not in console output; for EK info only
/// IsPresent, PublicKeyHash and what the collection text shows (count, thumbprints) are kept.
///
/// Pastes carry more than the list: prompts ("PS C:\Users\x> Get-Tpm"), "[...]" where the admin
/// cut lines, and the output of other programs run in the same session (tpmtool, wmic). Prompts
/// are skipped, cuts are recorded (a field missing there is "not pasted", not "absent"), and the
/// lines after the prompt of a program that is not a cmdlet are left to that program's reader.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/text_decode.h"
#include "collect/offline/text_lines.h"
#include "util/result.h"

namespace tpmready::offline {

struct PsField {
  std::string name;
  std::string value;  ///< wrapped continuation lines joined with '\n'
  std::size_t line = 0;
  std::size_t object = 0;  ///< which object of the list (Format-List separates them by blank lines)
  bool operator==(const PsField&) const = default;
};

/// The prompt of another program in the paste; its output lines were skipped.
struct PsOtherCommand {
  std::string command;  ///< as typed after the prompt, e.g. "tpmtool getdeviceinformation"
  std::size_t line = 0;
  bool operator==(const PsOtherCommand&) const = default;
};

struct PsListOutput {
  std::string file;
  std::vector<PsField> fields;
  std::vector<UnrecognisedLine> unrecognised;
  std::vector<std::size_t> elisions;           ///< lines holding "[...]" (output cut by the admin)
  std::vector<PsOtherCommand> other_commands;  ///< programs whose output is not a Format-List
  /// First field with this name (case-insensitive, as PowerShell property names are), or null.
  const PsField* find(std::string_view name) const;
};

/// Parses Format-List text; fails (Parse) when no "Name : Value" line is found.
Result<PsListOutput> parse_format_list(const TextLines& text);
Result<PsListOutput> parse_format_list_bytes(ByteSpan data, std::string_view name);

/// Get-ScheduledTaskInfo properties used (facts/windows.md §5: TAA reads LastTaskResult; the task
/// is addressed by TaskPath "\Microsoft\Windows\TPM\" and TaskName "Tpm-Maintenance").
inline constexpr std::string_view kPsLastTaskResult = "LastTaskResult";
inline constexpr std::string_view kPsTaskName = "TaskName";
inline constexpr std::string_view kPsTaskPath = "TaskPath";

/// What a certificate-collection value shows: "{}" → 0 certificates; otherwise one
/// X509Certificate2 text per "[Subject]" and the 40-hex-digit value after each "[Thumbprint]".
/// Format-List may cut long collections with "...", so the count is a lower bound then.
struct CertCollectionText {
  std::size_t count = 0;
  bool truncated = false;
  std::vector<std::string> thumbprints;  ///< upper-case hex
};
std::optional<CertCollectionText> parse_cert_collection(std::string_view value);

/// PowerShell booleans as Format-List prints them ("True"/"False"); nullopt otherwise.
std::optional<bool> parse_ps_bool(std::string_view value);

/// What Get-Tpm prints for a property a TPM 1.2 does not have (ManufacturerVersionFull20,
/// LockoutCount, ...): the value itself says the TPM is a 1.2.
inline constexpr std::string_view kPsNotSupportedTpm12 = "Not Supported for TPM 1.2";
/// Win32_Tpm's text for an unavailable property (facts/windows.md §4), with or without the
/// "for TPM 1.2" reason.
bool is_ps_not_supported(std::string_view value);

}  // namespace tpmready::offline
