// Marshaling compared with hand-written bytes from the layouts in facts/tcg.md §1.1-§1.4, and
// response parsing of responses recorded from swtpm (tests/data/tpm/MANIFEST.md).
#include <gtest/gtest.h>

#include "tpm/commands.h"
#include "tpm/constants.h"
#include "util/bytes.h"

using namespace tpmready;
using namespace tpmready::tpm;

namespace {

Bytes hex(std::string_view h) {
  Bytes out;
  EXPECT_TRUE(from_hex(h, out)) << h;
  return out;
}

/// check_response + a parser, as the client does it.
template <typename F>
auto parse(std::string_view response_hex, F parser) {
  Bytes response = hex(response_hex);
  auto params = check_response(response);
  EXPECT_TRUE(params.ok()) << params.error().what();
  Bytes copy(params->begin(), params->end());
  return parser(copy);
}

}  // namespace

// ---- marshaling ----------------------------------------------------------------------------

TEST(TpmMarshal, GetCapabilityFixedProperties) {
  // tag 8001, size 22, cc 0x17A, capability 6, property 0x100, count 127
  EXPECT_EQ(to_hex(marshal_get_capability(6, 0x100, 127)), "80010000001600000" "17a000000060000010000000" "07f");
}

TEST(TpmMarshal, ReadPublicAndNvReadPublic) {
  EXPECT_EQ(to_hex(marshal_read_public(0x81010001)), "80010000000e0000017381010001");
  EXPECT_EQ(to_hex(marshal_nv_read_public(0x01C00002)), "80010000000e0000016901c00002");
}

TEST(TpmMarshal, NvReadWithPasswordSession) {
  // facts/tcg.md §1.4: tag 8002, 35 bytes; handles authHandle, nvIndex; authorizationSize 9;
  // TPM_RS_PW, nonce 0000, attributes 00, hmac 0000; size, offset.
  EXPECT_EQ(to_hex(marshal_nv_read(0x01C00002, 0x01C00002, 0x0400, 0x0200)),
            "8002" "00000023" "0000014e" "01c00002" "01c00002" "00000009" "40000009" "0000" "00" "0000" "0400" "0200");
}

TEST(TpmMarshal, PcrReadSha256ZeroToSeven) {
  // facts/tcg.md §1.4 example: params 00000001 000B 03 FF 00 00, command size 20.
  EXPECT_EQ(to_hex(marshal_pcr_read({PcrSelection{0x000B, {0xFF, 0x00, 0x00}}})),
            "80010000001400000" "17e00000001000b03ff0000");
}

TEST(TpmMarshal, ReadClock) { EXPECT_EQ(to_hex(marshal_read_clock()), "80010000000a00000181"); }

TEST(TpmMarshal, GetTestResultHasNoHandlesParametersOrSessions) {
  EXPECT_EQ(to_hex(marshal_get_test_result()), "80010000000a0000017c");
}

TEST(TpmMarshal, CommandCodeOf) {
  EXPECT_EQ(*command_code_of(marshal_read_clock()), TPM_CC_ReadClock);
  EXPECT_FALSE(command_code_of(hex("80010000000a0000")).ok());
}

// ---- response header ----------------------------------------------------------------------

