// Certificates generated with the openssl CLI (the oracle): RSA-3072/SHA-384 (seed 003), expired,
// ECC P-256, bad signature, unknown root. Decoded fields are compared with `openssl x509` output and
// chain statuses with `openssl verify`.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <unistd.h>

#include "cert/chain.h"
#include "util/utc_time.h"
#include "rules/ekcert_checks.h"
#include "cert/x509.h"
#include "crypto/crypto.h"
#include "cert_test_util.h"

using namespace tpmready;
namespace fs = std::filesystem;

namespace {

std::string run(const std::string& cmd) {
  std::string out;
  FILE* p = popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return "popen failed";
  std::array<char, 512> buf{};
  while (fgets(buf.data(), buf.size(), p)) out += buf.data();
  pclose(p);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

// A throw-away PKI: root CA → EK certificates, made with openssl req/x509 in a temp dir.
class OpenSslPki : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("tpmready_cert_test_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
    const std::string d = dir_.string();
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/ca.key -out " + d +
       "/ca.pem -days 3650 -subj '/C=CH/O=Test TPM Vendor/CN=Test EK Root CA' -sha256");
    sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout " + d + "/other.key -out " + d +
       "/other.pem -days 3650 -subj '/CN=Unknown Root' -sha256");
    // EK profile extensions (facts/tcg.md §3.5): critical SAN directoryName with TCG attributes,
    // EKU 2.23.133.8.1, critical basic constraints and key usage.
    const std::string ext = d + "/ek.ext";
    std::ofstream(ext) << "basicConstraints=critical,CA:FALSE\n"
                          "keyUsage=critical,keyEncipherment\n"
                          "extendedKeyUsage=2.23.133.8.1\n"
                          "subjectAltName=critical,dirName:tpm_dn\n"
                          "authorityKeyIdentifier=keyid\n"
                          "authorityInfoAccess=caIssuers;URI:http://pki.example/ca.crt\n"
                          "[tpm_dn]\n"
                          // openssl's config drops everything up to the first '.', hence the a./b./c. prefixes
                          "a.2.23.133.2.1=id:53544D20\n"
                          "b.2.23.133.2.2=ST33KTPM2X\n"
                          "c.2.23.133.2.3=id:00010102\n";
    make_ek("rsa3072", "rsa:3072", "-sha384", "-days 3650", ext);
    make_ek("rsa2048", "rsa:2048", "-sha256", "-days 3650", ext);
    make_ek("ecc", "ec -pkeyopt ec_paramgen_curve:P-256", "-sha256", "-days 3650", ext);
    // "Expired" is decided by the injected clock (analyze_ekcerts' now), so a short-lived certificate
    // evaluated after its notAfter is enough; openssl 3.0's x509 has no -not_after option.
    make_ek("expired", "rsa:2048", "-sha256", "-days 1", ext);
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static void sh(const std::string& cmd) { ASSERT_EQ(std::system((cmd + " >/dev/null 2>&1").c_str()), 0) << cmd; }
  static void make_ek(const std::string& name, const std::string& key, const std::string& md, const std::string& days,
                      const std::string& ext) {
    const std::string d = dir_.string();
    // The CSR subject is kept (EK certificates usually have an empty one; not needed for these checks).
    sh("openssl req -new -newkey " + key + " -nodes -keyout " + d + "/" + name + ".key -out " + d + "/" + name +
       ".csr -subj '/CN=ek-" + name + "'");
    sh("openssl x509 -req -in " + d + "/" + name + ".csr -CA " + d + "/ca.pem -CAkey " + d + "/ca.key -CAcreateserial -out " +
       d + "/" + name + ".pem " + md + " " + days + " -extfile " + ext);
    sh("openssl x509 -in " + d + "/" + name + ".pem -outform DER -out " + d + "/" + name + ".der");
  }
  static std::string path(const std::string& n) { return (dir_ / n).string(); }
  static cert::Certificate load(const std::string& name) {
    auto c = cert::parse_certificate(testutil::read_file(path(name + ".der")));
    EXPECT_TRUE(c.ok()) << name << ": " << (c.ok() ? "" : c.error().what());
    return c.ok() ? *c : cert::Certificate{};
  }
  static cert::CaStore ca_store() {
    cert::CaStore s;
    EXPECT_TRUE(cert::load_ca_path(path("ca.pem"), s).ok());
    return s;
  }
  static inline fs::path dir_;
};

