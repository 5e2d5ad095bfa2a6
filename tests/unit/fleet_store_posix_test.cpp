// The fleet database end to end inside the library: ingest of real bundles (collected from swtpm
// scenarios, tests/data/fleet/MANIFEST.md), summary lines and bad inputs; idempotence,
// superseding by observed time, history, aggregation, and refusing a newer database schema.
#include <gtest/gtest.h>

#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <fstream>
#include <sstream>

#include "cert/chain.h"
#include "fleet/fleet.h"

namespace tpmready::fleet {
namespace {

namespace fs = std::filesystem;
const fs::path kData = fs::path(TPMREADY_TEST_DATA) / "fleet";

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

class FleetStore : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("tpmready-fleet-store-" +
                                        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    ASSERT_TRUE(cert::load_ca_path((kData / "healthy-rsa2048-lab-ca-chain.pem").string(), anchors_));
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& text) {
    auto p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  Result<IngestSummary> run(std::vector<std::string> inputs) {
    IngestOptions o;
    o.inputs = std::move(inputs);
    o.db = db();
    o.anchors = &anchors_;
    o.now = 1764165176;
    o.batch_items = 3;  // several transactions even for small inputs
    return ingest(o);
  }
  std::string db() const { return (dir_ / "fleet.sqlite").string(); }
  FleetReport report() {
    auto r = build_fleet_report(db(), 100);
    EXPECT_TRUE(r) << r.error().what();
    return r ? *r : FleetReport{};
  }
  static std::int64_t root_count(const FleetReport& r, const std::string& id) {
    for (const auto& rc : r.root_causes)
      if (rc.id == id) return rc.devices;
    return 0;
  }

  fs::path dir_;
  cert::CaStore anchors_;
};

TEST_F(FleetStore, RealBundlesAreReEvaluatedAndAggregated) {
  auto sum = run({(kData / "healthy-rsa2048.bundle.json").string(), (kData / "no-ekcert.bundle.json").string()});
  ASSERT_TRUE(sum) << sum.error().what();
  EXPECT_EQ(sum->ingested, 2u);
  EXPECT_TRUE(sum->rejected.empty());
  auto r = report();
  EXPECT_EQ(r.devices, 2);
  EXPECT_EQ(r.verdicts["not_ready"], 2);
  EXPECT_EQ(r.verdicts["ready"], 0);
  EXPECT_EQ(root_count(r, "tpm.not_virtual"), 2);  // swtpm is a software TPM
  EXPECT_EQ(root_count(r, "ek.cert.present"), 1);  // the no-ekcert scenario
  ASSERT_FALSE(r.root_causes.empty());
  EXPECT_EQ(r.root_causes[0].id, "tpm.not_virtual");  // ranked by devices
  EXPECT_FALSE(r.root_causes[0].fix.empty());
  ASSERT_EQ(r.breakdown.size(), 1u);
  EXPECT_EQ(r.breakdown[0].tpm_vendor, "IBM");
  EXPECT_EQ(r.breakdown[0].devices, 2);

  std::vector<RootCauseDevice> rows;
  ASSERT_TRUE(for_each_root_cause_device(db(), [&](const RootCauseDevice& d) { rows.push_back(d); }));
  EXPECT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].root_cause, "tpm.not_virtual");
}

TEST_F(FleetStore, ReingestIsIdempotentAcrossFormatting) {
  auto pretty = (kData / "healthy-rsa2048.bundle.json").string();
  ASSERT_TRUE(run({pretty}));
  // The same document on one NDJSON line (whitespace between tokens removed) is a duplicate.
  auto doc = nlohmann::json::parse(slurp(pretty));
  auto line = write("one.ndjson", doc.dump() + "\n");
  auto again = run({pretty, line});
  ASSERT_TRUE(again);
  EXPECT_EQ(again->ingested, 0u);
  EXPECT_EQ(again->duplicates, 2u);
  EXPECT_EQ(report().runs, 1);
}

TEST_F(FleetStore, NewestRunIsCurrentWhateverTheIngestOrderAndHistoryIsKept) {
  auto newer = write("new.txt", "tpmready: not_ready; root=win.eula_accepted; device=d1; at=2026-11-20T00:00:00Z\n");
  auto older = write("old.txt", "tpmready: ready; device=d1; at=2026-11-10T00:00:00Z\n");
  ASSERT_TRUE(run({newer}));
  ASSERT_TRUE(run({older}));
  auto r = report();
  EXPECT_EQ(r.devices, 1);
  EXPECT_EQ(r.runs, 2);
  EXPECT_EQ(r.verdicts["not_ready"], 1);
  EXPECT_EQ(root_count(r, "win.eula_accepted"), 1);
  ASSERT_EQ(r.trends.size(), 2u);
  EXPECT_EQ(r.trends[0].date, "2026-11-10");
  EXPECT_EQ(r.trends[0].ready, 1);
  ASSERT_EQ(r.device_list.size(), 1u);
  EXPECT_EQ(r.device_list[0].runs, 2);
  EXPECT_EQ(r.device_list[0].root_causes, "win.eula_accepted");
}

