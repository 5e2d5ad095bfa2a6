#include <gtest/gtest.h>

#include <set>

#include "util/file.h"

#include <map>

#include "collect/offline/classify.h"
#include "collect/offline/text_decode.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

std::string data_dir() { return std::string(TPMREADY_TEST_DATA) + "/offline"; }

InputKind classify_fixture(const std::string& name) {
  std::uint64_t size = 0;
  auto head = read_prefix(data_dir() + "/" + name, kClassifyPrefixBytes, size);
  EXPECT_TRUE(head.ok()) << name;
  return classify(*head, size);
}

}  // namespace

TEST(Classify, FixturesByContent) {
  const std::map<std::string, InputKind> expected = {
      {"seed000-eula-tpm-wmi.reg", InputKind::RegExport},
      {"healthy-device.utf8.reg", InputKind::RegExport},
      {"REGEDIT4-oobe.reg", InputKind::RegExport},
      {"seed000-hyperv-tpmtool.txt", InputKind::TpmtoolText},
      {"seed000-hyperv-tpmtool.utf16.txt", InputKind::TpmtoolText},
      {"healthy-tpmtool.utf8bom.txt", InputKind::TpmtoolText},
      {"tpmtool-german.txt", InputKind::TpmtoolText},
      {"schtasks-seed000-list.utf16.txt", InputKind::SchtasksList},
      {"schtasks-healthy.csv", InputKind::SchtasksCsv},
      {"get-tpm-healthy.txt", InputKind::GetTpmText},
      {"get-tpmekinfo-healthy.txt", InputKind::GetTpmEkInfoText},
      {"get-scheduledtaskinfo-healthy.txt", InputKind::ScheduledTaskInfoText},
      {"stm-ek-cert.der", InputKind::CertificateDer},
      {"stm-ek-cert.pem", InputKind::CertificatePem},
      {"win-gcp-wbcl.bin", InputKind::TcgEventLog},  // real Windows WBCL, SHA-1 format (tcg.md §5.1)
      {"tt-event.bin", InputKind::TcgEventLog},      // crypto-agile, Spec ID Event03 (tcg.md §5.2)
      {"bundle-minimal.json", InputKind::BundleJson},
      {"garbage.bin", InputKind::Unknown},
      {"empty.txt", InputKind::Unknown},
      {"notes-unknown.txt", InputKind::Unknown},
  };
  for (const auto& [name, kind] : expected) {
    EXPECT_EQ(input_kind_name(classify_fixture(name)), std::string(input_kind_name(kind))) << name;
  }
}

TEST(Classify, LargeRegExportClassifiedFromPrefixCutMidCharacter) {
  // healthy-device.reg (UTF-16LE) is larger than the prefix; cut at an odd byte count.
  std::uint64_t size = 0;
  auto head = read_prefix(data_dir() + "/healthy-device.reg", kClassifyPrefixBytes - 1, size);
  ASSERT_TRUE(head.ok());
  ASSERT_GT(size, kClassifyPrefixBytes);
  EXPECT_EQ(classify(*head, size), InputKind::RegExport);
}

TEST(Classify, TruncatedDerAndJsonWithoutSchemaAreUnknown) {
  auto der = read_file(data_dir() + "/stm-ek-cert.der", kMaxEventLogBytes);
  ASSERT_TRUE(der.ok());
  const Bytes cut(der->begin(), der->begin() + 500);
  EXPECT_EQ(classify(cut), InputKind::Unknown);  // outer SEQUENCE claims 1118 bytes
  EXPECT_EQ(classify(as_span(std::string("{\"a\": 1}"))), InputKind::Unknown);
}

TEST(Classify, KindNamesAreDistinct) {
  std::set<std::string> names;
  for (int k = 0; k <= static_cast<int>(InputKind::Unknown); ++k) names.insert(input_kind_name(static_cast<InputKind>(k)));
  EXPECT_EQ(names.size(), static_cast<std::size_t>(InputKind::Unknown) + 1);
}

