#include <gtest/gtest.h>

#include "crypto/crypto.h"

using namespace tpmready;

TEST(Crypto, DigestsOfAbcMatchFips180Vectors) {
  const std::string abc = "abc";
  EXPECT_EQ(to_hex(*crypto::digest(crypto::HashAlg::Sha1, as_span(abc))), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(to_hex(*crypto::digest(crypto::HashAlg::Sha256, as_span(abc))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(crypto::digest(crypto::HashAlg::Sha384, as_span(abc))->size(), 48u);
}

TEST(Crypto, Digest2HashesTheConcatenation) {
  const std::string a = "ab", b = "c";
  EXPECT_EQ(*crypto::digest2(crypto::HashAlg::Sha256, as_span(a), as_span(b)),
            *crypto::digest(crypto::HashAlg::Sha256, as_span(std::string("abc"))));
}

TEST(Crypto, HashNamesMatchTpmAlgIds) {
  EXPECT_EQ(*crypto::hash_name(0x000B), "sha256");
  EXPECT_EQ(*crypto::hash_from_name("sha384"), 0x000C);
  EXPECT_FALSE(crypto::digest_size(0x0099).has_value());
}
