// The collector replaying sessions recorded from swtpm (tests/data/tpm/MANIFEST.md). Expected
// values were read from the same swtpm states with tpm2-tools (tpm2_getcap, tpm2_readpublic,
// tpm2_nvreadpublic, tpm2_nvread) and the tpmlab README.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "collect/tpm_collector.h"
#include "tpm/replay_transport.h"

using namespace tpmready;
using namespace tpmready::tpm;

namespace {

std::vector<Exchange> load(const std::string& name) {
  std::ifstream in(std::string(TPMREADY_TEST_DATA) + "/tpm/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  auto ex = parse_session(text.str());
  EXPECT_TRUE(ex.ok()) << name;
  return ex.ok() ? *ex : std::vector<Exchange>{};
}

RetryPolicy no_sleep() {
  RetryPolicy p;
  p.sleep = [](int) {};
  return p;
}

Result<TpmEvidence> collect_from(std::vector<Exchange> exchanges, std::size_t* consumed = nullptr) {
  ReplayTransport replay(std::move(exchanges), "test");
  auto e = collect::collect_tpm(replay, no_sleep());
  if (consumed) *consumed = replay.consumed();
  return e;
}

/// Replaces the response to the first command with command code `cc`.
void replace_response(std::vector<Exchange>& ex, std::uint32_t cc, const std::string& response_hex) {
  for (auto& e : ex) {
    std::uint32_t code = static_cast<std::uint32_t>(e.command[6]) << 24 | e.command[7] << 16 | e.command[8] << 8 | e.command[9];
    if (code == cc) {
      ASSERT_TRUE(from_hex(response_hex, e.response));
      return;
    }
  }
  FAIL() << "no command " << cc;
}

}  // namespace

TEST(TpmCollector, HealthyRsa2048) {
  std::size_t consumed = 0;
  auto ex = load("swtpm-healthy-rsa2048.session");
  std::size_t recorded = ex.size();
  auto e = collect_from(std::move(ex), &consumed);
  ASSERT_TRUE(e.ok()) << e.error().what();
  EXPECT_EQ(consumed, recorded);
  EXPECT_EQ(e->round_trips, recorded);
  EXPECT_EQ(e->manufacturer, "IBM");
  EXPECT_EQ(e->manufacturer_raw, 0x49424D00u);
  EXPECT_EQ(e->manufacturer_name, "IBM");
  EXPECT_EQ(e->vendor_string, "SW   TPM");
  EXPECT_EQ(e->firmware_version_1, 0x20191023u);
  EXPECT_EQ(e->firmware_version_2, 0x163636u);
  EXPECT_EQ(e->spec_family, "2.0");
  EXPECT_EQ(e->spec_revision, 164u);
  EXPECT_EQ(e->nv_buffer_max, 1024u);
  EXPECT_EQ(e->nv_index_max, 2048u);
  EXPECT_TRUE(e->software_tpm);
  EXPECT_EQ(e->software_tpm_kind, "swtpm");
  EXPECT_EQ(e->permanent_raw & 0x1u, 0u);  // ownerAuthSet 0
  EXPECT_EQ(e->max_auth_fail, 3u);
  EXPECT_EQ(e->lockout_interval, 1000u);
  ASSERT_EQ(e->persistent.size(), 1u);
  const auto& ek = e->persistent[0];
  EXPECT_EQ(ek.handle, 0x81010001u);
  EXPECT_EQ(ek.type, "rsa");
  EXPECT_EQ(ek.key_bits, 2048u);
  EXPECT_EQ(ek.attributes_raw, 0x300B2u);
  EXPECT_EQ(ek.name, "000b1667fcc109c059945efcd78747d69445e885e06c5681969a50d8ebde1ce6cd7c");  // tpm2_readpublic
  EXPECT_EQ(ek.auth_policy, "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
  ASSERT_TRUE(ek.public_key.has_value());
  EXPECT_EQ(ek.public_key->bits(), 2048u);
  ASSERT_EQ(e->nv_indices.size(), 1u);
  EXPECT_EQ(e->nv_indices[0].index, 0x01C00002u);
  EXPECT_EQ(e->nv_indices[0].size, 960);
  EXPECT_EQ(e->nv_indices[0].attributes_raw, 0x62072801u);  // tpm2_nvreadpublic
  ASSERT_EQ(e->ek_cert_indices.size(), 1u);
  EXPECT_EQ(e->ek_cert_indices[0].bytes_read, 960u);
  EXPECT_EQ(e->ek_cert_indices[0].data[0], 0x30);  // DER SEQUENCE
  EXPECT_TRUE(e->ek_cert_indices[0].error.empty());
  EXPECT_EQ(e->pcr_banks.size(), 4u);
  EXPECT_EQ(e->pcrs.at("sha256").size(), 24u);
  EXPECT_EQ(to_hex(e->pcrs.at("sha256").at(17)), std::string(64, 'f'));  // tpm2_pcrread sha256:17
  EXPECT_EQ(e->commands.size(), 110u);  // tpm2_getcap commands
  EXPECT_EQ(e->algorithms.size(), 33u); // tpm2_getcap algorithms
  EXPECT_TRUE(e->clock_time.has_value());
}

TEST(TpmCollector, Rsa3072CertIsReadInTwoChunks) {
  auto ex = load("swtpm-rsa3072-sha384.session");
  std::size_t nv_reads = 0;
  for (const auto& x : ex) nv_reads += x.command[9] == 0x4E && x.command[8] == 0x01;
  EXPECT_EQ(nv_reads, 2u);
  auto e = collect_from(std::move(ex));
  ASSERT_TRUE(e.ok()) << e.error().what();
  ASSERT_EQ(e->ek_cert_indices.size(), 1u);
  const auto& c = e->ek_cert_indices[0];
  EXPECT_EQ(c.index, 0x01C0001Cu);
  EXPECT_EQ(c.content, "RSA 3072 EK certificate (H-6)");
  EXPECT_EQ(c.bytes_read, c.size);
  EXPECT_GT(c.size, 1024);
  EXPECT_EQ(e->persistent.at(0).name_alg, "sha384");
  EXPECT_EQ(e->persistent.at(0).key_bits, 3072u);
  EXPECT_EQ(e->persistent.at(0).symmetric_key_bits, 256u);
}

TEST(TpmCollector, Lockout) {
  auto e = collect_from(load("swtpm-lockout.session"));
  ASSERT_TRUE(e.ok()) << e.error().what();
  EXPECT_NE(e->permanent_raw & 0x200u, 0u);  // inLockout
  EXPECT_EQ(e->lockout_counter, 3u);
  EXPECT_EQ(e->lockout_recovery, 86400u);
  EXPECT_EQ(e->nv_indices.size(), 2u);
  EXPECT_EQ(e->ek_cert_indices.size(), 1u);  // 0x01500100 is not an EK cert index
}

TEST(TpmCollector, OwnerAuthSet) {
  auto e = collect_from(load("swtpm-owner-auth-set.session"));
  ASSERT_TRUE(e.ok()) << e.error().what();
  EXPECT_NE(e->permanent_raw & 0x1u, 0u);
}

TEST(TpmCollector, FreshTpmHasNothingProvisioned) {
  auto e = collect_from(load("swtpm-tpm-fresh.session"));
  ASSERT_TRUE(e.ok()) << e.error().what();
  EXPECT_TRUE(e->persistent.empty());
  EXPECT_TRUE(e->nv_indices.empty());
  EXPECT_TRUE(e->ek_cert_indices.empty());
  EXPECT_EQ(e->round_trips, 20u);
}

TEST(TpmCollector, NvIndexVanishedBetweenListingAndReadingFailsNamingTheCommand) {
  auto ex = load("swtpm-healthy-rsa2048.session");
  replace_response(ex, 0x169, "80010000000a0000018b");  // NV_ReadPublic → TPM_RC_HANDLE (handle 1)
  auto e = collect_from(std::move(ex));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().kind(), ErrorKind::Tpm);
  EXPECT_EQ(e.error().what(), "NV_ReadPublic 0x01c00002: TPM_RC_HANDLE (handle 1)");
}

TEST(TpmCollector, NvReadRefusalIsKeptWithTheIndex) {
  auto ex = load("swtpm-healthy-rsa2048.session");
  replace_response(ex, 0x14E, "80010000000a00000148");  // NV_Read → TPM_RC_NV_LOCKED
  auto e = collect_from(std::move(ex));
  ASSERT_TRUE(e.ok()) << e.error().what();
  ASSERT_EQ(e->ek_cert_indices.size(), 1u);
  EXPECT_EQ(e->ek_cert_indices[0].error, "NV_Read 0x01c00002: TPM_RC_NV_LOCKED");
  EXPECT_EQ(e->ek_cert_indices[0].bytes_read, 0u);
  EXPECT_EQ(e->pcrs.at("sha256").size(), 24u);  // collection went on
}

TEST(TpmCollector, MalformedResponseFailsNamingTheCommand) {
  auto ex = load("swtpm-healthy-rsa2048.session");
  replace_response(ex, 0x181, "80010000000c000000000000");  // ReadClock with 2 bytes of 25
  auto e = collect_from(std::move(ex));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().what(), "ReadClock: @0xa: time: needs 8 bytes, only 2 left");
}

