#include <gtest/gtest.h>

#include <cstring>

#include "tpm/mssim.h"
#include "tpm/transport.h"
#include "util/byte_writer.h"

using namespace tpmready;
using namespace tpmready::tpm;

namespace {

/// In-memory stream: reads come from `input`, writes go to `output`.
struct MemoryStream final : ByteStream {
  Bytes input;
  std::size_t pos = 0;
  Bytes output;
  Status write_all(ByteSpan data) override {
    output.insert(output.end(), data.begin(), data.end());
    return ok_status();
  }
  Status read_exact(std::uint8_t* out, std::size_t n, std::string_view what) override {
    if (input.size() - pos < n) {
      return make_error(ErrorKind::Io, "peer closed the connection: expected " + std::to_string(n) + " bytes of " +
                                           std::string(what) + ", received " + std::to_string(input.size() - pos));
    }
    if (n != 0) std::memcpy(out, input.data() + pos, n);
    pos += n;
    return ok_status();
  }
};

}  // namespace

TEST(Mssim, FramesACommand) {
  Bytes cmd{0x80, 0x01, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x81};
  // facts/tcg.md §7: UINT32 8 || UINT8 locality || UINT32 length || command
  EXPECT_EQ(to_hex(mssim_frame_command(cmd)), "00000008" "00" "0000000a" "80010000000a00000181");
}

TEST(Mssim, ReadsResponseAndTrailer) {
  MemoryStream s;
  ByteWriter w;
  w.u32be(10).bytes(Bytes{0x80, 0x01, 0, 0, 0, 0x0a, 0, 0, 0, 0}).u32be(0);
  s.input = w.take();
  Bytes cmd{1, 2, 3};
  auto r = mssim_send_command(s, cmd);
  ASSERT_TRUE(r.ok()) << r.error().what();
  EXPECT_EQ(to_hex(*r), "80010000000a00000000");
  EXPECT_EQ(to_hex(s.output), "000000080000000003010203");
  EXPECT_EQ(s.pos, s.input.size());  // the 4 trailing bytes were consumed
}

TEST(Mssim, NonZeroTrailerIsAnError) {
  MemoryStream s;
  ByteWriter w;
  w.u32be(0).u32be(5);
  s.input = w.take();
  auto r = mssim_send_command(s, Bytes{1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "simulator reported status 5 after the response");
}

TEST(Mssim, HugeLengthIsRefusedBeforeAllocating) {
  MemoryStream s;
  ByteWriter w;
  w.u32be(0xFFFFFFF0);
  s.input = w.take();
  auto r = mssim_send_command(s, Bytes{1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::Limit);
  EXPECT_EQ(r.error().what(), "simulator claims a 4294967280-byte response (limit 65536)");
}

TEST(Mssim, PeerClosedMidResponse) {
  MemoryStream s;
  ByteWriter w;
  w.u32be(100).bytes(Bytes(12, 0));
  s.input = w.take();
  auto r = mssim_send_command(s, Bytes{1});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "peer closed the connection: expected 100 bytes of response, received 12");
}

TEST(Mssim, PlatformCommandStatus) {
  MemoryStream ok;
  ok.input = Bytes{0, 0, 0, 0};
  EXPECT_TRUE(mssim_platform_command(ok, TPM_SIGNAL_POWER_ON, "TPM_SIGNAL_POWER_ON").ok());
  EXPECT_EQ(to_hex(ok.output), "00000001");
  MemoryStream bad;
  bad.input = Bytes{0, 0, 0, 1};
  auto r = mssim_platform_command(bad, TPM_SIGNAL_NV_ON, "TPM_SIGNAL_NV_ON");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().what(), "TPM_SIGNAL_NV_ON failed: simulator status 1");
  EXPECT_EQ(to_hex(bad.output), "0000000b");
}

TEST(TransportSpec, UnknownSpecsAreUsageErrors) {
  for (const char* spec : {"bogus", "tcp:", "tcp:host", "tcp:host:0", "tcp:host:65535", "tcp:host:12x", "device:", ""}) {
    auto t = make_transport(spec, {});
    ASSERT_FALSE(t.ok()) << spec;
    EXPECT_EQ(t.error().kind(), ErrorKind::Usage) << spec;
  }
  EXPECT_EQ(make_transport("bogus", {}).error().what(),
            "--tpm \"bogus\": unknown TPM spec (expected auto, device:PATH, tcp:HOST:PORT or replay:FILE)");
}
