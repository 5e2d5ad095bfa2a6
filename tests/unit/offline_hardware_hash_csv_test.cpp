// The Autopilot hardware-hash CSV reader: the files Get-WindowsAutopilotInfo and admins write
// (tests/data/autopilot-hash, hand-made in the documented format), the encodings and quoting they
// come in, the lines that are not this format, and inputs sized to break the limits.
#include <gtest/gtest.h>

#include <string>

#include "collect/offline/classify.h"
#include "collect/offline/hardware_hash_csv.h"
#include "collect/offline_pipeline.h"
#include "evidence/evidence.h"
#include "util/json_reader.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

std::string fx(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/autopilot-hash/" + name; }

Evidence read_files(const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const auto& n : names) paths.push_back(fx(n));
  auto e = collect::collect_offline(paths);
  EXPECT_TRUE(e.ok()) << e.error().what();
  return e.ok() ? std::move(*e) : Evidence{};
}

Bytes bytes_of(const std::string& s) { return Bytes(s.begin(), s.end()); }

Bytes utf16le(const std::string& ascii, bool bom) {
  Bytes out;
  if (bom) out = {0xFF, 0xFE};
  for (char c : ascii) {
    out.push_back(static_cast<std::uint8_t>(c));
    out.push_back(0);
  }
  return out;
}

Result<HardwareHashCsv> parse(const std::string& text) {
  auto lines = decode_text(bytes_of(text), "hwid.csv");
  EXPECT_TRUE(lines.ok());
  return parse_hardware_hash_csv(*lines);
}

const std::string kHeader = "Device Serial Number,Windows Product ID,Hardware Hash";

}  // namespace

TEST(HardwareHashCsv, GetWindowsAutopilotInfoOutputFileUtf16WithBom) {
  Evidence e = read_files({"AutopilotHWID.utf16.csv"});
  ASSERT_EQ(e.inputs.size(), 1u);
  EXPECT_EQ(e.inputs[0].kind, "autopilot_hash_csv");
  EXPECT_EQ(e.inputs[0].status, InputStatus::Read);
  EXPECT_EQ(e.inputs[0].detail, "1 device row");
  ASSERT_TRUE(e.hardware_hash_csv);
  EXPECT_EQ(e.hardware_hash_csv->files, std::vector<std::string>{"AutopilotHWID.utf16.csv"});
  ASSERT_EQ(e.hardware_hash_csv->rows.size(), 1u);
  const auto& r = e.hardware_hash_csv->rows[0];
  EXPECT_EQ(r.serial, "5CG2041ABC");
  EXPECT_EQ(r.product_id, "");
  EXPECT_EQ(r.hash_length, 4000u);
  // SHA-256 of the hash text as written (computed with Python's hashlib from the file).
  EXPECT_EQ(r.hash_sha256, "f392878814e3aacb09f97f30940450413f68d8d526052f18f41c6556063aced6");
  EXPECT_EQ(r.source, "file:AutopilotHWID.utf16.csv:2");
  // A registration is no Windows export of the device: TPM-only evidence stays TPM-only.
  EXPECT_FALSE(e.windows);
}

TEST(HardwareHashCsv, QuotedFieldsBomCrlfAndTheOptionalColumns) {
  Evidence e = read_files({"quoted-grouptag.utf8bom.csv"});
  ASSERT_TRUE(e.hardware_hash_csv);
  const auto& rows = e.hardware_hash_csv->rows;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].serial, "CZC1234ABC");
  EXPECT_EQ(rows[1].serial, "5CG2041ABC");
  EXPECT_EQ(rows[1].source, "file:quoted-grouptag.utf8bom.csv:3");
  EXPECT_EQ(rows[2].serial, "MXL0001DEF");
  for (const auto& r : rows) EXPECT_EQ(r.hash_length, 4000u);
  EXPECT_NE(rows[0].hash_sha256, rows[1].hash_sha256);
}

TEST(HardwareHashCsv, LfBlankLinesAndAProductIdSeveralFilesAddUp) {
  Evidence e = read_files({"intune-import.lf.csv", "AutopilotHWID.utf16.csv"});
  ASSERT_TRUE(e.hardware_hash_csv);
  const auto& csv = *e.hardware_hash_csv;
  EXPECT_EQ(csv.files, (std::vector<std::string>{"intune-import.lf.csv", "AutopilotHWID.utf16.csv"}));
  ASSERT_EQ(csv.rows.size(), 3u);
  EXPECT_EQ(csv.rows[0].product_id, "00330-80000-00000-AA123");
  EXPECT_EQ(csv.rows[1].source, "file:intune-import.lf.csv:4");  // after the blank line 3
  EXPECT_EQ(csv.rows[2].serial, "5CG2041ABC");
}