TEST(TpmCollector, SoftwareTpmDetection) {
  TpmEvidence e;
  e.manufacturer_raw = 0x49424D20;  // "IBM " facts/tcg.md §2
  collect::detect_software_tpm(e, 0, 0);
  EXPECT_TRUE(e.software_tpm);
  EXPECT_EQ(e.software_tpm_kind, "IBM simulator");
  e.manufacturer_raw = 0x49424D00;  // "IBM" alone is also IBM hardware
  collect::detect_software_tpm(e, 0x12345678, 0);
  EXPECT_FALSE(e.software_tpm);
  e.manufacturer_raw = 0x49465800;  // Infineon with libtpms-like strings: not swtpm
  collect::detect_software_tpm(e, 0x53572020, 0x2054504D);
  EXPECT_FALSE(e.software_tpm);
  EXPECT_TRUE(e.software_tpm_reason.empty());
}

TEST(TpmCollector, ObjectTypesMatchTpm2Readpublic) {
  // Expected values: tpm2_readpublic -c 0x8100001x on the same swtpm (tests/data/tpm/MANIFEST.md).
  auto e = collect_from(load("swtpm-object-types.session"));
  ASSERT_TRUE(e.ok()) << e.error().what();
  ASSERT_EQ(e->persistent.size(), 4u);
  const auto& kh = e->persistent[0];
  EXPECT_EQ(kh.type, "keyedhash");
  EXPECT_EQ(kh.attributes_raw, 0x40072u);
  EXPECT_EQ(kh.scheme, "hmac");
  EXPECT_EQ(kh.scheme_hash, "sha256");
  EXPECT_FALSE(kh.public_key.has_value());
  EXPECT_EQ(kh.name, "000b62d491d47d255b3198b6cf0137112d991812012178c015fdf23c991c5198d741");
  const auto& sym = e->persistent[1];
  EXPECT_EQ(sym.type, "symcipher");
  EXPECT_EQ(sym.attributes_raw, 0x60072u);
  EXPECT_EQ(sym.symmetric, "aes");
  EXPECT_EQ(sym.symmetric_key_bits, 256u);
  EXPECT_EQ(sym.symmetric_mode, "cfb");
  const auto& ecc = e->persistent[2];
  EXPECT_EQ(ecc.curve, "P-384");
  EXPECT_EQ(ecc.key_bits, 384u);
  EXPECT_EQ(ecc.scheme, "ecdsa");
  EXPECT_EQ(ecc.scheme_hash, "sha384");
  EXPECT_EQ(ecc.symmetric, "null");
  EXPECT_EQ(ecc.public_key->x.size(), 48u);
  const auto& rsa = e->persistent[3];
  EXPECT_EQ(rsa.scheme, "rsassa");
  EXPECT_EQ(rsa.scheme_hash, "sha256");
  EXPECT_EQ(rsa.key_bits, 2048u);
  EXPECT_EQ(rsa.name, "000b1455719cddb57ac40af7532bc02de29c36e6662a0c3f34d970ea6a3c2b027477");
}

