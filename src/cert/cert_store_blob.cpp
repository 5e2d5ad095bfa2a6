#include "cert/cert_store_blob.h"

#include "util/byte_reader.h"

namespace tpmready::cert {

Result<std::vector<CertStoreProperty>> parse_cert_store_records(ByteSpan blob) {
  std::vector<CertStoreProperty> out;
  ByteReader r(blob);
  while (!r.empty()) {
    const std::string field = "property[" + std::to_string(out.size()) + "]";
    CertStoreProperty p;
    p.id = TRY(r.u32le(field + ".id"));
    p.reserved = TRY(r.u32le(field + ".reserved"));
    const std::uint32_t length = TRY(r.u32le(field + ".length"));
    p.offset = r.offset();
    // bytes() checks the declared length against what is left before anything is copied.
    p.value = TRY(r.bytes(length, field + ".value (id " + std::to_string(p.id) + ")"));
    out.push_back(p);
  }
  return out;
}

Result<Bytes> parse_cert_store_blob(ByteSpan blob) {
  if (blob.empty()) return make_error(ErrorKind::Parse, "@0x0: empty certificate store blob");
  auto records = TRY(parse_cert_store_records(blob));
  for (const auto& p : records) {
    if (p.id == kCertCertPropId) return Bytes(p.value.begin(), p.value.end());
  }
  return make_error(ErrorKind::NotFound, "certificate store blob has no certificate property (id 32) among " +
                                             std::to_string(records.size()) + " records");
}

}  // namespace tpmready::cert
