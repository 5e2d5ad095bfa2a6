// `fleet report FILES...` (no database) against `fleet ingest` + `fleet report --db` on the same
// inputs: identical JSON, dashboard and devices-per-root-cause rows, also when the database was
// filled by several ingests and when the device table is truncated.
#include <gtest/gtest.h>

#include <map>

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "cert/chain.h"
#include "fleet/dashboard.h"
#include "fleet/direct.h"
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

/// A collected bundle as another device (and, with `days`, collected that much later).
nlohmann::json vary(const nlohmann::json& bundle, const std::string& serial, const std::string& model, int days) {
  auto b = bundle;
  b["device"]["id"] = "dev-" + serial;
  b["device"]["serial"] = {{"value", serial}, {"source", "test"}};
  b["device"]["model"] = {{"value", model}, {"source", "test"}};
  b["device"]["manufacturer"] = {{"value", model.rfind("Think", 0) == 0 ? "Lenovo" : "Dell"}, {"source", "test"}};
  b["system_time"]["value"] = b["system_time"]["value"].get<std::int64_t>() + days * 86400;
  return b;
}

class FleetDirect : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tpmready-fleet-direct-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "bundles");
    ASSERT_TRUE(cert::load_ca_path((kData / "healthy-rsa2048-lab-ca-chain.pem").string(), anchors_));
    const auto healthy = nlohmann::json::parse(slurp(kData / "healthy-rsa2048.bundle.json"));
    const auto no_ek = nlohmann::json::parse(slurp(kData / "no-ekcert.bundle.json"));
    // Pretty bundles in a folder tree, an NDJSON stream (one device twice: a later run, and the
    // same run again), summary lines (a device seen three times, one run without a time), a CSV.
    write("bundles/a/1.json", vary(healthy, "S1", "ThinkPad T14", 1).dump(2));
    write("bundles/b/2.json", vary(no_ek, "S2", "Latitude 7440", 2).dump(2));
    write("stream.ndjson", vary(healthy, "S3", "ThinkPad T14", 1).dump() + "\n" + vary(no_ek, "S3", "ThinkPad T14", 3).dump() +
                               "\n" + vary(healthy, "S1", "ThinkPad T14", 1).dump() + "\n" +
                               vary(no_ek, "S4", "Latitude 7440", 0).dump() + "\n");
    write("lines.txt",
          "tpmready: not_ready; root=win.eula_accepted,ek.cert.present; device=d5; at=2026-11-20T00:00:00Z\n"
          "tpmready: ready; caveat=clock.sane; device=d5; at=2026-11-10T00:00:00Z\n"
          "tpmready: undetermined; caveat=eventlog.replay_matches; device=d6\n"
          "not a summary line\n");
    write("intune.csv",
          "Device name,Output\r\n"
          "PC-7,\"tpmready: not_ready; root=win.eula_accepted; device=d7; at=2026-11-21T08:00:00Z\"\r\n"
          "PC-8,\"tpmready: ready; caveat=ek.cert.matches_ek,clock.sane; device=d8; at=2026-11-21T08:00:00Z\"\r\n");
  }
  void TearDown() override { fs::remove_all(dir_); }

  void write(const std::string& name, const std::string& text) {
    fs::create_directories((dir_ / name).parent_path());
    std::ofstream(dir_ / name, std::ios::binary) << text;
  }
  std::vector<std::string> all_inputs() const {
    return {(dir_ / "bundles").string(), (dir_ / "stream.ndjson").string(), (dir_ / "lines.txt").string(),
            (dir_ / "intune.csv").string()};
  }
  Result<IngestSummary> ingest_into(const std::string& db, std::vector<std::string> inputs) {
    IngestOptions o;
    o.inputs = std::move(inputs);
    o.db = db;
    o.anchors = &anchors_;
    o.now = kNow;
    o.batch_items = 2;
    return ingest(o);
  }
  Result<DirectReport> direct(std::size_t max_devices, unsigned threads = 0) {
    PipelineOptions o;
    o.inputs = all_inputs();
    o.anchors = &anchors_;
    o.now = kNow;
    o.batch_items = 3;
    o.threads = threads;
    return report_from_inputs(o, max_devices);
  }
  static std::vector<std::string> csv_rows(const std::function<void(const std::function<void(const RootCauseDevice&)>&)>& each) {
    std::vector<std::string> rows;
    each([&](const RootCauseDevice& d) { rows.push_back(root_cause_csv_row(d)); });
    return rows;
  }

  static constexpr std::int64_t kNow = 1764165176;
  fs::path dir_;
  cert::CaStore anchors_;
};

