// Which certificates are EK certificates (cert/ek_role.h, docs/facts/tcg.md §3.5/§3.6), by content
// and, through the analysis, by where they were found; real certificates from tests/data/cert.
#include <gtest/gtest.h>

#include "cert/chain.h"
#include "cert/ek_role.h"
#include "cert/cert_input.h"
#include "rules/ekcert_checks.h"
#include "util/file.h"

using namespace tpmready;

namespace {

Bytes der_of(const std::string& name) {
  auto raw = read_file(std::string(TPMREADY_TEST_DATA) + "/cert/" + name, kMaxCertificateFileBytes);
  EXPECT_TRUE(raw.ok()) << name;
  auto blobs = cert::certificate_blobs(*raw);
  EXPECT_TRUE(blobs.ok()) << name;
  return blobs.ok() && !blobs->empty() ? blobs->front() : Bytes{};
}

cert::EkContentVerdict content_of(const std::string& name) {
  auto c = cert::parse_certificate(der_of(name));
  EXPECT_TRUE(c.ok()) << name << ": " << (c.ok() ? "" : c.error().what());
  return c.ok() ? cert::ek_content(*c) : cert::EkContentVerdict{};
}

const rules::Finding& present(const rules::ek::EkCertAnalysis& a) {
  for (const auto& f : a.findings) {
    if (f.id == "ek.cert.present") return f;
  }
  static rules::Finding none;
  return none;
}

rules::ek::EkCertAnalysis analyze_files(const std::vector<std::string>& names) {
  EkCertEvidence e;
  for (const auto& n : names) e.certificates.push_back(EkCertBlob{"file:" + n, der_of(n), std::nullopt});
  return rules::ek::analyze_ekcerts(e, cert::CaStore{}, 1700000000);
}

}  // namespace

TEST(EkRole, ByContent) {
  EXPECT_EQ(content_of("hirs-stm-nuc1-tpmcert.pem").kind, cert::EkContent::EkUsage);
  EXPECT_EQ(content_of("hirs-nuvoton-ek_cert_with_padded_bytes.der").kind, cert::EkContent::EkUsage);
  EXPECT_EQ(content_of("gtt-gce-uca_tpm_rsa_enc_cert.pem").kind, cert::EkContent::EkUsage);
  const auto sign = content_of("gtt-gce-pca_tpm_rsa_sign_cert.pem");
  EXPECT_EQ(sign.kind, cert::EkContent::SigningOnly);
  EXPECT_EQ(sign.what, "a signing key: key usage digitalSignature, no keyEncipherment or keyAgreement");
  const auto aik = content_of("aik-synthetic.pem");
  EXPECT_EQ(aik.kind, cert::EkContent::Aik);
  EXPECT_FALSE(aik.is_ek());
  // The GCE EK certificates of the PCA carry keyEncipherment/keyAgreement but no TCG marks at all.
  const auto bare = content_of("gtt-gce-pca_tpm_rsa_enc_cert.pem");
  EXPECT_EQ(bare.kind, cert::EkContent::Unmarked);
  auto ca = cert::parse_certificate(read_file(std::string(TPMREADY_DATA_DIR) + "/vendor-ca/hirs-stmtpmekint02.der",
                                              kMaxCertificateFileBytes).value());
  ASSERT_TRUE(ca.ok());
  EXPECT_EQ(cert::ek_content(*ca).kind, cert::EkContent::Ca);
}

TEST(EkRole, AttributeCertificateIsNamedNotAnOffset) {
  const Bytes der = der_of("hirs-intel-nuc-platform-cert.pem");
  EXPECT_EQ(cert::attribute_certificate_kind(der), std::optional<std::string>("a TCG platform attribute certificate"));
  auto c = cert::parse_certificate(der);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().what(), "a TCG platform attribute certificate, not an X.509 EK certificate");
  // An X.509 certificate and a truncated attribute certificate are not named one.
  EXPECT_FALSE(cert::attribute_certificate_kind(der_of("hirs-stm-nuc1-tpmcert.pem")).has_value());
  for (std::size_t n = 0; n < 16; ++n) {
    EXPECT_FALSE(cert::attribute_certificate_kind(ByteSpan(der).first(n)).has_value()) << n;
  }
}

TEST(EkRole, NotEkCertificatesDoNotPassPresentAndAreNotSelected) {
  auto a = analyze_files({"gtt-gce-pca_tpm_rsa_sign_cert.pem"});
  EXPECT_EQ(present(a).status, rules::Status::Fail);
  EXPECT_EQ(present(a).summary,
            "file:gtt-gce-pca_tpm_rsa_sign_cert.pem is not an EK certificate (a signing key: key usage "
            "digitalSignature, no keyEncipherment or keyAgreement)");
  EXPECT_FALSE(a.selected.has_value());
  EXPECT_TRUE(a.any_fail());
  auto mixed = analyze_files({"aik-synthetic.pem", "hirs-stm-nuc1-tpmcert.pem"});
  EXPECT_EQ(present(mixed).status, rules::Status::Pass);
  ASSERT_TRUE(mixed.selected.has_value());
  EXPECT_EQ(mixed.certificates[*mixed.selected].blob.source, "file:hirs-stm-nuc1-tpmcert.pem");
  EXPECT_EQ(mixed.selection_reason, "it is the only EK certificate found");
  EXPECT_FALSE(mixed.certificates[0].is_ek);
  EXPECT_EQ(mixed.certificates[1].ek_basis, "TCG EK extended key usage 2.23.133.8.1");
}

TEST(EkRole, WhereItWasFoundDecidesForTheStoreAndNv) {
  EkCertEvidence e;
  const Bytes bare = der_of("gtt-gce-pca_tpm_rsa_enc_cert.pem");
  e.certificates.push_back(EkCertBlob{"registry:ABC", bare, std::nullopt});
  e.certificates.push_back(EkCertBlob{"nv:0x01c00002", bare, 0x01C00002u});
  e.certificates.push_back(EkCertBlob{"file:bare.pem", bare, std::nullopt});
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, 1700000000);
  EXPECT_EQ(a.certificates[0].ek_basis, "found in Windows' EK certificate store (EKCertStore)");
  EXPECT_EQ(a.certificates[1].ek_basis, "found at EK certificate NV index 0x01c00002");
  EXPECT_TRUE(a.certificates[0].is_ek && a.certificates[1].is_ek);
  EXPECT_FALSE(a.certificates[2].is_ek);
  EXPECT_EQ(present(a).status, rules::Status::Pass);
}
