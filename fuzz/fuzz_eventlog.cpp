// libFuzzer entry: the whole event-log pipeline on arbitrary bytes (parse, replay, decode, SIPA,
// evidence), which must never crash, hang or allocate what a header merely claims. The same bytes
// then go through the chunked input with a tiny chunk (events straddle every refill) and must give
// the same events and the same stopping point as the in-memory walk.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>

#include "eventlog/analysis.h"
#include "eventlog/decode.h"
#include "eventlog/input.h"
#include "collect/eventlog_collect.h"

namespace {

using namespace tpmready::eventlog;

std::unique_ptr<EventLogInput> chunked(const uint8_t* data, size_t size, bool size_known) {
  auto stream = std::make_unique<std::istringstream>(std::string(reinterpret_cast<const char*>(data), size));
  ChunkedInput::Options o;
  o.chunk_bytes = 1 + size % 13;  // 1..13 bytes: every header and event crosses chunk boundaries
  if (size_known) o.size = size;  // else: like securityfs or a pipe, the end is found by reading
  return std::make_unique<ChunkedInput>(std::move(stream), "fuzz", o);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tpmready::ByteSpan log(data, size);
  auto processed = process_log(log, [](const Event& e) { (void)summarize_event(e); });
  if (processed.ok()) {
    auto values = processed->replay.values();
    (void)compare_replay(processed->replay, values, processed->summary.issue);
    (void)tpmready::collect::eventlog_evidence(*processed, "fuzz", std::nullopt);
  }
  for (bool size_known : {true, false}) {
    auto streamed = process_log(chunked(data, size, size_known), [](const Event& e) { (void)summarize_event(e); });
    if (streamed.ok() != processed.ok()) std::abort();
    if (!processed.ok()) continue;
    const auto& a = processed->summary;
    const auto& b = streamed->summary;
    if (a.events != b.events || a.bytes != b.bytes || a.issue.has_value() != b.issue.has_value()) std::abort();
    if (a.issue && a.issue->offset != b.issue->offset) std::abort();
    // Without a known size, an EventSize past the end is refused by the per-event limit instead.
    if (a.issue && size_known && a.issue->message != b.issue->message) std::abort();
    if (processed->replay.values() != streamed->replay.values()) std::abort();
  }
  return 0;
}
