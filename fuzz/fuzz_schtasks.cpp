// libFuzzer entry: schtasks /fo list and /fo csv text (any encoding) → ScheduledTaskEvidence.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collect/offline/windows_facts.h"
#include "collect/offline/schtasks_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  auto out = tpmready::offline::parse_schtasks_bytes(input, "fuzz.txt");
  if (out.ok()) {
    tpmready::ScheduledTaskEvidence ev;
    std::vector<std::string> notes;
    tpmready::offline::apply_schtasks(*out, ev, notes);
  }
  return 0;
}
