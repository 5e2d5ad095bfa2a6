// EKCertStore registry blob (facts/windows.md §2.3): property records {id, reserved=1, length, bytes}.
#include <gtest/gtest.h>

#include "cert/cert_store_blob.h"
#include "cert_test_util.h"
#include "collect/ekcert_files.h"
#include "util/byte_writer.h"

using namespace tpmready;

namespace {
void record(Bytes& out, std::uint32_t id, const Bytes& value, std::uint32_t declared) {
  auto le = [&](std::uint32_t v) {
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  };
  le(id);
  le(1);
  le(declared);
  out.insert(out.end(), value.begin(), value.end());
}
Bytes der() { return testutil::read_file(testutil::cert_data("hirs-stm-nuc1-ek_cert_7_byte_header_removed.der")); }
}  // namespace

TEST(CertStoreBlob, FindsCertificatePropertyAmongOthers) {
  Bytes blob;
  record(blob, 3, Bytes(20, 0xAA), 20);  // a SHA-1 hash property first, as CryptoAPI writes
  record(blob, 32, der(), static_cast<std::uint32_t>(der().size()));
  auto c = cert::parse_cert_store_blob(blob);
  ASSERT_TRUE(c.ok()) << c.error().what();
  EXPECT_EQ(*c, der());
}

TEST(CertStoreBlob, WrongRecordLengthNamesRecordAndOffset) {
  Bytes blob;
  record(blob, 32, Bytes(10, 0x30), 1000);
  auto c = cert::parse_cert_store_blob(blob);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().what(), "@0xc: property[0].value (id 32): needs 1000 bytes, only 10 left");
}

TEST(CertStoreBlob, TruncatedHeaderIsAnError) {
  Bytes blob = {0x20, 0, 0, 0, 1, 0};
  auto c = cert::parse_cert_store_blob(blob);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().what(), "@0x4: property[0].reserved: needs 4 bytes, only 2 left");
}

TEST(CertStoreBlob, BlobWithoutCertificateIsNotFound) {
  Bytes blob;
  record(blob, 3, Bytes(20, 0xAA), 20);
  auto c = cert::parse_cert_store_blob(blob);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind(), ErrorKind::NotFound);
}

TEST(CertStoreBlob, CollectorGivesRegistrySource) {
  Bytes blob;
  record(blob, 32, der(), static_cast<std::uint32_t>(der().size()));
  auto b = collect::ekcert_from_store_blob(blob, "B6BAE82B06492321A84308410C282928D789BBCA");
  ASSERT_TRUE(b.ok()) << b.error().what();
  EXPECT_EQ(b->source, "registry:B6BAE82B06492321A84308410C282928D789BBCA");
  Bytes bad;
  record(bad, 32, Bytes{0x30, 0x03, 0x02}, 3);
  auto e = collect::ekcert_from_store_blob(bad, "ABCD");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().what(), "registry:ABCD property 32: @0x2: Certificate: length 3 > remaining 1");
}

#include "rules/ekcert_checks.h"
#include "collect/ekcert_registry.h"

TEST(CertRegistry, RegExportYieldsStoreCertWhoseThumbprintIsItsKeyName) {
  auto reg = collect::ekcert_from_reg_file(testutil::cert_data("seed000-eula-tpm-wmi.reg"));
  ASSERT_TRUE(reg.ok()) << reg.error().what();
  EXPECT_TRUE(reg->store_present);
  ASSERT_EQ(reg->certificates.size(), 1u);
  EkCertEvidence e;
  e.registry_queried = true;
  e.certificates = reg->certificates;
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, 1700000000);
  ASSERT_TRUE(a.certificates[0].cert.has_value());
  // The subkey name is the SHA-1 thumbprint of the DER (facts/windows.md §2.3).
  EXPECT_EQ("registry:" + a.certificates[0].sha1_thumbprint, a.certificates[0].blob.source);
}

TEST(CertRegistry, BrokenBlobNamesFileLineAndKey) {
  offline::RegistryExport reg;
  auto& key = reg.open_key(std::string(collect::kEkCertStoreKeys[0]) + "\\ABCD", "x.reg", 7);
  offline::RegValue v;
  v.name = "Blob";
  v.type = offline::kRegBinary;
  record(v.data, 32, Bytes(4, 0x30), 99);
  v.file = "x.reg";
  v.line = 8;
  reg.set_value(key, v);
  auto r = collect::ekcert_from_registry_export(reg);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "x.reg:8 [" + std::string(collect::kEkCertStoreKeys[0]) +
                                  "\\ABCD]: registry:ABCD: @0xc: property[0].value (id 32): needs 99 bytes, only 4 left");
}