TEST_F(FleetDirect, SameJsonDashboardAndCsvAsTheDatabase) {
  const std::string db = (dir_ / "fleet.sqlite").string();
  auto sum = ingest_into(db, all_inputs());
  ASSERT_TRUE(sum) << sum.error().what();
  auto stored = build_fleet_report(db, 100);
  ASSERT_TRUE(stored) << stored.error().what();
  auto files = direct(100);
  ASSERT_TRUE(files) << files.error().what();

  const auto json = to_json(files->report);
  EXPECT_EQ(json.dump(2), to_json(*stored).dump(2));
  EXPECT_EQ(render_html(files->report), render_html(*stored));
  EXPECT_EQ(render_text(files->report), render_text(*stored));
  // What the comparison covers: every input kind, a superseded run, a duplicate, history.
  EXPECT_EQ(json["devices"], 8);
  // Caveats of current runs only (d5's ready run with one is superseded); d8 is ready with two;
  // the four lab bundles (a TPM without a boot log) and d6 leave the PCR replay unchecked, and
  // the lab bundles (a TPM read on Linux) do not show the Windows build the device will run.
  EXPECT_EQ(json["ready_with_caveats"], 1);
  ASSERT_EQ(json["caveats"].size(), 4u);
  std::map<std::string, int> caveat_devices;
  for (const auto& c : json["caveats"]) caveat_devices[c["id"]] = c["devices"];
  EXPECT_EQ(caveat_devices, (std::map<std::string, int>{{"clock.sane", 1}, {"ek.cert.matches_ek", 1},
                                                         {"eventlog.replay_matches", 5},
                                                         {"os.attestation_fixes_installed", 4}}));
  EXPECT_EQ(json["runs"], 10);
  EXPECT_EQ(files->runs, 10u);
  EXPECT_EQ(files->duplicates, 1u);
  EXPECT_EQ(sum->duplicates, 1u);
  ASSERT_EQ(files->rejected.size(), sum->rejected.size());
  ASSERT_EQ(files->rejected.size(), 1u);
  EXPECT_EQ(files->rejected[0].source, sum->rejected[0].source);
  EXPECT_EQ(files->rejected[0].reason, sum->rejected[0].reason);

  const auto from_db = csv_rows([&](const auto& fn) { ASSERT_TRUE(for_each_root_cause_device(db, fn)); });
  const auto from_files =
      csv_rows([&](const auto& fn) { for_each_root_cause_device(files->report.root_causes, files->devices, fn); });
  EXPECT_EQ(from_files, from_db);
  EXPECT_GE(from_files.size(), 8u);
}

TEST_F(FleetDirect, SameReportAsADatabaseFilledByOneIngestPerFileAndWithATruncatedDeviceTable) {
  const std::string db = (dir_ / "incremental.sqlite").string();
  auto inputs = all_inputs();
  for (auto it = inputs.rbegin(); it != inputs.rend(); ++it) ASSERT_TRUE(ingest_into(db, {*it}));  // newest last or not
  for (std::size_t max : {std::size_t{0}, std::size_t{3}, std::size_t{100}}) {
    auto stored = build_fleet_report(db, max);
    ASSERT_TRUE(stored);
    auto files = direct(max, 1);
    ASSERT_TRUE(files);
    EXPECT_EQ(to_json(files->report).dump(2), to_json(*stored).dump(2)) << "max_devices " << max;
    EXPECT_EQ(render_html(files->report), render_html(*stored)) << "max_devices " << max;
    EXPECT_EQ(files->report.device_list_truncated, max < 8) << max;
  }
}

}  // namespace
}  // namespace tpmready::fleet
