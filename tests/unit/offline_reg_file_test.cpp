#include <gtest/gtest.h>

#include "util/file.h"

#include "collect/offline/reg_file.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

const std::string kWmi = "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI";

std::string data_path(const std::string& name) { return std::string(TPMREADY_TEST_DATA) + "/offline/" + name; }

RegistryExport parse_file(const std::string& name) {
  auto bytes = read_file(data_path(name), kMaxEventLogBytes);
  EXPECT_TRUE(bytes.ok());
  auto reg = parse_reg_bytes(*bytes, name);
  EXPECT_TRUE(reg.ok()) << reg.error().what();
  return std::move(reg).value();
}

Result<RegistryExport> parse_text(const std::string& text, const std::string& name = "t.reg") {
  return parse_reg_bytes(as_span(text), name);
}

}  // namespace

TEST(RegFile, Seed000WmiExportHasEkStoreButNoTaskStates) {
  const RegistryExport reg = parse_file("seed000-eula-tpm-wmi.reg");
  EXPECT_TRUE(reg.issues().empty());
  EXPECT_NE(reg.find_key(kWmi), nullptr);
  EXPECT_EQ(reg.find_key(kWmi + "\\TaskStates"), nullptr);
  const auto certs = reg.subkeys(kWmi + "\\Endorsement\\EKCertStore\\Certificates");
  ASSERT_EQ(certs.size(), 1u);
  const RegValue* blob = certs[0]->find("Blob");
  ASSERT_NE(blob, nullptr);
  EXPECT_EQ(blob->type, static_cast<std::uint32_t>(kRegBinary));
  // 12-byte property header + 1122-byte DER (stm-ek-cert.der), spread over continuation lines.
  EXPECT_EQ(blob->data.size(), 12u + 1122u);
  EXPECT_EQ(blob->data[0], 0x20);
  EXPECT_EQ(blob->file, "seed000-eula-tpm-wmi.reg");
  EXPECT_EQ(blob->line, 12u);
}

TEST(RegFile, Utf16AndUtf8ExportsParseToTheSameValues) {
  const RegistryExport wide = parse_file("healthy-device.reg");
  const RegistryExport narrow = parse_file("healthy-device.utf8.reg");
  ASSERT_EQ(wide.keys().size(), narrow.keys().size());
  for (const auto& [path, key] : wide.keys()) {
    const RegKey* other = narrow.find_key(key.path);
    ASSERT_NE(other, nullptr) << path;
    ASSERT_EQ(key.values.size(), other->values.size()) << path;
    for (std::size_t i = 0; i < key.values.size(); ++i) {
      EXPECT_EQ(key.values[i].data, other->values[i].data) << path << " " << key.values[i].name;
      EXPECT_EQ(key.values[i].line, other->values[i].line);
    }
  }
}

TEST(RegFile, HealthyExportDecodesDwordQwordStringAndBigBinary) {
  const RegistryExport reg = parse_file("healthy-device.reg");
  EXPECT_TRUE(reg.issues().empty());
  // Key written `taskStates`; lookups are case-insensitive like the registry.
  const RegValue* ek = reg.find_value(kWmi + "\\TaskStates", "ekcertificatepresent");
  ASSERT_NE(ek, nullptr);
  EXPECT_EQ(ek->type, static_cast<std::uint32_t>(kRegDword));
  EXPECT_EQ(ek->number, 1u);
  const RegValue* hvci = reg.find_value(kWmi + "\\TaskStates", "TcgHvciStatus");
  ASSERT_NE(hvci, nullptr);
  EXPECT_EQ(hvci->type, static_cast<std::uint32_t>(kRegQword));
  EXPECT_EQ(hvci->number, 0u);
  const RegValue* fw = reg.find_value("HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI", "TaskFirmwareVersion");
  ASSERT_NE(fw, nullptr);
  EXPECT_EQ(fw->text, "7.2.3.1");
  const Bytes utf16{'7', 0, '.', 0, '2', 0, '.', 0, '3', 0, '.', 0, '1', 0, 0, 0};
  EXPECT_EQ(fw->data, utf16);
  const RegValue* wbcl =
      reg.find_value("HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices", "WBCL");
  ASSERT_NE(wbcl, nullptr);
  auto original = read_file(data_path("win-gcp-wbcl.bin"), kMaxEventLogBytes);
  ASSERT_TRUE(original.ok());
  EXPECT_EQ(wbcl->data, *original);
}

