// libFuzzer entry: the offline input pipeline on bytes — classification by content, .cab/.zip
// members (libarchive, per-member errors, one nested level), and every reader a member can reach
// (Windows exports, certificates, TCG logs, bundles, .evtx).
#include <cstddef>
#include <cstdint>

#include "collect/offline_pipeline.h"
#include "util/archive.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  tpmready::collect::OfflineOptions options;
  // Small limits keep each run fast; the bounds themselves are what is being exercised.
  options.archive.max_members = 64;
  options.archive.max_member_bytes = 1u << 20;
  options.archive.max_total_bytes = 4u << 20;
  options.evtx.max_records = 256;
  (void)tpmready::collect::collect_offline_bytes(input, "fuzz.bin", options);
  (void)tpmready::offline::classify(input);
  return 0;
}
