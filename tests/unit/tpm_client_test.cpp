#include <gtest/gtest.h>

#include "tpm/client.h"
#include "tpm/constants.h"
#include "tpm_fake_transport.h"
#include "util/byte_reader.h"

using namespace tpmready;
using namespace tpmready::tpm;
using tpmready::tpm::testing::FakeTransport;
using tpmready::tpm::testing::response;

namespace {

struct Recorded {
  std::vector<int> delays;
  RetryPolicy policy() {
    RetryPolicy p;
    p.sleep = [this](int ms) { delays.push_back(ms); };
    return p;
  }
};

Bytes handles_params(bool more, std::vector<std::uint32_t> handles) {
  ByteWriter w;
  w.u8(more ? 1 : 0).u32be(TPM_CAP_HANDLES).u32be(static_cast<std::uint32_t>(handles.size()));
  for (auto h : handles) w.u32be(h);
  return w.take();
}

Bytes clock_params() {
  ByteWriter w;
  w.u64be(1).u64be(2).u32be(3).u32be(4).u8(1);
  return w.take();
}

/// NV_ReadPublic parameters: TPM2B_NV_PUBLIC (empty authPolicy) and a 2-byte TPM2B_NAME.
Bytes nv_public_params(std::uint32_t index, std::uint32_t attributes, std::uint16_t size) {
  ByteWriter pub;
  pub.u32be(index).u16be(0x000B).u32be(attributes).u16be(0).u16be(size);
  ByteWriter w;
  w.tpm2b(pub.data()).u16be(2).u16be(0x000B);
  return w.take();
}

/// GetCapability TPM_CAP_TPM_PROPERTIES answer with one property.
Bytes one_property_params(std::uint32_t property, std::uint32_t value) {
  ByteWriter w;
  w.u8(0).u32be(TPM_CAP_TPM_PROPERTIES).u32be(1).u32be(property).u32be(value);
  return w.take();
}

// TPMA_NV of the EK certificate index in the swtpm recordings (tpm2_nvreadpublic): ppwrite,
// writedefine, ppread, ownerread, authread, no_da, written, platformcreate.
constexpr std::uint32_t kEkCertNvAttributes = 0x62072801;

std::uint32_t auth_handle_of(const Bytes& nv_read_command) {
  ByteReader r(nv_read_command);
  (void)r.skip(10, "header");
  return *r.u32be("authHandle");
}

std::uint32_t property_of(const Bytes& get_capability_command) {
  ByteReader r(get_capability_command);
  (void)r.skip(14, "header+capability");
  return *r.u32be("property");
}

}  // namespace

// ---- read-only guarantee -------------------------------------------------------------------

TEST(TpmClient, AllowListHasExactlyTheReadOnlyCommandsWithoutAuthorization) {
  for (auto cc : {TPM_CC_GetCapability, TPM_CC_ReadPublic, TPM_CC_NV_ReadPublic, TPM_CC_PCR_Read, TPM_CC_ReadClock,
                  TPM_CC_GetTestResult}) {
    EXPECT_TRUE(is_allowed_command(cc)) << command_name(cc);
  }
  for (auto cc : {TPM_CC_NV_Read, TPM_CC_CreatePrimary, TPM_CC_FlushContext, TPM_CC_Startup, TPM_CC_Shutdown,
                  TPM_CC_SelfTest, TPM_CC_GetRandom, 0x0u, 0xFFFFFFFFu}) {
    EXPECT_FALSE(is_allowed_command(cc)) << command_name(cc);
  }
  EXPECT_TRUE(is_nv_read_command(TPM_CC_NV_Read));
  EXPECT_FALSE(is_nv_read_command(TPM_CC_GetCapability));
}

TEST(TpmClient, NvReadIsRefusedOnTheGeneralPathWhereItsAuthorizationIsNotChecked) {
  FakeTransport fake;
  Client client(fake);
  auto r = client.execute(marshal_nv_read(0x01500100, 0x01500100, 8, 0), "NV_Read 0x01500100");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Internal);
  EXPECT_TRUE(fake.sent.empty());
}

// ---- dictionary-attack safety of NV_Read ----------------------------------------------------

