#pragma once
/// Reading input files with a size limit checked before anything is allocated.
///
/// Input limits (documented in docs/limits-and-fuzzing.md). Sizes can be changed with the
/// environment variable TPMREADY_MAX_INPUT_BYTES, counts with TPMREADY_MAX_INPUT_COUNT; each
/// replaces every limit of its kind.
///   Sizes (TPMREADY_MAX_INPUT_BYTES):
///   certificate files      16 MiB  (kMaxCertificateFileBytes; an EK certificate is ~1-2 KB)
///   TCG event logs        256 MiB  (kMaxEventLogBytes; real logs are < 1 MB, the bench uses 50 MB;
///                                    files are streamed in 1 MiB chunks, so this bounds time, not memory)
///   one TCG log event      16 MiB  (kMaxEventLogEventBytes: EventSize; the largest real events, db/dbx
///                                    and SIPA containers, are tens of KB; bounds the streaming buffer)
///   CA store files        256 MiB  (cert/chain.cpp, kMaxEventLogBytes: may be an archive)
///   text exports           32 MiB  (collect/offline kDefaultMaxTextBytes: .reg, tpmtool, schtasks)
///   bundles / reports      64 MiB  (kMaxJsonBytes; also PCR files of `eventlog --pcrs`, TPM session
///                                   recordings of `--tpm replay:`)
///   .evtx event logs      256 MiB  (kMaxEvtxBytes; Windows channels default to 1-20 MB)
///   .cab/.zip archives    256 MiB  (kMaxArchiveBytes); members 16 MiB each, 256 MiB in total for
///                                   all archives of a run, nested ones included (util/archive.h
///                                   ArchiveLimits, ArchiveBudget)
///   fleet ingest           16 MiB per line / CSV record, 64 MiB per JSON document (fleet/input.h)
///   live registry values   64 MiB (platform/registry_windows.cpp)
///   TBS boot log           64 MiB (tpm/tbs_library_windows.cpp kMaxTcgLogBytes; fixed, the API's buffer)
///   TPM responses          64 KiB  (tpm/mssim.h kMaxTpmResponse; fixed: the TPM's own bound)
///   redaction salt file     4 KiB  (redact/redactor.h kMaxSaltFileBytes; fixed)
///   Counts (TPMREADY_MAX_INPUT_COUNT):
///   files in an analyze folder   10,000, depth 6 fixed (collect/offline/classify.h WalkLimits)
///   archive members              10,000 per run (ArchiveLimits, ArchiveBudget)
///   files in a --ca-store folder 10,000 (cert/chain.cpp kMaxCaFiles)
///   live registry subkeys/values  4,096 per key (platform/registry_windows.cpp)
///   Items inside one input (events of a log, lines of an export, certificates of a blob) are
///   bounded by its size: each declares or takes bytes, checked against the bytes left. fleet
///   ingest's number of files is deliberately unbounded: a fleet is large, and files are streamed.
#include <cstddef>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

inline constexpr std::size_t kMaxCertificateFileBytes = 16u << 20;
inline constexpr std::size_t kMaxEventLogBytes = 256u << 20;
inline constexpr std::size_t kMaxEventLogEventBytes = 16u << 20;
inline constexpr std::size_t kMaxJsonBytes = 64u << 20;
inline constexpr std::size_t kMaxEvtxBytes = 256u << 20;
inline constexpr std::size_t kMaxArchiveBytes = 256u << 20;

/// `default_bytes`, or TPMREADY_MAX_INPUT_BYTES when set to a positive number.
std::size_t input_limit(std::size_t default_bytes);
/// `default_count`, or TPMREADY_MAX_INPUT_COUNT when set to a positive number.
std::size_t input_count_limit(std::size_t default_count);

/// The whole file. Refuses (ErrorKind::Limit) a file larger than `max_bytes` from its size alone;
/// files that report size 0 (securityfs, pipes) are read until `max_bytes` + 1 at most.
/// Errors carry the context "file PATH".
Result<Bytes> read_file(const std::string& path, std::size_t max_bytes);

}  // namespace tpmready
