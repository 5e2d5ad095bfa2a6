#include "collect/offline/hardware_hash_csv.h"

#include <optional>

#include "collect/offline/reg_file.h"
#include "crypto/crypto.h"
#include "util/bytes.h"
#include "util/text.h"

namespace tpmready::offline {
namespace {

constexpr std::string_view kSerialColumn = "Device Serial Number";
constexpr std::string_view kProductIdColumn = "Windows Product ID";
constexpr std::string_view kHashColumn = "Hardware Hash";

/// A field as written, without surrounding blanks or the quotes of a field quoted after a blank
/// (` "X"`: split_csv_line keeps those, as RFC 4180 does).
std::string_view field_text(std::string_view f) {
  f = trim(f);
  if (f.size() >= 2 && f.front() == '"' && f.back() == '"') f = trim(f.substr(1, f.size() - 2));
  return f;
}

std::optional<std::size_t> column(const std::vector<std::string>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (iequals(field_text(header[i]), name)) return i;
  return std::nullopt;
}

Error at_line(const TextLines& text, std::size_t line, std::string problem, ErrorKind kind = ErrorKind::Parse) {
  return make_error(kind, (line ? "line " + std::to_string(line) + ": " : std::string()) + problem)
      .context("file " + text.name);
}

std::string sha256_hex(std::string_view s) {
  auto d = crypto::digest(crypto::HashAlg::Sha256, ByteSpan(reinterpret_cast<const std::uint8_t*>(s.data()), s.size()));
  return d ? to_hex(*d) : std::string();
}

}  // namespace

bool looks_like_hardware_hash_csv(std::string_view first_line) {
  return find_icase(first_line, kSerialColumn) != std::string_view::npos &&
         find_icase(first_line, kHashColumn) != std::string_view::npos;
}

Result<HardwareHashCsv> parse_hardware_hash_csv(const TextLines& text) {
  const auto& lines = text.lines;
  std::size_t i = 0;
  while (i < lines.size() && trim(lines[i]).empty()) ++i;
  if (i == lines.size()) return at_line(text, 0, "empty: no CSV header");
  const std::size_t header_line = i + 1;
  if (lines[i].size() > kMaxHashCsvFieldChars * 16)
    return at_line(text, header_line, "header longer than " + std::to_string(kMaxHashCsvFieldChars * 16) + " characters",
                   ErrorKind::Limit);
  auto header = split_csv_line(lines[i]);
  if (!header) return at_line(text, header_line, "a quote in the header is not closed");
  const auto serial_col = column(*header, kSerialColumn), hash_col = column(*header, kHashColumn);
  const auto product_col = column(*header, kProductIdColumn);
  if (!serial_col || !hash_col) {
    for (char sep : {';', '\t'}) {
      if (lines[i].find(sep) != std::string::npos)
        return at_line(text, header_line,
                       std::string("the columns are separated by ") + (sep == ';' ? "';'" : "tabs") +
                           ", not commas (a spreadsheet saved it): collect it again with Get-WindowsAutopilotInfo "
                           "-OutputFile, or save it as comma-separated text");
    }
    return at_line(text, header_line,
                   "not an Autopilot hardware-hash CSV: the header has no \"" +
                       std::string(!serial_col ? kSerialColumn : kHashColumn) + "\" column");
  }

  HardwareHashCsv out;
  out.file = text.name;
  for (++i; i < lines.size(); ++i) {
    const std::size_t n = i + 1;
    if (trim(lines[i]).empty()) continue;
    // The longest row a valid file has: the hash, the other fields, separators and quotes.
    if (lines[i].size() > kMaxHashCsvHashChars + kMaxHashCsvFieldChars * 16)
      return at_line(text, n, "row longer than " + std::to_string(kMaxHashCsvHashChars) + " characters of hash allow",
                     ErrorKind::Limit);
    auto fields = split_csv_line(lines[i]);
    if (!fields) return at_line(text, n, "a quote is not closed");
    auto get = [&](std::optional<std::size_t> col) {
      return col && *col < fields->size() ? field_text((*fields)[*col]) : std::string_view();
    };
    const std::string_view serial = get(serial_col), product = get(product_col), hash = get(hash_col);
    if (iequals(serial, kSerialColumn)) continue;  // the header again: files joined with `type a b > c`
    if (serial.size() > kMaxHashCsvFieldChars || product.size() > kMaxHashCsvFieldChars)
      return at_line(text, n,
                     std::string(serial.size() > kMaxHashCsvFieldChars ? kSerialColumn : kProductIdColumn) +
                         " longer than " + std::to_string(kMaxHashCsvFieldChars) + " characters",
                     ErrorKind::Limit);
    if (hash.size() > kMaxHashCsvHashChars)
      return at_line(text, n, "Hardware Hash longer than " + std::to_string(kMaxHashCsvHashChars) + " characters",
                     ErrorKind::Limit);
    if (serial.empty()) {
      // Not the line itself: a hash describes the hardware and stays out of reports.
      out.issues.push_back(unrecognised(n, "its Device Serial Number is empty", "row not used"));
      continue;
    }
    if (out.rows.size() == kMaxHashCsvRows)
      return at_line(text, n, "more than " + std::to_string(kMaxHashCsvRows) + " device rows: split the file",
                     ErrorKind::Limit);
    out.rows.push_back({n, std::string(serial), std::string(product), hash.size(), hash.empty() ? "" : sha256_hex(hash)});
  }
  if (out.rows.empty()) return at_line(text, 0, "no device row after the header (line " + std::to_string(header_line) + ")");
  return out;
}

void apply_hardware_hash_csv(const HardwareHashCsv& csv, HardwareHashCsvEvidence& out) {
  out.files.push_back(csv.file);
  for (const auto& r : csv.rows)
    out.rows.push_back({r.serial, r.product_id, r.hash_length, r.hash_sha256, reg_source(kFileSourcePrefix, csv.file, r.line)});
}

}  // namespace tpmready::offline
