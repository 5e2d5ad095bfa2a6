// libarchive (Debian libarchive-dev) reads .cab (MSZIP/LZX) and .zip from memory.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "util/archive.h"

namespace tpmready {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

std::string la_error(archive* a) {
  const char* s = archive_error_string(a);
  return s ? s : "unknown libarchive error";
}

// Reads one member's data, stopping (with `m.error`) at the per-member or total limit: the
// declared size may be missing or a lie (zip bombs), so the limit is applied to what expands.
// Returns false when the whole archive must stop (total limit).
bool read_member_data(archive* a, const ArchiveLimits& limits, std::size_t& total, ArchiveMember& m,
                      std::string& stopped) {
  std::uint8_t buf[1 << 16];
  la_ssize_t n;
  while ((n = archive_read_data(a, buf, sizeof buf)) > 0) {
    const auto got = static_cast<std::size_t>(n);
    if (total + got > limits.max_total_bytes) {
      m.data.clear();
      m.error = "archive expands beyond the total limit of " + std::to_string(limits.max_total_bytes) +
                " bytes (archive bomb?)";
      stopped = "stopped at member " + m.name + ": " + m.error;
      return false;
    }
    total += got;
    if (m.data.size() + got > limits.max_member_bytes) {
      m.data.clear();
      m.data.shrink_to_fit();
      m.error = "expands beyond the member limit of " + std::to_string(limits.max_member_bytes) +
                " bytes (archive bomb?): not read";
      return true;
    }
    m.data.insert(m.data.end(), buf, buf + n);
  }
  if (n < 0) {
    m.data.clear();
    m.error = "damaged: " + la_error(a);
  }
  return true;
}

}  // namespace

Result<ArchiveListing> read_archive_members(ByteSpan data, const ArchiveLimits& limits) {
  ArchivePtr a(archive_read_new(), &archive_read_free);
  archive_read_support_format_cab(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK)
    return make_error(ErrorKind::Parse, "not a readable archive: " + la_error(a.get()));
  ArchiveListing out;
  std::size_t total = 0, entries = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    const int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN) {
      std::string why = "member " + std::to_string(entries) + " header: " + la_error(a.get());
      if (entries == 0) return make_error(ErrorKind::Parse, "corrupt archive: " + why);
      out.stopped = "archive damaged after " + std::to_string(entries) + " members (" + why + "): rest not read";
      break;
    }
    if (++entries > limits.max_members) {
      out.stopped = "more than " + std::to_string(limits.max_members) + " members: rest not read";
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
    const bool go_on = read_member_data(a.get(), limits, total, m, out.stopped);
    out.members.push_back(std::move(m));
    if (!go_on) break;
  }
  return out;
}

Result<std::vector<ArchiveMember>> read_archive(ByteSpan data, const ArchiveLimits& limits,
                                                std::vector<std::string>* skipped) {
  auto listing = TRY(read_archive_members(data, limits));
  if (!listing.stopped.empty()) return make_error(ErrorKind::Limit, "archive " + listing.stopped);
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
