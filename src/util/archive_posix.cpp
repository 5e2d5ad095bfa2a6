// libarchive (Debian libarchive-dev) reads .cab (MSZIP/LZX) and .zip from memory.
#include <archive.h>
#include <archive_entry.h>

#include <memory>

#include "util/archive.h"

namespace tpmready {

Result<std::vector<ArchiveMember>> read_archive(ByteSpan data, const ArchiveLimits& limits,
                                                std::vector<std::string>* skipped) {
  std::unique_ptr<archive, decltype(&archive_read_free)> a(archive_read_new(), &archive_read_free);
  archive_read_support_format_cab(a.get());
  archive_read_support_format_zip(a.get());
  archive_read_support_filter_none(a.get());
  if (archive_read_open_memory(a.get(), data.data(), data.size()) != ARCHIVE_OK)
    return make_error(ErrorKind::Parse, std::string("not a readable archive: ") + archive_error_string(a.get()));
  std::vector<ArchiveMember> out;
  std::size_t total = 0, members = 0;
  archive_entry* entry = nullptr;
  for (;;) {
    int rc = archive_read_next_header(a.get(), &entry);
    if (rc == ARCHIVE_EOF) break;
    if (rc != ARCHIVE_OK && rc != ARCHIVE_WARN)
      return make_error(ErrorKind::Parse, std::string("archive member ") + std::to_string(members) + ": " +
                                              archive_error_string(a.get()));
    if (++members > limits.max_members)
      return make_error(ErrorKind::Limit, "archive has more than " + std::to_string(limits.max_members) + " members");
    if (archive_entry_filetype(entry) != AE_IFREG) continue;
    std::string name = archive_entry_pathname(entry) ? archive_entry_pathname(entry) : "";
    for (char& c : name)
      if (c == '\\') c = '/';
    la_int64_t declared = archive_entry_size_is_set(entry) ? archive_entry_size(entry) : -1;
    if (declared > static_cast<la_int64_t>(limits.max_member_bytes)) {
      if (skipped) skipped->push_back(name + ": " + std::to_string(declared) + " bytes, over the member limit");
      continue;
    }
    ArchiveMember m{name, {}};
    std::uint8_t buf[1 << 16];
    la_ssize_t n;
    while ((n = archive_read_data(a.get(), buf, sizeof buf)) > 0) {
      total += static_cast<std::size_t>(n);
      if (m.data.size() + static_cast<std::size_t>(n) > limits.max_member_bytes || total > limits.max_total_bytes)
        return make_error(ErrorKind::Limit, "archive member " + name + " expands beyond the limits (archive bomb?)");
      m.data.insert(m.data.end(), buf, buf + n);
    }
    if (n < 0) return make_error(ErrorKind::Parse, "archive member " + name + ": " + archive_error_string(a.get()));
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace tpmready
