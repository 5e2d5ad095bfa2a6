// libFuzzer entry: util/zip_reader.h, the Windows build's own .zip reader (central directory, local
// headers, zip64, stored and deflated members through zlib), with the archive limits checked on
// every run: no member over the member limit, no more expanded than the total, no more entries
// than the count.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "util/zip_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tpmready::ArchiveBudget budget;
  // Small limits keep each run fast; the bounds themselves are what is being exercised.
  budget.limits.max_members = 64;
  budget.limits.max_member_bytes = 1u << 20;
  budget.limits.max_total_bytes = 4u << 20;
  auto listing = tpmready::read_zip_members(tpmready::ByteSpan(data, size), budget);
  if (!listing) return 0;
  std::size_t held = 0;
  for (const auto& m : listing->members) {
    if (m.data.size() > budget.limits.max_member_bytes) std::abort();
    if (!m.error.empty() && !m.data.empty()) std::abort();  // a member with an error holds nothing
    held += m.data.size();
  }
  if (held > budget.bytes || budget.bytes > budget.limits.max_total_bytes) std::abort();
  if (budget.members > budget.limits.max_members + 1 || listing->members.size() > budget.limits.max_members) std::abort();
  return 0;
}
