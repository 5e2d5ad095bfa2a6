#pragma once
/// The error-code table (data/error_codes.json, every row sourced) and the generic HRESULT
/// decoding `tpmready explain` falls back to.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace tpmready::explain {

/// A text in the service's answer that decides the side of a code (data/error_codes.json `by_text`).
struct TextSide {
  std::string text;  ///< matched case-insensitively in the event that carries the code
  std::string side;  ///< "device", "service" or "network"
  std::string rule;  ///< rule the event is then evidence for
  std::string confidence;
  std::vector<std::string> sources;
};

/// One piece of evidence that decides the side of a code whose side is "evidence".
struct SideEvidence {
  std::string when;
  std::string side;
};

struct ErrorCodeInfo {
  std::uint32_t code = 0;
  std::optional<std::string> name;
  std::vector<std::string> aliases;      ///< other names of the value (WinINet/WinHTTP, BITS)
  std::string meaning;
  std::string where;
  std::vector<std::string> root_causes;  ///< rule IDs that test the usual causes
  std::vector<std::string> next;         ///< what to run next
  std::string documented;                ///< "microsoft", "windows" or "community"
  std::string source;                    ///< fact-sheet section
  std::vector<std::string> sources;      ///< short names of data/sources.json
  /// Who has to act: "device", "service", "network", "configuration", "none", "evidence"
  /// (see side_from), "response_text" (see by_text) or "unknown".
  std::string side;
  std::string timeline_rule;  ///< rule a timeline event carrying the code is evidence for ("" = the event's)
  std::vector<SideEvidence> side_from;
  std::vector<TextSide> by_text;
};

/// A source the tables cite by short name (data/sources.json).
struct SourceInfo {
  std::string id;     ///< "MS-KI"
  std::string kind;   ///< "microsoft", "windows", "header", "community"
  std::string title;
  std::string url;    ///< "" when the fact sheets give no public address
};

/// A code as the user typed it, and how it was read.
struct ParsedCode {
  std::uint32_t value = 0;
  std::string read_as;  ///< "hex", "signed decimal", "decimal"
};

/// Accepts "0x81039001", "81039001" (8 digits or a-f → hex), "-2126966783" (signed 32-bit
/// decimal, as PowerShell prints HRESULTs), "267011" (other digit strings → decimal, as schtasks
/// prints Last Result). Usage error on anything else.
Result<ParsedCode> parse_code(const std::string& text);

/// The table, parsed once from the embedded data/error_codes.json. An error names the bad row.
Result<const std::vector<ErrorCodeInfo>*> table();
/// A copy of table().
Result<std::vector<ErrorCodeInfo>> load_table();
std::optional<ErrorCodeInfo> lookup(const std::vector<ErrorCodeInfo>& table, std::uint32_t code);
/// The row of `code` in table(), or nullptr (also when the table does not load).
const ErrorCodeInfo* find_code(std::uint32_t code);

/// The cited sources, parsed once from the embedded data/sources.json.
Result<const std::vector<SourceInfo>*> sources();
/// The source named `id`, or nullptr.
const SourceInfo* find_source(const std::string& id);

/// Generic HRESULT fields (winerror.h layout: S bit 31, C bit 29, facility bits 16-26, code 0-15).
struct HresultFields {
  bool failure = false;
  bool customer = false;
  std::uint32_t facility = 0;
  std::uint32_t code = 0;
  std::optional<std::string> facility_name;  ///< only facilities our fact sheets name
};
HresultFields decode_hresult(std::uint32_t value);

}  // namespace tpmready::explain
