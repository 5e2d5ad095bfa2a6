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

TEST(CertStoreBlob, ClaimedLengthBeyondTheBlobIsRefusedBeforeAnyAllocation) {
  // {prop 3, reserved 1, len 2, 2 bytes}, then prop 32 claiming 0xFFFFFFF0 bytes with 4 left.
  const Bytes huge = {3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0xAA, 0xBB, 32, 0, 0, 0, 1, 0, 0, 0, 0xF0, 0xFF, 0xFF, 0xFF, 1, 2, 3, 4};
  auto h = cert::parse_cert_store_blob(huge);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().what(), "@0x1a: property[1].value (id 32): needs 4294967280 bytes, only 4 left");
  EXPECT_EQ(cert::parse_cert_store_blob(Bytes{}).error().what(), "@0x0: empty certificate store blob");
}

#include "collect/ekcert_registry.h"
#include "evidence/ek_store.h"
#include "rules/ekcert_checks.h"

TEST(CertRegistry, RegExportYieldsStoreCertWhoseThumbprintIsItsKeyName) {
  auto reg = collect::ekcert_from_reg_file(testutil::cert_data("seed000-eula-tpm-wmi.reg"));
  ASSERT_TRUE(reg.ok()) << reg.error().what();
  EXPECT_TRUE(reg->store_present);
  ASSERT_EQ(reg->store.size(), 1u);
  EXPECT_EQ(reg->store[0].source, "file:seed000-eula-tpm-wmi.reg:12");  // named as `analyze` names it
  EkCertEvidence e;
  add_store_certificates(reg->store, e);
  EXPECT_TRUE(e.registry_queried);
  ASSERT_EQ(e.certificates.size(), 1u);
  auto a = rules::ek::analyze_ekcerts(e, cert::CaStore{}, 1700000000);
  ASSERT_TRUE(a.certificates[0].cert.has_value());
  // The subkey name is the SHA-1 thumbprint of the DER (facts/windows.md §2.3).
  EXPECT_EQ("registry:" + a.certificates[0].sha1_thumbprint, a.certificates[0].blob.source);
  EXPECT_TRUE(ek_store_notes(reg->store).empty());
}

TEST(CertRegistry, BrokenBlobIsANoteAndTheOtherEntriesAreStillUsed) {
  offline::RegistryExport reg;
  const std::string certs = collect::kEkCertStores[0].certificates;
  auto& bad_key = reg.open_key(certs + "\\abcd", "x.reg", 7);
  offline::RegValue bad;
  bad.name = "Blob";
  bad.type = offline::kRegBinary;
  record(bad.data, 32, Bytes(4, 0x30), 99);
  bad.file = "x.reg";
  bad.line = 8;
  reg.set_value(bad_key, bad);
  reg.open_key(certs + "\\EF01", "x.reg", 9);  // a key without its Blob value
  auto& good_key = reg.open_key(certs + "\\B6BAE82B06492321A84308410C282928D789BBCA", "x.reg", 10);
  offline::RegValue good = bad;
  good.data.clear();
  record(good.data, 32, der(), static_cast<std::uint32_t>(der().size()));
  good.line = 11;
  reg.set_value(good_key, good);

  auto r = collect::ekcert_from_registry_export(reg);
  EXPECT_TRUE(r.store_present);
  ASSERT_EQ(r.store.size(), 3u);
  EkCertEvidence e;
  add_store_certificates(r.store, e);
  ASSERT_EQ(e.certificates.size(), 1u);
  EXPECT_EQ(e.certificates[0].source, "registry:B6BAE82B06492321A84308410C282928D789BBCA");
  EXPECT_EQ(e.certificates[0].raw, der());
  EXPECT_EQ(ek_store_notes(r.store),
            (std::vector<std::string>{
                "registry:ABCD: EKCertStore entry not used: @0xc: property[0].value (id 32): needs 99 bytes, only 4 "
                "left (file:x.reg:8)",
                "registry:EF01: EKCertStore entry not used: no Blob value (file:x.reg:9)"}));
}

TEST(CertRegistry, StoreCertificateAlreadyAmongTheSourcesIsNotAddedTwice) {
  EkCertEvidence e;
  e.certificates.push_back({"nv:0x01c00002", der(), 0x01C00002u});
  add_store_certificates({EkStoreCertificate{"EKCertStore", "AB", {}, der(), "file:x.reg:3", ""}}, e);
  EXPECT_EQ(e.certificates.size(), 1u);
  EXPECT_TRUE(e.registry_queried);
}
