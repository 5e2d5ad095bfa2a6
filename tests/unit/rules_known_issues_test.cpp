// The known-issue matrix (data/known_issues.json) and its two rules: the firmware version
// normaliser across the formats each source writes, the predicates, the Windows build against each
// fix, the table's own checks (every row cites its sources), and tpm.firmware_known_issue /
// os.attestation_fixes_installed over hand-built Evidence.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "cert/chain.h"
#include "explain/error_codes.h"
#include "rules/known_issues.h"
#include "rules/rules.h"

using namespace tpmready;
using namespace tpmready::rules;

namespace {

constexpr std::int64_t kNow = 1795000000;

Finding check(std::string_view id, const Evidence& e) {
  cert::CaStore none;
  return run_check(*find_rule(id), e, make_context(e, none, kNow));
}

std::vector<std::uint32_t> parts(std::string_view text) {
  auto v = parse_firmware_version(text);
  return v ? v->parts : std::vector<std::uint32_t>{};
}

FirmwareVersion version(std::string_view text) {
  auto v = parse_firmware_version(text);
  EXPECT_TRUE(v) << text;
  return v ? *v : FirmwareVersion{};
}

const KnownIssue& row(std::string_view id) {
  auto t = known_issues();
  EXPECT_TRUE(t) << t.error().what();
  for (const auto& r : **t)
    if (r.id == id) return r;
  ADD_FAILURE() << "no row " << id;
  static KnownIssue none;
  return none;
}

/// Get-Tpm as pasted: manufacturer text and ManufacturerVersion, nothing else.
Evidence get_tpm(const std::string& vendor, const std::string& version) {
  Evidence e;
  e.windows = WindowsEvidence{};
  e.windows->get_tpm.tpm_present = Fact<bool>::known(true, "file:get-tpm.txt:2");
  e.windows->get_tpm.manufacturer_id_txt = Fact<std::string>::known(vendor, "file:get-tpm.txt:8");
  e.windows->get_tpm.manufacturer_version = Fact<std::string>::known(version, "file:get-tpm.txt:9");
  return e;
}

Evidence tpmtool(const std::string& vendor, const std::string& version) {
  Evidence e;
  e.windows = WindowsEvidence{};
  e.windows->tpmtool.tpm_present = Fact<bool>::known(true, "file:tpmtool.txt:1");
  e.windows->tpmtool.manufacturer_id = Fact<std::string>::known(vendor, "file:tpmtool.txt:3");
  e.windows->tpmtool.manufacturer_version = Fact<std::string>::known(version, "file:tpmtool.txt:5");
  return e;
}

RegValueFact reg_sz(const std::string& text, int line) {
  RegValueFact r;
  r.exists = Fact<bool>::known(true, "file:cv.reg:" + std::to_string(line));
  r.type = "REG_SZ";
  r.text = text;
  return r;
}
RegValueFact reg_dword(std::uint64_t v, int line) {
  RegValueFact r;
  r.exists = Fact<bool>::known(true, "file:cv.reg:" + std::to_string(line));
  r.type = "REG_DWORD";
  r.number = v;
  return r;
}

void set_build(Evidence& e, std::uint32_t build, std::optional<std::uint32_t> ubr) {
  if (!e.windows) e.windows = WindowsEvidence{};
  e.windows->registry.current_build = reg_sz(std::to_string(build), 5);
  if (ubr) e.windows->registry.ubr = reg_dword(*ubr, 9);
  else e.windows->registry.ubr.exists = Fact<bool>::known(false, "file:cv.reg:3");
}

}  // namespace

// ---- the version normaliser ----------------------------------------------------------------------

TEST(FirmwareVersion, ParsesWhatEachSourceWrites) {
  EXPECT_EQ(parts("3.87.0.5"), (std::vector<std::uint32_t>{3, 87, 0, 5}));       // Get-Tpm, tpmtool
  EXPECT_EQ(parts("  3.87.0.5   "), (std::vector<std::uint32_t>{3, 87, 0, 5}));  // pasted with spaces
  EXPECT_EQ(parts("7.40.2098.0\t"), (std::vector<std::uint32_t>{7, 40, 2098, 0}));
  EXPECT_EQ(parts("15.22"), (std::vector<std::uint32_t>{15, 22}));                // dmidecode, kernel log
  EXPECT_EQ(parts("4.43"), (std::vector<std::uint32_t>{4, 43}));                  // Get-Tpm on a TPM 1.2
  EXPECT_EQ(parts("8213.275.21.18466"), (std::vector<std::uint32_t>{8213, 275, 21, 18466}));
  EXPECT_EQ(version("3.87.0.5").text(), "3.87.0.5");
}

