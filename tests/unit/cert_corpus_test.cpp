// Every corpus EK certificate and vendor CA decodes with the fields the corpus collector
// recorded with OpenSSL 3 (tests/data/cert/expected_ekcerts.json, copied from
// /work/shared/corpus/expected.json).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <fstream>
#include <regex>

#include "cert/cert_input.h"
#include "util/utc_time.h"
#include "cert/x509.h"
#include "cert_test_util.h"
#include "crypto/crypto.h"

using namespace tpmready;
using tpmready::testutil::read_file;

namespace {

nlohmann::json expected() {
  std::ifstream f(testutil::cert_data("expected_ekcerts.json"));
  return nlohmann::json::parse(f);
}

std::string path_for(const std::string& key) {
  if (key.rfind("ekcerts/", 0) == 0) return testutil::cert_data(key.substr(8));
  return testutil::vendor_ca(key.substr(10));
}

// "May 13 00:00:00 2042 GMT" (OpenSSL's ASN1_TIME_print) → "2042-05-13T00:00:00Z".
std::string openssl_time_to_rfc3339(const std::string& s) {
  static const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char mon[4] = {};
  int day = 0, h = 0, m = 0, sec = 0, year = 0;
  if (std::sscanf(s.c_str(), "%3s %d %d:%d:%d %d", mon, &day, &h, &m, &sec, &year) != 6) return "unparsed:" + s;
  int mi = 0;
  while (mi < 12 && std::string(kMonths[mi]) != mon) ++mi;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", year, mi + 1, day, h, m, sec);
  return buf;
}

// OpenSSL prints small serials as "4099 (0x1003)" and others as colon hex.
void expect_serial(const cert::Certificate& c, const std::string& want, const std::string& key) {
  std::smatch m;
  if (std::regex_match(want, m, std::regex(R"((\d+) \(0x([0-9a-f]+)\))"))) {
    std::uint64_t v = 0;
    for (auto b : c.serial) v = v << 8 | b;
    EXPECT_EQ(v, std::stoull(m[1].str())) << key;
  } else {
    EXPECT_EQ(c.serial_hex(), want) << key;
  }
}

cert::Certificate parse_first(const std::string& path) {
  auto file = read_file(path);
  auto blobs = cert::certificate_blobs(file);
  EXPECT_TRUE(blobs.ok()) << path << ": " << (blobs.ok() ? "" : blobs.error().what());
  if (!blobs.ok() || blobs->empty()) return {};
  auto c = cert::parse_certificate(blobs->front());
  EXPECT_TRUE(c.ok()) << path << ": " << (c.ok() ? "" : c.error().what());
  return c.ok() ? *c : cert::Certificate{};
}

}  // namespace

TEST(CertCorpus, EveryFileDecodesWithOpenSslFields) {
  auto all = expected();
  ASSERT_GE(all.size(), 60u);
  for (auto& [key, entry] : all.items()) {
    const auto& v = entry.at("verified_openssl");
    auto c = parse_first(path_for(key));
    EXPECT_EQ(to_hex(*crypto::digest(crypto::HashAlg::Sha256, c.der)), v.at("sha256_fingerprint_der").get<std::string>())
        << key;
    EXPECT_EQ(c.der.size(), v.at("der_length").get<std::size_t>()) << key;
    EXPECT_EQ(c.issuer.rfc2253(), v.at("issuer").get<std::string>()) << key;
    EXPECT_EQ(c.subject.rfc2253(), v.at("subject").get<std::string>()) << key;
    EXPECT_EQ(c.signature_algorithm, v.at("signature_algorithm").get<std::string>()) << key;
    EXPECT_EQ(utc_rfc3339(c.not_before), openssl_time_to_rfc3339(v.at("not_before"))) << key;
    EXPECT_EQ(utc_rfc3339(c.not_after), openssl_time_to_rfc3339(v.at("not_after"))) << key;
    expect_serial(c, v.at("serial"), key);
    ASSERT_TRUE(c.public_key.has_value()) << key;
    if (!v.at("curve").is_null()) {
      EXPECT_EQ(c.public_key->curve, v.at("curve").get<std::string>()) << key;
    }
    if (!v.at("public_key").is_null()) {
      EXPECT_EQ(std::to_string(c.public_key->bits()) + " bit", v.at("public_key").get<std::string>()) << key;
    }
    EXPECT_EQ(v.at("san").is_null() ? std::string() : v.at("san").get<std::string>(), c.san_dirname) << key;
    const std::string eku = v.at("eku").is_null() ? "" : v.at("eku").get<std::string>();
    EXPECT_EQ(eku, c.ext_key_usage.empty() ? "" : c.ext_key_usage.front()) << key;
    // The collector copied the EKU line into key_usage for some certs; compare only real names.
    const std::string ku = v.at("key_usage").is_null() ? "" : v.at("key_usage").get<std::string>();
    if (ku.find("2.23.133") == std::string::npos && !ku.empty()) {
      std::string got;
      for (const auto& n : c.key_usage_names()) got += (got.empty() ? "" : ", ") + n;
      EXPECT_EQ(got, ku) << key;
    }
    const std::string bc = v.at("basic_constraints").get<std::string>();
    ASSERT_TRUE(c.basic_constraints_ca.has_value()) << key;
    EXPECT_EQ(*c.basic_constraints_ca, bc.rfind("CA:TRUE", 0) == 0) << key;
    EXPECT_TRUE(c.problems.empty()) << key << ": " << (c.problems.empty() ? "" : c.problems.front().what);
  }
}

TEST(CertCorpus, NvHeaderIsStrippedAndEqualsHeaderlessDer) {
  // HIRS asserts the 7-byte-header capture equals ek_cert_7_byte_header_removed.cer.
  auto with_header = parse_first(testutil::cert_data("hirs-stm-nuc1-ek_cert_untouched.nvbin"));
  auto without = parse_first(testutil::cert_data("hirs-stm-nuc1-ek_cert_7_byte_header_removed.der"));
  EXPECT_EQ(with_header.input_offset, 7u);
  EXPECT_EQ(with_header.der, without.der);
  EXPECT_FALSE(with_header.der.empty());
}

TEST(CertCorpus, NuvotonPaddingIsCountedNotParsed) {
  auto c = parse_first(testutil::cert_data("hirs-nuvoton-ek_cert_with_padded_bytes.der"));
  EXPECT_EQ(c.trailing_bytes, 192u);
  EXPECT_EQ(c.der.size(), 908u);
}

TEST(CertCorpus, OaepKeyedStmCertDecodesRsa2048AndTcgFields) {
  auto c = parse_first(testutil::cert_data("hirs-stm-nuc1-tpmcert.pem"));
  ASSERT_TRUE(c.public_key.has_value());
  EXPECT_EQ(c.spki_algorithm_oid, "1.2.840.113549.1.1.7");  // facts/tcg.md §3.5 pitfall
  EXPECT_EQ(c.public_key->bits(), 2048u);
  ASSERT_TRUE(c.tpm_san.has_value());
  EXPECT_EQ(c.tpm_san->manufacturer, "id:53544D20");
  EXPECT_EQ(c.tpm_san->model, "ST33ZP24PVSP");
  EXPECT_EQ(c.tpm_san->version, "id:0D0C");
  EXPECT_TRUE(c.san_critical);  // empty subject ⇒ SAN critical (EKCP)
  EXPECT_TRUE(c.subject.empty());
}
