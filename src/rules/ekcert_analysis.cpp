// Decoding, key matching, chain building and the choice of the certificate Windows presents.
#include "rules/ekcert_checks.h"

#include "cert/ek_role.h"
#include "crypto/crypto.h"

namespace tpmready::rules::ek {

using namespace cert;
namespace {

const EkObject* ek_for(const EkCertEvidence& e, const PublicKey& cert_key) {
  const auto& f = cert_key.algorithm == PublicKey::Algorithm::Rsa ? e.ek_rsa : e.ek_ecc;
  return f.has_value() ? &*f.value : nullptr;
}

// Windows persists and uses the RSA EK at 0x81010001 (facts/tcg.md §3.2), created from the
// low-range default template, whose certificate lives at 0x01C00002 (facts/tcg.md §3.1). Without
// EK knowledge, prefer that index, then other RSA-2048 sources, then anything else in input order.
int source_rank(const AnalyzedCert& c) {
  if (c.blob.nv_index == 0x01C00002u) return 0;
  if (c.blob.source.rfind("registry:", 0) == 0) return 1;
  if (c.blob.nv_index == 0x01C00012u) return 2;
  const bool rsa = c.cert && c.cert->public_key && c.cert->public_key->algorithm == PublicKey::Algorithm::Rsa;
  if (c.blob.nv_index && rsa) return 3;
  if (c.blob.nv_index) return 5;
  return rsa ? 4 : 6;
}

/// Where a certificate was found says it is an EK certificate when the place holds only those;
/// otherwise its content decides (cert/ek_role.h, facts/tcg.md §3.5, §3.6).
void identify(AnalyzedCert& ac) {
  const EkCertBlob& b = ac.blob;
  if (b.nv_index) {
    ac.is_ek = true;
    ac.ek_basis = "found at EK certificate NV index " + hex32(*b.nv_index);
  } else if (b.source.rfind("registry:", 0) == 0) {
    ac.is_ek = true;
    ac.ek_basis = "found in Windows' EK certificate store (EKCertStore)";
  } else if (b.source.rfind("online:", 0) == 0) {
    ac.is_ek = true;
    ac.ek_basis = "downloaded from the vendor's EK certificate service for this EK";
  } else {
    const auto verdict = ek_content(*ac.cert);
    ac.is_ek = verdict.is_ek();
    ac.ek_basis = verdict.what;
  }
}

void select_certificate(const EkCertEvidence& e, EkCertAnalysis& a) {
  // 1. The certificate of the RSA EK Windows uses, when the EK is known.
  if (e.ek_rsa.has_value()) {
    for (std::size_t i = 0; i < a.certificates.size(); ++i) {
      const auto& c = a.certificates[i];
      if (c.is_ek && c.matches_ek == true && c.cert->public_key->algorithm == PublicKey::Algorithm::Rsa) {
        a.selected = i;
        a.selection_reason = "its key matches the RSA EK persisted at 0x81010001, the EK Windows uses";
        return;
      }
    }
  }
  // 2. Otherwise by source: low-range RSA index first.
  int best = 99;
  for (std::size_t i = 0; i < a.certificates.size(); ++i) {
    if (!a.certificates[i].cert || !a.certificates[i].is_ek) continue;
    const int r = source_rank(a.certificates[i]);
    if (r < best) {
      best = r;
      a.selected = i;
    }
  }
  if (!a.selected) return;
  const auto& s = a.certificates[*a.selected];
  std::size_t eks = 0;
  for (const auto& c : a.certificates) eks += c.is_ek ? 1 : 0;
  if (eks == 1) {
    a.selection_reason = "it is the only EK certificate found";
  } else if (s.blob.nv_index == 0x01C00002u) {
    a.selection_reason = "Windows' RSA EK is created from the low-range default template, certified at NV 0x01C00002";
  } else {
    a.selection_reason = "no certificate matches a known EK; chosen by source (low-range RSA first, then input order)";
  }
}

}  // namespace

bool EkCertAnalysis::any_fail() const {
  for (const auto& f : findings) {
    if (f.status == Status::Fail) return true;
  }
  return false;
}

EkCertAnalysis analyze_ekcerts(const EkCertEvidence& e, const CaStore& trusted, std::int64_t now) {
  EkCertAnalysis a;
  // Device-supplied chain certificates join as untrusted intermediates. The store is copied only
  // then: a copy of the ~60 vendor CAs per bundle was a measurable share of fleet ingest.
  CaStore with_device;
  const CaStore* store = &trusted;
  if (!e.chain_certificates.empty()) {
    with_device = trusted;
    for (const auto& b : e.chain_certificates) {
      auto c = parse_certificate(b.raw);
      if (c.ok()) with_device.untrusted.push_back({std::move(c).value(), b.source});
    }
    store = &with_device;
  }
  for (const auto& b : e.certificates) {
    AnalyzedCert ac;
    ac.blob = b;
    auto c = parse_certificate(b.raw);
    if (!c.ok()) {
      ac.decode_error = c.error().what();
      a.certificates.push_back(std::move(ac));
      continue;
    }
    ac.cert = std::move(c).value();
    if (auto sha1 = crypto::digest(crypto::HashAlg::Sha1, ac.cert->der); sha1.ok()) ac.sha1_thumbprint = to_hex_upper(*sha1);
    if (ac.cert->public_key) {
      if (const EkObject* ek = ek_for(e, *ac.cert->public_key)) ac.matches_ek = ek->key.same_key(*ac.cert->public_key);
    }
    ac.chain = build_chain(*ac.cert, *store);
    identify(ac);
    a.certificates.push_back(std::move(ac));
  }
  select_certificate(e, a);
  a.findings = {check_present(e, a),     check_matches_ek(e, a), check_service_compatible(e, a),
                check_valid_dates(a, now), check_chain(a),       check_profile(e, a),
                check_online(e, a),      check_ek_template(e)};
  return a;
}

}  // namespace tpmready::rules::ek
