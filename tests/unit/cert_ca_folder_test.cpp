// --ca-store FOLDER: what else a folder of certificates holds (a README, the key that goes with a
// certificate, an empty file) is skipped and listed; only a folder without a certificate fails.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "cert/chain.h"

using namespace tpmready;
namespace fs = std::filesystem;

namespace {

class CaFolder : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tpmready-ca-folder-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  void write(const std::string& name, const std::string& text) { std::ofstream(dir_ / name, std::ios::binary) << text; }
  void copy_ca(const std::string& name) {
    fs::copy_file(fs::path(TPMREADY_DATA_DIR) / "vendor-ca" / name, dir_ / name);
  }
  fs::path dir_;
};

constexpr const char* kKey = "-----BEGIN PRIVATE KEY-----\nMIIBVQIBADANBgkqhkiG9w0BAQEFAASCAT8wggE7AgEAAkEA\n"
                             "-----END PRIVATE KEY-----\n";

}  // namespace

TEST_F(CaFolder, FilesThatAreNotCertificatesAreSkippedAndListed) {
  copy_ca("kl-IFX1.pem");
  write("README", "Certificates of our TPM vendors, from their web sites.\n");
  write("lab-ca.key", kKey);
  write("empty.cer", "");
  cert::CaStore store;
  std::vector<cert::UnusedCaFile> unused;
  auto st = cert::load_ca_path(dir_.string(), store, &unused);
  ASSERT_TRUE(st.ok()) << st.error().what();
  ASSERT_EQ(store.trusted.size(), 1u);
  EXPECT_EQ(store.trusted[0].origin, dir_.filename().string() + "/kl-IFX1.pem");
  ASSERT_EQ(unused.size(), 3u);  // in name order
  EXPECT_EQ(fs::path(unused[0].path).filename(), "README");
  EXPECT_EQ(fs::path(unused[1].path).filename(), "empty.cer");
  EXPECT_EQ(fs::path(unused[2].path).filename(), "lab-ca.key");
  for (const auto& u : unused) EXPECT_FALSE(u.reason.empty()) << u.path;
}

TEST_F(CaFolder, AFileThatFailsHalfWayAddsNothing) {
  // One good certificate, then a block that is not one: the file is skipped whole.
  std::ifstream in(fs::path(TPMREADY_DATA_DIR) / "vendor-ca" / "kl-IFX1.pem", std::ios::binary);
  std::string pem((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  write("bundle.pem", pem + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  copy_ca("kl-IFX1.pem");
  cert::CaStore store;
  std::vector<cert::UnusedCaFile> unused;
  ASSERT_TRUE(cert::load_ca_path(dir_.string(), store, &unused).ok());
  EXPECT_EQ(store.trusted.size(), 1u);
  ASSERT_EQ(unused.size(), 1u);
  EXPECT_EQ(fs::path(unused[0].path).filename(), "bundle.pem");
}

TEST_F(CaFolder, AFolderWithoutACertificateIsAnErrorNamingIt) {
  write("README.md", "# notes\n");
  write("lab-ca.key", kKey);
  cert::CaStore store;
  std::vector<cert::UnusedCaFile> unused;
  auto st = cert::load_ca_path(dir_.string(), store, &unused);
  ASSERT_FALSE(st.ok());
  const std::string what = st.error().what();
  EXPECT_NE(what.find("CA folder " + dir_.string() + " holds no certificate"), std::string::npos) << what;
  EXPECT_NE(what.find("2 files"), std::string::npos) << what;
  EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  EXPECT_TRUE(store.trusted.empty());
  EXPECT_TRUE(unused.empty());
}

TEST_F(CaFolder, AnEmptyFolderIsAnError) {
  cert::CaStore store;
  auto st = cert::load_ca_path(dir_.string(), store);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().what().find("it is empty"), std::string::npos) << st.error().what();
}

TEST_F(CaFolder, ANamedFileThatIsNotACertificateIsStillAnError) {
  write("README", "not a certificate\n");
  cert::CaStore store;
  auto st = cert::load_ca_path((dir_ / "README").string(), store);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().what().find("README"), std::string::npos) << st.error().what();
}
