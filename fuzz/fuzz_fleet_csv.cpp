// libFuzzer entry: Intune CSV records (fed line by line, as ingest does) and summary lines.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fleet/csv.h"
#include "report/summary.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  tpmready::fleet::CsvRecordParser csv(4096);
  while (!text.empty()) {
    auto nl = text.find('\n');
    auto line = text.substr(0, nl);
    auto done = csv.feed(line);
    if (done && *done)
      for (const auto& field : csv.fields()) (void)tpmready::report::parse_summary(field);
    (void)tpmready::report::parse_summary(line);
    if (nl == std::string_view::npos) break;
    text.remove_prefix(nl + 1);
  }
  return 0;
}
