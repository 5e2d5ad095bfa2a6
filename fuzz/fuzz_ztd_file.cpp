// libFuzzer entry: AutopilotDDSZTDFile.json (any encoding) → the classifier, the ZTD file reader
// and its mapper to AutopilotZtdFileEvidence, as the offline pipeline runs them.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collect/offline/classify.h"
#include "collect/offline/text_decode.h"
#include "collect/offline/windows_facts.h"
#include "collect/offline/ztd_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  (void)tpmready::offline::classify(input);
  auto lines = tpmready::offline::decode_text(input, "AutopilotDDSZTDFile.json");
  if (!lines.ok()) return 0;
  (void)tpmready::offline::looks_like_ztd_file(lines->lines);
  auto parsed = tpmready::offline::parse_ztd_file(*lines);
  if (parsed.ok()) {
    tpmready::AutopilotZtdFileEvidence ev;
    std::vector<std::string> notes;
    tpmready::offline::apply_ztd_file(*parsed, ev, notes);
  }
  return 0;
}
