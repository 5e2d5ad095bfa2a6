#pragma once
/// Reader for PowerShell Format-List console output ("Name : Value" lines, long values wrapped
/// onto indented lines), as admins paste `Get-Tpm` and `Get-TpmEndorsementKeyInfo`
/// (facts/windows.md §4.2). Certificates themselves are not in console output; for EK info only
/// IsPresent, PublicKeyHash and what the collection text shows (count, thumbprints) are kept.
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

struct PsListOutput {
  std::string file;
  std::vector<PsField> fields;
  std::vector<UnrecognisedLine> unrecognised;
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

}  // namespace tpmready::offline
