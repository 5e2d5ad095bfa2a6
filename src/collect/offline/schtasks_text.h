#pragma once
/// Reader for `schtasks /query /tn "\Microsoft\Windows\TPM\Tpm-Maintenance" /v /fo list` and
/// `... /fo csv` output (facts/windows.md §5). Both formats use the same English field names
/// (the CSV header of §5). CSV output with a localized header is read by column position, as §5
/// advises; localized list output is reported line by line as unrecognised.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/text_decode.h"
#include "collect/offline/text_lines.h"
#include "util/result.h"

namespace tpmready::offline {

struct SchtasksField {
  std::string label;  ///< English column name (§5), e.g. "Last Result"
  std::string value;
  std::size_t line = 0;
  bool operator==(const SchtasksField&) const = default;
};

struct SchtasksRecord {
  std::size_t line = 0;                 ///< first line of the record
  std::vector<SchtasksField> fields;
  const SchtasksField* find(std::string_view label) const;
};

struct SchtasksOutput {
  std::string file;
  std::string format;                   ///< "list" or "csv"
  bool localized_header = false;        ///< CSV header not English: columns taken by position
  std::vector<SchtasksRecord> tasks;
  std::vector<UnrecognisedLine> unrecognised;

  /// The record whose TaskName equals `task_path` (case-insensitive), or null.
  const SchtasksRecord* find_task(std::string_view task_path) const;
};

/// The column names of facts/windows.md §5, in CSV order (28 columns, then the optional "PID").
const std::vector<std::string_view>& schtasks_columns();

/// Parses decoded text; fails (Parse) when no task record could be read.
Result<SchtasksOutput> parse_schtasks(const TextLines& text);
Result<SchtasksOutput> parse_schtasks_bytes(ByteSpan data, std::string_view name);

/// "Last Result" is printed in decimal (§5: 267011 = 0x41303); negative numbers are the signed
/// form of an HRESULT. Accepts "0x..." too. nullopt when not a number in 32 bits.
std::optional<std::uint32_t> parse_last_result(std::string_view text);

}  // namespace tpmready::offline