TEST(RegFile, Regedit4AnsiExpandSz) {
  const RegistryExport reg = parse_file("REGEDIT4-oobe.reg");
  const std::string oobe = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE";
  const RegValue* eula = reg.find_value(oobe, "SetupDisplayedEula");
  ASSERT_NE(eula, nullptr);
  EXPECT_EQ(eula->number, 1u);
  const RegValue* ex = reg.find_value(oobe, "ExpandExample");
  ASSERT_NE(ex, nullptr);
  EXPECT_EQ(ex->type, static_cast<std::uint32_t>(kRegExpandSz));
  EXPECT_EQ(ex->text, "%SystemRoot%\\x");
}

TEST(RegFile, BrokenLinesAreReportedWithNumbersAndTheRestIsRead) {
  const RegistryExport reg = parse_file("broken-lines.reg");
  std::vector<std::size_t> lines;
  for (const auto& i : reg.issues()) lines.push_back(i.line);
  EXPECT_EQ(lines, (std::vector<std::size_t>{5, 6, 8, 9, 10}));
  EXPECT_EQ(reg.issues()[0].reason, "value \"MaintenanceTaskComplete\": bad dword '0000000G'");
  EXPECT_EQ(reg.issues()[1].reason, "unrecognised line");
  EXPECT_EQ(reg.issues()[2].reason, "key line without closing ']'");
  EXPECT_EQ(reg.issues()[3].reason, "value outside any key");
  const std::string ts = kWmi + "\\TaskStates";
  EXPECT_EQ(reg.find_value(ts, "EkCertificatePresent")->number, 1u);
  EXPECT_EQ(reg.find_value(ts, "PCR7BindingState")->number, 2u);
  EXPECT_EQ(reg.find_value(ts, "MaintenanceTaskComplete"), nullptr);
}

TEST(RegFile, HexTypesMultiSzExpandSzQwordDword) {
  const std::string text =
      "Windows Registry Editor Version 5.00\n"
      "\n"
      "[HKEY_LOCAL_MACHINE\\T]\n"
      "\"multi\"=hex(7):61,00,00,00,62,00,63,00,00,00,00,00\n"
      "\"exp\"=hex(2):25,00,57,00,25,00,00,00\n"
      "\"q\"=hex(b):01,02,03,04,05,06,07,08\n"
      "\"d\"=hex(4):78,56,34,12\n"
      "\"none\"=hex(0):\n"
      "\"bin\"=hex:de,ad,\\\n"
      "  be,ef\n"
      "@=\"default \\\"quoted\\\" \\\\ back\"\n";
  auto reg = parse_text(text);
  ASSERT_TRUE(reg.ok()) << reg.error().what();
  EXPECT_TRUE(reg->issues().empty());
  const RegKey* k = reg->find_key("HKEY_LOCAL_MACHINE\\T");
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(k->find("multi")->strings, (std::vector<std::string>{"a", "bc"}));
  EXPECT_EQ(k->find("exp")->text, "%W%");
  EXPECT_EQ(k->find("q")->number, 0x0807060504030201ull);
  EXPECT_EQ(k->find("d")->number, 0x12345678u);
  EXPECT_EQ(k->find("none")->type, 0u);
  EXPECT_TRUE(k->find("none")->data.empty());
  EXPECT_EQ(k->find("bin")->data, (Bytes{0xde, 0xad, 0xbe, 0xef}));
  EXPECT_EQ(k->find("")->text, "default \"quoted\" \\ back");
  EXPECT_EQ(reg_type_name(k->find("none")->type), "REG_TYPE_0");
}

TEST(RegFile, WrongSizedDwordAndQwordAreIssues) {
  auto reg = parse_text("REGEDIT4\n[HKEY_LOCAL_MACHINE\\T]\n\"q\"=hex(b):01,02\n\"ok\"=dword:1\n");
  ASSERT_TRUE(reg.ok());
  ASSERT_EQ(reg->issues().size(), 1u);
  EXPECT_EQ(reg->issues()[0].line, 3u);
  EXPECT_EQ(reg->issues()[0].reason, "value \"q\": REG_QWORD needs 8 bytes, has 2");
  EXPECT_EQ(reg->find_value("HKLM\\T", "ok")->number, 1u);
}

