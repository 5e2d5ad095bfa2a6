#pragma once
/// What every archive reader (libarchive on Linux, util/zip_reader.h, cabinet.dll's FDI on
/// Windows) does the same way with the members it expands: counting them against the shared
/// ArchiveBudget, applying the per-member and total limits to the bytes as they expand, and the
/// wording of each outcome. One place, so the builds cannot drift apart in what they accept or in
/// what they tell the user. Used only by the readers in src/util (util/archive.h is the API).
#include <cstddef>
#include <cstdint>
#include <string>

#include "util/archive.h"

namespace tpmready::archive_detail {

/// Counts one entry (any kind: directories too) against the budget. False: over the member-count
/// limit; `out.stopped` says so and the reader stops.
bool count_entry(ArchiveBudget& budget, ArchiveListing& out);

/// A member whose header declares more than the member limit: decided from the header alone,
/// nothing of it is expanded (a member "claiming 4 GB"). Sets `m.error` and returns true.
bool declared_over_limit(const ArchiveLimits& limits, std::uint64_t declared, ArchiveMember& m);

enum class Take { Kept, OverMember, OverTotal };

/// Appends `n` expanded bytes to `m`, charging the total first: the declared size may be missing
/// or a lie (zip bombs), so the limits apply to what expands. OverMember: `m` is emptied with its
/// error, the rest of it is not read, and reading goes on with the next member. OverTotal: `m` is
/// emptied with its error, `out` is stopped at the limit and the reader stops.
Take take(ArchiveBudget& budget, ArchiveListing& out, ArchiveMember& m, const std::uint8_t* data, std::size_t n);

/// `m` could not be expanded: its data is dropped and `why` becomes its error ("damaged: why").
void mark_damaged(ArchiveMember& m, const std::string& why);

/// The reader cannot go on after the damaged member `m` (a cab folder is one compressed stream).
void stop_after_damage(ArchiveListing& out, const ArchiveMember& m, const std::string& note = "");

/// Nothing is readable after `entries` entries (a damaged directory or header).
void stop_damaged_after(ArchiveListing& out, std::size_t entries, const std::string& why);

/// Gives a member's memory back at once (clear() alone keeps the capacity).
void release(Bytes& data);

/// Archive paths are '/' separated whatever the archiver wrote.
void normalise_name(std::string& name);

}  // namespace tpmready::archive_detail
