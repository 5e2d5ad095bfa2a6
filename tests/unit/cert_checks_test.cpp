// ek.* checks over hand-built evidence (corpus certificates + EK objects built from their keys).
#include <gtest/gtest.h>

#include "cert/chain.h"
#include "util/utc_time.h"
#include "cert/ek_url.h"
#include "rules/ekcert_checks.h"
#include "report/ekcert_view.h"
#include "cert_test_util.h"
#include "util/json_reader.h"

using namespace tpmready;

namespace {

const std::int64_t kNow = 1700000000;  // 2023-11-14, inside the corpus certificates' validity

Bytes stm_raw() { return testutil::read_file(testutil::cert_data("hirs-stm-nuc1-ek_cert_untouched.nvbin")); }

cert::CaStore vendor_store() {
  cert::CaStore s;
  EXPECT_TRUE(cert::load_ca_path(std::string(TPMREADY_DATA_DIR) + "/vendor-ca", s).ok());
  return s;
}

EkObject ek_of(const Bytes& raw, std::uint32_t attrs) {
  auto c = cert::parse_certificate(raw);
  EkObject o;
  o.handle = 0x81010001;
  o.key = *c->public_key;
  o.object_attributes = attrs;
  o.name_alg = 0x000B;
  from_hex("837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA", o.auth_policy);
  return o;
}

const rules::Finding& find(const rules::ek::EkCertAnalysis& a, const std::string& id) {
  for (const auto& f : a.findings) {
    if (f.id == id) return f;
  }
  static rules::Finding none;
  return none;
}

EkCertEvidence stm_on_tpm() {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.manufacturer = Fact<std::uint32_t>::known(0x53544D20, "tpm:GetCapability TPM_PT_MANUFACTURER");
  e.certificates.push_back({"nv:0x01c00002", stm_raw(), 0x01C00002u});
  return e;
}

}  // namespace

TEST(CertChecks, StmNvCertMatchingEkPassesEverything) {
  auto e = stm_on_tpm();
  e.ek_rsa = Fact<EkObject>::known(ek_of(stm_raw(), 0x000300B2), "tpm:ReadPublic 0x81010001");
  auto a = rules::ek::analyze_ekcerts(e, vendor_store(), kNow);
  EXPECT_EQ(find(a, "ek.cert.present").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.matches_ek").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.service_compatible").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.valid_dates").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.chain").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.profile").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.online").status, rules::Status::NotApplicable);
  EXPECT_EQ(find(a, "ek.template").status, rules::Status::Pass);
  EXPECT_FALSE(a.any_fail());
  auto j = report::ekcert_view_json(a);
  EXPECT_EQ(j["certificates"][0]["source"], "nv:0x01c00002");
  EXPECT_EQ(j["certificates"][0]["matches_ek"], true);
  EXPECT_EQ(j["certificates"][0]["chain"]["status"], "verified");
  EXPECT_EQ(j["certificates"][0]["sha1_thumbprint"].get<std::string>().size(), 40u);
}

TEST(CertChecks, CertForAnotherKeyFailsMatchesEk) {
  auto e = stm_on_tpm();
  // The persisted EK is the Nuvoton certificate's key, not the STM certificate's.
  auto blobs = cert::parse_certificate(testutil::read_file(testutil::cert_data("hirs-nuvoton-ek_cert_with_padded_bytes.der")));
  EkObject o = ek_of(stm_raw(), 0x000300B2);
  o.key = *blobs->public_key;
  e.ek_rsa = Fact<EkObject>::known(o, "tpm:ReadPublic 0x81010001");
  auto a = rules::ek::analyze_ekcerts(e, vendor_store(), kNow);
  EXPECT_EQ(find(a, "ek.cert.matches_ek").status, rules::Status::Fail);
  EXPECT_TRUE(a.any_fail());
  EXPECT_EQ(report::ekcert_view_json(a)["certificates"][0]["matches_ek"], false);
}

TEST(CertChecks, NoSourcesIsUnknownAndTpmWithoutCertIsFail) {
  EkCertEvidence none;
  auto a = rules::ek::analyze_ekcerts(none, cert::CaStore{}, kNow);
  EXPECT_EQ(find(a, "ek.cert.present").status, rules::Status::Unknown);
  EXPECT_EQ(find(a, "ek.cert.matches_ek").status, rules::Status::NotApplicable);
  EkCertEvidence tpm;
  tpm.tpm_queried = true;
  tpm.manufacturer = Fact<std::uint32_t>::known(0x49465800, "tpm");  // IFX: dTPM, cert belongs in NV
  auto b = rules::ek::analyze_ekcerts(tpm, cert::CaStore{}, kNow);
  EXPECT_EQ(find(b, "ek.cert.present").status, rules::Status::Fail);
  EXPECT_EQ(find(b, "ek.template").status, rules::Status::Warn);  // EK not persisted
}

TEST(CertChecks, AnEkCertificateIndexNotReadIsUnknownNotMissing) {
  EkCertEvidence tpm;
  tpm.tpm_queried = true;
  tpm.manufacturer = Fact<std::uint32_t>::known(0x49465800, "tpm");
  tpm.errors.push_back("nv:0x01c00002: not read: protected by a password (reading it could count towards TPM lockout)");
  auto a = rules::ek::analyze_ekcerts(tpm, cert::CaStore{}, kNow);
  const auto& f = find(a, "ek.cert.present");
  EXPECT_EQ(f.status, rules::Status::Unknown);
  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(f.evidence[0].value, tpm.errors[0]);
}