TEST(RegFile, DeletionsOfKeysAndValues) {
  auto reg = parse_text(
      "Windows Registry Editor Version 5.00\n"
      "[HKEY_LOCAL_MACHINE\\A\\B]\n\"x\"=dword:1\n\"y\"=dword:2\n"
      "[HKEY_LOCAL_MACHINE\\A\\B\\C]\n"
      "[HKEY_LOCAL_MACHINE\\A\\B]\n\"y\"=-\n"
      "[-HKEY_LOCAL_MACHINE\\A\\B\\C]\n\"z\"=dword:3\n");
  ASSERT_TRUE(reg.ok());
  EXPECT_EQ(reg->find_key("HKLM\\A\\B\\C"), nullptr);
  EXPECT_NE(reg->find_value("HKLM\\A\\B", "x"), nullptr);
  EXPECT_EQ(reg->find_value("HKLM\\A\\B", "y"), nullptr);
  ASSERT_EQ(reg->issues().size(), 1u);
  EXPECT_EQ(reg->issues()[0].reason, "value under a deleted key");
}

TEST(RegFile, MergeLaterWinsAndNotesConflicts) {
  auto first = parse_text("REGEDIT4\n[HKEY_LOCAL_MACHINE\\K]\n\"v\"=dword:1\n\"keep\"=\"a\"\n", "first.reg");
  auto second = parse_text("REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\k]\n\"V\"=dword:2\n[-HKEY_LOCAL_MACHINE\\Gone]\n", "second.reg");
  auto third = parse_text("REGEDIT4\n[HKEY_LOCAL_MACHINE\\Gone\\Sub]\n", "third.reg");
  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  RegistryExport merged = *first;
  merged.merge(*third);
  EXPECT_NE(merged.find_key("HKLM\\Gone\\Sub"), nullptr);
  merged.merge(*second);
  EXPECT_EQ(merged.find_value("HKLM\\K", "v")->number, 2u);
  EXPECT_EQ(merged.find_value("HKLM\\K", "keep")->text, "a");
  EXPECT_EQ(merged.find_key("HKLM\\Gone\\Sub"), nullptr);
  ASSERT_EQ(merged.notes().size(), 1u);
  EXPECT_EQ(merged.notes()[0], "HKEY_LOCAL_MACHINE\\K\\V: first.reg:3 differs from second.reg:4 (later input wins)");
  EXPECT_EQ(merged.files(), (std::vector<std::string>{"first.reg", "third.reg", "second.reg"}));
}

TEST(RegFile, MergingByMoveGivesWhatMergingByCopyGives) {
  auto first = parse_text("REGEDIT4\n[HKEY_LOCAL_MACHINE\\K]\n\"v\"=dword:1\n[-HKEY_LOCAL_MACHINE\\Gone]\n", "first.reg");
  auto second = parse_text("REGEDIT4\n[HKEY_LOCAL_MACHINE\\k]\n\"V\"=dword:2\n[HKEY_LOCAL_MACHINE\\Gone]\n", "second.reg");
  ASSERT_TRUE(first.ok() && second.ok());
  RegistryExport copied, moved;
  copied.merge(*first);
  copied.merge(*second);
  moved.merge(RegistryExport(*first));   // empty: takes it whole
  moved.merge(RegistryExport(*second));  // not empty: merged key by key, conflicts noted
  ASSERT_EQ(moved.keys().size(), copied.keys().size());
  for (const auto& [path, key] : copied.keys()) {
    ASSERT_TRUE(moved.keys().contains(path)) << path;
    EXPECT_EQ(moved.keys().at(path).values, key.values) << path;
  }
  EXPECT_EQ(moved.find_value("HKLM\\K", "v")->number, 2u);
  EXPECT_EQ(moved.notes(), copied.notes());
  EXPECT_EQ(moved.files(), copied.files());
  EXPECT_EQ(moved.issues(), copied.issues());
}

TEST(RegFile, MissingHeaderIsAnError) {
  auto reg = parse_text("[HKEY_LOCAL_MACHINE\\K]\n\"v\"=dword:1\n", "nohdr.reg");
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.error().what(),
            "file nohdr.reg: line 1: not a registry export (expected \"Windows Registry Editor Version 5.00\" or "
            "\"REGEDIT4\")");
}

TEST(RegFile, NothingParsedIsAnErrorNamingTheFirstBrokenLine) {
  auto reg = parse_text("REGEDIT4\n\ngarbage here\n\"v\"=dword:1\n", "junk.reg");
  ASSERT_FALSE(reg.ok());
  EXPECT_EQ(reg.error().what(),
            "file junk.reg: no registry key could be read (2 broken lines, first at line 3: unrecognised line)");
}

