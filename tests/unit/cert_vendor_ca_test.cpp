// The compiled-in vendor CA store (cmake/embed_data.cmake) equals data/vendor-ca.
#include <gtest/gtest.h>

#include "cert/ca_embedded.h"
#include "cert/chain.h"

using namespace tpmready;

TEST(CertVendorCa, EmbeddedStoreEqualsDataDirectory) {
  cert::CaStore from_dir, embedded;
  ASSERT_TRUE(cert::load_ca_path(std::string(TPMREADY_DATA_DIR) + "/vendor-ca", from_dir).ok());
  ASSERT_TRUE(cert::load_embedded_vendor_cas(embedded).ok());
  ASSERT_EQ(from_dir.trusted.size(), embedded.trusted.size());
  ASSERT_GE(embedded.trusted.size(), 58u);
  for (std::size_t i = 0; i < embedded.trusted.size(); ++i) {
    EXPECT_EQ(from_dir.trusted[i].cert.der, embedded.trusted[i].cert.der) << embedded.trusted[i].origin;
    EXPECT_EQ(from_dir.trusted[i].origin, embedded.trusted[i].origin);
  }
}
