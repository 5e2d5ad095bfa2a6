#include "util/archive.h"

namespace tpmready {

bool looks_like_archive(ByteSpan d) {
  auto starts = [&](const char* magic, std::size_t n) {
    return d.size() >= n && std::equal(d.begin(), d.begin() + static_cast<std::ptrdiff_t>(n),
                                       reinterpret_cast<const std::uint8_t*>(magic));
  };
  return starts("MSCF", 4) || starts("PK\x03\x04", 4);
}

}  // namespace tpmready
