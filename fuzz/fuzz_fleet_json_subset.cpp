// libFuzzer entry: the fast JSON subset parser of fleet ingest (src/fleet/json_subset.h) against
// nlohmann: whenever the subset parser returns a value, nlohmann must parse the same bytes to the
// identical value (types included); when it gives up, nlohmann decides.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fleet/json_subset.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto fast = tpmready::fleet::parse_json_subset(text);
  if (!fast) return 0;
  nlohmann::json reference;
  try {
    reference = nlohmann::json::parse(text.data(), text.data() + text.size());
  } catch (const nlohmann::json::exception&) {
    std::abort();  // the subset parser accepted what nlohmann rejects
  }
  if (!tpmready::fleet::identical_json(*fast, reference)) std::abort();
  return 0;
}
