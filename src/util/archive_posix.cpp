// libarchive (Debian libarchive-dev) reads .cab (MSZIP/LZX) and .zip from memory.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "util/archive.h"
#include "util/archive_members.h"

namespace tpmready {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

// After ARCHIVE_FATAL "no more operations are possible" (archive.h): going on with the same reader
// is what made Debian's libarchive 3.6.2 cab reader dereference NULL (cab_checksum_cfdata after a
// damaged CFDATA block, found by fuzz_archive; upstream libarchive#2861, fixed by #2900 in 2026).
// So a fatal member error ends that reader. Zip members are independent (central directory): a
// fresh reader is moved past the damaged member by headers alone and the rest is still read, at
// most this many times per archive (each reopen reads the headers before it again). A cab folder
// is one compressed stream, so nothing after a damaged block of it is readable: reading stops.
constexpr std::size_t kMaxReopens = 16;

std::string la_error(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

Result<ArchivePtr> open_reader(ByteSpan data) {
  ArchivePtr a(archive_read_new(), &archive_read_free);
  archive_read_support_format_cab(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK)
    return make_error(ErrorKind::Parse, "not a readable archive: " + la_error(a.get()));
  return a;
}

// A fresh reader whose next header is the one after the first `headers` headers, or null.
ArchivePtr reopen_after(ByteSpan data, std::size_t headers) {
  auto opened = open_reader(data);
  if (!opened) return {nullptr, &archive_read_free};
  ArchivePtr a = std::move(*opened);
  archive_entry* entry = nullptr;
  for (std::size_t i = 0; a && i < headers; ++i)
    if (archive_read_next_header(a.get(), &entry) < ARCHIVE_WARN) a.reset();
  return a;
}

enum class MemberRead { Next, StopAtLimit, Fatal };

// Reads one member's data, stopping (with `m.error`) at the per-member or total limit.
MemberRead read_member_data(archive* a, ArchiveBudget& budget, ArchiveListing& out, ArchiveMember& m) {
  std::uint8_t buf[1 << 16];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
    switch (archive_detail::take(budget, out, m, buf, static_cast<std::size_t>(n))) {
      case archive_detail::Take::Kept: break;
      case archive_detail::Take::OverMember: return MemberRead::Next;
      case archive_detail::Take::OverTotal: return MemberRead::StopAtLimit;
    }
  }
  if (n < 0) archive_detail::mark_damaged(m, la_error(a));
  return n == ARCHIVE_FATAL ? MemberRead::Fatal : MemberRead::Next;
}

}  // namespace

Result<ArchiveListing> read_archive_members(ByteSpan data, ArchiveBudget& budget) {
  ArchivePtr a = TRY(open_reader(data));
  ArchiveListing out;
  std::size_t entries = 0, reopens = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      std::string why = "member " + std::to_string(entries) + " header: " + la_error(a.get());
      if (entries == 0) return make_error(ErrorKind::Parse, "corrupt archive: " + why);
      archive_detail::stop_damaged_after(out, entries, why);
      break;
    }
    ++entries;
    if (!archive_detail::count_entry(budget, out)) break;
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    ArchiveMember m{archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "", {}, {}};
    archive_detail::normalise_name(m.name);
    const la_int64_t declared = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
    if (declared >= 0 && archive_detail::declared_over_limit(budget.limits, static_cast<std::uint64_t>(declared), m)) {
      out.members.push_back(std::move(m));
      continue;
    }
    const MemberRead read = read_member_data(a.get(), budget, out, m);
    out.members.push_back(std::move(m));
    if (read == MemberRead::StopAtLimit) break;
    if (read == MemberRead::Fatal) {
      const bool zip = (archive_format(a.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
      const bool reopen = zip && ++reopens <= kMaxReopens;
      if (reopen) a = reopen_after(data, entries);
      if (!reopen || !a) {
        archive_detail::stop_after_damage(
            out, out.members.back(),
            zip && !reopen ? ", more than " + std::to_string(kMaxReopens) + " damaged members" : "");
        break;
      }
    }
  }
  return out;
}

}  // namespace tpmready
