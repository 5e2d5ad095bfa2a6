#include <gtest/gtest.h>

#include "collect/offline/powershell_text.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

PsListOutput parse_fixture(const std::string& name) {
  auto bytes = read_file_bounded(std::string(TPMREADY_TEST_DATA) + "/offline/" + name);
  EXPECT_TRUE(bytes.ok());
  auto out = parse_format_list_bytes(*bytes, name);
  EXPECT_TRUE(out.ok()) << out.error().what();
  return std::move(out).value();
}

}  // namespace

TEST(PowershellText, GetTpmFormatList) {
  const PsListOutput p = parse_fixture("get-tpm-healthy.txt");
  EXPECT_TRUE(p.unrecognised.empty());
  ASSERT_EQ(p.fields.size(), 13u);
  EXPECT_EQ(p.find("TpmPresent")->value, "True");
  EXPECT_EQ(p.find("tpmowned")->line, 6u);
  EXPECT_EQ(p.find("ManufacturerId")->value, "1314145024");
  EXPECT_EQ(p.find("ManufacturerVersionInfo")->value, "NPCT75x");
}

TEST(PowershellText, EkInfoCollectionWithWrappedCertificateText) {
  const PsListOutput p = parse_fixture("get-tpmekinfo-healthy.txt");
  EXPECT_TRUE(p.unrecognised.empty());
  EXPECT_EQ(p.find("IsPresent")->value, "True");
  const PsField* m = p.find("ManufacturerCertificates");
  ASSERT_NE(m, nullptr);
  auto certs = parse_cert_collection(m->value);
  ASSERT_TRUE(certs.has_value());
  EXPECT_EQ(certs->count, 1u);
  EXPECT_FALSE(certs->truncated);
  EXPECT_EQ(certs->thumbprints, std::vector<std::string>{"B6BAE82B06492321A84308410C282928D789BBCA"});
  auto additional = parse_cert_collection(p.find("AdditionalCertificates")->value);
  ASSERT_TRUE(additional.has_value());
  EXPECT_EQ(additional->count, 0u);
  EXPECT_EQ(p.find("AdditionalCertificates")->line, 23u);
}

TEST(PowershellText, TruncatedCollectionAndUnknownText) {
  auto cut = parse_cert_collection("{[Subject]\n  CN=x, [Subject]...}");
  ASSERT_TRUE(cut.has_value());
  EXPECT_TRUE(cut->truncated);
  EXPECT_EQ(cut->count, 2u);
  EXPECT_FALSE(parse_cert_collection("{System.Object}").has_value());
  EXPECT_FALSE(parse_cert_collection("plain").has_value());
}

TEST(PowershellText, StrayLinesReportedAndNoFieldsIsError) {
  auto p = parse_format_list_bytes(as_span(std::string("TpmPresent : True\n--- oops\n")), "x.txt");
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->unrecognised.size(), 1u);
  EXPECT_EQ(p->unrecognised[0].line, 2u);
  auto none = parse_format_list_bytes(as_span(std::string("just words\n")), "w.txt");
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().what(), "file w.txt: no \"Name : Value\" line (not PowerShell Format-List output)");
}

TEST(PowershellText, Booleans) {
  EXPECT_EQ(parse_ps_bool("True"), true);
  EXPECT_EQ(parse_ps_bool(" False "), false);
  EXPECT_FALSE(parse_ps_bool("Wahr").has_value());
}

TEST(PowershellText, BlankLinesSeparateObjectsButNotWrappedValues) {
  const PsListOutput tasks = parse_fixture("get-scheduledtaskinfo-healthy.txt");
  ASSERT_EQ(tasks.fields.size(), 6u);
  EXPECT_EQ(tasks.fields[2].object, 0u);
  EXPECT_EQ(tasks.fields[3].object, 1u);
  EXPECT_EQ(tasks.fields[3].value, "0");
  // The EK info certificate text has blank lines inside one value: still one object.
  const PsListOutput ek = parse_fixture("get-tpmekinfo-healthy.txt");
  for (const auto& f : ek.fields) EXPECT_EQ(f.object, 0u) << f.name;
}
