#include <gtest/gtest.h>

#include "util/file.h"

#include "collect/offline/schtasks_text.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

const std::string kTask = "\\Microsoft\\Windows\\TPM\\Tpm-Maintenance";

SchtasksOutput parse_fixture(const std::string& name) {
  auto bytes = read_file(std::string(TPMREADY_TEST_DATA) + "/offline/" + name, kMaxEventLogBytes);
  EXPECT_TRUE(bytes.ok());
  auto out = parse_schtasks_bytes(*bytes, name);
  EXPECT_TRUE(out.ok()) << out.error().what();
  return std::move(out).value();
}

}  // namespace

TEST(SchtasksText, ListFormatSeed000NeverRan) {
  const SchtasksOutput s = parse_fixture("schtasks-seed000-list.txt");
  EXPECT_EQ(s.format, "list");
  EXPECT_TRUE(s.unrecognised.empty());
  ASSERT_EQ(s.tasks.size(), 1u);
  const SchtasksRecord* r = s.find_task(kTask);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->fields.size(), 28u);
  EXPECT_EQ(r->find("Last Result")->value, "267011");
  EXPECT_EQ(r->find("Last Result")->line, 8u);
  EXPECT_EQ(parse_last_result(r->find("Last Result")->value), 0x41303u);  // SCHED_S_TASK_HAS_NOT_RUN (§5)
  // Labels containing colons are matched whole.
  EXPECT_EQ(r->find("Repeat: Until: Time")->value, "N/A");
  EXPECT_EQ(r->find("Stop Task If Runs X Hours and X Mins")->value, "72:00:00");
}

TEST(SchtasksText, Utf16ListEqualsUtf8List) {
  const SchtasksOutput a = parse_fixture("schtasks-seed000-list.txt");
  const SchtasksOutput b = parse_fixture("schtasks-seed000-list.utf16.txt");
  ASSERT_EQ(a.tasks.size(), b.tasks.size());
  EXPECT_EQ(a.tasks[0].fields, b.tasks[0].fields);
}

TEST(SchtasksText, CsvFormatHealthy) {
  const SchtasksOutput s = parse_fixture("schtasks-healthy.csv");
  EXPECT_EQ(s.format, "csv");
  EXPECT_FALSE(s.localized_header);
  const SchtasksRecord* r = s.find_task("\\microsoft\\windows\\tpm\\tpm-maintenance");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->find("Last Result")->value, "0");
  EXPECT_EQ(r->find("Scheduled Task State")->value, "Enabled");
  EXPECT_EQ(r->find("Power Management")->value, "Stop On Battery Mode, No Start On Batteries");
  EXPECT_EQ(r->line, 2u);
}

TEST(SchtasksText, LocalizedCsvHeaderReadByPosition) {
  std::string header, row;
  for (std::size_t i = 0; i < 28; ++i) {
    if (i) {
      header.append(",");
      row.append(",");
    }
    header.append("\"Spalte").append(std::to_string(i)).append("\"");
    row.append("\"").append(i == 1 ? kTask : i == 6 ? "-2147024891" : "x").append("\"");
  }
  const std::string text = header + "\r\n" + row + "\r\n" + header + "\r\n";
  auto s = parse_schtasks_bytes(as_span(text), "de.csv");
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_TRUE(s->localized_header);
  const SchtasksRecord* r = s->find_task(kTask);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(parse_last_result(r->find("Last Result")->value), 0x80070005u);
}

TEST(SchtasksText, CsvRowWithWrongFieldCountIsUnrecognised) {
  const std::string text =
      "\"HostName\",\"TaskName\",\"Last Result\"\n\"h\",\"" + kTask + "\",\"0\"\n\"h\",\"short\"\n\"unterminated\n";
  auto s = parse_schtasks_bytes(as_span(text), "x.csv");
  ASSERT_TRUE(s.ok()) << s.error().what();
  ASSERT_EQ(s->unrecognised.size(), 2u);
  EXPECT_EQ(s->unrecognised[0].line, 3u);
  EXPECT_EQ(s->unrecognised[0].reason, "2 fields, header has 3");
  EXPECT_EQ(s->unrecognised[1].reason, "unterminated quote in CSV line");
}

TEST(SchtasksText, LastResultForms) {
  EXPECT_EQ(parse_last_result("0"), 0u);
  EXPECT_EQ(parse_last_result("267011"), 0x41303u);
  EXPECT_EQ(parse_last_result("0x41303"), 0x41303u);
  EXPECT_EQ(parse_last_result("-2147024894"), 0x80070002u);
  EXPECT_FALSE(parse_last_result("4294967296").has_value());
  EXPECT_FALSE(parse_last_result("-2147483649").has_value());
  EXPECT_FALSE(parse_last_result("abc").has_value());
  EXPECT_FALSE(parse_last_result("").has_value());
}

TEST(SchtasksText, CsvSplitting) {
  EXPECT_EQ(split_csv_line("\"a\",\"b\"\"c\",d,"), (std::vector<std::string>{"a", "b\"c", "d", ""}));
  EXPECT_FALSE(split_csv_line("\"open").has_value());
}

TEST(SchtasksText, NoRecordIsAnError) {
  auto s = parse_schtasks_bytes(as_span(std::string("Hostname auf Deutsch: x\n")), "de.txt");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().what(),
            "file de.txt: no scheduled task record found in schtasks list output (first unrecognised line 1: not a "
            "known schtasks field)");
}