TEST(FirmwareVersion, RejectsWhatIsNotAVersion) {
  for (const char* bad : {"", "3", "3.", ".3", "3..1", "a.b", "3.87.0.5.1", "3.87 (fixed)", "Not Supported for TPM 1.2",
                          "3,87,0,5", "4294967296.1", "-3.1"})
    EXPECT_FALSE(parse_firmware_version(bad)) << bad;
  EXPECT_TRUE(parse_firmware_version("4294967295.0"));
}

TEST(FirmwareVersion, TpmWordsGiveWhatWindowsShows) {
  // oofhours (2022-08-12): FW1 538247443, FW2 1394722 are tpm.msc's 8213.275.21.18466, the version
  // tpmtool prints for Hyper-V's virtual TPM (seed 000).
  EXPECT_EQ(firmware_version_from_words(538247443u, 1394722u).text(), "8213.275.21.18466");
  // The same AMD firmware read three ways is one version.
  const FirmwareVersion live = firmware_version_from_words((3u << 16) | 47u, 5u);
  EXPECT_EQ(live, version("3.47.0.5"));
  EXPECT_EQ(firmware_version_from_words(0x000F0016u, 0).text(), "15.22.0.0");
}

TEST(FirmwareVersion, OneIdentityWhateverTheSource) {
  Evidence live;
  live.tpm_access = {true, false, "device:/dev/tpmrm0", ""};
  live.tpm = TpmEvidence{};
  live.tpm->manufacturer = "AMD";
  live.tpm->firmware_version_1 = (3u << 16) | 47u;
  live.tpm->firmware_version_2 = 5u;
  const auto a = tpm_firmware_identity(live);
  const auto b = tpm_firmware_identity(tpmtool("AMD", "3.47.0.5"));
  const auto c = tpm_firmware_identity(get_tpm("AMD", "3.47.0.5 "));
  for (const auto* id : {&a, &b, &c}) {
    ASSERT_TRUE(id->version);
    EXPECT_EQ(id->version->parts, (std::vector<std::uint32_t>{3, 47, 0, 5}));
    EXPECT_EQ(*id->manufacturer.value, "AMD");
  }
  EXPECT_EQ(a.version_text.source, "tpm:device:/dev/tpmrm0 GetCapability TPM_PT_FIRMWARE_VERSION_1/2");
  EXPECT_EQ(b.version_text.source, "file:tpmtool.txt:5");
  EXPECT_EQ(c.version_text.source, "file:get-tpm.txt:9");
}

TEST(FirmwareVersion, GetTpmFull20FirstAndTheTpmBeforeTheTexts) {
  auto e = get_tpm("IFX", "5.63.3353.0");
  e.windows->get_tpm.manufacturer_version_full20 = Fact<std::string>::known("5.63.13.6400", "file:get-tpm.txt:10");
  EXPECT_EQ(*tpm_firmware_identity(e).version_text.value, "5.63.13.6400");
  e.windows->get_tpm.manufacturer_version_full20 =
      Fact<std::string>::unknown("Get-Tpm prints \"Not Supported for TPM 1.2\"", "file:get-tpm.txt:10");
  EXPECT_EQ(*tpm_firmware_identity(e).version_text.value, "5.63.3353.0");
  e.windows->get_tpm.manufacturer_version_info = Fact<std::string>::known("SLB9665", "file:get-tpm.txt:11");
  EXPECT_EQ(*tpm_firmware_identity(e).model.value, "SLB9665");
  // A manufacturer without a version: unknown version, the manufacturer kept.
  Evidence only;
  only.windows = WindowsEvidence{};
  only.windows->tpmtool.manufacturer_id = Fact<std::string>::known("INTC", "file:tpmtool.txt:3");
  const auto id = tpm_firmware_identity(only);
  EXPECT_EQ(*id.manufacturer.value, "INTC");
  EXPECT_FALSE(id.version);
  EXPECT_FALSE(id.version_text.value);
}

