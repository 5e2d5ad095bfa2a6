#pragma once
/// Reading input files with a size limit checked before anything is allocated.
///
/// Input limits (documented in README "Limits"; every one can be raised with the environment
/// variable TPMREADY_MAX_INPUT_BYTES, which replaces them all):
///   certificate files      16 MiB  (kMaxCertificateFileBytes; an EK certificate is ~1-2 KB)
///   TCG event logs        256 MiB  (kMaxEventLogBytes; real logs are < 1 MB, the bench uses 50 MB;
///                                    files are streamed in 1 MiB chunks, so this bounds time, not memory)
///   one TCG log event      16 MiB  (kMaxEventLogEventBytes: EventSize; the largest real events, db/dbx
///                                    and SIPA containers, are tens of KB; bounds the streaming buffer)
///   text exports           32 MiB  (collect/offline kDefaultMaxTextBytes: .reg, tpmtool, schtasks)
///   bundles / reports      64 MiB  (kMaxJsonBytes)
///   TPM responses          64 KiB  (tpm/mssim.h kMaxTpmResponse)
#include <cstddef>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

inline constexpr std::size_t kMaxCertificateFileBytes = 16u << 20;
inline constexpr std::size_t kMaxEventLogBytes = 256u << 20;
inline constexpr std::size_t kMaxEventLogEventBytes = 16u << 20;
inline constexpr std::size_t kMaxJsonBytes = 64u << 20;

/// `default_bytes`, or TPMREADY_MAX_INPUT_BYTES when set to a positive number.
std::size_t input_limit(std::size_t default_bytes);

/// The whole file. Refuses (ErrorKind::Limit) a file larger than `max_bytes` from its size alone;
/// files that report size 0 (securityfs, pipes) are read until `max_bytes` + 1 at most.
/// Errors carry the context "file PATH".
Result<Bytes> read_file(const std::string& path, std::size_t max_bytes);

}  // namespace tpmready
