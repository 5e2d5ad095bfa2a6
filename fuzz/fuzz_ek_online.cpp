// Vendor EK-certificate service responses (collect/ek_online.h): JSON envelope, base64url with
// %-escapes, PEM, DER. Must end in a certificate DER blob or an Error, never a crash.
#include <cstdint>

#include "collect/ek_online.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)tpmready::collect::decode_online_ekcert(tpmready::ByteSpan(data, size));
  return 0;
}