TEST(TpmResponse, ErrorCodeBecomesTpmError) {
  auto r = check_response(hex("80010000000a0000018b"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Tpm);
  EXPECT_EQ(r.error().tpm_rc(), 0x18Bu);
  EXPECT_EQ(r.error().what(), "TPM_RC_HANDLE (handle 1)");
}

TEST(TpmResponse, ShorterThanHeaderSays) {
  auto r = check_response(hex("80010000000e00000000aabb"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "response: responseSize 14 but 12 bytes received");
}

TEST(TpmResponse, LongerThanHeaderSays) {
  auto r = check_response(hex("80010000000a00000000ff"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "response: responseSize 10 but 11 bytes received");
}

TEST(TpmResponse, TooShortForAHeader) {
  auto r = check_response(hex("8001000000"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Parse);
  EXPECT_EQ(r.error().what(), "@0x2: responseSize: needs 4 bytes, only 3 left");
  auto tiny = check_response(hex("800100000008aabb"));
  ASSERT_FALSE(tiny.ok());
  EXPECT_EQ(tiny.error().what(), "response: responseSize 8 < 10");
}

TEST(TpmResponse, BadTag) {
  auto r = check_response(hex("12340000000a00000000"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "response: bad tag 0x00001234 (expected 0x8001 or 0x8002)");
}

TEST(TpmResponse, Tpm12ReplyIsNotATpm20) {
  auto r = check_response(hex("00c40000000a0000001e"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Unsupported);
  EXPECT_EQ(r.error().what(), "not a TPM 2.0: response tag 0x00c4 (TPM_ST_RSP_COMMAND, a TPM 1.2 reply)");
  auto bad_tag = check_response(hex("80010000000a0000001e"));
  ASSERT_FALSE(bad_tag.ok());
  EXPECT_EQ(bad_tag.error().what(), "not a TPM 2.0: TPM_RC_BAD_TAG");
}

TEST(TpmResponse, SessionsParameterSizeBeyondResponse) {
  // tag 8002, size 16, rc 0, parameterSize 0x100 with 2 bytes left
  auto r = check_response(hex("80020000001000000000000001000000"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "@0xe: parameterSize: needs 256 bytes, only 2 left");
}

// ---- parsers on recorded swtpm responses ---------------------------------------------------

TEST(TpmParse, ReadClockRecorded) {
  auto t = parse("80010000002300000000000000000000073c000000000000073c000000010000000001", parse_read_clock);
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(t->time, 0x73Cu);
  EXPECT_EQ(t->clock, 0x73Cu);
  EXPECT_EQ(t->reset_count, 1u);
  EXPECT_EQ(t->restart_count, 0u);
  EXPECT_TRUE(t->safe);
}

TEST(TpmParse, GetTestResultRecorded) {
  // swtpm 0.7.1 / libtpms 0.9.2 after startup-clear: empty outData, testResult TPM_RC_SUCCESS.
  auto t = parse("80010000001000000000000000000000", parse_get_test_result);
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_TRUE(t->out_data.empty());
  EXPECT_EQ(t->test_result, 0u);
}

TEST(TpmParse, GetTestResultInFailureModeCarriesTheFailureData) {
  // The reference implementation's failure-mode answer (TpmFail.c TpmFailureMode): outData = the
  // failing function, line and code (12 bytes), testResult TPM_RC_FAILURE, response code success.
  auto t = parse("80010000001c00000000000c0000001100000222000000030000" "0101", parse_get_test_result);
  ASSERT_TRUE(t.ok()) << t.error().what();
  EXPECT_EQ(to_hex(t->out_data), "000000110000022200000003");
  EXPECT_EQ(t->test_result, 0x101u);
}

TEST(TpmParse, GetTestResultShorterThanItsOutDataSays) {
  auto t = parse("80010000000e00000000000c0000", parse_get_test_result);
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.error().what().find("outData"), std::string::npos) << t.error().what();
}

TEST(TpmParse, NvReadPublicRecorded) {
  auto p = parse("80010000003e00000000000e01c0000a000b62072801000002f50022000bc55ce070f5e18aab2dbd53cdf5fdbdb3a60cd39ca6a57c130361a35f67b9e347",
                 parse_nv_read_public);
  ASSERT_TRUE(p.ok()) << p.error().what();
  EXPECT_EQ(p->index, 0x01C0000Au);
  EXPECT_EQ(p->name_alg, 0x000B);
  EXPECT_EQ(p->attributes, 0x62072801u);
  EXPECT_TRUE(p->auth_policy.empty());
  EXPECT_EQ(p->data_size, 0x2F5);
  EXPECT_EQ(to_hex(p->name), "000bc55ce070f5e18aab2dbd53cdf5fdbdb3a60cd39ca6a57c130361a35f67b9e347");
}

TEST(TpmParse, ReadPublicEccEkRecorded) {
  auto p = parse(
      "8001000000ce00000000007a0023000b000300b20020837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa0006"
      "008000430010000300100020855abbe7486eee2a4a161a9e1d4866da0c1ca70ab27a562050ab0b40765da7cf002019dd5c5f4d91c64d6f2a"
      "9a20b2b2972c329cb0595e48c67cbeb14999bbffa21f0022000bdbeb08b93c6af43be018681d260e3b7364680c94d2178b7083abd1733f6b"
      "5db20022000b11195c721a3f718318c97384a74bb1ee4fae772f94ee7dbff9664c80925502c5",
      parse_read_public);
  ASSERT_TRUE(p.ok()) << p.error().what();
  const PublicArea& a = p->area;
  EXPECT_EQ(a.type, TPM_ALG_ECC);
  EXPECT_EQ(a.name_alg, TPM_ALG_SHA256);
  EXPECT_EQ(a.attributes, 0x300B2u);
  EXPECT_EQ(to_hex(a.auth_policy), "837197674484b3f81a90cc8d46a5d724fd52d76e06520b64f2a1da1b331469aa");
  EXPECT_EQ(a.sym_alg, 0x0006);
  EXPECT_EQ(a.sym_key_bits, 128);
  EXPECT_EQ(a.sym_mode, 0x0043);
  EXPECT_EQ(a.scheme, TPM_ALG_NULL);
  EXPECT_EQ(a.curve_id, 0x0003);
  EXPECT_EQ(a.kdf, TPM_ALG_NULL);
  ASSERT_TRUE(a.key.has_value());
  EXPECT_EQ(a.key->curve, "P-256");
  EXPECT_EQ(to_hex(a.key->x), "855abbe7486eee2a4a161a9e1d4866da0c1ca70ab27a562050ab0b40765da7cf");
  EXPECT_EQ(a.key->bits(), 256u);
  EXPECT_EQ(to_hex(p->name), "000bdbeb08b93c6af43be018681d260e3b7364680c94d2178b7083abd1733f6b5db2");
}

TEST(TpmParse, CapabilityPcrsRecorded) {
  auto c = parse("80010000002b00000000000000000500000004000403ffffff000b03ffffff000c03ffffff000d03ffffff", parse_get_capability);
  ASSERT_TRUE(c.ok()) << c.error().what();
  EXPECT_FALSE(c->more_data);
  ASSERT_EQ(c->pcrs.size(), 4u);
  EXPECT_EQ(c->pcrs[1].hash, 0x000B);
  EXPECT_EQ(c->pcrs[1].indices().size(), 24u);
}

TEST(TpmParse, PcrReadEightDigests) {
  // pcrUpdateCounter 0x14; selection sha1 PCR 0-7; 8 × 20-byte zero digests.
  std::string h = "8001000000cc00000000" "00000014" "00000001" "000403ff0000" "00000008";
  for (int i = 0; i < 8; ++i) h += "0014" + std::string(40, '0');
  auto p = parse(h, parse_pcr_read);
  ASSERT_TRUE(p.ok()) << p.error().what();
  EXPECT_EQ(p->update_counter, 0x14u);
  EXPECT_EQ(p->digests.size(), 8u);
  EXPECT_EQ(p->digests[7].size(), 20u);
}

// ---- malformed parameter areas -------------------------------------------------------------

TEST(TpmParse, TruncatedTpm2b) {
  // NV_ReadPublic: nvPublic size 0x0e but only 4 bytes follow
  Bytes params = hex("000e01c0000a");
  auto p = parse_nv_read_public(params);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().what(), "@0xc: nvPublic: needs 14 bytes, only 4 left");
}

TEST(TpmParse, HugeDeclaredCountIsRefusedBeforeLooping) {
  // GetCapability handles: moreData 0, capability 1, count 0xFFFFFFFF, 4 bytes left
  Bytes params = hex("0000000001ffffffff81010001");
  auto c = parse_get_capability(params);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().what(), "@0x13: TPML_HANDLE.count: count 4294967295 needs at least 17179869180 bytes, only 4 left");
}

TEST(TpmParse, TrailingBytesAreAnError) {
  Bytes params = hex("00000000010000000181010001ff");
  auto c = parse_get_capability(params);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().what(), "@0x17: capabilityData: 1 unexpected trailing bytes");
}

TEST(TpmParse, MoreDataMustBeYesNo) {
  Bytes params = hex("020000000100000000");
  EXPECT_FALSE(parse_get_capability(params).ok());
}

TEST(TpmParse, PcrReadDigestCountMustMatchSelection) {
  // selection sha256 PCR 0 only, but 2 digests
  Bytes params = hex("00000001" "00000001" "000b03010000" "00000002" "0000" "0000");
  auto p = parse_pcr_read(params);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().what(), "@0x1c: pcrValues.count: 2 digests for 1 selected PCRs");
}

TEST(TpmParse, PcrReadMoreThanEightDigests) {
  Bytes params = hex("00000001" "00000000" "00000009");
  auto p = parse_pcr_read(params);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().what(), "@0x16: pcrValues.count: 9 > 8 digests");
}

TEST(TpmParse, UnknownObjectType) {
  Bytes tpmt = hex("0099000b000000000000");
  auto p = parse_tpmt_public(tpmt);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().what(), "@0xa: type: unknown object type 0x0099");
}