TEST(TpmCollector, PcrDigestOfTheWrongSizeFailsNamingPcrRead) {
  // Rewrite the first PCR_Read response: its first digest (sha1 PCR 0) claims 19 bytes instead of 20,
  // and the response is re-framed so only the digest length is wrong.
  auto ex = load("swtpm-tpm-fresh.session");
  for (auto& x : ex) {
    if (x.command[8] != 0x01 || x.command[9] != 0x7E) continue;
    // header 10 + counter 4 + selection count 4 + 4 × (2+1+3) + digest count 4 = offset 46: first TPM2B size
    ASSERT_EQ(x.response[46], 0x00);
    ASSERT_EQ(x.response[47], 0x14);
    x.response[47] = 0x13;
    x.response.erase(x.response.begin() + 48);  // drop one byte of that digest
    x.response[5] = static_cast<std::uint8_t>(x.response[5] - 1);  // responseSize (< 256 here)
    break;
  }
  auto e = collect_from(std::move(ex));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().what(), "PCR_Read: response: sha1 PCR 0 digest has 19 bytes, expected 20");
}

// ---- GetTestResult: failure mode -------------------------------------------------------------

namespace {
Result<TpmSelfTest> self_test_from(const std::string& response_hex) {
  Exchange x;
  from_hex("80010000000a0000017c", x.command);
  from_hex(response_hex, x.response);
  ReplayTransport replay({x}, "test");
  return collect::read_self_test(replay, no_sleep());
}
}  // namespace

TEST(TpmSelfTestRead, SwtpmAnswerIsAPassedSelfTest) {
  auto t = self_test_from("80010000001000000000000000000000");  // recorded from swtpm, facts/tcg.md §1.4
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_FALSE(in_failure_mode(*t));
  EXPECT_EQ(t->result_name, "TPM_RC_SUCCESS");
  EXPECT_EQ(t->source, "tpm:replay:test GetTestResult");
}

TEST(TpmSelfTestRead, FailureModeAnswerKeepsTheFailureData) {
  auto t = self_test_from("80010000001c00000000000c000000110000022200000003" "00000101");
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_TRUE(in_failure_mode(*t));
  EXPECT_EQ(t->result_name, "TPM_RC_FAILURE");
  EXPECT_EQ(to_hex(t->data), "000000110000022200000003");
}

TEST(TpmSelfTestRead, ATpmRefusingEvenGetTestResultWithFailureIsInFailureMode) {
  auto t = self_test_from("80010000000a00000101");
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->response_code, 0x101u);
  EXPECT_TRUE(in_failure_mode(*t));
}

TEST(TpmSelfTestRead, OtherErrorsAreErrorsNamingTheCommand) {
  auto t = self_test_from("80010000000a00000143");  // TPM_RC_COMMAND_CODE: not implemented
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().what(), "GetTestResult: TPM_RC_COMMAND_CODE");
}
