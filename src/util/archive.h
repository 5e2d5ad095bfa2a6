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

/// The limits of every archive read with it, counted together: a nested archive and the next
/// archive of the same run draw from the same member count and expanded bytes instead of starting
/// afresh, so what one run holds in memory stays bounded by max_total_bytes however the archives are
/// nested. Expanded bytes stay counted (members are handed on and may be kept until the run ends).
struct ArchiveBudget {
  ArchiveLimits limits;
  std::size_t members = 0;  ///< entries seen so far, over all archives
  std::size_t bytes = 0;    ///< uncompressed bytes expanded so far, over all archives
  bool reached = false;     ///< the total or member-count limit stopped a read
};

/// "MSCF" (cabinet) or "PK\3\4" (zip) at the start.
bool looks_like_archive(ByteSpan data);

/// Per-member reading for archives whose members are independent evidence (MDM diagnostics
/// .cab/.zip): a damaged or oversized member is reported in its own `error` and the rest still
/// read. Error only when not even the first header is readable (not an archive, or corrupt).
/// Memory is bounded by max_member_bytes per member and max_total_bytes over all the archives read
/// with `budget`; the first form gives this archive a budget of its own.
Result<ArchiveListing> read_archive_members(ByteSpan data, ArchiveBudget& budget);
Result<ArchiveListing> read_archive_members(ByteSpan data, const ArchiveLimits& limits);

/// Regular-file members in archive order. Members over max_member_bytes are skipped (listed in
/// `skipped`); more members or more total bytes than the limits is an error (a bomb).
Result<std::vector<ArchiveMember>> read_archive(ByteSpan data, const ArchiveLimits& limits,
                                                std::vector<std::string>* skipped = nullptr);

}  // namespace tpmready
