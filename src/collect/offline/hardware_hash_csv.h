#pragma once
/// The Autopilot hardware-hash CSV (facts/windows.md §18): the header Microsoft documents for
/// manual registration, "Device Serial Number,Windows Product ID,Hardware Hash" with the optional
/// "Group Tag" and "Assigned User" (Get-WindowsAutopilotInfo -Partner writes "Manufacturer name"
/// and "Device model" instead), then one row per device. Get-WindowsAutopilotInfo -OutputFile
/// writes it with ConvertTo-Csv, strips the quotes and saves it with Out-File (UTF-16LE with a BOM
/// in Windows PowerShell 5.1), CRLF; files made or re-saved by hand may keep the quotes, a UTF-8
/// BOM, LF, other columns or another column order. Columns are found by their header names.
///
/// Bounded: at most kMaxHashCsvRows device rows, kMaxHashCsvHashChars characters of hash and
/// kMaxHashCsvFieldChars of the other fields read. A file beyond a limit is refused rather than
/// read in part: a row left out could be the device's, and the rule would then say it is missing.
/// The hash is kept only as its length and SHA-256; nothing decodes it (its layout is not public).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/text_decode.h"
#include "collect/offline/text_lines.h"
#include "evidence/hardware_hash_evidence.h"
#include "util/result.h"

namespace tpmready::offline {

/// Microsoft's import takes 500 rows per file; Get-WindowsAutopilotInfo -Append keeps adding to one.
inline constexpr std::size_t kMaxHashCsvRows = 10000;
/// A 4K hardware hash is about 4 KB of base64 (facts/windows.md §18); 16 times that is refused.
inline constexpr std::size_t kMaxHashCsvHashChars = 64 * 1024;
/// Serial number, product ID and the other columns (Win32_BIOS SerialNumber: MaxLen 64).
inline constexpr std::size_t kMaxHashCsvFieldChars = 256;

struct HardwareHashCsvRow {
  std::size_t line = 0;  ///< 1-based line of the row
  std::string serial, product_id;
  std::size_t hash_length = 0;  ///< characters of the trimmed hash
  std::string hash_sha256;      ///< lower-case hex of SHA-256(hash text); "" when the row has no hash
};

struct HardwareHashCsv {
  std::string file;
  std::vector<HardwareHashCsvRow> rows;
  std::vector<UnrecognisedLine> issues;  ///< rows skipped: no serial number
};

/// The first non-blank line names the columns "Device Serial Number" and "Hardware Hash" (in any
/// case, quoted or not, whatever the separator): classify.cpp's test, cheap on any text.
bool looks_like_hardware_hash_csv(std::string_view first_line);

/// Parses the decoded file. Errors (Parse, Limit) name the file and the line: a header without the
/// serial or hash column (or with ';' or tabs between the columns), an unclosed quote, a field or
/// row count over its limit, no device row.
Result<HardwareHashCsv> parse_hardware_hash_csv(const TextLines& text);

/// The rows as evidence, each sourced "file:NAME:LINE"; appended to `out` (several CSVs add up).
void apply_hardware_hash_csv(const HardwareHashCsv& csv, HardwareHashCsvEvidence& out);

}  // namespace tpmready::offline