TEST(HardwareHashCsv, EncodingsAndQuotingInMemory) {
  const std::string body = kHeader + "\r\n  \"AB 12\" , 123 ,QUJD\r\n";
  for (const Bytes& data : {bytes_of(body), bytes_of("\xEF\xBB\xBF" + body), utf16le(body, true), utf16le(body, false)}) {
    EXPECT_EQ(classify(data), InputKind::AutopilotHashCsv);
    auto lines = decode_text(data, "hwid.csv");
    ASSERT_TRUE(lines.ok()) << lines.error().what();
    auto csv = parse_hardware_hash_csv(*lines);
    ASSERT_TRUE(csv.ok()) << csv.error().what();
    ASSERT_EQ(csv->rows.size(), 1u);
    EXPECT_EQ(csv->rows[0].serial, "AB 12");  // quotes after a blank, and blanks, taken off
    EXPECT_EQ(csv->rows[0].product_id, "123");
    EXPECT_EQ(csv->rows[0].hash_length, 4u);
    EXPECT_EQ(csv->rows[0].line, 2u);
  }
}

TEST(HardwareHashCsv, ColumnsAreFoundByNameAndMissingFieldsAreEmpty) {
  auto csv = parse("hardware hash,device serial number\nQUJD,X1\n,X2\nQUJD\n");
  ASSERT_TRUE(csv.ok()) << csv.error().what();
  ASSERT_EQ(csv->rows.size(), 2u);  // the last row has no serial number: an issue, not a row
  EXPECT_EQ(csv->rows[0].serial, "X1");
  EXPECT_EQ(csv->rows[1].hash_length, 0u);
  EXPECT_EQ(csv->rows[1].hash_sha256, "");
  ASSERT_EQ(csv->issues.size(), 1u);
  EXPECT_EQ(csv->issues[0].line, 4u);
  EXPECT_EQ(csv->issues[0].text.find("QUJD"), std::string::npos);  // no hash text in reports
  // Files joined with `type a.csv b.csv > all.csv` repeat the header: skipped.
  auto joined = parse(kHeader + "\nA,,QUJD\n" + kHeader + "\nB,,QUJD\n");
  ASSERT_TRUE(joined.ok());
  EXPECT_EQ(joined->rows.size(), 2u);
  EXPECT_TRUE(joined->issues.empty());
}

TEST(HardwareHashCsv, ARowWithoutSerialMakesTheInputPartial) {
  auto e = collect::collect_offline_bytes(bytes_of(kHeader + "\n,,QUJD\nA1,,QUJD\n"), "hwid.csv");
  ASSERT_TRUE(e.ok()) << e.error().what();
  EXPECT_EQ(e->inputs[0].status, InputStatus::Partial);
  EXPECT_NE(e->inputs[0].detail.find("line 2: row not used"), std::string::npos) << e->inputs[0].detail;
}

