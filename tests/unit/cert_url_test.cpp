// Vendor EK certificate URLs: test vectors from go-attestation attest/tpm_test.go (facts/tcg.md §4).
#include <gtest/gtest.h>

#include "util/base64.h"

#include "cert/cert_input.h"
#include "cert/ek_url.h"
#include "cert/x509.h"
#include "cert_test_util.h"

using namespace tpmready;

namespace {
PublicKey key_from_pem(const std::string& name) {
  auto text = testutil::read_file(testutil::cert_data(name));
  std::string s(text.begin(), text.end());
  auto body = s.substr(s.find('\n') + 1);
  body = body.substr(0, body.find("-----END"));
  auto der = base64_decode(body);
  EXPECT_TRUE(der.ok());
  auto k = cert::parse_public_key_info(*der);
  EXPECT_TRUE(k.ok()) << k.error().what();
  return *k;
}
}  // namespace

TEST(CertUrl, IntelVectorFromGoAttestation) {
  auto k = key_from_pem("ga-intel_rsa_ek_pubkey.pem");
  EXPECT_EQ(cert::intel_ek_url(k), "https://ekop.intel.com/ekcertservice/WVEG2rRwkQ7m3RpXlUphgo6Y2HLxl18h6ZZkkOAdnBE%3D");
  EXPECT_EQ(cert::online_ek_url(cert::kManufacturerIntel, k), cert::intel_ek_url(k));
}

TEST(CertUrl, AmdVectorFromGoAttestation) {
  auto k = key_from_pem("ga-amd_rsa_ek_pubkey.pem");
  EXPECT_EQ(cert::amd_ek_url(k), "https://ftpm.amd.com/pki/aia/D027B3CE6A9B6B56846D2B9935884A88");
  k.exponent = 0;  // the TPM reports 0 for the default exponent; same URL
  EXPECT_EQ(cert::amd_ek_url(k), "https://ftpm.amd.com/pki/aia/D027B3CE6A9B6B56846D2B9935884A88");
}

TEST(CertUrl, NonDefaultExponentHasNoIntelUrlAndOtherVendorsNone) {
  auto k = key_from_pem("ga-intel_rsa_ek_pubkey.pem");
  EXPECT_FALSE(cert::online_ek_url(0x53544D20, k).has_value());  // STM: certificate in NV
  k.exponent = 3;
  EXPECT_FALSE(cert::intel_ek_url(k).has_value());
}
