// libFuzzer entry: regedit .reg parser (any encoding) and the facts read from it (EK store blobs
// through the one store walk, collect/ekcert_registry.h).
#include <cstddef>
#include <cstdint>

#include "collect/offline/windows_facts.h"
#include "collect/offline/reg_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const tpmready::ByteSpan input(data, size);
  auto reg = tpmready::offline::parse_reg_bytes(input, "fuzz.reg");
  if (reg.ok()) {
    tpmready::RegistryEvidence ev;
    tpmready::offline::apply_registry(*reg, ev);  // key lookups, EK store blobs, WBCL
    tpmready::offline::RegistryExport merged = *reg;
    merged.merge(*reg);
  }
  return 0;
}