// ---- predicates ----------------------------------------------------------------------------------

TEST(KnownIssuePredicates, DottedPatternsWithWildcards) {
  EXPECT_EQ(firmware_matches("3.*.0.*", version("3.47.0.5")), Match::Yes);
  EXPECT_EQ(firmware_matches("3.*.0.*", version("3.87.0.5")), Match::Yes);
  EXPECT_EQ(firmware_matches("3.*.0.*", version("3.90.2.5")), Match::No);  // AMD: fixed in 3.*.2.*
  EXPECT_EQ(firmware_matches("3.*.0.*", version("6.14.0.1")), Match::No);  // and in 6.*
  EXPECT_EQ(firmware_matches("3.*.0.*", version("3.47")), Match::Undecided);
  EXPECT_EQ(firmware_matches("3.*.0.*", version("4.43")), Match::No);      // decided by the parts it has
  EXPECT_EQ(firmware_matches("15.22", version("15.22.16832.0")), Match::Yes);
  EXPECT_EQ(firmware_matches("15.22", version("15.22")), Match::Yes);
  EXPECT_EQ(firmware_matches("15.22", version("15.23.0.0")), Match::No);
  EXPECT_EQ(firmware_matches("15.22", version("5.22.0.0")), Match::No);
}

TEST(KnownIssuePredicates, ComparisonsOfTheLeadingParts) {
  EXPECT_EQ(firmware_matches(">7.69", version("7.85.4555.0")), Match::Yes);
  EXPECT_EQ(firmware_matches(">7.69", version("15.22")), Match::Yes);
  EXPECT_EQ(firmware_matches(">7.69", version("7.69.9999.0")), Match::No);
  EXPECT_EQ(firmware_matches(">7.69", version("5.63.3353.0")), Match::No);
  EXPECT_EQ(firmware_matches(">=7.69", version("7.69.0.0")), Match::Yes);
  EXPECT_EQ(firmware_matches("<7.69", version("7.40.2098.0")), Match::Yes);
  EXPECT_EQ(firmware_matches("<=7.69", version("7.70")), Match::No);
  EXPECT_EQ(firmware_matches(">7.69.3", version("7.69")), Match::Undecided);
}

TEST(KnownIssuePredicates, OnlyWellFormedPredicates) {
  for (const char* good : {"3.*.0.*", "15.22", ">7.69", ">=7", "<=1.2.3.4", "*.1"})
    EXPECT_TRUE(valid_firmware_predicate(good)) << good;
  for (const char* bad : {"", ">", ">3.*", "3.x", "1.2.3.4.5", "3..0", "3.0.", "=3.1", " 3.1"})
    EXPECT_FALSE(valid_firmware_predicate(bad)) << bad;
}

// ---- Windows builds against the fixes -------------------------------------------------------------

TEST(KnownIssueOs, TheMay2022FixFor0x81039023ByBuildAndUbr) {
  const auto& os = *row("windows-0x81039023").os;
  const OsFix* fix = nullptr;
  EXPECT_EQ(os_state(os, 22000, 556, &fix), OsState::Missing);
  ASSERT_NE(fix, nullptr);
  EXPECT_EQ(fix->kb, "KB5013943");
  EXPECT_EQ(os_state(os, 22000, 675), OsState::Fixed);
  EXPECT_EQ(os_state(os, 19044, 1645), OsState::Missing);
  EXPECT_EQ(os_state(os, 19044, 1706), OsState::Fixed);
  EXPECT_EQ(os_state(os, 19042, 1706), OsState::Fixed);
  EXPECT_EQ(os_state(os, 19045, 2006), OsState::Fixed);
  EXPECT_EQ(os_state(os, 22621, 525), OsState::Fixed);   // a later release
  EXPECT_EQ(os_state(os, 26100, 1), OsState::Fixed);
  EXPECT_EQ(os_state(os, 19041, 1415), OsState::NotCovered);  // no source speaks of 2004
  EXPECT_EQ(os_state(os, 22000, std::nullopt), OsState::NeedsUbr);
  EXPECT_EQ(os_state(os, 20000, 1), OsState::NotCovered);     // between listed builds
}