TEST(DaSafety, AuthReadWithNoDaUsesTheIndexItself) {
  auto a = nv_read_authorization(0x01C00002, kEkCertNvAttributes, std::nullopt);
  EXPECT_EQ(a.auth_handle, 0x01C00002u);
  EXPECT_TRUE(a.refusal.empty());
}

TEST(DaSafety, PasswordOnADaProtectedIndexIsNeverTried) {
  // tpm2_nvdefine -a "ownerwrite|authread|authwrite|ownerread" -p secret, owner password set.
  auto a = nv_read_authorization(0x01C00100, 0x00060006, TPMA_PERMANENT_ownerAuthSet);
  EXPECT_FALSE(a.auth_handle.has_value());
  EXPECT_EQ(a.refusal, "not read: protected by a password (reading it could count towards TPM lockout)");
}

TEST(DaSafety, OwnerReadGoesThroughTheOwnerOnlyWhenItsPasswordIsKnownEmpty) {
  EXPECT_EQ(nv_read_authorization(0x01C00100, 0x00060006, 0u).auth_handle, TPM_RH_OWNER);
  EXPECT_FALSE(nv_read_authorization(0x01C00100, 0x00060006, std::nullopt).auth_handle.has_value());
  auto owner_only = nv_read_authorization(0x01500001, TPMA_NV_OWNERREAD, TPMA_PERMANENT_ownerAuthSet);
  EXPECT_FALSE(owner_only.auth_handle.has_value());
  EXPECT_EQ(owner_only.refusal, "not read: readable with the owner password only, and one is set");
}

TEST(DaSafety, PolicyAndPlatformReadsAreNotAttempted) {
  EXPECT_EQ(nv_read_authorization(1, TPMA_NV_POLICYREAD, 0u).refusal, "not read: readable with a policy session only");
  EXPECT_EQ(nv_read_authorization(1, TPMA_NV_PPREAD, 0u).refusal, "not read: readable by the platform firmware only");
  EXPECT_EQ(nv_read_authorization(1, 0, 0u).refusal, "not read: the index allows no read authorization");
}

TEST(TpmClient, NvReadOfAPasswordProtectedIndexSendsNothingButItsPublicArea) {
  FakeTransport fake;
  fake.script = {response(0, nv_public_params(0x01C00100, 0x00060006, 8)),
                 response(0, one_property_params(TPM_PT_PERMANENT, TPMA_PERMANENT_ownerAuthSet))};
  Client client(fake);
  auto r = client.nv_read(0x01C00100, 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Unsupported);
  ASSERT_EQ(fake.sent.size(), 2u);  // NV_ReadPublic, then TPM_PT_PERMANENT for the owner route
  EXPECT_EQ(fake.sent[0], marshal_nv_read_public(0x01C00100));
  EXPECT_EQ(property_of(fake.sent[1]), TPM_PT_PERMANENT);
}

TEST(TpmClient, NvReadThroughTheOwnerWhenNoOwnerPasswordIsSet) {
  FakeTransport fake;
  ByteWriter data;
  data.tpm2b(Bytes(8, 0xAB));
  fake.script = {response(0, nv_public_params(0x01C00100, 0x00060006, 8)),
                 response(0, one_property_params(TPM_PT_PERMANENT, 0)), response(0, data.take(), true)};
  Client client(fake);
  auto r = client.nv_read(0x01C00100, 1024);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(*r, Bytes(8, 0xAB));
  ASSERT_EQ(fake.sent.size(), 3u);
  EXPECT_EQ(auth_handle_of(fake.sent[2]), TPM_RH_OWNER);
}

TEST(TpmClient, NvReadRefusalWithAnOwnerPasswordSetNamesIndexAndReason) {
  FakeTransport fake;
  fake.script = {response(0, one_property_params(TPM_PT_PERMANENT, TPMA_PERMANENT_ownerAuthSet)),
                 response(0, nv_public_params(0x01C00100, 0x00060006, 8))};
  Client client(fake);
  ASSERT_TRUE(client.get_properties(TPM_PT_PERMANENT, 1).ok());
  auto r = client.nv_read(0x01C00100, 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(),
            "NV_Read 0x01c00100: not read: protected by a password (reading it could count towards TPM lockout)");
  EXPECT_EQ(fake.sent.size(), 2u);  // the property and the public area: no NV_Read
}

