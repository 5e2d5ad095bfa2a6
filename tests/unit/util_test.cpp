#include <gtest/gtest.h>

#include "util/byte_reader.h"
#include "util/byte_writer.h"
#include "util/bytes.h"

using namespace tpmready;

TEST(ByteReader, ReadsBigAndLittleEndian) {
  const Bytes data{0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
  ByteReader be(data);
  EXPECT_EQ(*be.u16be("a"), 0x1234);
  EXPECT_EQ(*be.u32be("b"), 0x56789abcu);
  ByteReader le(data);
  EXPECT_EQ(*le.u32le("c"), 0x78563412u);
  EXPECT_EQ(*le.u16le("d"), 0xbc9a);
  ByteReader r64(data);
  EXPECT_EQ(*r64.u64be("e"), 0x123456789abcdef0ull);
}

TEST(ByteReader, ShortReadFailsWithFieldAndOffsetAndDoesNotMove) {
  const Bytes data{0x00, 0x01, 0x02};
  ByteReader r(data);
  ASSERT_TRUE(r.u8("tag").ok());
  auto v = r.u32be("responseSize");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().kind(), ErrorKind::Parse);
  EXPECT_EQ(v.error().what(), "@0x1: responseSize: needs 4 bytes, only 2 left");
  EXPECT_EQ(r.position(), 1u);
}

TEST(ByteReader, Tpm2bSizeBeyondBufferIsRejectedBeforeReading) {
  // TPM2B with size 0xFFFF but only 2 bytes of payload: must fail, not allocate 64 KiB.
  const Bytes data{0xFF, 0xFF, 0xAA, 0xBB};
  ByteReader r(data);
  auto b = r.tpm2b("outPublic");
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(r.position(), 0u);
}

TEST(ByteReader, SubReaderReportsAbsoluteOffsets) {
  const Bytes data{0x00, 0x02, 0x01, 0x02, 0x03};
  ByteReader r(data);
  auto sub = r.sized_u16be("inner");
  ASSERT_TRUE(sub.ok());
  EXPECT_EQ(sub->offset(), 2u);
  ASSERT_TRUE(sub->u16be("x").ok());
  auto err = sub->u8("y");
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.error().what(), "@0x4: y: needs 1 bytes, only 0 left");
  EXPECT_EQ(*r.u8("after"), 0x03);
}

TEST(ByteWriter, MarshalsBigEndianAndPatchesSize) {
  ByteWriter w;
  w.u16be(0x8001).u32be(0).u32be(0x17a);
  w.patch_u32be(2, static_cast<std::uint32_t>(w.size()));
  EXPECT_EQ(to_hex(w.data()), "80010000000a0000017a");
}

TEST(Hex, RoundTripsAndRejectsOddDigits) {
  Bytes b;
  ASSERT_TRUE(from_hex("0xDEad be:ef", b));
  EXPECT_EQ(to_hex(b), "deadbeef");
  EXPECT_EQ(to_hex_upper(b), "DEADBEEF");
  EXPECT_FALSE(from_hex("abc", b));
  EXPECT_FALSE(from_hex("zz", b));
  EXPECT_EQ(hex32(0x1c00002), "0x01c00002");
}

TEST(ErrorContext, PrintsOutermostFrameFirst) {
  Error e(ErrorKind::Tpm, "TPM_RC_HANDLE (handle 1)");
  e.context("NV_ReadPublic 0x01c00002").context("tpm tcp:127.0.0.1:2321");
  EXPECT_EQ(e.what(), "tpm tcp:127.0.0.1:2321: NV_ReadPublic 0x01c00002: TPM_RC_HANDLE (handle 1)");
}
