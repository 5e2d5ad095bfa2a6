// libFuzzer entry: EKCertStore registry blob (property records, facts/windows.md §2.3) and the
// certificate inside it.
#include <cstddef>
#include <cstdint>

#include "cert/cert_store_blob.h"
#include "collect/ekcert_files.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tpmready::ByteSpan in(data, size);
  (void)tpmready::cert::parse_cert_store_records(in);
  (void)tpmready::collect::ekcert_from_store_blob(in, "FUZZ");
  return 0;
}