TEST(TpmClient, RefusesCommandsOffTheAllowListBeforeTheTransport) {
  FakeTransport fake;
  Client client(fake);
  // TPM2_Shutdown(SU_CLEAR): tag 8001, size 12, cc 0x145, 0000 (facts/tcg.md §1.3)
  Bytes shutdown{0x80, 0x01, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x00, 0x01, 0x45, 0x00, 0x00};
  auto r = client.execute(shutdown, "Shutdown");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Internal);
  EXPECT_EQ(r.error().what(), "Shutdown: refusing to send Shutdown (0x00000145): not on the read-only allow-list");
  EXPECT_TRUE(fake.sent.empty());
}

TEST(TpmClient, RefusesATruncatedCommand) {
  FakeTransport fake;
  Client client(fake);
  Bytes stub{0x80, 0x01, 0x00};
  EXPECT_FALSE(client.execute(stub, "x").ok());
  EXPECT_TRUE(fake.sent.empty());
}

// ---- retry ---------------------------------------------------------------------------------

TEST(TpmClient, RetriesRetryYieldedTestingWithBackoff) {
  FakeTransport fake;
  fake.script = {response(0x922), response(0x908), response(0x90A), response(0, clock_params())};
  Recorded rec;
  Client client(fake, rec.policy());
  auto t = client.read_clock();
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->reset_count, 3u);
  EXPECT_EQ(fake.sent.size(), 4u);
  EXPECT_EQ(rec.delays, (std::vector<int>{10, 20, 40}));
}

TEST(TpmClient, GetTestResultReportsFailureModeAsItsAnswerNotAsAnError) {
  FakeTransport fake;
  Bytes params;
  from_hex("000c000000110000022200000003" "00000101", params);
  fake.script = {response(0, params)};
  Client client(fake);
  auto t = client.get_test_result();
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->test_result, 0x101u);
  EXPECT_EQ(t->out_data.size(), 12u);
  ASSERT_EQ(fake.sent.size(), 1u);
  EXPECT_EQ(to_hex(fake.sent[0]), "80010000000a0000017c");
}

TEST(TpmClient, GetTestResultRefusedWithFailureNamesTheCommand) {
  // A TPM whose failure mode answers every command with TPM_RC_FAILURE (no special case).
  FakeTransport fake;
  fake.script = {response(0x101)};
  Client client(fake);
  auto t = client.get_test_result();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind(), ErrorKind::Tpm);
  EXPECT_EQ(t.error().tpm_rc(), 0x101u);
  EXPECT_EQ(t.error().what(), "GetTestResult: TPM_RC_FAILURE");
}

TEST(TpmClient, RetryIsBounded) {
  FakeTransport fake;
  fake.fallback = [](ByteSpan) -> Result<Bytes> { return response(0x90A); };
  Recorded rec;
  Client client(fake, rec.policy());
  auto t = client.read_clock();
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().kind(), ErrorKind::Tpm);
  EXPECT_EQ(t.error().tpm_rc(), 0x90Au);
  EXPECT_EQ(t.error().what(), "ReadClock: after 5 tries: TPM_RC_TESTING");
  EXPECT_EQ(fake.sent.size(), 5u);
  EXPECT_EQ(rec.delays, (std::vector<int>{10, 20, 40, 80}));
}

TEST(TpmClient, OtherErrorsAreNotRetried) {
  FakeTransport fake;
  fake.fallback = [](ByteSpan) -> Result<Bytes> { return response(0x921); };
  Recorded rec;
  Client client(fake, rec.policy());
  fake.script = {response(0, nv_public_params(0x01C00002, kEkCertNvAttributes, 16))};
  auto r = client.nv_read(0x01C00002, 1024);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "NV_Read 0x01c00002: TPM_RC_LOCKOUT");
  EXPECT_EQ(fake.sent.size(), 2u);  // NV_ReadPublic, then one NV_Read
  EXPECT_TRUE(rec.delays.empty());
}