TEST(CertChecks, IntelFirmwareTpmWithoutNvCertGetsOnlineUrl) {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.manufacturer = Fact<std::uint32_t>::known(cert::kManufacturerIntel, "tpm");
  EkObject o = ek_of(stm_raw(), 0x000300B2);
  e.ek_rsa = Fact<EkObject>::known(o, "tpm:ReadPublic 0x81010001");
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, kNow);
  const auto& f = find(a, "ek.cert.online");
  EXPECT_EQ(f.status, rules::Status::Warn);
  EXPECT_NE(f.summary.find(*cert::intel_ek_url(o.key)), std::string::npos);
  EXPECT_EQ(find(a, "ek.cert.present").status, rules::Status::Warn);
}

TEST(CertChecks, OnlineCertificateIsASourceLikeTheOthers) {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.manufacturer = Fact<std::uint32_t>::known(cert::kManufacturerIntel, "tpm");
  EkObject o = ek_of(stm_raw(), 0x000300B2);
  e.ek_rsa = Fact<EkObject>::known(o, "tpm:ReadPublic 0x81010001");
  const std::string url = *cert::intel_ek_url(o.key);
  e.certificates.push_back(EkCertBlob{"online:" + url, stm_raw(), std::nullopt});
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, kNow);
  EXPECT_EQ(find(a, "ek.cert.online").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.present").status, rules::Status::Pass);
  EXPECT_EQ(find(a, "ek.cert.matches_ek").status, rules::Status::Pass);  // the EK was made from this cert's key
}

TEST(CertChecks, FailedOnlineFetchIsAFailWithTheStep) {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.manufacturer = Fact<std::uint32_t>::known(cert::kManufacturerAmd, "tpm");
  EkObject o = ek_of(stm_raw(), 0x000300B2);
  e.ek_rsa = Fact<EkObject>::known(o, "tpm:ReadPublic 0x81010001");
  const std::string url = *cert::amd_ek_url(o.key);
  e.errors.push_back("online:" + url + ": HTTP status 404 Not Found");
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, kNow);
  const auto& f = find(a, "ek.cert.online");
  EXPECT_EQ(f.status, rules::Status::Fail);
  ASSERT_EQ(f.evidence.size(), 1u);
  EXPECT_EQ(f.evidence[0].value, url + ": HTTP status 404 Not Found");
}

TEST(CertChecks, ManufacturerMismatchIsAProfileWarning) {
  auto e = stm_on_tpm();
  e.manufacturer = Fact<std::uint32_t>::known(0x4E544300, "tpm");  // NTC, but SAN says STM
  auto a = rules::ek::analyze_ekcerts(e, vendor_store(), kNow);
  const auto& f = find(a, "ek.cert.profile");
  EXPECT_EQ(f.status, rules::Status::Warn);
  EXPECT_NE(f.fix.text.find("another TPM vendor"), std::string::npos);
}

TEST(CertChecks, Rsa3072EkTemplateFails) {
  EkCertEvidence e;
  e.tpm_queried = true;
  EkObject o = ek_of(stm_raw(), 0x000300F2);
  o.key.modulus.assign(384, 0xC3);  // 3072-bit modulus
  e.ek_rsa = Fact<EkObject>::known(o, "tpm:ReadPublic 0x81010001");
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, kNow);
  EXPECT_EQ(find(a, "ek.template").status, rules::Status::Fail);
}

TEST(CertChecks, UndecodableBlobIsReportedNotFatal) {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.certificates.push_back({"nv:0x01c00002", Bytes{0x30, 0x82, 0x10}, 0x01C00002u});
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, kNow);
  ASSERT_EQ(a.certificates.size(), 1u);
  EXPECT_FALSE(a.certificates[0].cert.has_value());
  EXPECT_NE(a.certificates[0].decode_error.find("@0x"), std::string::npos);
  EXPECT_FALSE(a.selected.has_value());
}

TEST(CertEvidence, JsonRoundTrip) {
  auto e = stm_on_tpm();
  e.ek_rsa = Fact<EkObject>::known(ek_of(stm_raw(), 0x000300B2), "tpm:ReadPublic 0x81010001");
  e.ek_ecc = Fact<EkObject>::unknown("handle 0x81010002 not persisted", "tpm:ReadPublic 0x81010002");
  e.chain_certificates.push_back({"nv:0x01c00100", Bytes{1, 2, 3}, 0x01C00100u});
  e.errors.push_back("nv:0x01c0001c: TPM_RC_HANDLE");
  nlohmann::json j = e;
  auto back = read_json_as<EkCertEvidence>(j);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(*back, e);
  EXPECT_EQ(j["certificates"][0]["nv_index"], "0x01c00002");
}

TEST(CertReport, TextNamesSelectedCertChainAndFailingFix) {
  auto e = stm_on_tpm();
  auto a = rules::ek::analyze_ekcerts(e, vendor_store(), *parse_utc_rfc3339("2025-01-01T00:00:00Z"));  // expired
  const std::string text = report::ekcert_view_text(a);
  EXPECT_NE(text.find("* nv:0x01c00002  (used by Windows)\n"), std::string::npos) << text;
  EXPECT_NE(text.find("    issuer      CN=STM TPM EK Intermediate CA 02,O=STMicroelectronics NV,C=CH\n"), std::string::npos);
  EXPECT_NE(text.find("    chain       verified\n"), std::string::npos);
  EXPECT_NE(text.find("  fail           ek.cert.valid_dates         EK certificate expired on 2024-02-23T00:00:00Z\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("      fix: Check the system clock"), std::string::npos);
}