TEST(KnownIssueOs, TigerLakeNeeds21H2WithKB5007253) {
  const auto& os = *row("intel-tiger-lake-kb5007253").os;
  EXPECT_EQ(os_state(os, 19044, 1387), OsState::Fixed);
  EXPECT_EQ(os_state(os, 19044, 1348), OsState::Missing);  // the November 9 update is not enough
  EXPECT_EQ(os_state(os, 19043, 2364), OsState::Missing);  // older versions are not supported
  EXPECT_EQ(os_state(os, 19045, 2006), OsState::Fixed);
  EXPECT_EQ(os_state(os, 22000, 194), OsState::Fixed);
}

// ---- the table ---------------------------------------------------------------------------------------

TEST(KnownIssueTable, EveryRowCitesExistingSourcesAndARule) {
  auto t = known_issues();
  ASSERT_TRUE(t) << t.error().what();
  ASSERT_GE((*t)->size(), 5u);
  for (const auto& r : **t) {
    SCOPED_TRACE(r.id);
    EXPECT_FALSE(r.facts.empty());
    EXPECT_FALSE(r.sources.empty());
    for (const auto& s : r.sources) EXPECT_NE(explain::find_source(s), nullptr) << s;
    EXPECT_NE(find_rule(r.rule), nullptr);
    EXPECT_FALSE(r.fix.empty());
    EXPECT_NE(reference_of(r).find(r.facts), std::string::npos);
  }
  // The rows the matrix was asked for.
  EXPECT_EQ(row("amd-ftpm-3.x.0").firmware, std::vector<std::string>{"3.*.0.*"});
  EXPECT_EQ(row("ifx-slb9672-fw15.22").model, "SLB9672");
  EXPECT_EQ(row("intel-tiger-lake-kb5007253").os->fixed_in.front().kb, "KB5007253");
}

TEST(KnownIssueTable, ARowWithoutASourceOrWithABadPredicateIsRejectedByName) {
  auto good = nlohmann::json::parse(R"({"issues": [{"id": "x", "rule": "tpm.firmware_known_issue", "title": "t",
    "vendor": "AMD", "firmware": ["3.*.0.*"], "symptoms": [], "fix": "f", "facts": "facts/x.md",
    "sources": ["MS-KI"], "verified": true, "confidence": "HIGH"}]})");
  ASSERT_TRUE(parse_known_issues(good));
  auto no_sources = good;
  no_sources["issues"][0]["sources"] = nlohmann::json::array();
  auto r = parse_known_issues(no_sources);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what().find("row x: cites no source"), std::string::npos) << r.error().what();
  auto no_facts = good;
  no_facts["issues"][0]["facts"] = "";
  EXPECT_FALSE(parse_known_issues(no_facts));
  auto missing_key = good;
  missing_key["issues"][0].erase("sources");
  EXPECT_FALSE(parse_known_issues(missing_key));
  auto unknown_source = good;
  unknown_source["issues"][0]["sources"] = {"NOWHERE"};
  EXPECT_FALSE(parse_known_issues(unknown_source));
  auto bad_predicate = good;
  bad_predicate["issues"][0]["firmware"] = {"3.x.0"};
  r = parse_known_issues(bad_predicate);
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().what().find("3.x.0"), std::string::npos);
  auto no_rule = good;
  no_rule["issues"][0]["rule"] = "tpm.no_such_rule";
  EXPECT_FALSE(parse_known_issues(no_rule));
  auto twice = good;
  twice["issues"].push_back(good["issues"][0]);
  EXPECT_FALSE(parse_known_issues(twice));
}

// ---- tpm.firmware_known_issue ----------------------------------------------------------------------

TEST(RuleFirmwareKnownIssue, AmdFtpm3x0FailsFromGetTpmWithItsFixAndSources) {
  auto f = check("tpm.firmware_known_issue", get_tpm("AMD", "3.47.0.5"));
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("AMD firmware 3.47.0.5"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("0x80070490"), std::string::npos) << f.summary;
  EXPECT_NE(f.fix.text.find("3.*.2.*"), std::string::npos) << f.fix.text;
  EXPECT_NE(f.reference.find("https://heise.de/-10482872"), std::string::npos) << f.reference;
  EXPECT_NE(f.reference.find("facts/field-2026-12.md"), std::string::npos) << f.reference;
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_EQ(f.evidence[1].source, "file:get-tpm.txt:9");
  EXPECT_EQ(check("tpm.firmware_known_issue", get_tpm("AMD", "3.90.2.5")).status, rules::Status::Pass);
  EXPECT_EQ(check("tpm.firmware_known_issue", tpmtool("AMD", "6.14.0.1")).status, rules::Status::Pass);
}