TEST(TpmClient, TransportErrorsNameTheCommand) {
  FakeTransport fake;
  fake.script = {make_error(ErrorKind::Io, "127.0.0.1:2321 closed the connection: expected 4 bytes of response length, received 0")};
  Client client(fake);
  auto r = client.read_public(0x81010001);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Io);
  EXPECT_EQ(r.error().what(),
            "ReadPublic 0x81010001: 127.0.0.1:2321 closed the connection: expected 4 bytes of response length, received 0");
}

TEST(TpmClient, VanishedHandleNamesCommandAndHandle) {
  FakeTransport fake;
  fake.script = {response(0x18B)};
  Client client(fake);
  auto r = client.nv_read_public(0x01C00002);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "NV_ReadPublic 0x01c00002: TPM_RC_HANDLE (handle 1)");
}

TEST(TpmClient, MalformedResponseNamesTheCommand) {
  FakeTransport fake;
  fake.script = {Bytes{0x80, 0x01, 0x00, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00}};
  Client client(fake);
  auto r = client.get_pcr_banks();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "GetCapability TPM_CAP_PCRS 0x00000000: response: responseSize 32 but 10 bytes received");
}

// ---- moreData loops ------------------------------------------------------------------------

TEST(TpmClient, HandlesLoopOnMoreDataFromLastPlusOne) {
  FakeTransport fake;
  fake.script = {response(0, handles_params(true, {0x81000001, 0x81000002})),
                 response(0, handles_params(false, {0x81010001}))};
  Client client(fake);
  auto h = client.get_handles(0x81000000);
  ASSERT_TRUE(h.ok()) << h.error().what();
  EXPECT_EQ(*h, (std::vector<std::uint32_t>{0x81000001, 0x81000002, 0x81010001}));
  ASSERT_EQ(fake.sent.size(), 2u);
  EXPECT_EQ(property_of(fake.sent[0]), 0x81000000u);
  EXPECT_EQ(property_of(fake.sent[1]), 0x81000003u);
}

TEST(TpmClient, MoreDataWithoutEntriesIsAnError) {
  FakeTransport fake;
  fake.script = {response(0, handles_params(true, {}))};
  Client client(fake);
  auto h = client.get_handles(0x01000000);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().what(), "GetCapability TPM_CAP_HANDLES 0x01000000: response: moreData set but no progress after 0x01000000");
}

TEST(TpmClient, MoreDataGoingBackwardsIsAnError) {
  FakeTransport fake;
  fake.script = {response(0, handles_params(true, {0x81000005})), response(0, handles_params(true, {0x81000001}))};
  Client client(fake);
  EXPECT_FALSE(client.get_handles(0x81000000).ok());
  EXPECT_EQ(fake.sent.size(), 2u);
}

TEST(TpmClient, EndlessMoreDataStopsAtTheLimit) {
  FakeTransport fake;
  std::uint32_t next = 0x81000000;
  fake.fallback = [&](ByteSpan) -> Result<Bytes> { return response(0, handles_params(true, {++next})); };
  Client client(fake);
  auto h = client.get_handles(0x81000000);
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.error().kind(), ErrorKind::Limit);
  EXPECT_EQ(fake.sent.size(), 64u);
}

TEST(TpmClient, CapabilityEchoMustMatch) {
  FakeTransport fake;
  ByteWriter w;
  w.u8(0).u32be(TPM_CAP_HANDLES).u32be(0);
  fake.script = {response(0, w.take())};
  Client client(fake);
  auto r = client.get_algorithms();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "GetCapability TPM_CAP_ALGS 0x00000000: response: capability 0x00000001 but asked for 0x00000000");
}

// ---- chunked NV_Read and PCR_Read ----------------------------------------------------------

