// Hostile and malformed input for the DER/X.509 reader and the certificate file formats: every
// case gives one Error naming the field and the offset, never a crash or a huge allocation.
#include <gtest/gtest.h>

#include "cert/cert_input.h"
#include "util/utc_time.h"
#include "cert/der.h"
#include "cert/x509.h"
#include "cert_test_util.h"

using namespace tpmready;

namespace {
Bytes stm_der() { return testutil::read_file(testutil::cert_data("hirs-stm-nuc1-ek_cert_7_byte_header_removed.der")); }
std::string parse_error(const Bytes& b) {
  auto c = cert::parse_certificate(b);
  return c.ok() ? "ok" : c.error().what();
}
}  // namespace

TEST(CertDer, OidTextDecodesTcgAndLargeArcs) {
  // 2.23.133.8.1 = 06 05 67 81 05 08 01 (first octet 40*2+23 = 103 = 0x67; 133 = 0x81 0x05)
  Bytes b = {0x06, 0x05, 0x67, 0x81, 0x05, 0x08, 0x01};
  ByteReader r(b);
  EXPECT_EQ(*der::read_oid(r, "oid"), "2.23.133.8.1");
}

TEST(CertDer, OidEndingInsideSubidentifierIsRejected) {
  Bytes b = {0x06, 0x02, 0x67, 0x81};
  ByteReader r(b);
  auto o = der::read_oid(r, "oid");
  ASSERT_FALSE(o.ok());
  EXPECT_NE(o.error().what().find("ends inside"), std::string::npos);
}

TEST(CertDer, IndefiniteLengthIsRejectedWithOffset) {
  Bytes b = {0x30, 0x80, 0x02, 0x01, 0x01, 0x00, 0x00};
  EXPECT_EQ(parse_error(b), "@0x1: Certificate: indefinite length (BER) is not allowed in DER");
}

TEST(CertDer, HugeClaimedLengthIsRejectedBeforeAllocation) {
  // 30 84 7f ff ff ff: claims 2 GiB in a 6-byte input.
  Bytes b = {0x30, 0x84, 0x7F, 0xFF, 0xFF, 0xFF};
  EXPECT_EQ(parse_error(b), "@0x6: Certificate: length 2147483647 > remaining 0");
}

TEST(CertDer, LengthFieldWiderThanFourOctetsIsRejected) {
  Bytes b = {0x30, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00};
  EXPECT_EQ(parse_error(b), "@0x1: Certificate: length field of 5 octets");
}

TEST(CertDer, EmptyInputIsAnError) { EXPECT_EQ(parse_error({}), "@0x0: Certificate: empty input"); }

TEST(CertDer, TruncatedCertificateNamesOffset) {
  Bytes b = stm_der();
  b.resize(500);
  auto e = parse_error(b);
  EXPECT_NE(e.find("Certificate: length 1118 > remaining 496"), std::string::npos) << e;
}

TEST(CertDer, EveryTruncationFailsCleanly) {
  const Bytes full = stm_der();
  for (std::size_t n = 0; n < full.size(); n += 7) {
    Bytes b(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    EXPECT_FALSE(cert::parse_certificate(b).ok()) << n;
  }
}

TEST(CertDer, InnerLengthRunningPastParentIsRejected) {
  Bytes b = stm_der();
  // tbsCertificate header at offset 4: 30 82 xx xx; claim 0x7fff bytes.
  ASSERT_EQ(b[4], 0x30);
  b[6] = 0x7F;
  b[7] = 0xFF;
  auto e = parse_error(b);
  EXPECT_NE(e.find("tbsCertificate: length 32767 > remaining"), std::string::npos) << e;
}

TEST(CertDer, OneMegabyteOfGarbageIsNotACertificate) {
  Bytes garbage(1 << 20);
  std::uint32_t x = 12345;
  for (auto& v : garbage) {
    x = x * 1103515245 + 12345;
    v = static_cast<std::uint8_t>(x >> 16);
  }
  garbage[0] = 0x30;  // looks like a SEQUENCE, to reach the DER reader
  EXPECT_FALSE(cert::parse_certificate(garbage).ok());
  garbage[0] = 0xA7;
  auto blobs = cert::certificate_blobs(garbage);
  ASSERT_FALSE(blobs.ok());
  EXPECT_EQ(blobs.error().what(), "@0x0: not a certificate: neither DER (first byte 0xa7), PEM nor base64 text");
}

TEST(CertDer, ZeroByteFileIsAnError) {
  auto blobs = cert::certificate_blobs({});
  ASSERT_FALSE(blobs.ok());
  EXPECT_EQ(blobs.error().what(), "@0x0: empty file");
}

TEST(CertInput, PemWithBrokenBase64NamesLine) {
  std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB!AAA\n-----END CERTIFICATE-----\n";
  auto blobs = cert::certificate_blobs(as_span(pem));
  ASSERT_FALSE(blobs.ok());
  EXPECT_EQ(blobs.error().what(), "PEM block at line 1: base64: line 2 (offset 5): invalid character '!'");
}

TEST(CertInput, PemWithoutEndLineIsAnError) {
  std::string pem = "-----BEGIN CERTIFICATE-----\nMIIB\n";
  auto blobs = cert::certificate_blobs(as_span(pem));
  ASSERT_FALSE(blobs.ok());
  EXPECT_EQ(blobs.error().what(), "line 1: PEM block 'CERTIFICATE' has no END line");
}

TEST(CertInput, Base64TextAsGetTpmEndorsementKeyInfoExportsDecodes) {
  // The PEM body alone (what [Convert]::ToBase64String(cert.RawData) prints), UTF-16LE with BOM.
  auto pem = testutil::read_file(testutil::cert_data("hirs-stm-nuc1-tpmcert.pem"));
  auto der = cert::certificate_blobs(pem);
  ASSERT_TRUE(der.ok());
  std::string text(pem.begin(), pem.end());
  auto body = text.substr(text.find('\n') + 1);
  body = body.substr(0, body.find("-----END"));
  Bytes utf16 = {0xFF, 0xFE};
  for (char ch : body) {
    utf16.push_back(static_cast<std::uint8_t>(ch));
    utf16.push_back(0);
  }
  auto blobs = cert::certificate_blobs(utf16);
  ASSERT_TRUE(blobs.ok()) << blobs.error().what();
  EXPECT_EQ(blobs->front(), der->front());
}

TEST(CertInput, MultiplePemBlocksAreAllReturned) {
  auto a = testutil::read_file(testutil::vendor_ca("kl-STM_RSA_RT.pem"));
  auto b = testutil::read_file(testutil::vendor_ca("kl-GS_TPM_RT.pem"));
  a.insert(a.end(), b.begin(), b.end());
  auto blobs = cert::certificate_blobs(a);
  ASSERT_TRUE(blobs.ok());
  EXPECT_EQ(blobs->size(), 2u);
}

TEST(CertTime, UtcTimeCenturyRuleAndRfc3339RoundTrip) {
  EXPECT_EQ(utc_rfc3339(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(utc_rfc3339(*parse_utc_rfc3339("2049-12-31T23:59:59Z")), "2049-12-31T23:59:59Z");
  EXPECT_FALSE(parse_utc_rfc3339("2049-13-31T23:59:59Z").has_value());
  auto c = cert::parse_certificate(stm_der());
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(utc_rfc3339(c->not_before), "2014-02-23T00:00:00Z");  // UTCTime 140223000000Z
}
