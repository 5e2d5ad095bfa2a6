// libFuzzer entry: an Autopilot hardware-hash CSV (any encoding) → the classifier, the CSV reader
// and its mapper to HardwareHashCsvEvidence, as the offline pipeline runs them. The reader's limits
// (rows, field lengths) must hold for any input: rows are at most kMaxHashCsvRows.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "collect/offline/classify.h"
#include "collect/offline/hardware_hash_csv.h"
#include "collect/offline/text_decode.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  (void)tpmready::offline::classify(input);
  auto lines = tpmready::offline::decode_text(input, "AutopilotHWID.csv");
  if (!lines.ok()) return 0;
  if (!lines->lines.empty()) (void)tpmready::offline::looks_like_hardware_hash_csv(lines->lines.front());
  auto parsed = tpmready::offline::parse_hardware_hash_csv(*lines);
  if (!parsed.ok()) return 0;
  if (parsed->rows.empty() || parsed->rows.size() > tpmready::offline::kMaxHashCsvRows) std::abort();
  tpmready::HardwareHashCsvEvidence ev;
  tpmready::offline::apply_hardware_hash_csv(*parsed, ev);
  if (ev.rows.size() != parsed->rows.size()) std::abort();
  for (const auto& r : ev.rows)
    if (r.serial.empty() || r.serial.size() > tpmready::offline::kMaxHashCsvFieldChars ||
        r.hash_length > tpmready::offline::kMaxHashCsvHashChars)
      std::abort();
  return 0;
}
