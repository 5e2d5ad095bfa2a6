#pragma once
/// The error-code table (data/error_codes.json, every row sourced) and the generic HRESULT
/// decoding `tpmready explain` falls back to.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/result.h"

namespace tpmready::explain {

struct ErrorCodeInfo {
  std::uint32_t code = 0;
  std::optional<std::string> name;
  std::string meaning;
  std::string where;
  std::vector<std::string> root_causes;  ///< rule IDs that test the usual causes
  std::vector<std::string> next;         ///< what to run next
  std::string documented;                ///< "microsoft" or "community"
  std::string source;                    ///< fact-sheet section
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

/// The table, parsed from the embedded data/error_codes.json.
Result<std::vector<ErrorCodeInfo>> load_table();
std::optional<ErrorCodeInfo> lookup(const std::vector<ErrorCodeInfo>& table, std::uint32_t code);
/// "NAME: meaning" of a code in the table (the table parsed once), or "" when it is not in it.
std::string code_meaning(std::uint32_t code);

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
