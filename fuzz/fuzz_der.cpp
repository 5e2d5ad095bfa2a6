// libFuzzer entry: certificate file formats (DER with NV header/padding, PEM, base64) and the
// tolerant X.509 reader, then the report renderers over whatever decoded.
#include <cstddef>
#include <cstdint>

#include "cert/cert_input.h"
#include "cert/ek_role.h"
#include "util/utc_time.h"
#include "cert/x509.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  tpmready::ByteSpan in(data, size);
  (void)tpmready::cert::parse_certificate(in);
  (void)tpmready::cert::attribute_certificate_kind(in);
  auto blobs = tpmready::cert::certificate_blobs(in);
  if (blobs.ok()) {
    for (const auto& b : *blobs) {
      auto c = tpmready::cert::parse_certificate(b);
      if (c.ok()) {
        (void)tpmready::cert::ek_content(*c);
        (void)c->issuer.rfc2253();
        (void)c->subject.oneline();
        (void)c->serial_hex();
        (void)tpmready::utc_rfc3339(c->not_after);
      }
    }
  }
  return 0;
}