TEST(RuleFirmwareKnownIssue, InfineonSlb9672Fw1522FailsUnlessAnotherModelIsNamed) {
  auto f = check("tpm.firmware_known_issue", tpmtool("IFX", "15.22.0.0"));
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("timed out"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("model is not in the evidence"), std::string::npos) << f.summary;
  auto named = tpmtool("IFX", "15.22.0.0");
  named.windows->get_tpm.manufacturer_version_info = Fact<std::string>::known("SLB 9672", "file:get-tpm.txt:11");
  EXPECT_EQ(check("tpm.firmware_known_issue", named).status, rules::Status::Fail);
  named.windows->get_tpm.manufacturer_version_info = Fact<std::string>::known("SLB9673", "file:get-tpm.txt:11");
  EXPECT_EQ(check("tpm.firmware_known_issue", named).status, rules::Status::Pass);
  EXPECT_EQ(check("tpm.firmware_known_issue", tpmtool("IFX", "15.23.0.0")).status, rules::Status::Pass);
}

TEST(RuleFirmwareKnownIssue, LiveTpmWordsAreJudgedTheSameWay) {
  Evidence e;
  e.tpm_access = {true, false, "device:/dev/tpmrm0", ""};
  e.tpm = TpmEvidence{};
  e.tpm->manufacturer = "AMD";
  e.tpm->firmware_version_1 = (3u << 16) | 87u;
  e.tpm->firmware_version_2 = 5u;
  EXPECT_EQ(check("tpm.firmware_known_issue", e).status, rules::Status::Fail);
  e.tpm->firmware_version_2 = (2u << 16) | 5u;  // 3.87.2.5
  EXPECT_EQ(check("tpm.firmware_known_issue", e).status, rules::Status::Pass);
}

TEST(RuleFirmwareKnownIssue, UnknownVersionIsUnknownAndSaysHowToCheck) {
  Evidence none;
  none.windows = WindowsEvidence{};
  auto f = check("tpm.firmware_known_issue", none);
  EXPECT_EQ(f.status, rules::Status::Unknown);
  EXPECT_NE(f.summary.find("Get-Tpm"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("AMD 3.*.0.*"), std::string::npos) << f.summary;
  // A vendor with a version that is not one ("Not Supported" is unknown already; garbage stays unknown).
  auto garbage = get_tpm("AMD", "unknown");
  EXPECT_EQ(check("tpm.firmware_known_issue", garbage).status, rules::Status::Unknown);
  // Too few parts to decide the AMD pattern.
  EXPECT_EQ(check("tpm.firmware_known_issue", get_tpm("AMD", "3.47")).status, rules::Status::Unknown);
  // Known vendor and version, no row: pass.
  EXPECT_EQ(check("tpm.firmware_known_issue", tpmtool("NTC", "7.2.3.1")).status, rules::Status::Pass);
}

TEST(RuleFirmwareKnownIssue, IsARootCauseOfItsOwn) {
  auto e = get_tpm("AMD", "3.47.0.5");
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.verdict, Verdict::NotReady);
  ASSERT_EQ(r.root_causes.size(), 1u);
  EXPECT_EQ(r.root_causes[0].id, "tpm.firmware_known_issue");
  EXPECT_EQ(find_rule("tpm.firmware_known_issue")->side, FaultSide::Device);
}

// ---- os.attestation_fixes_installed ------------------------------------------------------------------

TEST(WindowsBuild, CurrentBuildAndUbrFromTheRegistry) {
  RegistryEvidence r;
  r.current_build = reg_sz("19044", 5);
  r.ubr = reg_dword(1706, 9);
  auto b = windows_build(r);
  EXPECT_EQ(*b.build.value, 19044u);
  EXPECT_EQ(b.build.source, "file:cv.reg:5");
  EXPECT_EQ(*b.ubr.value, 1706u);
  r.current_build = RegValueFact{};
  r.current_build.exists = Fact<bool>::known(false, "file:cv.reg:3");
  r.current_build_number = reg_sz("22000", 6);
  EXPECT_EQ(*windows_build(r).build.value, 22000u);
  r.current_build_number = reg_sz("22000 (co_release)", 6);
  EXPECT_FALSE(windows_build(r).build.value);
  EXPECT_FALSE(windows_build(RegistryEvidence{}).build.value);
}

