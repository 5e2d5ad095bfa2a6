#include "evidence/ek_store.h"

namespace tpmready {

void add_store_certificates(const std::vector<EkStoreCertificate>& store, EkCertEvidence& ek) {
  for (const auto& c : store) {
    if (c.der.empty()) continue;
    bool dup = false;
    for (const auto& b : ek.certificates) dup = dup || b.raw == c.der;
    if (!dup) ek.certificates.push_back({"registry:" + c.thumbprint, c.der, std::nullopt});
  }
  if (!store.empty()) ek.registry_queried = true;
}

std::vector<std::string> ek_store_notes(const std::vector<EkStoreCertificate>& store) {
  std::vector<std::string> out;
  for (const auto& c : store) {
    // A redacted bundle clears every entry's bytes; only an entry with a note failed to give one.
    if (c.note.empty()) continue;
    out.push_back("registry:" + c.thumbprint + ": " + c.store + " entry not used: " + c.note + " (" + c.source + ")");
  }
  return out;
}

}  // namespace tpmready