TEST(Classify, WalkFolderListsRecognisedAndIgnoredFiles) {
  auto walked = walk_folder(data_dir());
  ASSERT_TRUE(walked.ok()) << walked.error().what();
  std::map<std::string, int> kinds;
  for (const auto& f : walked->files) kinds[input_kind_name(f.kind)]++;
  EXPECT_EQ(kinds["reg_export"], 14);  // with the BIOS key, CurrentVersion, device identity, Intel PTT and Autopilot exports
  EXPECT_EQ(kinds["tcg_event_log"], 2);
  EXPECT_EQ(kinds["certificate_der"], 1);
  EXPECT_EQ(kinds["certificate_pem"], 1);
  EXPECT_EQ(kinds["bundle_json"], 1);
  std::vector<std::string> ignored;
  for (const auto& f : walked->ignored) {
    ignored.push_back(base_name(f.path) + ":" + f.note);
    EXPECT_TRUE(f.opened) << f.path;  // read, just not understood: "not used", not "unreadable"
  }
  // generate.sh, wine-export.sh and MANIFEST.md are text nobody asked us to read.
  EXPECT_EQ(ignored, (std::vector<std::string>{"MANIFEST.md:content not recognised", "empty.txt:empty file",
                                               "garbage.bin:content not recognised",
                                               "generate.sh:content not recognised",
                                               "notes-unknown.txt:content not recognised",
                                               "wine-export.sh:content not recognised"}));
}

TEST(Classify, WalkFolderIsBounded) {
  WalkLimits limits;
  limits.max_files = 3;
  auto walked = walk_folder(data_dir(), limits);
  ASSERT_TRUE(walked.ok());
  EXPECT_EQ(walked->files.size() + walked->ignored.size(), 3u);
  ASSERT_FALSE(walked->notes.empty());
  EXPECT_EQ(walked->notes.back(), "stopped after 3 files");
  auto not_dir = walk_folder(data_dir() + "/empty.txt");
  ASSERT_FALSE(not_dir.ok());
  EXPECT_EQ(not_dir.error().kind(), ErrorKind::Io);
}

TEST(Classify, WindowsMeasuredBootLogShapesAndTpmtoolFailure) {
  auto kind_of = [](const std::string& path) {
    std::uint64_t size = 0;
    auto head = read_prefix(path, kClassifyPrefixBytes, size);
    EXPECT_TRUE(head.ok()) << path;
    return std::string(input_kind_name(classify(*head, size)));
  };
  const std::string logs = std::string(TPMREADY_TEST_DATA) + "/eventlog/";
  // SHA-1 logs starting with StartupLocality, and with a PCR -1 EV_NO_ACTION among the first events.
  EXPECT_EQ(kind_of(logs + "wbcl-sha1-startuplocality.bin"), "tcg_event_log");
  EXPECT_EQ(kind_of(logs + "wbcl-sha1-pcr-minus-1.bin"), "tcg_event_log");
  EXPECT_EQ(kind_of(logs + "ga-option-rom.bin"), "tcg_event_log");
  // A PCR -1 event that is not EV_NO_ACTION is not a log.
  Bytes bad(64, 0);
  bad[0] = bad[1] = bad[2] = bad[3] = 0xFF;
  bad[4] = 8;  // EV_S_CRTM_VERSION
  EXPECT_EQ(input_kind_name(classify(bad)), std::string("unknown"));
  EXPECT_EQ(kind_of(data_dir() + "/tpmtool-failed-0x800710df.txt"), "tpmtool");
  EXPECT_EQ(kind_of(data_dir() + "/tpmtool-failed-harness.txt"), "tpmtool");
  EXPECT_EQ(kind_of(data_dir() + "/paste-tpm-not-detected.txt"), "get_tpm");
  EXPECT_EQ(kind_of(data_dir() + "/get-tpm-tpm12.txt"), "get_tpm");
  EXPECT_EQ(kind_of(data_dir() + "/bios-hyperv-vm.reg"), "reg_export");
}
