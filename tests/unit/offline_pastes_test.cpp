// What admins paste, read in full: Get-Tpm with prompts, cuts and TPM 1.2 values, tpmtool's failure
// output (also behind a logger's prefix and inside a paste of several commands), and what the rules
// decide from it. Inputs: tests/data/offline (MANIFEST.md names the public post each layout is from).
#include <gtest/gtest.h>

#include "cert/chain.h"
#include "collect/offline/powershell_text.h"
#include "collect/offline/text_lines.h"
#include "collect/offline/tpmtool_text.h"
#include "collect/offline_pipeline.h"
#include "rules/rules.h"
#include "util/file.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

std::string fx(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/offline/" + name; }

Evidence analyze(const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const auto& n : names) paths.push_back(fx(n));
  auto ev = collect::collect_offline(paths);
  EXPECT_TRUE(ev.ok()) << ev.error().what();
  return ev.ok() ? std::move(ev).value() : Evidence{};
}

rules::Finding check(std::string_view id, const Evidence& e) {
  cert::CaStore none;
  return rules::run_check(*rules::find_rule(id), e, rules::make_context(e, none, 1795000000));
}

TextLines lines(std::string text) {
  auto t = decode_text(as_span(text), "paste.txt");
  EXPECT_TRUE(t.ok());
  return std::move(t).value();
}

const InputRecord& only_input(const Evidence& e) {
  EXPECT_EQ(e.inputs.size(), 1u);
  return e.inputs.front();
}

}  // namespace

TEST(PasteLines, PromptsCutsAndCmdlets) {
  EXPECT_EQ(prompt_command("PS C:\\WINDOWS\\system32> Get-Tpm"), std::optional<std::string_view>("Get-Tpm"));
  EXPECT_EQ(prompt_command("PS> Get-Tpm "), std::optional<std::string_view>("Get-Tpm"));
  EXPECT_EQ(prompt_command("PS C:\\Users\\user>"), std::optional<std::string_view>(""));
  EXPECT_EQ(prompt_command("C:\\Windows\\system32>tpmtool getdeviceinformation"),
            std::optional<std::string_view>("tpmtool getdeviceinformation"));
  EXPECT_FALSE(prompt_command("PSRemoting : True").has_value());
  EXPECT_FALSE(prompt_command("PS is a shell").has_value());
  EXPECT_FALSE(prompt_command("TpmPresent : True").has_value());
  EXPECT_TRUE(is_elision("[...]"));
  EXPECT_TRUE(is_elision("  ...  "));
  EXPECT_FALSE(is_elision("[...] more"));
  EXPECT_TRUE(is_cmdlet_command("Get-Tpm"));
  EXPECT_TRUE(is_cmdlet_command("get-tpm | fl *"));
  EXPECT_FALSE(is_cmdlet_command("tpmtool getdeviceinformation"));
  EXPECT_FALSE(is_cmdlet_command("wmic /namespace:\\\\root\\cimv2\\security\\microsofttpm path win32_tpm get *"));
}

TEST(GetTpmPaste, PromptTrailingSpacesAndCutAreReadNotReported) {
  auto text = read_file(fx("get-tpm-ifx-roca-paste.txt"), kMaxEventLogBytes);
  ASSERT_TRUE(text.ok());
  auto p = parse_format_list_bytes(*text, "get-tpm-ifx-roca-paste.txt");
  ASSERT_TRUE(p.ok()) << p.error().what();
  EXPECT_TRUE(p->unrecognised.empty()) << p->unrecognised.front().text;
  EXPECT_EQ(p->elisions, std::vector<std::size_t>{16});
  EXPECT_EQ(p->find("TpmPresent")->value, "True");            // "True " in the paste
  EXPECT_EQ(p->find("ManufacturerVersionFull20")->value, "7.40.2098.0");  // trailing spaces and a blank wrap
  EXPECT_EQ(p->find("SelfTest")->value, "{}");
  for (const auto& f : p->fields) EXPECT_EQ(f.object, 0u) << f.name;  // the prompt is not a new object
}