TEST(RegFile, EmptyAndGarbageInputs) {
  auto empty = parse_reg_bytes(ByteSpan{}, "empty.reg");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().what(), "file empty.reg: empty input, not a registry export");
  auto garbage = read_file(data_path("garbage.bin"), kMaxEventLogBytes);
  ASSERT_TRUE(garbage.ok());
  auto g = parse_reg_bytes(*garbage, "garbage.bin");
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().kind(), ErrorKind::Parse);
}

TEST(RegFile, UnterminatedContinuationAtEndOfFileStillParses) {
  auto reg = parse_text("REGEDIT4\n[HKEY_LOCAL_MACHINE\\K]\n\"b\"=hex:01,02,\\\n");
  ASSERT_TRUE(reg.ok());
  ASSERT_EQ(reg->issues().size(), 1u);  // trailing comma leaves an empty byte token
  EXPECT_EQ(reg->issues()[0].line, 3u);
}

// Oracle: Wine's regedit.exe wrote this export of values stored with `reg add` (wine-export.sh);
// reading it back must give exactly the stored data.
TEST(RegFile, WineRegeditExportReadsBackWhatRegAddStored) {
  const RegistryExport reg = parse_file("wine-regedit-tpm.reg");
  EXPECT_TRUE(reg.issues().empty());
  const std::string ts = kWmi + "\\TaskStates";
  EXPECT_EQ(reg.find_value(ts, "EkCertificatePresent")->number, 1u);
  EXPECT_EQ(reg.find_value(ts, "TcgHvciStatus")->number, 0x1122334455667788ull);
  EXPECT_EQ(reg.find_value(ts + "\\AttestationInfo", "WindowsAikCorrelationId")->text, "quote \" and back \\ slash");
  EXPECT_EQ(reg.find_value(kWmi, "ExpandSample")->text, "%SystemRoot%\\x");
  EXPECT_EQ(reg.find_value(kWmi, "MultiSample")->strings, (std::vector<std::string>{"one", "two"}));
  EXPECT_EQ(reg.find_value(kWmi, "TaskFirmwareVersion")->text, "7.2.3.1");
  EXPECT_EQ(reg.find_value(kWmi + "\\Admin", "SRKPub")->data, (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  const auto certs = reg.subkeys(kWmi + "\\Endorsement\\EKCertStore\\Certificates");
  ASSERT_EQ(certs.size(), 1u);
  auto der = read_file(data_path("stm-ek-cert.der"), kMaxEventLogBytes);
  ASSERT_TRUE(der.ok());
  const Bytes& blob = certs[0]->find("Blob")->data;
  ASSERT_EQ(blob.size(), 12u + der->size());
  EXPECT_EQ(Bytes(blob.begin() + 12, blob.end()), *der);
}

TEST(RegFile, WineRegExportOfEmptyOobeKey) {
  const RegistryExport reg = parse_file("wine-reg-export-oobe.reg");
  const RegKey* oobe = reg.find_key("HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE");
  ASSERT_NE(oobe, nullptr);
  EXPECT_EQ(oobe->find("SetupDisplayedEula"), nullptr);
  ASSERT_NE(oobe->find(""), nullptr);  // @=""
  EXPECT_EQ(oobe->find("")->text, "");
}

TEST(RegFile, Regedit4AnsiBytesAreReadAsLatin1AndStoredAsUtf16) {
  std::string text = "REGEDIT4\r\n[HKEY_LOCAL_MACHINE\\K]\r\n\"s\"=\"caf\xE9\"\r\n";  // 0xE9 = é in Windows-1252
  auto reg = parse_reg_bytes(as_span(text), "ansi.reg");
  ASSERT_TRUE(reg.ok()) << reg.error().what();
  const RegValue* s = reg->find_value("HKLM\\K", "s");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->text, "caf\xC3\xA9");
  EXPECT_EQ(s->data, (Bytes{'c', 0, 'a', 0, 'f', 0, 0xE9, 0, 0, 0}));
  // The same bytes under a version 5.00 header are not valid UTF-8 and stay an error.
  std::string v5 = "Windows Registry Editor Version 5.00\r\n[HKEY_LOCAL_MACHINE\\K]\r\n\"s\"=\"caf\xE9\"\r\n";
  auto bad = parse_reg_bytes(as_span(v5), "v5.reg");
  ASSERT_FALSE(bad.ok());
  // 38 (header + CRLF) + 24 (key line + CRLF) + 8 ("s"="caf) bytes before the 0xE9.
  EXPECT_EQ(bad.error().what(), "file v5.reg: @0x46: invalid UTF-8 byte 0xe9");
}