TEST_F(OpenSslPki, Rsa3072Sha384FieldsEqualOpenSsl) {
  auto c = load("rsa3072");
  ASSERT_TRUE(c.public_key.has_value());
  EXPECT_EQ(c.public_key->bits(), 3072u);
  EXPECT_EQ(c.signature_algorithm, "sha384WithRSAEncryption");
  EXPECT_EQ("issuer=" + c.issuer.rfc2253(), run("openssl x509 -in " + path("rsa3072.pem") + " -noout -issuer -nameopt RFC2253"));
  std::string serial = run("openssl x509 -in " + path("rsa3072.pem") + " -noout -serial");
  std::string ours;
  for (char ch : c.serial_hex()) {
    if (ch != ':') ours.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(ch))));
  }
  EXPECT_EQ("serial=" + ours, serial);
  ASSERT_TRUE(c.tpm_san.has_value());
  EXPECT_EQ(c.tpm_san->manufacturer, "id:53544D20");
  EXPECT_EQ(c.tpm_san->model, "ST33KTPM2X");
  EXPECT_TRUE(c.san_critical);
  EXPECT_EQ(c.ext_key_usage, std::vector<std::string>{"2.23.133.8.1"});
  EXPECT_EQ(c.key_usage_names(), std::vector<std::string>{"Key Encipherment"});
  EXPECT_EQ(c.ca_issuer_urls, std::vector<std::string>{"http://pki.example/ca.crt"});
}

TEST_F(OpenSslPki, ChainVerifiedAgreesWithOpenSslVerify) {
  auto c = load("rsa2048");
  ASSERT_EQ(run("openssl verify -CAfile " + path("ca.pem") + " " + path("rsa2048.pem")), path("rsa2048.pem") + ": OK");
  auto r = cert::build_chain(c, ca_store());
  EXPECT_EQ(r.status, cert::ChainStatus::Verified) << r.detail;
  EXPECT_EQ(r.path.size(), 2u);
}

TEST_F(OpenSslPki, EcdsaCertDecodesP256AndVerifies) {
  auto c = load("ecc");
  ASSERT_TRUE(c.public_key.has_value());
  EXPECT_EQ(c.public_key->curve, "P-256");
  EXPECT_EQ(c.public_key->x.size(), 32u);
  auto r = cert::build_chain(c, ca_store());
  EXPECT_EQ(r.status, cert::ChainStatus::Verified) << r.detail;
}

TEST_F(OpenSslPki, TamperedSignatureIsBadSignature) {
  auto c = load("rsa2048");
  c.signature[10] ^= 0x01;
  auto r = cert::build_chain(c, ca_store());
  EXPECT_EQ(r.status, cert::ChainStatus::BadSignature) << r.detail;
}

TEST_F(OpenSslPki, MissingIssuerIsIncompleteAndNamesAiaUrl) {
  auto c = load("rsa2048");
  auto r = cert::build_chain(c, cert::CaStore{});
  EXPECT_EQ(r.status, cert::ChainStatus::Incomplete);
  EXPECT_EQ(r.missing_issuer, "CN=Test EK Root CA,O=Test TPM Vendor,C=CH");
  ASSERT_EQ(r.aia_urls.size(), 1u);
  EXPECT_NE(r.detail.find("http://pki.example/ca.crt"), std::string::npos);
}

TEST_F(OpenSslPki, SelfSignedRootOutsideStoreIsUntrusted) {
  // The root is supplied by the device (untrusted pool) but not in the trusted store.
  cert::CaStore s;
  cert::CaStore tmp;
  ASSERT_TRUE(cert::load_ca_path(path("ca.pem"), tmp).ok());
  s.untrusted = tmp.trusted;
  ASSERT_TRUE(cert::load_ca_path(path("other.pem"), s).ok());
  auto r = cert::build_chain(load("rsa2048"), s);
  EXPECT_EQ(r.status, cert::ChainStatus::Untrusted) << r.detail;
  EXPECT_EQ(r.missing_issuer, "CN=Test EK Root CA,O=Test TPM Vendor,C=CH");
}