TEST(GetTpmPaste, InfineonRocaVersionFailsTheFirmwareRule) {
  const Evidence e = analyze({"get-tpm-ifx-roca-paste.txt"});
  const GetTpmEvidence& g = e.windows->get_tpm;
  EXPECT_EQ(g.manufacturer_id_txt, Fact<std::string>::known("IFX", "file:get-tpm-ifx-roca-paste.txt:11"));
  EXPECT_EQ(g.manufacturer_version_full20.value, "7.40.2098.0");
  EXPECT_EQ(g.lockout_max.value, 32u);
  EXPECT_EQ(g.lockout_heal_time.value, "2 hours");
  EXPECT_EQ(g.self_test.value, "{}");
  EXPECT_EQ(g.tpm_family, Fact<std::string>::known("2.0", "file:get-tpm-ifx-roca-paste.txt:13"));
  EXPECT_EQ(only_input(e).status, InputStatus::Read);
  const auto f = check("tpm.firmware_not_vulnerable", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("IFX firmware 7.40.2098.0"), std::string::npos) << f.summary;
  EXPECT_EQ(check("tpm.version_2_0", e).status, rules::Status::Pass);
}

TEST(GetTpmPaste, FieldMissingAfterACutSaysItWasNotPasted) {
  const Evidence e = analyze({"paste-tpm-not-detected.txt"});
  const GetTpmEvidence& g = e.windows->get_tpm;
  EXPECT_EQ(g.tpm_present, Fact<bool>::known(false, "file:paste-tpm-not-detected.txt:3"));
  EXPECT_FALSE(g.tpm_owned.has_value());
  EXPECT_EQ(g.tpm_owned.unknown_reason,
            "not in the pasted Get-Tpm output (lines cut with [...] at paste-tpm-not-detected.txt:2)");
}

TEST(GetTpmPaste, NotSupportedForTpm12MakesATpm12AndItsFieldsUnknown) {
  const Evidence e = analyze({"get-tpm-tpm12.txt"});
  const GetTpmEvidence& g = e.windows->get_tpm;
  EXPECT_EQ(g.tpm_family, Fact<std::string>::known("1.2", "file:get-tpm-tpm12.txt:8"));
  EXPECT_FALSE(g.manufacturer_version_full20.has_value());
  EXPECT_EQ(g.manufacturer_version_full20.unknown_reason, "Get-Tpm prints \"Not Supported for TPM 1.2\"");
  EXPECT_FALSE(g.lockout_count.has_value());
  EXPECT_EQ(g.lockout_count.source, "file:get-tpm-tpm12.txt:15");
  EXPECT_EQ(g.self_test.value, "{128, 0, 1, 255}");
  EXPECT_EQ(only_input(e).status, InputStatus::Read);  // "OwnerAuth :" with no value is a field too
  const auto v = check("tpm.version_2_0", e);
  EXPECT_EQ(v.status, rules::Status::Fail);
  EXPECT_NE(v.summary.find("TPM 1.2"), std::string::npos);
  // ManufacturerVersion 4.43 is read for the ROCA table (major 4: minor <= 33 or 40..42 only).
  EXPECT_EQ(check("tpm.firmware_not_vulnerable", e).status, rules::Status::Pass);
}

TEST(GetTpmPaste, ManufacturerIdAloneGivesTheVendorText) {
  auto ev = collect::collect_offline_bytes(
      as_span(std::string("TpmPresent : True\nManufacturerId : 1229346816\nManufacturerVersion : 5.61.2785.0\n")),
      "gettpm.txt");
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->windows->get_tpm.manufacturer_id_txt, Fact<std::string>::known("IFX", "file:gettpm.txt:2"));
  EXPECT_EQ(check("tpm.firmware_not_vulnerable", *ev).status, rules::Status::Fail);  // IFX 5.61: 5 <= 61
}