TEST(TpmClient, NvReadIsChunkedByBufferMax) {
  FakeTransport fake;
  fake.fallback = [](ByteSpan cmd) -> Result<Bytes> {
    ByteReader r(cmd);
    (void)r.skip(31, "to size");
    std::uint16_t size = *r.u16be("size");
    std::uint16_t offset = *r.u16be("offset");
    ByteWriter p;
    Bytes data(size, static_cast<std::uint8_t>(offset >> 8));
    p.tpm2b(data);
    return response(0, p.take(), true);
  };
  fake.script = {response(0, nv_public_params(0x01C0001C, kEkCertNvAttributes, 1500))};
  Client client(fake);
  auto data = client.nv_read(0x01C0001C, 1024);
  ASSERT_TRUE(data.ok()) << data.error().what();
  EXPECT_EQ(data->size(), 1500u);
  EXPECT_EQ((*data)[0], 0);
  EXPECT_EQ((*data)[1024], 4);  // second chunk came from offset 0x400
  ASSERT_EQ(fake.sent.size(), 3u);  // NV_ReadPublic, two NV_Read
  EXPECT_EQ(to_hex(fake.sent[2]), "8002000000230000014e01c0001c01c0001c000000094000000900000000000" "1dc0400");
}

TEST(TpmClient, NvReadShortChunkIsAnError) {
  FakeTransport fake;
  ByteWriter p;
  p.tpm2b(Bytes(3, 0));
  fake.script = {response(0, nv_public_params(0x01C00002, kEkCertNvAttributes, 10)), response(0, p.take(), true)};
  Client client(fake);
  auto data = client.nv_read(0x01C00002, 1024);
  ASSERT_FALSE(data.ok());
  EXPECT_EQ(data.error().what(), "NV_Read 0x01c00002: response: 3 bytes at offset 0, asked for 10");
}

TEST(TpmClient, PcrReadLoopsUntilEverySelectedPcrIsRead) {
  // Ask for sha256 PCR 0-9; the TPM returns 8, then the last 2 (TPML_DIGEST max 8 per response).
  FakeTransport fake;
  auto pcr_response = [](std::vector<std::uint8_t> select, int n, std::uint8_t fill) {
    ByteWriter w;
    w.u32be(7).u32be(1).u16be(0x000B).u8(3).bytes(select).u32be(static_cast<std::uint32_t>(n));
    for (int i = 0; i < n; ++i) w.tpm2b(Bytes(32, fill));
    return response(0, w.take());
  };
  fake.script = {pcr_response({0xFF, 0x00, 0x00}, 8, 0xAA), pcr_response({0x00, 0x03, 0x00}, 2, 0xBB)};
  Client client(fake);
  auto pcrs = client.pcr_read_all({PcrSelection{0x000B, {0xFF, 0x03, 0x00}}});
  ASSERT_TRUE(pcrs.ok()) << pcrs.error().what();
  ASSERT_EQ(fake.sent.size(), 2u);
  EXPECT_EQ(to_hex(fake.sent[1]), "8001000000140000017e00000001000b03000300");  // only PCR 8, 9 left
  const auto& bank = pcrs->at(0x000B);
  EXPECT_EQ(bank.size(), 10u);
  EXPECT_EQ(bank.at(7)[0], 0xAA);
  EXPECT_EQ(bank.at(9)[0], 0xBB);
}

TEST(TpmClient, PcrReadRejectsPcrsNotAskedFor) {
  FakeTransport fake;
  ByteWriter w;
  w.u32be(7).u32be(1).u16be(0x000B).u8(3).bytes(Bytes{0x00, 0x00, 0x80}).u32be(1).tpm2b(Bytes(32, 0));
  fake.script = {response(0, w.take())};
  Client client(fake);
  auto pcrs = client.pcr_read_all({PcrSelection{0x000B, {0x01, 0x00, 0x00}}});
  ASSERT_FALSE(pcrs.ok());
  EXPECT_EQ(pcrs.error().what(), "PCR_Read: response: PCR 23 of bank sha256 was not asked for");
}

TEST(TpmClient, PcrReadStopsWhenTheTpmReturnsNothing) {
  FakeTransport fake;
  ByteWriter w;
  w.u32be(7).u32be(0).u32be(0);
  fake.script = {response(0, w.take())};
  Client client(fake);
  auto pcrs = client.pcr_read_all({PcrSelection{0x000B, {0x01, 0x00, 0x00}}});
  ASSERT_TRUE(pcrs.ok());
  EXPECT_TRUE(pcrs->empty());
  EXPECT_EQ(fake.sent.size(), 1u);
}