TEST(RuleOsFixes, Windows11Before22000_675FailsWithKB5013943) {
  Evidence e;
  set_build(e, 22000, 556);
  auto f = check("os.attestation_fixes_installed", e);
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("22000.556"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("KB5013943 (22000.675)"), std::string::npos) << f.summary;
  EXPECT_NE(f.fix.text.find("KB5013943"), std::string::npos);
  EXPECT_NE(f.reference.find("support.microsoft.com/topic/may-10-2022-kb5013943"), std::string::npos) << f.reference;
  set_build(e, 22000, 675);
  EXPECT_EQ(check("os.attestation_fixes_installed", e).status, rules::Status::Pass);
  set_build(e, 26100, 4652);
  EXPECT_EQ(check("os.attestation_fixes_installed", e).status, rules::Status::Pass);
  set_build(e, 19044, 1415);
  EXPECT_EQ(check("os.attestation_fixes_installed", e).status, rules::Status::Fail);
}

TEST(RuleOsFixes, UnknownWithoutTheBuildNotApplicableWithoutWindows) {
  Evidence e;
  e.windows = WindowsEvidence{};
  auto f = check("os.attestation_fixes_installed", e);
  EXPECT_EQ(f.status, rules::Status::Unknown);
  EXPECT_NE(f.summary.find("reg query \"HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\""), std::string::npos)
      << f.summary;
  set_build(e, 22000, std::nullopt);  // the build without its UBR cannot say
  EXPECT_EQ(check("os.attestation_fixes_installed", e).status, rules::Status::Unknown);
  Evidence linux_only;
  linux_only.tpm_access = {true, false, "device:/dev/tpmrm0", ""};
  EXPECT_EQ(check("os.attestation_fixes_installed", linux_only).status, rules::Status::NotApplicable);
}

TEST(RuleOsFixes, TigerLakeIsDecidedByTheVendorAndLeftOpenForTheCpu) {
  auto intel = tpmtool("INTC", "303.12.0.0");  // an Intel PTT version (facts/windows.md §4.2)
  set_build(intel, 19043, 2364);  // has the 0x81039023 fix, older than 21H2
  auto f = check("os.attestation_fixes_installed", intel);
  EXPECT_EQ(f.status, rules::Status::Unknown) << f.summary;
  EXPECT_NE(f.summary.find("Tiger Lake"), std::string::npos) << f.summary;
  set_build(intel, 19044, 1387);
  EXPECT_EQ(check("os.attestation_fixes_installed", intel).status, rules::Status::Fail);  // 0x81039023 still missing
  set_build(intel, 19044, 1706);
  EXPECT_EQ(check("os.attestation_fixes_installed", intel).status, rules::Status::Pass);
  auto amd = tpmtool("AMD", "3.90.2.5");
  set_build(amd, 19043, 2364);
  EXPECT_EQ(check("os.attestation_fixes_installed", amd).status, rules::Status::Pass);  // not an Intel TPM
}

TEST(RuleOsFixes, InfineonNewerThan769On1903NeedsKB4512941) {
  auto ifx = tpmtool("IFX", "7.85.4555.0");
  set_build(ifx, 18362, 300);
  auto f = check("os.attestation_fixes_installed", ifx);
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("KB4512941"), std::string::npos) << f.summary;
  set_build(ifx, 18362, 329);
  EXPECT_EQ(check("os.attestation_fixes_installed", ifx).status, rules::Status::Pass);
  auto old = tpmtool("IFX", "7.63.3353.0");
  set_build(old, 18362, 300);
  EXPECT_EQ(check("os.attestation_fixes_installed", old).status, rules::Status::Pass);
}

TEST(RuleOsFixes, IsARootCauseOfItsOwnOnTheDevice) {
  Evidence e;
  set_build(e, 22000, 556);
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.verdict, Verdict::NotReady);
  ASSERT_EQ(r.root_causes.size(), 1u);
  EXPECT_EQ(r.root_causes[0].id, "os.attestation_fixes_installed");
  EXPECT_EQ(r.fault.side, "device");
}
