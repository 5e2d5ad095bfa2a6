// Fleet ingest gives the same database whatever the speed-ups: with or without the signature
// memo (crypto_openssl.cpp), on one thread or several, in small or large transactions. The input
// is a varied fleet made from real bundles (tests/data/fleet/MANIFEST.md): repeated devices (newer
// runs supersede older ones), identical EK certificates across bundles (memo hits), a tampered EK
// certificate signature (must stay a bad signature after the valid one was memoised), exact
// duplicates and a corrupt line.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cert/chain.h"
#include "crypto/crypto.h"
#include "fleet/fleet.h"

namespace tpmready::fleet {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(TPMREADY_TEST_DATA) / "fleet";

nlohmann::json load(const char* name) {
  std::ifstream in(kData / name, std::ios::binary);
  return nlohmann::json::parse(in);
}

/// 120 bundles over 50 devices; every 7th has its EK certificate's last signature byte flipped.
std::string fleet_ndjson() {
  const auto healthy = load("healthy-rsa2048.bundle.json"), no_cert = load("no-ekcert.bundle.json");
  std::string out;
  for (int i = 0; i < 120; ++i) {
    auto b = i % 3 == 2 ? no_cert : healthy;
    b["device"]["id"] = "device-" + std::to_string(i % 50);
    b["device"]["serial"] = {{"value", "SN" + std::to_string(i % 50)}, {"source", "test"}};
    b["system_time"]["value"] = b["system_time"]["value"].get<std::int64_t>() + (i * 7919) % 86400;
    if (i % 7 == 0 && !b["ek"]["certificates"].empty()) {
      auto raw = b["ek"]["certificates"][0]["raw"].get<std::string>();
      raw.back() = raw.back() == '0' ? '1' : '0';
      b["ek"]["certificates"][0]["raw"] = raw;
    }
    out += b.dump() + "\n";
    if (i % 11 == 0) out += b.dump() + "\n";  // an exact duplicate: skipped
  }
  out += "{\"kind\": \"tpmready-evidence\", \n";  // corrupt: rejected, ingest goes on
  return out;
}

/// Every row of every table, in a fixed order.
std::string dump(const std::string& db) {
  sqlite3* h = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::string out;
  for (const char* sql : {"SELECT * FROM devices ORDER BY id", "SELECT * FROM runs ORDER BY id",
                          "SELECT * FROM findings ORDER BY run_id, rule_id", "SELECT * FROM meta ORDER BY key"}) {
    sqlite3_stmt* s = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(h, sql, -1, &s, nullptr), SQLITE_OK) << sql;
    while (sqlite3_step(s) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(s); ++c) {
        const auto* t = sqlite3_column_text(s, c);
        out += t ? reinterpret_cast<const char*>(t) : "NULL";
        out += '|';
      }
      out += '\n';
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(h);
  return out;
}

class FleetDeterminism : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tpmready-fleet-determinism-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(cert::load_ca_path((kData / "healthy-rsa2048-lab-ca-chain.pem").string(), anchors_));
    input_ = (dir_ / "fleet.ndjson").string();
    std::ofstream(input_, std::ios::binary) << fleet_ndjson();
  }
  void TearDown() override {
    crypto::set_verify_memo(true);
    fs::remove_all(dir_);
  }
  /// Ingests the fleet into a fresh database; returns its dump.
  std::string ingest_with(const std::string& name, unsigned threads, std::size_t batch, bool memo) {
    crypto::set_verify_memo(memo);
    IngestOptions o;
    o.inputs = {input_};
    o.db = (dir_ / (name + ".sqlite")).string();
    o.anchors = &anchors_;
    o.now = 1764165176;
    o.threads = threads;
    o.batch_items = batch;
    auto sum = ingest(o);
    EXPECT_TRUE(sum) << sum.error().what();
    if (!sum) return {};
    EXPECT_EQ(sum->ingested, 120u) << name;
    EXPECT_EQ(sum->duplicates, 11u) << name;
    EXPECT_EQ(sum->rejected.size(), 1u) << name;
    return dump(o.db);
  }

  fs::path dir_;
  std::string input_;
  cert::CaStore anchors_;
};

TEST_F(FleetDeterminism, SameRowsWithAndWithoutMemoAndWhateverTheThreads) {
  const auto reference = ingest_with("plain", 1, 1000, false);
  ASSERT_FALSE(reference.empty());
  // The tampered certificates really were judged apart from the valid ones.
  EXPECT_NE(reference.find("ek.cert.chain|fail"), std::string::npos);
  EXPECT_EQ(ingest_with("memo", 1, 1000, true), reference);
  EXPECT_EQ(ingest_with("memo-2-threads", 2, 7, true), reference);
  EXPECT_EQ(ingest_with("memo-4-threads", 4, 1, true), reference);
  EXPECT_EQ(ingest_with("plain-3-threads", 3, 16, false), reference);
}

}  // namespace
}  // namespace tpmready::fleet
