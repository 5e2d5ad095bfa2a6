// The standard X.509 OIDs in src/cert/oids.cpp are not in the fact sheets; OpenSSL's object
// database is the oracle for every {OID, name} pair.
#include <gtest/gtest.h>
#include <openssl/objects.h>

#include <string>

#include "cert/oids.h"

TEST(CertOids, EveryTableEntryMatchesOpenSslObjectDatabase) {
  for (const auto& n : tpmready::cert::oid::named_table()) {
    const std::string oid(n.oid), name(n.name);
    const int nid = OBJ_txt2nid(oid.c_str());
    ASSERT_NE(nid, NID_undef) << oid;
    const std::string sn = OBJ_nid2sn(nid), ln = OBJ_nid2ln(nid);
    EXPECT_TRUE(name == sn || name == ln) << oid << ": ours " << name << ", OpenSSL " << sn << " / " << ln;
  }
}

TEST(CertOids, SignatureTableGivesHashAndScheme) {
  const auto* s = tpmready::cert::oid::signature_algorithm("1.2.840.113549.1.1.12");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->long_name, "sha384WithRSAEncryption");
  EXPECT_EQ(s->hash_alg, 0x000C);
  EXPECT_FALSE(s->ecdsa);
  EXPECT_EQ(tpmready::cert::oid::signature_algorithm("1.2.3"), nullptr);
}
