#include <gtest/gtest.h>

#include "util/file.h"

#include "collect/offline/information_flags.h"
#include "collect/offline/tpmtool_text.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

TpmtoolOutput parse_fixture(const std::string& name) {
  auto bytes = read_file(std::string(TPMREADY_TEST_DATA) + "/offline/" + name, kMaxEventLogBytes);
  EXPECT_TRUE(bytes.ok());
  auto out = parse_tpmtool_bytes(*bytes, name);
  EXPECT_TRUE(out.ok()) << out.error().what();
  return std::move(out).value();
}

}  // namespace

TEST(TpmtoolText, Seed000HyperVOutputVerbatim) {
  const TpmtoolOutput t = parse_fixture("seed000-hyperv-tpmtool.txt");
  EXPECT_TRUE(t.unrecognised.empty());
  EXPECT_EQ(t.fields.size(), 19u);  // 20 labels in facts §8, one of them the flags header
  ASSERT_NE(t.find("TPM Manufacturer ID"), nullptr);
  EXPECT_EQ(t.find("TPM Manufacturer ID")->value, "MSFT");
  EXPECT_EQ(t.find("Ready For Attestation")->value, "False");
  EXPECT_EQ(t.find("Ready For Attestation")->line, 9u);
  EXPECT_EQ(t.find("TPM Errata Date")->value, "Wednesday, October 29, 2014");
  EXPECT_TRUE(t.flags_section);
  EXPECT_EQ(t.flags_line, 10u);
  ASSERT_EQ(t.information_flags.size(), 1u);
  EXPECT_EQ(t.information_flags[0].name, "INFORMATION_EK_CERTIFICATE");
  EXPECT_EQ(t.information_flags[0].line, 11u);
}

TEST(TpmtoolText, Utf16VariantGivesTheSameFields) {
  const TpmtoolOutput a = parse_fixture("seed000-hyperv-tpmtool.txt");
  const TpmtoolOutput b = parse_fixture("seed000-hyperv-tpmtool.utf16.txt");
  EXPECT_EQ(a.fields, b.fields);
  EXPECT_EQ(a.information_flags, b.information_flags);
}

TEST(TpmtoolText, HealthyOutputHasEmptyFlagsSection) {
  const TpmtoolOutput t = parse_fixture("healthy-tpmtool.utf8bom.txt");
  EXPECT_TRUE(t.flags_section);
  EXPECT_TRUE(t.information_flags.empty());
  EXPECT_EQ(t.find("Ready For Attestation")->value, "True");
}

TEST(TpmtoolText, OtherLanguageLinesAreUnrecognisedWithNumbers) {
  const TpmtoolOutput t = parse_fixture("tpmtool-german.txt");
  EXPECT_TRUE(t.fields.empty());
  ASSERT_EQ(t.unrecognised.size(), 8u);
  EXPECT_EQ(t.unrecognised[0].line, 1u);
  EXPECT_EQ(t.unrecognised[0].reason, "unknown label \"TPM vorhanden\"");
  // The indented INFORMATION_ line is not under a recognised flags header.
  EXPECT_EQ(t.unrecognised[6].line, 7u);
  EXPECT_EQ(t.unrecognised[6].reason, "not a \"-Label: value\" line");
}

TEST(TpmtoolText, UnknownFlagNameAndStrayLinesAreReported) {
  const std::string s =
      "-TPM Present: True\n"
      "-Information Flags Description:\n"
      "    INFORMATION_EK_CERTIFICATE\n"
      "    INFORMATION_SOMETHING_NEW\n"
      "    not a flag\n"
      "stray text\n"
      "-Ready For Attestation: False\n";
  auto t = parse_tpmtool_bytes(as_span(s), "t.txt");
  ASSERT_TRUE(t.ok());
  ASSERT_EQ(t->information_flags.size(), 2u);
  ASSERT_EQ(t->unrecognised.size(), 3u);
  EXPECT_EQ(t->unrecognised[0].line, 4u);
  EXPECT_EQ(t->unrecognised[0].reason, "INFORMATION_* name not in the known flag table");
  EXPECT_EQ(t->unrecognised[1].line, 5u);
  EXPECT_EQ(t->unrecognised[2].line, 6u);
  EXPECT_EQ(t->find("Ready For Attestation")->line, 7u);
}

TEST(TpmtoolText, GarbageAndEmptyAreErrors) {
  auto empty = parse_tpmtool_bytes(ByteSpan{}, "empty.txt");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().what(),
            "file empty.txt: not tpmtool getdeviceinformation output (no \"-Label: value\" line in 0 lines)");
  const Bytes garbage{0x00, 0xff, 0x13, 0x37};
  auto g = parse_tpmtool_bytes(garbage, "g.bin");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind(), ErrorKind::Parse);
}

TEST(InformationFlags, ValuesFromFactsTable) {
  EXPECT_EQ(information_flag_value("INFORMATION_EK_CERTIFICATE"), 0x00040000u);
  EXPECT_EQ(information_flag_value("INFORMATION_TCG_EVENT_LOG"), 0x00080000u);
  EXPECT_EQ(information_flag_value("INFORMATION_DEVICEID"), 0x00800000u);
  EXPECT_FALSE(information_flag_value("INFORMATION_NOPE").has_value());
  EXPECT_EQ(information_flag_name(0x00000002), "INFORMATION_SHUTDOWN");
  EXPECT_EQ(information_flag_name(0x1), "");
}