TEST(TpmtoolFailure, FoundWithAndWithoutAPrefix) {
  auto plain = find_tpmtool_failure(lines("Failed to get information.\n"
                                          "Command failed with 0x800710df - The device is not ready for use.\n"));
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->code, 0x800710DFu);
  EXPECT_EQ(plain->message, "The device is not ready for use.");
  EXPECT_EQ(plain->line, 2u);
  EXPECT_EQ(plain->failed_line, 1u);
  auto prefixed = find_tpmtool_failure(lines("> [12:00:01] stdout: Failed to get information.\n\n"
                                             "> [12:00:01] stdout: Command failed with 0x80284008\n"));
  ASSERT_TRUE(prefixed.has_value());
  EXPECT_EQ(prefixed->code, 0x80284008u);
  EXPECT_EQ(prefixed->message, "");
  EXPECT_EQ(prefixed->line, 3u);
  EXPECT_EQ(prefixed->failed_line, 1u);
  const std::string failed = "Failed to get information.\n";
  EXPECT_FALSE(find_tpmtool_failure(lines(failed + "Command failed with 0x\n")).has_value());
  EXPECT_FALSE(find_tpmtool_failure(lines(failed + "Command failed with 0x800710df1 - nine digits\n")).has_value());
  EXPECT_FALSE(find_tpmtool_failure(lines("Command failed with 0x800710df - alone, without the first line\n")).has_value());
  EXPECT_FALSE(find_tpmtool_failure(lines("-TPM Present: True\n")).has_value());
  // Text that mentions the lines is not the output: a table row, a sentence.
  EXPECT_FALSE(find_tpmtool_failure(lines("| tpmtool | \"Failed to get information.\" |\n"
                                          "| code | \"Command failed with 0x800710df\" |\n")).has_value());
  EXPECT_FALSE(find_tpmtool_failure(lines("It said Failed to get information. Then Command failed with 0x800710df.\n"))
                   .has_value());
}

TEST(TpmtoolFailure, FailsTpmPresentWithTheCodeExplained) {
  for (const std::string name : {"tpmtool-failed-0x800710df.txt", "tpmtool-failed-harness.txt"}) {
    const Evidence e = analyze({name});
    const TpmtoolEvidence& t = e.windows->tpmtool;
    EXPECT_EQ(t.command_failed, Fact<std::uint32_t>::known(0x800710DFu, "file:" + name + ":3")) << name;
    EXPECT_EQ(t.command_failed_message.value, "The device is not ready for use.");
    const auto f = check("tpm.present", e);
    EXPECT_EQ(f.status, rules::Status::Fail) << name;
    EXPECT_NE(f.summary.find("the TPM is not available to Windows"), std::string::npos) << f.summary;
    EXPECT_NE(f.summary.find("ERROR_DEVICE_NOT_AVAILABLE"), std::string::npos) << f.summary;  // from the table
  }
  // The prompt line of the plain paste is skipped; the harness's own lines are reported.
  EXPECT_EQ(only_input(analyze({"tpmtool-failed-0x800710df.txt"})).status, InputStatus::Read);
  EXPECT_EQ(only_input(analyze({"tpmtool-failed-harness.txt"})).status, InputStatus::Partial);
}

TEST(TpmtoolFailure, InsideAGetTpmPasteOtherProgramsAreNotFormatListLines) {
  const Evidence e = analyze({"paste-tpm-not-detected.txt"});
  EXPECT_EQ(only_input(e).kind, "get_tpm");
  EXPECT_EQ(only_input(e).status, InputStatus::Read) << only_input(e).detail;  // wmic/tpmtool lines skipped
  EXPECT_EQ(e.windows->tpmtool.command_failed.value, 0x800710DFu);
  EXPECT_EQ(check("tpm.present", e).status, rules::Status::Fail);
}