TEST_F(OpenSslPki, Rsa3072OnlyCertFailsServiceCompatibleWithSeed003Explanation) {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.certificates.push_back({"nv:0x01c0001c", testutil::read_file(path("rsa3072.der")), 0x01C0001Cu});
  auto a = rules::ek::analyze_ekcerts(e, ca_store(), *parse_utc_rfc3339("2026-06-01T00:00:00Z"));
  ASSERT_TRUE(a.selected.has_value());
  const auto& f = a.findings[2];
  ASSERT_EQ(f.id, "ek.cert.service_compatible");
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.explanation.find("0x80190190"), std::string::npos);
  EXPECT_NE(f.explanation.find("0x81039001"), std::string::npos);
  EXPECT_NE(f.fix.text.find("RSA-2048"), std::string::npos);
  EXPECT_TRUE(a.any_fail());
}

TEST_F(OpenSslPki, LowRangeRsa2048WinsOverHighRangeRsa3072) {
  EkCertEvidence e;
  e.tpm_queried = true;
  e.certificates.push_back({"nv:0x01c0001c", testutil::read_file(path("rsa3072.der")), 0x01C0001Cu});
  e.certificates.push_back({"nv:0x01c00002", testutil::read_file(path("rsa2048.der")), 0x01C00002u});
  auto a = rules::ek::analyze_ekcerts(e, ca_store(), *parse_utc_rfc3339("2026-06-01T00:00:00Z"));
  ASSERT_EQ(a.selected, std::optional<std::size_t>(1));
  const auto& f = a.findings[2];
  EXPECT_EQ(f.status, rules::Status::Pass);
  bool names_unused = false;
  for (const auto& ev : f.evidence) names_unused |= ev.value.find("not used by Windows: RSA-3072") != std::string::npos;
  EXPECT_TRUE(names_unused);
}

TEST_F(OpenSslPki, ExpiredCertFailsValidDates) {
  auto c = load("expired");
  EkCertEvidence e;
  e.certificates.push_back({"file:expired.der", testutil::read_file(path("expired.der")), std::nullopt});
  auto a = rules::ek::analyze_ekcerts(e, ca_store(), c.not_after + 86400);
  EXPECT_EQ(a.findings[3].id, "ek.cert.valid_dates");
  EXPECT_EQ(a.findings[3].status, rules::Status::Fail);
  auto ok = rules::ek::analyze_ekcerts(e, ca_store(), c.not_before + 1);
  EXPECT_EQ(ok.findings[3].status, rules::Status::Pass);
}

}  // namespace

// The verification memo (crypto_openssl.cpp) must never change a result: a cached "valid" must not
// answer for a tampered signature or message, and results equal those computed without it.
TEST_F(OpenSslPki, VerifyMemoKeepsResultsAndSeesTampering) {
  auto c = load("rsa2048");
  const auto issuer = ca_store().trusted.front().cert;
  auto verify = [&](const cert::Certificate& child) {
    return crypto::verify_signature(crypto::SigScheme::RsaPkcs1, static_cast<crypto::HashAlg>(child.signature_hash),
                                    issuer.spki_der, child.tbs, child.signature);
  };
  for (bool memo : {false, true, true}) {  // off, then a miss and a hit
    crypto::set_verify_memo(memo);
    EXPECT_EQ(verify(c).value(), true) << memo;
    auto bad_sig = c;
    bad_sig.signature[5] ^= 0x01;
    EXPECT_EQ(verify(bad_sig).value(), false) << memo;
    auto bad_tbs = c;
    bad_tbs.tbs[bad_tbs.tbs.size() - 3] ^= 0x01;
    EXPECT_EQ(verify(bad_tbs).value(), false) << memo;
  }
  auto garbage_key = crypto::verify_signature(crypto::SigScheme::RsaPkcs1, crypto::HashAlg::Sha256,
                                              ByteSpan(c.tbs.data(), 10), c.tbs, c.signature);
  EXPECT_FALSE(garbage_key.ok());
  crypto::set_verify_memo(true);
}
