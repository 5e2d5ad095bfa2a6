#pragma once
/// Reading the members of an archive held in memory (a .cab such as Microsoft's TrustedTpm.cab, a
/// .zip), with bounds against archive bombs. Linux: libarchive (archive_posix.cpp). Windows: not
/// available in this build (archive_windows.cpp says how to expand the archive instead).
#include <string>
#include <vector>

#include "util/bytes.h"
#include "util/file.h"
#include "util/result.h"

namespace tpmready {

struct ArchiveMember {
  std::string name;  ///< path inside the archive, '/' separated
  Bytes data;
  /// Non-empty: the member was not read and `data` is empty — why ("declares 4294967295 bytes,
  /// over the member limit of ...", "expands beyond ...", libarchive's error for a damaged member).
  std::string error;
};

/// Every regular-file member, each read or with its own error; `stopped` says why reading ended
/// before the end of the archive (damaged directory or cab folder, total-expansion or member-count
/// limit).
struct ArchiveListing {
  std::vector<ArchiveMember> members;
  std::string stopped;
  bool stopped_at_limit = false;  ///< a limit ended it (an archive bomb?), not damage
};

/// Defaults follow TPMREADY_MAX_INPUT_COUNT / TPMREADY_MAX_INPUT_BYTES (util/file.h).
struct ArchiveLimits {
  std::size_t max_members = input_count_limit(10000);
  std::size_t max_member_bytes = input_limit(16u << 20);  ///< a member larger than this is skipped, not read
  std::size_t max_total_bytes = input_limit(256u << 20);  ///< stop (error) past this many uncompressed bytes
};

/// "MSCF" (cabinet) or "PK\3\4" (zip) at the start.
bool looks_like_archive(ByteSpan data);

/// Per-member reading for archives whose members are independent evidence (MDM diagnostics
/// .cab/.zip): a damaged or oversized member is reported in its own `error` and the rest still
/// read. Error only when not even the first header is readable (not an archive, or corrupt).
/// Memory is bounded by max_member_bytes per member and max_total_bytes over all of them.
Result<ArchiveListing> read_archive_members(ByteSpan data, const ArchiveLimits& limits);

/// Regular-file members in archive order. Members over max_member_bytes are skipped (listed in
/// `skipped`); more members or more total bytes than the limits is an error (a bomb).
Result<std::vector<ArchiveMember>> read_archive(ByteSpan data, const ArchiveLimits& limits,
                                                std::vector<std::string>* skipped = nullptr);

}  // namespace tpmready
