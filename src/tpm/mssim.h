#pragma once
/// Framing of the TPM simulator TCP protocol that swtpm (`--server type=tcp`, `--ctrl type=tcp`)
/// and the Microsoft/IBM simulators speak (facts/tcg.md §7). Kept apart from the socket calls
/// so the POSIX and winsock transports share it, and so tests drive it with an
/// in-memory stream.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::tpm {

// facts/tcg.md §7 platform commands (TSS-mssim include/tss2/tss2_tcti_mssim.h).
inline constexpr std::uint32_t TPM_SIGNAL_POWER_ON = 1;
inline constexpr std::uint32_t TPM_SEND_COMMAND = 8;
inline constexpr std::uint32_t TPM_SIGNAL_NV_ON = 11;
inline constexpr std::uint32_t TPM_SESSION_END = 20;

/// Upper bound on a response length we accept from the wire; a TPM's TPM_PT_MAX_RESPONSE_SIZE is
/// a few KiB, so anything claiming more is garbage and is refused before allocating.
inline constexpr std::size_t kMaxTpmResponse = 65536;

/// A connected byte stream (a socket, or a buffer in tests).
struct ByteStream {
  virtual ~ByteStream();
  virtual Status write_all(ByteSpan data) = 0;
  /// Reads exactly n bytes or fails; `what` names them in errors ("response length").
  virtual Status read_exact(std::uint8_t* out, std::size_t n, std::string_view what) = 0;
};

/// TPM_SEND_COMMAND || locality || UINT32 length || command (facts/tcg.md §7).
Bytes mssim_frame_command(ByteSpan command, std::uint8_t locality = 0);
/// Sends one TPM command and returns the response bytes, after reading and checking the
/// 4 trailing status bytes.
Result<Bytes> mssim_send_command(ByteStream& stream, ByteSpan command, std::uint8_t locality = 0);
/// A platform (control port) command: UINT32 code out, UINT32 status back (0 = success).
Status mssim_platform_command(ByteStream& stream, std::uint32_t code, std::string_view name);
/// TPM_SESSION_END before closing, so the simulator does not log a broken connection.
Status mssim_session_end(ByteStream& stream);

}  // namespace tpmready::tpm