TEST_F(FleetStore, ReadyWithCaveatsCountsReadyAndKeepsTheCaveats) {
  auto lines = write("caveats.txt",
                     "tpmready: ready; caveat=ek.cert.matches_ek,eventlog.replay_matches; device=d1\n"
                     "tpmready: ready; device=d2\n"
                     "tpmready: not_ready; root=win.eula_accepted; caveat=ek.cert.matches_ek; device=d3\n");
  ASSERT_TRUE(run({lines}));
  auto r = report();
  EXPECT_EQ(r.verdicts["ready"], 2);
  EXPECT_EQ(r.ready_with_caveats, 1);
  ASSERT_EQ(r.caveats.size(), 2u);
  EXPECT_EQ(r.caveats[0].id, "ek.cert.matches_ek");  // ranked by devices
  EXPECT_EQ(r.caveats[0].devices, 2);
  EXPECT_EQ(r.caveats[0].check, "tpmready ekcert");  // from the rule table
  EXPECT_FALSE(r.caveats[0].why.empty());
  EXPECT_EQ(r.caveats[1].id, "eventlog.replay_matches");
  for (const auto& d : r.device_list)
    if (d.id == "d1") {
      EXPECT_EQ(d.caveats, "ek.cert.matches_ek,eventlog.replay_matches");
    }
  // The root cause is listed by its failure title.
  ASSERT_EQ(r.root_causes.size(), 1u);
  EXPECT_EQ(r.root_causes[0].title, "SetupDisplayedEula is not set: Windows never recorded the EULA as accepted");
}

TEST_F(FleetStore, ASchemaVersion1DatabaseIsMigratedAndKeepsItsRuns) {
  ASSERT_TRUE(run({write("a.txt", "tpmready: ready; device=d1\n")}));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "DROP TABLE caveats; UPDATE meta SET value = '1' WHERE key = 'schema_version'", nullptr,
                         nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(raw);
  ASSERT_TRUE(run({write("b.txt", "tpmready: ready; caveat=clock.sane; device=d2\n")}));
  auto r = report();
  EXPECT_EQ(r.devices, 2);
  EXPECT_EQ(r.ready_with_caveats, 1);
}

TEST_F(FleetStore, BadDocumentsAreRejectedWithSourceAndReason) {
  auto doc = nlohmann::json::parse(slurp(kData / "no-ekcert.bundle.json"));
  auto newer = doc;
  newer["schema_version"] = 2;
  auto no_id = doc;  // nothing in it identifies a device: no ID, serial, EK key or host name
  no_id["device"] = {{"id", ""}};
  no_id["ek"]["ek_rsa"] = {{"value", nullptr}, {"unknown", "not read"}};
  auto derived = doc;  // no ID written, but the evidence implies one (a bundle of an older analyze)
  derived["device"]["id"] = "";
  auto stream = write("s.ndjson", doc.dump() + "\n{\"schema_version\": 1,\n" + newer.dump() + "\n" + no_id.dump() + "\n" +
                                      "[1,2]\n{\"hello\": 1}\n" + derived.dump() + "\n");
  auto sum = run({stream});
  ASSERT_TRUE(sum) << sum.error().what();
  EXPECT_EQ(sum->ingested, 2u);  // the first, and the one whose ID its evidence implies
  EXPECT_EQ(report().devices, 1);  // ... which is the same device: the ID is the one collect wrote
  ASSERT_EQ(sum->rejected.size(), 5u);
  std::string all;
  for (const auto& r : sum->rejected) all += r.source + ": " + r.reason + "\n";
  EXPECT_NE(all.find(stream + ":2: corrupt JSON"), std::string::npos) << all;
  EXPECT_NE(all.find(stream + ":3: bundle: bundle schema_version 2 is newer"), std::string::npos) << all;
  EXPECT_NE(all.find(stream + ":4: bundle: no device ID: the evidence names no serial, EK key or host name; give one "
                               "with tpmready analyze ... --device-id ID"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find(stream + ":5: not a JSON object"), std::string::npos) << all;
  EXPECT_NE(all.find(stream + ":6: neither a bundle"), std::string::npos) << all;
}

TEST_F(FleetStore, DatabaseOfANewerSchemaIsRefusedUntouched) {
  ASSERT_TRUE(run({write("a.txt", "tpmready: ready; device=d1\n")}));
  sqlite3* raw = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &raw), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(raw, "UPDATE meta SET value = '7' WHERE key = 'schema_version'", nullptr, nullptr, nullptr), SQLITE_OK);
  sqlite3_close(raw);
  auto sum = run({write("b.txt", "tpmready: ready; device=d2\n")});
  ASSERT_FALSE(sum);
  EXPECT_NE(sum.error().what().find("schema_version 7 is newer"), std::string::npos) << sum.error().what();
  EXPECT_FALSE(build_fleet_report(db(), 10));
  EXPECT_FALSE(build_fleet_report((dir_ / "missing.sqlite").string(), 10));
}

}  // namespace
}  // namespace tpmready::fleet
