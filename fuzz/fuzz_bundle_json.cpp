// libFuzzer entry: a bundle or report JSON document → fleet run record (evidence_from_json or
// report_from_json, then the rules for bundles), as fleet ingest does for every input document.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <nlohmann/json.hpp>

#include "fleet/record.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto doc = nlohmann::json::parse(data, data + size, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return 0;
  static const tpmready::cert::CaStore anchors{};
  const tpmready::fleet::EvalContext ctx{&anchors, 1764165176};
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  (void)tpmready::fleet::record_from_json(doc, tpmready::fleet::document_hash(text), ctx);
  return 0;
}
