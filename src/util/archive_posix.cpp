// libarchive (Debian libarchive-dev) reads .cab (MSZIP/LZX) and .zip from memory.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "util/archive.h"

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

// A member that is not kept gives its memory back at once (clear() alone keeps the capacity).
void release(Bytes& data) {
  data.clear();
  data.shrink_to_fit();
}

// Reads one member's data, stopping (with `m.error`) at the per-member or total limit: the
// declared size may be missing or a lie (zip bombs), so the limit is applied to what expands.
MemberRead read_member_data(archive* a, ArchiveBudget& budget, ArchiveMember& m, std::string& stopped) {
  const ArchiveLimits& limits = budget.limits;
  std::uint8_t buf[1 << 16];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
    const auto got = static_cast<std::size_t>(n);
    if (budget.bytes + got > limits.max_total_bytes) {
      release(m.data);
      m.error = "archives together expand beyond the total limit of " + std::to_string(limits.max_total_bytes) +
                " bytes (archive bomb?)";
      stopped = "stopped at member " + m.name + ": " + m.error;
      return MemberRead::StopAtLimit;
    }
    budget.bytes += got;
    if (m.data.size() + got > limits.max_member_bytes) {
      release(m.data);
      m.error = "expands beyond the member limit of " + std::to_string(limits.max_member_bytes) +
                " bytes (archive bomb?): not read";
      return MemberRead::Next;
    }
    m.data.insert(m.data.end(), buf, buf + n);
  }
  if (n < 0) {
    release(m.data);
    m.error = "damaged: " + la_error(a);
  }
  return n == ARCHIVE_FATAL ? MemberRead::Fatal : MemberRead::Next;
}

}  // namespace

Result<ArchiveListing> read_archive_members(ByteSpan data, ArchiveBudget& budget) {
  const ArchiveLimits& limits = budget.limits;
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
      out.stopped = "damaged after " + std::to_string(entries) + " members (" + why + "): rest not read";
      break;
    }
    ++entries;
    if (++budget.members > limits.max_members) {
      out.stopped = "more than " + std::to_string(limits.max_members) + " archive members in all: rest not read";
      out.stopped_at_limit = budget.reached = true;
      break;
    }
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    ArchiveMember m{archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "", {}, {}};
    for (char& c : m.name)
      if (c == '\\') c = '/';
    const la_int64_t declared = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
    if (declared > static_cast<la_int64_t>(limits.max_member_bytes)) {
      // Decided from the header alone: nothing of it is expanded (a member "claiming 4 GB").
      m.error = "declares " + std::to_string(declared) + " bytes, over the member limit of " +
                std::to_string(limits.max_member_bytes) + ": not read";
      out.members.push_back(std::move(m));
      continue;
    }
    const MemberRead read = read_member_data(a.get(), budget, m, out.stopped);
    out.members.push_back(std::move(m));
    if (read == MemberRead::StopAtLimit) {
      out.stopped_at_limit = budget.reached = true;
      break;
    }
    if (read == MemberRead::Fatal) {
      const bool zip = (archive_format(a.get()) & ARCHIVE_FORMAT_BASE_MASK) == ARCHIVE_FORMAT_ZIP;
      const bool reopen = zip && ++reopens <= kMaxReopens;
      if (reopen) a = reopen_after(data, entries);
      if (!reopen || !a) {
        const ArchiveMember& damaged = out.members.back();
        out.stopped = "damaged at member " + damaged.name + " (" + damaged.error + ")" +
                      (zip && !reopen ? ", more than " + std::to_string(kMaxReopens) + " damaged members" : "") +
                      ": rest not read";
        break;
      }
    }
  }
  return out;
}

Result<ArchiveListing> read_archive_members(ByteSpan data, const ArchiveLimits& limits) {
  ArchiveBudget own{limits};
  return read_archive_members(data, own);
}

Result<std::vector<ArchiveMember>> read_archive(ByteSpan data, const ArchiveLimits& limits,
                                                std::vector<std::string>* skipped) {
  auto listing = TRY(read_archive_members(data, limits));
  if (listing.stopped_at_limit) return make_error(ErrorKind::Limit, "archive " + listing.stopped);
  // A member the archive's damage cut off would be missing without a word: the whole archive fails.
  if (!listing.stopped.empty()) return make_error(ErrorKind::Parse, "archive " + listing.stopped);
  std::vector<ArchiveMember> out;
  for (auto& m : listing.members) {
    if (m.error.empty()) {
      out.push_back(std::move(m));
    } else if (m.error.rfind("declares ", 0) == 0) {
      if (skipped) skipped->push_back(m.name + ": " + m.error);
    } else {
      const bool limit = m.error.find("limit") != std::string::npos;
      return make_error(limit ? ErrorKind::Limit : ErrorKind::Parse, "archive member " + m.name + ": " + m.error);
    }
  }
  return out;
}

}  // namespace tpmready
