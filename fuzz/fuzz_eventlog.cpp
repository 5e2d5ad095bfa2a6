// libFuzzer entry: the whole event-log pipeline on arbitrary bytes (parse, replay, decode, SIPA,
// evidence), which must never crash, hang or allocate what a header merely claims.
#include <cstddef>
#include <cstdint>

#include "eventlog/analysis.h"
#include "eventlog/decode.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  tpmready::ByteSpan log(data, size);
  auto processed = tpmready::eventlog::process_log(log, [](const tpmready::eventlog::Event& e) {
    (void)tpmready::eventlog::summarize_event(e);
  });
  if (processed.ok()) {
    auto values = processed->replay.values();
    (void)tpmready::eventlog::compare_replay(processed->replay, values, processed->summary.issue);
    (void)tpmready::eventlog::make_evidence(*processed, "fuzz", std::nullopt);
  }
  return 0;
}
