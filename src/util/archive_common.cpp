#include <algorithm>

#include "util/archive.h"
#include "util/archive_members.h"

namespace tpmready {

bool looks_like_archive(ByteSpan d) {
  auto starts = [&](const char* magic, std::size_t n) {
    return d.size() >= n && std::equal(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(n),
                                       reinterpret_cast<const std::uint8_t*>(magic));
  };
  return starts("MSCF", 4) || starts("PK\x03\x04", 4);
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

namespace archive_detail {

bool count_entry(ArchiveBudget& budget, ArchiveListing& out) {
  if (++budget.members <= budget.limits.max_members) return true;
  out.stopped = "more than " + std::to_string(budget.limits.max_members) + " archive members in all: rest not read";
  out.stopped_at_limit = budget.reached = true;
  return false;
}

bool declared_over_limit(const ArchiveLimits& limits, std::uint64_t declared, ArchiveMember& m) {
  if (declared <= limits.max_member_bytes) return false;
  m.error = "declares " + std::to_string(declared) + " bytes, over the member limit of " +
            std::to_string(limits.max_member_bytes) + ": not read";
  return true;
}

Take take(ArchiveBudget& budget, ArchiveListing& out, ArchiveMember& m, const std::uint8_t* data, std::size_t n) {
  const ArchiveLimits& limits = budget.limits;
  if (n > limits.max_total_bytes - std::min(budget.bytes, limits.max_total_bytes)) {
    release(m.data);
    m.error = "archives together expand beyond the total limit of " + std::to_string(limits.max_total_bytes) +
              " bytes (archive bomb?)";
    out.stopped = "stopped at member " + m.name + ": " + m.error;
    out.stopped_at_limit = budget.reached = true;
    return Take::OverTotal;
  }
  budget.bytes += n;
  if (n > limits.max_member_bytes - std::min(m.data.size(), limits.max_member_bytes)) {
    release(m.data);
    m.error = "expands beyond the member limit of " + std::to_string(limits.max_member_bytes) +
              " bytes (archive bomb?): not read";
    return Take::OverMember;
  }
  m.data.insert(m.data.end(), data, data + n);
  return Take::Kept;
}

void mark_damaged(ArchiveMember& m, const std::string& why) {
  release(m.data);
  m.error = "damaged: " + why;
}

void stop_after_damage(ArchiveListing& out, const ArchiveMember& m, const std::string& note) {
  out.stopped = "damaged at member " + m.name + " (" + m.error + ")" + note + ": rest not read";
}

void stop_damaged_after(ArchiveListing& out, std::size_t entries, const std::string& why) {
  out.stopped = "damaged after " + std::to_string(entries) + " members (" + why + "): rest not read";
}

void release(Bytes& data) {
  data.clear();
  data.shrink_to_fit();
}

void normalise_name(std::string& name) { std::replace(name.begin(), name.end(), '\\', '/'); }

}  // namespace archive_detail
}  // namespace tpmready
