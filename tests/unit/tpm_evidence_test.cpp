#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "collect/tpm_collector.h"
#include "evidence/evidence.h"
#include "evidence/tpm_evidence.h"
#include "tpm/replay_transport.h"

using namespace tpmready;

namespace {

TpmEvidence collected(const std::string& session) {
  auto t = tpm::make_replay_transport(std::string(TPMREADY_TEST_DATA) + "/tpm/" + session);
  EXPECT_TRUE(t.ok());
  auto e = collect::collect_tpm(**t);
  EXPECT_TRUE(e.ok()) << e.error().what();
  return e.ok() ? *e : TpmEvidence{};
}

}  // namespace

TEST(TpmEvidence, JsonRoundTripOfEverySession) {
  for (const char* s : {"swtpm-healthy-rsa2048.session", "swtpm-healthy-ecc.session", "swtpm-lockout.session",
                        "swtpm-tpm-fresh.session", "swtpm-rsa3072-sha384.session"}) {
    TpmEvidence e = collected(s);
    nlohmann::json j = e;
    auto back = tpm_evidence_from_json(nlohmann::json::parse(j.dump()));
    ASSERT_TRUE(back.ok()) << s << ": " << back.error().what();
    EXPECT_EQ(*back, e) << s;
  }
}

TEST(TpmEvidence, JsonContractKeys) {
  nlohmann::json j = {{"tpm", collected("swtpm-healthy-ecc.session")}};
  const auto& t = j["tpm"];
  EXPECT_EQ(t["manufacturer"], "IBM");
  EXPECT_EQ(t["firmware_version_1"], 0x20191023);
  EXPECT_EQ(t["persistent_handles"], nlohmann::json::array({"0x81010002"}));
  EXPECT_EQ(t["persistent"][0]["curve"], "P-256");
  EXPECT_EQ(t["persistent"][0]["public_key"]["algorithm"], "ecc");
  EXPECT_EQ(t["nv_indices"][0]["index"], "0x01c0000a");
  EXPECT_TRUE(t["nv_indices"][0]["size"].is_number_integer());
  EXPECT_EQ(t["pcrs"]["sha256"]["17"], std::string(64, 'f'));
  EXPECT_EQ(t["lockout"]["in_lockout"], false);
  EXPECT_EQ(t["lockout"]["max_tries"], 3);
  EXPECT_EQ(t["permanent"]["owner_auth_set"], false);
  EXPECT_EQ(t["permanent"]["tpm_generated_eps"], true);
  EXPECT_EQ(t["startup_clear"]["eh_enable"], true);
  EXPECT_EQ(t["ek_cert_indices"][0]["index"], "0x01c0000a");
  EXPECT_EQ(t["ek_cert_indices"][0]["bytes_read"], t["ek_cert_indices"][0]["size"]);
  EXPECT_EQ(t["software_tpm"], true);
  EXPECT_EQ(t["round_trips"], 23);
  EXPECT_EQ(t["spec"]["family"], "2.0");
  EXPECT_TRUE(t["clock"]["clock"].is_number_unsigned());
}

TEST(TpmEvidence, AcceptsAWholeDocument) {
  TpmEvidence e = collected("swtpm-tpm-fresh.session");
  nlohmann::json doc = {{"tpm", e}};
  auto back = tpm_evidence_from_json(doc);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(*back, e);
}

TEST(TpmEvidence, WrongShapeIsAParseError) {
  nlohmann::json j = collected("swtpm-tpm-fresh.session");
  j["nv_indices"] = nlohmann::json::array({{{"index", "zz"}}});
  auto r = tpm_evidence_from_json(j);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Parse);
  j.erase("manufacturer");
  EXPECT_FALSE(tpm_evidence_from_json(j).ok());
  EXPECT_FALSE(tpm_evidence_from_json(nlohmann::json::array()).ok());
}

namespace {
nlohmann::json regression_bundle(const std::string& name) {
  std::ifstream in(std::string(TPMREADY_TEST_DATA) + "/fuzz-regressions/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return nlohmann::json::parse(text.str(), nullptr, false);  // discarded (not an object) if unreadable
}
}  // namespace

TEST(EvidenceBundle, AFloatWhereAnIntegerBelongsIsRefusedBeforeConversion) {
  // fuzz_bundle_json's input (tests/data/fuzz-regressions/MANIFEST.md): converting its 2.55e+49 to
  // a uint32_t was undefined behaviour; the integer read refuses it, naming where it is.
  nlohmann::json doc = regression_bundle("bundle-float-in-tpm.json");
  ASSERT_TRUE(doc.is_object());
  auto r = evidence_from_json(doc);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Parse);
  EXPECT_NE(r.error().what().find("tpm.properties[\"TPM_PT 0x0000011d\"]: 2.55e+49 is not an integer"),
            std::string::npos)
      << r.error().what();

  // The report kept verbatim under "redaction" may hold anything.
  doc["tpm"] = nullptr;
  doc["redaction"] = {{"method", "test"}, {"removed", nlohmann::json::array()}, {"report", {{"ratio", 0.5}}}};
  auto kept = evidence_from_json(doc);
  EXPECT_TRUE(kept.ok()) << kept.error().what();
}

TEST(EvidenceBundle, ABadEkHandleIsAParseErrorNotAnAbort) {
  // fuzz_bundle_json's input (tests/data/fuzz-regressions/MANIFEST.md): the handle "/x81010001"
  // made std::stoul throw past the JSON error handling; now the hex32 read refuses it, naming where it is.
  auto r = evidence_from_json(regression_bundle("bundle-bad-ek-handle.json"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Parse);
  EXPECT_NE(r.error().what().find("ek.ek_rsa.value.handle: \"/x81010001\" is not a hex value of 1 to 4 bytes"),
            std::string::npos)
      << r.error().what();
}