TEST(TpmParse, KeyedHashAndSymcipher) {
  // keyedhash, sha256, attrs 0x00000472, empty policy, scheme HMAC(0x0005) sha256, unique 2 bytes
  Bytes kh = hex("0008000b0000047200000005000b0002abcd");
  auto k = parse_tpmt_public(kh);
  ASSERT_TRUE(k.ok()) << k.error().what();
  EXPECT_EQ(k->scheme, 0x0005);
  EXPECT_EQ(k->scheme_hash, 0x000B);
  EXPECT_EQ(to_hex(k->unique), "abcd");
  EXPECT_FALSE(k->key.has_value());
  // symcipher, aes 128 cfb, empty unique
  Bytes sym = hex("0025000b00000000000000060080004300" "00");
  auto s = parse_tpmt_public(sym);
  ASSERT_TRUE(s.ok()) << s.error().what();
  EXPECT_EQ(s->sym_alg, 0x0006);
  EXPECT_EQ(s->sym_key_bits, 128);
  EXPECT_EQ(s->sym_mode, 0x0043);
}

TEST(TpmParse, RsaExponentZeroMeans65537) {
  // rsa, sha256, attrs 0, no policy, sym null, scheme null, 2048 bits, exponent 0, modulus 2 bytes 0x00 0x81
  Bytes rsa = hex("0001000b0000000000000010001008000000000000020081");
  auto p = parse_tpmt_public(rsa);
  ASSERT_TRUE(p.ok()) << p.error().what();
  EXPECT_EQ(p->exponent, 0u);
  EXPECT_EQ(p->key->exponent, 65537u);
  EXPECT_EQ(to_hex(p->key->modulus), "81");  // leading zero stripped
}
