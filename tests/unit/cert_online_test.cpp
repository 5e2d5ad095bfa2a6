// Decoding what the vendor EK-certificate services return (collect/ek_online.h): every accepted
// envelope carries the same real certificate (tests/data/cert/hirs-stm-nuc1-tpmcert.pem).
#include <gtest/gtest.h>

#include "cert/cert_input.h"
#include "collect/ek_online.h"
#include "cert_test_util.h"
#include "util/base64.h"

using namespace tpmready;

namespace {

Bytes der() {
  auto blobs = cert::certificate_blobs(testutil::read_file(testutil::cert_data("hirs-stm-nuc1-tpmcert.pem")));
  EXPECT_TRUE(blobs.ok());
  return blobs->front();
}

std::string base64url(const Bytes& b) {
  std::string s = base64_encode(b);
  for (char& c : s) c = c == '+' ? '-' : c == '/' ? '_' : c;
  while (!s.empty() && s.back() == '=') s.pop_back();
  return s;
}

Result<Bytes> decode(const std::string& text) { return collect::decode_online_ekcert(as_span(text)); }

}  // namespace

TEST(EkOnline, IntelJsonEnvelopeWithBase64urlAndPercentEscapes) {
  std::string b64 = base64_encode(der());
  std::string escaped;
  for (char c : b64) escaped += c == '+' ? "-" : c == '/' ? "_" : c == '=' ? "%3D" : std::string(1, c);
  auto r = decode(R"({"pubhash":"WVEG2rRwkQ7m3RpXlUphgo6Y2HLxl18h6ZZkkOAdnBE%3D","certificate":")" + escaped + "\"}");
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(*r, der());
}

TEST(EkOnline, DerPemAndBase64TextAndBase64OfPem) {
  EXPECT_EQ(*collect::decode_online_ekcert(der()), der());
  auto pem = testutil::read_file(testutil::cert_data("hirs-stm-nuc1-tpmcert.pem"));
  EXPECT_EQ(*collect::decode_online_ekcert(pem), der());
  EXPECT_EQ(*decode(base64url(der()) + "\n"), der());
  EXPECT_EQ(*decode(base64_encode(pem)), der());
}

TEST(EkOnline, UnusableBodiesSayWhatWasFound) {
  auto a = decode(R"({"pubhash":"x"})");
  ASSERT_FALSE(a.ok());
  EXPECT_NE(a.error().what().find("\"certificate\""), std::string::npos);
  auto b = decode("{not json");
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().what().find("JSON"), std::string::npos);
  EXPECT_FALSE(decode("").ok());
  auto c = collect::decode_online_ekcert(Bytes{0x89, 'P', 'N', 'G', 0x00});
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().what().find("neither DER"), std::string::npos);
  auto d = decode(R"({"certificate":"%G1"})");
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().what().find("%-escape"), std::string::npos);
}

TEST(EkOnline, FetchRefusesHostsOutsideTheEndpointTable) {
  auto r = collect::fetch_online_ekcert("https://example.com/cert", {});
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().what().find("not an EK-certificate service"), std::string::npos);
}
