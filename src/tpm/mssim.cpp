#include "tpm/mssim.h"

#include <string>

#include "util/byte_reader.h"
#include "util/byte_writer.h"

namespace tpmready::tpm {

ByteStream::~ByteStream() = default;

namespace {

Result<std::uint32_t> read_u32(ByteStream& stream, std::string_view what) {
  std::uint8_t buf[4];
  TRY(stream.read_exact(buf, sizeof buf, what));
  return static_cast<std::uint32_t>(buf[0]) << 24 | static_cast<std::uint32_t>(buf[1]) << 16 |
         static_cast<std::uint32_t>(buf[2]) << 8 | buf[3];
}

Status write_u32(ByteStream& stream, std::uint32_t v) {
  ByteWriter w;
  w.u32be(v);
  return stream.write_all(w.data());
}

}  // namespace

Bytes mssim_frame_command(ByteSpan command, std::uint8_t locality) {
  ByteWriter w;
  w.u32be(TPM_SEND_COMMAND).u8(locality).u32be(static_cast<std::uint32_t>(command.size())).bytes(command);
  return w.take();
}

Result<Bytes> mssim_send_command(ByteStream& stream, ByteSpan command, std::uint8_t locality) {
  TRY(stream.write_all(mssim_frame_command(command, locality)));
  std::uint32_t length = TRY(read_u32(stream, "response length"));
  if (length > kMaxTpmResponse) {
    return make_error(ErrorKind::Limit, "simulator claims a " + std::to_string(length) +
                                            "-byte response (limit " + std::to_string(kMaxTpmResponse) + ")");
  }
  Bytes response(length);
  TRY(stream.read_exact(response.data(), response.size(), "response"));
  // facts/tcg.md §7: "4 trailing bytes (UINT32, 0 on success) that the client must read".
  std::uint32_t trailer = TRY(read_u32(stream, "response trailer"));
  if (trailer != 0) {
    return make_error(ErrorKind::Io, "simulator reported status " + std::to_string(trailer) + " after the response");
  }
  return response;
}

Status mssim_platform_command(ByteStream& stream, std::uint32_t code, std::string_view name) {
  TRY(write_u32(stream, code));
  std::uint32_t status = TRY(read_u32(stream, std::string(name) + " status"));
  if (status != 0) {
    return make_error(ErrorKind::Io, std::string(name) + " failed: simulator status " + std::to_string(status));
  }
  return ok_status();
}

Status mssim_session_end(ByteStream& stream) { return write_u32(stream, TPM_SESSION_END); }

}  // namespace tpmready::tpm
