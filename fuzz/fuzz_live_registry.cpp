// libFuzzer entry: live registry values (any type, any bytes, as a hostile registry could hold)
// through collect::win::read_live_registry → offline::apply_registry (REG_SZ decoding, DWORD/QWORD,
// EK store blobs). Every key answers with the same fuzzed values and one fuzzed subkey name.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collect/windows/live_registry.h"

namespace {

struct FuzzReader : tpmready::collect::win::RegistryReader {
  tpmready::collect::win::LiveKey key;
  tpmready::collect::win::LiveKey read_key(const std::string&) override { return key; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace tpmready::collect::win;
  FuzzReader reader;
  reader.key.status = size % 4 == 3 ? KeyStatus::AccessDenied : KeyStatus::Ok;
  // Records: u8 type, u8 length, bytes; the value is named after its index ("Blob" for index 0).
  std::size_t i = 0;
  for (int n = 0; i + 2 <= size && n < 64; ++n) {
    const std::uint32_t type = data[i];
    const std::size_t len = data[i + 1];
    i += 2;
    const std::size_t take = len < size - i ? len : size - i;
    LiveRegValue v{n == 0 ? "Blob" : "V" + std::to_string(n), type, tpmready::Bytes(data + i, data + i + take)};
    reader.key.values.push_back(std::move(v));
    i += take;
  }
  reader.key.subkeys.push_back(std::string(reinterpret_cast<const char*>(data), size < 16 ? size : 16));
  std::vector<std::string> notes;
  (void)read_live_registry(reader, notes);
  return 0;
}
