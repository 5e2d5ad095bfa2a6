// Redaction (what identifies a device must not leave it in a shared report): HMAC, tokens, the
// scrub pass and the pure function over Evidence.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cert/x509.h"
#include "cert_test_util.h"
#include "crypto/crypto.h"
#include "redact/evidence_redact.h"
#include "util/base64.h"
#include "util/json_text.h"
#include "util/utf8.h"

namespace tpmready {
namespace {

using redact::Redactor;

Bytes salt(std::uint8_t fill) { return Bytes(32, fill); }

TEST(CryptoHmac, Rfc4231Case1) {
  Bytes key(20, 0x0b);
  auto mac = crypto::hmac(crypto::HashAlg::Sha256, key, as_span(std::string("Hi There")));
  ASSERT_TRUE(mac.ok());
  EXPECT_EQ(to_hex(*mac), "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(CryptoHmac, Rfc4231Case6KeyLongerThanBlock) {
  Bytes key(131, 0xaa);
  auto mac = crypto::hmac(crypto::HashAlg::Sha256, key,
                          as_span(std::string("Test Using Larger Than Block-Size Key - Hash Key First")));
  ASSERT_TRUE(mac.ok());
  EXPECT_EQ(to_hex(*mac), "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(CryptoRandom, BytesDiffer) {
  auto a = crypto::random_bytes(32), b = crypto::random_bytes(32);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_NE(*a, *b);
}

TEST(RedactToken, StableWithSaltUnlinkableAcrossSalts) {
  Redactor a(salt(1)), a2(salt(1)), b(salt(2));
  auto t = a.token("PF3ABCDE");
  EXPECT_EQ(t.rfind("redacted-", 0), 0u);
  EXPECT_EQ(t.size(), std::string("redacted-").size() + 12);
  EXPECT_EQ(t, a2.token("PF3ABCDE"));
  EXPECT_NE(t, b.token("PF3ABCDE"));
  EXPECT_NE(t, a.token("PF3ABCDF"));
  EXPECT_EQ(a.hex_token("354CDE39"), a.hex_token("354cde39"));
}

TEST(RedactDecimal, BigEndianToDecimal) {
  EXPECT_EQ(redact::to_decimal({}), "0");
  EXPECT_EQ(redact::to_decimal(Bytes{0x01, 0x00}), "256");
  EXPECT_EQ(redact::to_decimal(Bytes(8, 0xff)), "18446744073709551615");
}

TEST(RedactScrub, EveryEncodingOfBytes) {
  Redactor r(salt(1));
  Bytes v = {0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03, 0x04};
  r.add_bytes(v);
  auto tok = r.hex_token("deadbeef01020304");
  EXPECT_EQ(r.scrub("a deadbeef01020304 b"), "a " + tok + " b");
  EXPECT_EQ(r.scrub("DEADBEEF01020304"), tok);
  EXPECT_EQ(r.scrub("de:ad:be:ef:01:02:03:04"), tok);
  EXPECT_EQ(r.scrub("DE:AD:BE:EF:01:02:03:04"), tok);
  EXPECT_EQ(r.scrub(base64_encode(v)), tok);
}

TEST(RedactScrub, LongestFirstAndReplacementsAreNotRematched) {
  Redactor r(salt(1));
  r.add_text("0102030405060708", "LONG");
  r.add_text("03040506", "SHORT");
  EXPECT_EQ(r.scrub("x0102030405060708x 03040506"), "xLONGx SHORT");
  // A token's hex digits never match a registered hex value on a second pass: one pass only.
  Redactor s(salt(1));
  auto tok = s.token("abcdefgh");
  s.add_text("abcdefgh", tok);
  s.add_text(tok.substr(9, 8), "NEVER");
  EXPECT_EQ(s.scrub("abcdefgh"), tok);
}

TEST(RedactScrub, ShortValuesMatchWholeWordsOnlyAndTinyOnesNotAtAll) {
  Redactor r(salt(1));
  r.add_text("desk", "T1");
  r.add_text("vm", "T2");
  EXPECT_EQ(r.scrub("host desk, desktop"), "host T1, desktop");
  EXPECT_EQ(r.scrub("vm"), "vm");
  ASSERT_NE(r.exact("vm"), nullptr);  // still replaced when a whole field equals it
  EXPECT_EQ(*r.exact("vm"), "T2");
}

TEST(RedactScrub, JsonEscapedWindowsPath) {
  Redactor r(salt(1));
  r.add_text("C:\\Users\\alice\\diag", "T");
  EXPECT_EQ(r.scrub(R"({"name": "file:C:\\Users\\alice\\diag\\tpm.reg"})"), R"({"name": "file:T\\tpm.reg"})");
}

TEST(RedactScrub, ValuesAreFoundInTheSafeFormsOutputsGiveThem) {
  // A serial with a byte that is not UTF-8 and an ESC: JSON shows U+FFFD, text shows \x1b.
  Redactor r(salt(1));
  r.add_text("PF3\xFF" "AB\x1b" "CD", "T");
  EXPECT_EQ(r.scrub("serial PF3\xFF" "AB\x1b" "CD"), "serial T");
  Redactor s(salt(1));
  s.add_text("PF3\xFF" "ABCDEF", "T");
  EXPECT_EQ(s.scrub(json_text(nlohmann::json("serial PF3\xFF" "ABCDEF"))), "\"serial T\"");
  EXPECT_EQ(s.scrub(terminal_safe("serial PF3\xFF" "ABCDEF")), "serial T");
  EXPECT_EQ(r.scrub(terminal_safe("serial PF3\xFF" "AB\x1b" "CD")), "serial T");
}

TEST(RedactSalt, CreatedOnceThenReused) {
  auto dir = std::filesystem::temp_directory_path() / ("tpmready-salt-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::create_directories(dir);
  auto path = (dir / "fleet.salt").string();
  std::filesystem::remove(path);
  auto a = redact::load_or_create_salt(path);
  ASSERT_TRUE(a.ok()) << a.error().what();
  EXPECT_EQ(a->size(), redact::kSaltBytes);
  auto b = redact::load_or_create_salt(path);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(*a, *b);
  { std::ofstream(path, std::ios::trunc) << "short"; }
  auto c = redact::load_or_create_salt(path);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().what().find("at least 16"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(RedactHostNames, FoundInFreeText) {
  using V = std::vector<std::string>;
  EXPECT_EQ(redact::host_names_in("Failed to reach wks01.corp.contoso.com: 0x80072ee7."), V{"wks01.corp.contoso.com"});
  EXPECT_EQ(redact::host_names_in("https://ztd.dds.microsoft.com/x and CONTOSO.local"),
            (V{"ztd.dds.microsoft.com", "CONTOSO.local"}));
  EXPECT_EQ(redact::host_names_in("_ldap._tcp.dc._msdcs.corp.contoso.com"), V{"_ldap._tcp.dc._msdcs.corp.contoso.com"});
  EXPECT_EQ(redact::host_names_in("user alice.smith@contoso.com signed in"), V{"alice.smith@contoso.com"});
  EXPECT_EQ(redact::host_names_in("a..contoso.com"), V{"contoso.com"});
  // Not host names: versions, file names, abbreviations, single labels.
  EXPECT_EQ(redact::host_names_in("build 10.0.19045.3803, tpmtool.exe, TpmCertResources.dll, Autopilot.evtx, "
                                  "e.g. DESKTOP-7Q1 or v2.0"),
            V{});
  // A file extension that is also a top-level domain counts as a host (the safe side).
  EXPECT_EQ(redact::host_names_in("diag.cab"), V{"diag.cab"});
}

Evidence evidence_with_real_cert() {
  Evidence e;
  e.device.id = "0123456789abcdef0123456789abcdef";
  e.device.serial = Fact<std::string>::known("PF3ABCDE", "wmi");
  e.device.hostname = Fact<std::string>::known("DESKTOP-7Q1", "GetComputerNameExW");
  auto raw = testutil::read_file(testutil::cert_data("hirs-stm-nuc1-ek_cert_untouched.nvbin"));
  e.ek.certificates.push_back({"nv:0x01c00002", raw, 0x01c00002});
  auto cert = cert::parse_certificate(raw);
  EXPECT_TRUE(cert.ok());
  EkObject ek;
  ek.handle = 0x81010001;
  ek.key = *cert->public_key;
  e.ek.ek_rsa = Fact<EkObject>::known(ek, "tpm");
  TpmEvidence t;
  TpmPersistentObject o;
  o.handle = 0x81010001;
  o.public_key = ek.key;
  o.name = "000b" + std::string(64, 'a');
  t.persistent.push_back(o);
  e.tpm = t;
  WindowsEvent ev;
  ev.data = {{"DeviceName", "DESKTOP-7Q1"}, {"Status", "ok"}, {"TargetUserName", "alice"}, {"Note", "alice"}};
  e.events.push_back(ev);
  return e;
}

TEST(RedactEvidence, CertificateValuesInEveryEncodingAreRegistered) {
  Redactor r(salt(1));
  auto e = evidence_with_real_cert();
  redact::collect_sensitive(e, r);
  // Values from `openssl x509 -serial -fingerprint -sha256` on this certificate (tests/data/cert).
  std::string text = "serial=0700818567FF35791690D2D404945DF56B0E6DC7 dec 39974218276442478052338187117424437099638975943 "
                     "sha256 6D:E7:B2:A2:9B:AB:DC:DD:7D:53:55:8B:D3:92:01:9E:23:E0:B7:F3:C1:94:82:ED:14:23:08:02:25:E3:D1:57 "
                     "host DESKTOP-7Q1 serial PF3ABCDE";
  auto out = r.scrub(text);
  for (const char* leak : {"0700818567", "3997421827", "6D:E7:B2", "DESKTOP-7Q1", "PF3ABCDE"})
    EXPECT_EQ(out.find(leak), std::string::npos) << leak << " in " << out;
  auto cert = cert::parse_certificate(e.ek.certificates[0].raw);
  auto modulus = to_hex(cert->public_key->modulus);
  EXPECT_EQ(r.scrub(modulus).find(modulus.substr(0, 32)), std::string::npos);
}

TEST(RedactEvidence, FieldsReplacedBytesDroppedKeysKeepSizeAndEquality) {
  Redactor r(salt(1));
  auto e = evidence_with_real_cert();
  redact::collect_sensitive(e, r);
  report::Report rep;
  rep.device = {{"id", e.device.id}, {"serial", *e.device.serial}, {"tpm_manufacturer", "STM"}};
  auto out = redact::redact_evidence(e, r, rep);
  EXPECT_EQ(out.device.id, r.token(e.device.id));
  EXPECT_EQ(*out.device.serial, r.token("PF3ABCDE"));
  EXPECT_EQ(*out.device.hostname, r.token("DESKTOP-7Q1"));
  EXPECT_TRUE(out.ek.certificates[0].raw.empty());
  const auto& k = out.ek.ek_rsa.value->key;
  EXPECT_NE(k.modulus, e.ek.ek_rsa.value->key.modulus);
  EXPECT_EQ(k.bits(), e.ek.ek_rsa.value->key.bits());
  EXPECT_TRUE(k.same_key(*out.tpm->persistent[0].public_key));
  EXPECT_EQ(out.tpm->persistent[0].name, r.hex_token(e.tpm->persistent[0].name));
  EXPECT_EQ(out.events[0].data.at("DeviceName"), r.token("DESKTOP-7Q1"));
  EXPECT_EQ(out.events[0].data.at("Status"), "ok");
  EXPECT_EQ(out.events[0].data.at("TargetUserName"), r.token("alice"));  // by its field name
  EXPECT_EQ(out.events[0].data.at("Note"), r.token("alice"));            // equal to a known value
  EXPECT_EQ(r.scrub("logon by alice failed"), "logon by " + r.token("alice") + " failed");
  ASSERT_TRUE(out.redaction.has_value());
  EXPECT_EQ(out.redaction->report["device"]["id"], r.token(e.device.id));
  EXPECT_EQ(out.redaction->report["device"]["tpm_manufacturer"], "STM");
  // The bundle round-trips with its redaction block.
  auto back = evidence_from_json(nlohmann::json(out));
  ASSERT_TRUE(back.ok());
  ASSERT_TRUE(back->redaction.has_value());
  EXPECT_EQ(back->redaction->report, out.redaction->report);
}

TEST(RedactEvidence, HostNamesInsideEventTextBecomeTokensPublicServiceNamesStay) {
  Redactor r(salt(1));
  Evidence e;
  WindowsEvent ev;
  ev.data = {{"Message", "Could not reach WKS01.corp.contoso.com via proxy.contoso.local; ztd.dds.microsoft.com OK"},
             {"Detail", "tenant contoso.onmicrosoft.com, user alice@contoso.com, see microsoft.com"}};
  ev.message = "Autopilot: wks01.corp.contoso.com failed to contact ekop.intel.com (tpmtool.exe 10.0.19045)";
  e.events.push_back(ev);
  redact::collect_sensitive(e, r);
  report::Report rep;
  auto out = redact::redact_evidence(e, r, rep);
  const auto host = r.token("wks01.corp.contoso.com");  // case-insensitive: one token per host
  EXPECT_EQ(out.events[0].data.at("Message"), "Could not reach " + host + " via " + r.token("proxy.contoso.local") +
                                                  "; ztd.dds.microsoft.com OK");
  EXPECT_EQ(out.events[0].data.at("Detail"), "tenant " + r.token("contoso.onmicrosoft.com") + ", user " +
                                                 r.token("alice@contoso.com") + ", see microsoft.com");
  EXPECT_EQ(out.events[0].message, "Autopilot: " + host + " failed to contact ekop.intel.com (tpmtool.exe 10.0.19045)");
  // Layer (b): the same names anywhere else in the output, e.g. a timeline summary quoting the event.
  EXPECT_EQ(r.scrub("summary: wks01.corp.contoso.com unreachable"), "summary: " + host + " unreachable");
  // A public service name is not mangled through a registered domain above it.
  EXPECT_EQ(r.scrub("https://ztd.dds.microsoft.com"), "https://ztd.dds.microsoft.com");
}

}  // namespace
}  // namespace tpmready

namespace tpmready {

TEST(RedactEvidence, AutopilotTenantAndProfileNamesAreTokensEverywhere) {
  Redactor r(salt(1));
  Evidence e;
  e.windows = WindowsEvidence{};
  e.windows->ztd_file.tenant_domain = Fact<std::string>::known("contoso.onmicrosoft.com", "file:ztd.json:1");
  e.windows->ztd_file.profile_name = Fact<std::string>::known("Kiosk self-deploying", "file:ztd.json:1");
  auto& tenant = e.windows->registry.autopilot.cloud_assigned_tenant_id;
  tenant.exists = Fact<bool>::known(true, "file:ap.reg:4");
  tenant.text = "12345678-90ab-cdef-1234-567890abcdef";
  WindowsEvent ev;
  ev.data["Data2"] = "profile Kiosk self-deploying for contoso.onmicrosoft.com";
  e.events = {ev};
  redact::collect_sensitive(e, r);
  auto out = redact::redact_evidence(e, r, report::Report{});
  const std::string text = nlohmann::json(out).dump();
  for (const char* leak : {"contoso.onmicrosoft", "Kiosk self-deploying", "12345678-90ab"})
    EXPECT_EQ(text.find(leak), std::string::npos) << leak;
  EXPECT_EQ(*out.windows->ztd_file.tenant_domain.value, r.token("contoso.onmicrosoft.com"));
}

}  // namespace tpmready
