// libFuzzer entry: the .evtx adapter (libevtx from memory → event XML → WindowsEvent) and the
// event-XML parser on its own (the Windows back end feeds it EvtRender output).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "collect/offline/evtx_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  tpmready::offline::EvtxLimits limits;
  limits.max_records = 512;
  (void)tpmready::offline::read_evtx(input, "fuzz.evtx", limits);
  (void)tpmready::offline::event_from_xml(std::string_view(reinterpret_cast<const char*>(data), size), limits);
  return 0;
}