TEST(HardwareHashCsv, NotThisFormatIsOneLineNamingTheFile) {
  // Not recognised at all: without both column names it is another CSV.
  EXPECT_EQ(classify(bytes_of("Serial,Hash\nA,B\n")), InputKind::Unknown);
  EXPECT_EQ(classify(bytes_of("Device Serial Number,Windows Product ID\nA,B\n")), InputKind::Unknown);
  // Recognised, but not readable as one: each is an error with the file and the line.
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"Device Serial Number,\"Hardware Hash\n", "line 1: a quote in the header is not closed"},
      {"Device Serial Number (old),Hardware Hash x\nA,B\n", "no \"Device Serial Number\" column"},
      {kHeader + "\n\"A1,,QUJD\n", "line 2: a quote is not closed"},
      {kHeader + "\r\n\r\n", "no device row after the header (line 1)"},
  };
  for (const auto& [text, want] : bad) {
    auto csv = parse(text);
    ASSERT_FALSE(csv.ok()) << text;
    const std::string what = csv.error().what();
    EXPECT_NE(what.find(want), std::string::npos) << what;
    EXPECT_NE(what.find("hwid.csv"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
  // A spreadsheet's ';' (the fixture) through the pipeline: the run's one error line says so.
  auto e = collect::collect_offline({fx("spreadsheet-semicolons.csv")});
  ASSERT_FALSE(e.ok());
  const std::string what = e.error().what();
  EXPECT_NE(what.find("spreadsheet-semicolons.csv"), std::string::npos) << what;
  EXPECT_NE(what.find("separated by ';'"), std::string::npos) << what;
  EXPECT_NE(what.find("Get-WindowsAutopilotInfo -OutputFile"), std::string::npos) << what;
}

TEST(HardwareHashCsv, HostileSizesAreRefusedNotReadInPart) {
  // One row more than the limit: refused (a row left out could be the device's).
  std::string many = kHeader + "\n";
  for (std::size_t i = 0; i <= kMaxHashCsvRows; ++i) many += "S" + std::to_string(i) + ",,QUJD\n";
  auto over = parse(many);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().kind(), ErrorKind::Limit);
  EXPECT_NE(std::string(over.error().what()).find("more than 10000 device rows"), std::string::npos);
  // At the limit: read.
  many.erase(many.rfind("S10000"));
  auto at = parse(many);
  ASSERT_TRUE(at.ok()) << at.error().what();
  EXPECT_EQ(at->rows.size(), kMaxHashCsvRows);
  // A hash, a serial number, a row and a header beyond their limits.
  const std::vector<std::pair<std::string, std::string>> big = {
      {kHeader + "\nA,," + std::string(kMaxHashCsvHashChars + 1, 'A') + "\n", "line 2: Hardware Hash longer than"},
      {kHeader + "\n" + std::string(kMaxHashCsvFieldChars + 1, 'S') + ",,QUJD\n", "line 2: Device Serial Number longer"},
      {kHeader + "\nA,," + std::string(2 * kMaxHashCsvHashChars, ',') + "\n", "line 2: row longer than"},
      {kHeader + std::string(kMaxHashCsvFieldChars * 16, ' ') + "\nA,,B\n", "line 1: header longer than"},
  };
  for (const auto& [text, want] : big) {
    auto csv = parse(text);
    ASSERT_FALSE(csv.ok()) << want;
    EXPECT_EQ(csv.error().kind(), ErrorKind::Limit) << want;
    EXPECT_NE(std::string(csv.error().what()).find(want), std::string::npos) << csv.error().what();
  }
  // The hash at its limit is read, and kept as length and fingerprint only.
  auto max = parse(kHeader + "\nA,," + std::string(kMaxHashCsvHashChars, 'A') + "\n");
  ASSERT_TRUE(max.ok());
  EXPECT_EQ(max->rows[0].hash_length, kMaxHashCsvHashChars);
  EXPECT_EQ(max->rows[0].hash_sha256.size(), 64u);
}

TEST(HardwareHashCsv, BundleJsonRoundTripAndAbsentWhenNotGiven) {
  Evidence e = read_files({"quoted-grouptag.utf8bom.csv"});
  const nlohmann::json j = e;
  ASSERT_TRUE(j.contains("hardware_hash_csv"));
  EXPECT_EQ(j["hardware_hash_csv"]["rows"][1]["serial"], "5CG2041ABC");
  EXPECT_FALSE(j["hardware_hash_csv"]["rows"][1].contains("hash"));  // never the hash itself
  auto back = evidence_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(back->hardware_hash_csv, e.hardware_hash_csv);
  // Evidence without a CSV writes no key, and a bundle without one reads as none.
  Evidence none;
  const nlohmann::json n = none;
  EXPECT_FALSE(n.contains("hardware_hash_csv"));
  auto none_back = evidence_from_json(n);
  ASSERT_TRUE(none_back.ok());
  EXPECT_FALSE(none_back->hardware_hash_csv);
  // A wrong type is an error naming the key's path.
  nlohmann::json broken = j;
  broken["hardware_hash_csv"]["rows"][0]["hash_length"] = "4000";
  auto err = evidence_from_json(broken);
  ASSERT_FALSE(err.ok());
  EXPECT_NE(std::string(err.error().what()).find("hardware_hash_csv.rows[0].hash_length"), std::string::npos)
      << err.error().what();
}