namespace {

/// CreatePrimary response (TPM_ST_SESSIONS): objectHandle, parameterSize, outPublic + what follows.
Bytes create_primary_response(std::uint32_t handle, const Bytes& out_public_tpmt) {
  ByteWriter params;
  params.tpm2b(out_public_tpmt).u16be(0).u16be(0).u16be(0x8021).u32be(TPM_RH_ENDORSEMENT).u16be(0).u16be(0);
  ByteWriter w;
  w.u16be(0x8002).u32be(0).u32be(0).u32be(handle);
  w.u32be(static_cast<std::uint32_t>(params.size())).bytes(params.data());
  w.u16be(0).u8(1).u16be(0);
  w.patch_u32be(2, static_cast<std::uint32_t>(w.size()));
  return w.take();
}

}  // namespace

TEST(TpmClient, CreatePrimaryIsRefusedOnTheReadOnlyPath) {
  FakeTransport fake;
  Client client(fake);
  auto r = client.execute(marshal_create_primary(TPM_RH_ENDORSEMENT, ek_template_rsa2048()), "CreatePrimary");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Internal);
  EXPECT_TRUE(fake.sent.empty());
  EXPECT_FALSE(is_allowed_command(TPM_CC_FlushContext));
  EXPECT_TRUE(is_transient_ek_command(TPM_CC_CreatePrimary));
  EXPECT_FALSE(is_transient_ek_command(TPM_CC_NV_Read));
}

TEST(TpmClient, DeriveEkIsNotTriedWhenTheEndorsementHierarchyHasAPassword) {
  FakeTransport fake;
  fake.script = {response(0, one_property_params(TPM_PT_PERMANENT, TPMA_PERMANENT_endorsementAuthSet))};
  Client client(fake);
  auto area = client.derive_ek_transient();
  ASSERT_FALSE(area.ok());
  EXPECT_EQ(area.error().kind(), ErrorKind::Unsupported);
  EXPECT_EQ(area.error().message(), "not derived: the endorsement hierarchy has a password");
  EXPECT_EQ(fake.sent.size(), 1u);  // the property only: no CreatePrimary
}

TEST(TpmClient, DeriveEkSendsTheDefaultTemplateAndFlushesTheHandle) {
  // facts/tcg.md §3.4: the L-1 TPMT_PUBLIC is 314 bytes (the TPM2B_PUBLIC size field, 0x013A).
  EXPECT_EQ(ek_template_rsa2048().size(), 0x013Au);
  FakeTransport fake;
  fake.script.push_back(response(0, one_property_params(TPM_PT_PERMANENT, 0)));
  fake.script.push_back(create_primary_response(0x80000001, ek_template_rsa2048()));
  fake.script.push_back(response(0));
  Client client(fake);
  auto area = client.derive_ek_transient();
  ASSERT_TRUE(area.ok()) << area.error().what();
  EXPECT_EQ(area->attributes, 0x000300B2u);
  EXPECT_EQ(area->key_bits, 2048);
  ASSERT_EQ(fake.sent.size(), 3u);
  EXPECT_EQ(property_of(fake.sent[0]), TPM_PT_PERMANENT);
  EXPECT_EQ(fake.sent[1], marshal_create_primary(TPM_RH_ENDORSEMENT, ek_template_rsa2048()));
  EXPECT_EQ(fake.sent[2], marshal_flush_context(0x80000001));
}

TEST(TpmClient, DeriveEkFlushesEvenWhenTheOutputDoesNotParse) {
  FakeTransport fake;
  fake.script.push_back(response(0, one_property_params(TPM_PT_PERMANENT, 0)));
  fake.script.push_back(create_primary_response(0x80000002, Bytes{0x00, 0x01, 0xff}));
  fake.script.push_back(response(0));
  Client client(fake);
  auto area = client.derive_ek_transient();
  ASSERT_FALSE(area.ok());
  EXPECT_NE(area.error().what().find("CreatePrimary TPM_RH_ENDORSEMENT"), std::string::npos);
  ASSERT_EQ(fake.sent.size(), 3u);
  EXPECT_EQ(fake.sent[2], marshal_flush_context(0x80000002));
}
