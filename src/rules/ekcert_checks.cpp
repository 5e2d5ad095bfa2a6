// The ek.* checks. Facts cited per check; wording of the Windows symptom chain from
// facts/windows.md §9/§11 and facts/tcg.md §4 (seed 003).
#include "rules/ekcert_checks.h"
#include "util/utc_time.h"

#include "cert/ek_url.h"
#include "cert/oids.h"
#include "crypto/crypto.h"

namespace tpmready::rules::ek {

using namespace cert;
namespace {

Finding make(std::string id, Status s, std::string summary) {
  Finding f;
  f.id = std::move(id);
  f.status = s;
  f.summary = std::move(summary);
  return f;
}

/// A fact behind a finding, in words naming its source (report findings show it under "ekcert").
void note(Finding& f, std::string text) { f.evidence.push_back({"ekcert", "", std::move(text), std::nullopt}); }

std::string key_text(const PublicKey& k) {
  return k.algorithm == PublicKey::Algorithm::Rsa ? "RSA-" + std::to_string(k.bits()) : "ECC " + k.curve;
}

const AnalyzedCert* selected(const EkCertAnalysis& a) { return a.selected ? &a.certificates[*a.selected] : nullptr; }

bool is_firmware_tpm(const EkCertEvidence& e) {
  return e.manufacturer.has_value() &&
         (*e.manufacturer.value == kManufacturerIntel || *e.manufacturer.value == kManufacturerAmd);
}

bool has_nv_cert(const EkCertAnalysis& a) {
  for (const auto& c : a.certificates) {
    if (c.blob.nv_index && c.cert) return true;
  }
  return false;
}

bool low_range(std::uint32_t index) { return index == 0x01C00002u || index == 0x01C0000Au; }  // facts/tcg.md §3.1

}  // namespace

Finding check_present(const EkCertEvidence& e, const EkCertAnalysis& a) {
  std::size_t eks = 0;
  for (const auto& c : a.certificates) eks += c.cert && c.is_ek ? 1 : 0;
  if (eks > 0) {
    auto f = make("ek.cert.present", Status::Pass, std::to_string(eks) + " EK certificate(s) found");
    for (const auto& c : a.certificates) {
      if (c.cert && c.is_ek) note(f, c.blob.source);
    }
    return f;
  }
  // Certificates were given, but none is an EK certificate (a signing key's, an AIK's, a CA's):
  // the AIK service needs the EK's.
  std::vector<const AnalyzedCert*> others;
  for (const auto& c : a.certificates) {
    if (c.cert) others.push_back(&c);
  }
  if (!others.empty()) {
    auto f = make("ek.cert.present", Status::Fail,
                  others.size() == 1 ? others[0]->blob.source + " is not an EK certificate (" + others[0]->ek_basis + ")"
                                     : "none of the " + std::to_string(others.size()) + " certificates is an EK certificate");
    for (const auto* c : others) note(f, c->blob.source + ": not an EK certificate (" + c->ek_basis + ")");
    f.explanation = "The attestation service needs the certificate of the TPM's endorsement key; a signing-key, AIK or "
                    "CA certificate does not identify the TPM.";
    f.fix.text = "Give the EK certificate: tpmready ekcert --tpm auto on the device, or the registry EKCertStore "
                 "export (reg export HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement ek.reg).";
    return f;
  }
  if (!e.tpm_queried && !e.registry_queried && a.certificates.empty()) {
    return make("ek.cert.present", Status::Unknown, "no EK certificate source was searched (no TPM, registry or file)");
  }
  if (is_firmware_tpm(e)) {
    auto f = make("ek.cert.present", Status::Warn,
                  "no EK certificate on the device; this firmware TPM's certificate is fetched online (see ek.cert.online)");
    f.fix.text = "Allow HTTPS to the vendor EK certificate service during OOBE.";
    cite(f, "facts/windows.md §6");
    return f;
  }
  // An EK certificate index that is defined but could not be read (a TPM error, or a password
  // tpmready will not guess: tpm/da_safety.h) is not evidence that the certificate is missing.
  std::vector<std::string> unread;
  for (const auto& err : e.errors) {
    if (err.rfind("nv:", 0) == 0) unread.push_back(err);
  }
  if (!unread.empty()) {
    auto f = make("ek.cert.present", Status::Unknown, "a TPM index that holds EK certificates could not be read");
    for (auto& u : unread) note(f, std::move(u));
    return f;
  }
  auto f = make("ek.cert.present", Status::Fail, "no usable EK certificate found");
  if (e.tpm_queried) note(f, "TPM NV: none of 0x01C00002, 0x01C0000A, 0x01C00012-0x01C0001E holds one");
  if (e.registry_queried) note(f, "registry EKCertStore: no certificate");
  for (const auto& c : a.certificates) {
    if (!c.cert) note(f, c.blob.source + ": not decodable: " + c.decode_error);
  }
  f.explanation = "Without an EK certificate the AIK service cannot verify the TPM; attestation fails (0x81039001).";
  f.fix.text = "Update the TPM/platform firmware from the OEM so the EK certificate is provisioned, or contact the OEM.";
  return f;
}

Finding check_matches_ek(const EkCertEvidence& e, const EkCertAnalysis& a) {
  const AnalyzedCert* s = selected(a);
  if (!s) return make("ek.cert.matches_ek", Status::NotApplicable, "no EK certificate");
  if (!s->matches_ek) {
    const bool rsa = s->cert->public_key && s->cert->public_key->algorithm == PublicKey::Algorithm::Rsa;
    const auto& fact = rsa ? e.ek_rsa : e.ek_ecc;
    return make("ek.cert.matches_ek", Status::Unknown,
                "EK public key unknown: " + fact.unknown_reason.value_or("TPM not read"));
  }
  if (*s->matches_ek) {
    auto f = make("ek.cert.matches_ek", Status::Pass, s->blob.source + " certifies the persisted EK");
    return f;
  }
  auto f = make("ek.cert.matches_ek", Status::Fail,
                "the certificate at " + s->blob.source + " does not certify the persisted EK");
  f.explanation = "A certificate for a different key than the EK cannot be used for attestation: the persisted EK is "
                  "not the certified one.";
  cite(f, "facts/tcg.md §3.5 (matching EK cert to EK public key)");
  f.fix.text = "Clear the TPM so Windows re-creates the default EK from the template, or have the OEM re-provision the "
          "EK certificate.";
  return f;
}

Finding check_service_compatible(const EkCertEvidence& e, const EkCertAnalysis& a) {
  (void)e;
  const AnalyzedCert* s = selected(a);
  if (!s) return make("ek.cert.service_compatible", Status::NotApplicable, "no EK certificate");
  const Certificate& c = *s->cert;
  if (!c.public_key) return make("ek.cert.service_compatible", Status::Unknown, "EK certificate key not decoded");
  const PublicKey& k = *c.public_key;
  const bool key_ok = (k.algorithm == PublicKey::Algorithm::Rsa && k.bits() == 2048) ||
                      (k.algorithm == PublicKey::Algorithm::Ecc && k.curve == "P-256");
  const bool hash_ok = c.signature_hash == static_cast<std::uint16_t>(crypto::HashAlg::Sha256) ||
                       c.signature_hash == static_cast<std::uint16_t>(crypto::HashAlg::Sha1);
  const std::string what = key_text(k) + " key, " + c.signature_algorithm + " signature, at " + s->blob.source;
  Finding f;
  if (key_ok && hash_ok) {
    f = make("ek.cert.service_compatible", Status::Pass, "Windows presents the " + what);
    if (s->blob.nv_index && !low_range(*s->blob.nv_index)) {
      f.status = Status::Warn;
      f.summary += " (high range: Windows creates its EK from the low-range template)";
    }
  } else {
    f = make("ek.cert.service_compatible", Status::Fail, "the EK certificate Windows presents has an " + what);
    f.explanation =
        "The Microsoft AIK service rejects EK certificates with an RSA-3072 key and/or a SHA-384 signature: "
        "`certreq -enrollaik` fails with \"Client challenge cannot be created due to failure in EncryptSecret\", "
        "HTTP 400 Bad Request (0x80190190), and Autopilot TPM attestation fails with 0x81039001.";
    cite(f, "facts/windows.md §11; seed 003 (Lenovo X1 Carbon Gen 13, STMicro TPM, high-range RSA-3072 EK)");
    f.fix.text = "Install the OEM firmware/TPM update that provisions a low-range RSA-2048 EK certificate (NV 0x01C00002, "
            "SHA-256 signed); until then this device cannot use Autopilot self-deploying / pre-provisioning.";
  }
  note(f, "selected " + s->blob.source + ": " + a.selection_reason);
  for (std::size_t i = 0; i < a.certificates.size(); ++i) {
    const auto& o = a.certificates[i];
    if (a.selected && i == *a.selected) continue;
    if (!o.cert || !o.cert->public_key) continue;
    note(f, "not used by Windows: " + key_text(*o.cert->public_key) + " / " + o.cert->signature_algorithm +
                         " at " + o.blob.source);
  }
  return f;
}

Finding check_valid_dates(const EkCertAnalysis& a, std::int64_t now) {
  const AnalyzedCert* s = selected(a);
  if (!s) return make("ek.cert.valid_dates", Status::NotApplicable, "no EK certificate");
  const Certificate& c = *s->cert;
  const std::string range = utc_rfc3339(c.not_before) + " .. " + utc_rfc3339(c.not_after);
  Finding f;
  if (now < c.not_before) {
    f = make("ek.cert.valid_dates", Status::Fail, "EK certificate not yet valid (" + range + ")");
    f.fix.text = "Check the system clock (BIOS time); if it is right, the certificate is unusable until " + utc_rfc3339(c.not_before) + ".";
  } else if (now > c.not_after) {
    f = make("ek.cert.valid_dates", Status::Fail, "EK certificate expired on " + utc_rfc3339(c.not_after));
    f.explanation = "Certificate path validation rejects an expired certificate.";
    cite(f, "RFC 5280 §6.1.3");
    f.fix.text = "Check the system clock; if it is right, ask the OEM/TPM vendor for a re-provisioned EK certificate.";
  } else {
    f = make("ek.cert.valid_dates", Status::Pass, "valid " + range);
  }
  note(f, "system clock " + utc_rfc3339(now) + " (the TPM clock is not a calendar time and is not used)");
  return f;
}

Finding check_chain(const EkCertAnalysis& a) {
  const AnalyzedCert* s = selected(a);
  if (!s || !s->chain) return make("ek.cert.chain", Status::NotApplicable, "no EK certificate");
  const ChainResult& r = *s->chain;
  Finding f = make("ek.cert.chain", Status::Pass, std::string(chain_status_name(r.status)) + ": " + r.detail);
  for (const auto& l : r.path) note(f, l.subject + " [" + l.origin + "]");
  switch (r.status) {
    case ChainStatus::Verified: break;
    case ChainStatus::Incomplete:
      f.status = Status::Warn;
      f.fix.text = r.aia_urls.empty() ? "Add the issuing CA certificate with --ca-store."
                                 : "Add the issuing CA certificate (" + r.aia_urls.front() + ") with --ca-store.";
      break;
    case ChainStatus::Untrusted:
      f.status = Status::Warn;
      f.fix.text = "The chain ends at " + r.missing_issuer + ", which is not a known TPM vendor CA; check it is in "
              "Microsoft's TrustedTpm.cab.";
      cite(f, "facts/windows.md §13");
      break;
    case ChainStatus::BadSignature:
      f.status = Status::Fail;
      f.explanation = "A certificate whose signature does not verify cannot be trusted by the AIK service.";
      f.fix.text = "The EK certificate is corrupt or forged; re-read it from the TPM and contact the OEM.";
      break;
  }
  return f;
}

Finding check_profile(const EkCertEvidence& e, const EkCertAnalysis& a) {
  const AnalyzedCert* s = selected(a);
  if (!s) return make("ek.cert.profile", Status::NotApplicable, "no EK certificate");
  const Certificate& c = *s->cert;
  std::vector<std::string> issues;  // facts/tcg.md §3.5 (EKCP §3.2, GA ToEKCertificate)
  bool has_eku = false;
  for (const auto& o : c.ext_key_usage) has_eku |= o == oid::kEkCertificateKp;
  if (!c.ext_key_usage.empty() && !has_eku) issues.push_back("extended key usage lacks tcg-kp-EKCertificate 2.23.133.8.1");
  if (!c.tpm_san) issues.push_back("no SAN directoryName with TPM manufacturer/model/version (2.23.133.2.1/2/3)");
  if (c.subject.empty() && !c.san_critical) issues.push_back("subject is empty but the SAN is not critical");
  if (c.basic_constraints_ca == true) issues.push_back("basic constraints say cA=TRUE");
  if (c.public_key && c.key_usage) {
    const bool rsa = c.public_key->algorithm == PublicKey::Algorithm::Rsa;
    const std::uint16_t need = rsa ? 1u << 2 : 1u << 4;  // keyEncipherment / keyAgreement
    if ((*c.key_usage & need) == 0) issues.push_back(rsa ? "key usage lacks keyEncipherment" : "key usage lacks keyAgreement");
  }
  for (const auto& p : c.problems) issues.push_back("not decoded: " + p.what);
  bool mismatch = false;
  if (c.tpm_san && e.manufacturer.has_value()) {
    const std::string want = "id:" + to_hex_upper(Bytes{static_cast<std::uint8_t>(*e.manufacturer.value >> 24),
                                                        static_cast<std::uint8_t>(*e.manufacturer.value >> 16),
                                                        static_cast<std::uint8_t>(*e.manufacturer.value >> 8),
                                                        static_cast<std::uint8_t>(*e.manufacturer.value)});
    if (c.tpm_san->manufacturer != want) {
      mismatch = true;
      issues.push_back("SAN TPM manufacturer " + c.tpm_san->manufacturer + " differs from the TPM's " + want);
    }
  }
  Finding f = make("ek.cert.profile", issues.empty() ? Status::Pass : Status::Warn,
                   issues.empty() ? "follows the TCG EK credential profile" : std::to_string(issues.size()) + " profile deviation(s)");
  for (const auto& i : issues) note(f, i);
  if (c.tpm_san) {
    note(f, "SAN manufacturer=" + c.tpm_san->manufacturer + " model=" + c.tpm_san->model +
                         " version=" + c.tpm_san->version);
  }
  if (mismatch) f.fix.text = "The certificate was issued for another TPM vendor; it does not belong to this TPM.";
  return f;
}

Finding check_online(const EkCertEvidence& e, const EkCertAnalysis& a) {
  if (!e.manufacturer.has_value()) return make("ek.cert.online", Status::Unknown, "TPM manufacturer unknown");
  if (!is_firmware_tpm(e)) return make("ek.cert.online", Status::NotApplicable, "not an Intel/AMD firmware TPM");
  if (has_nv_cert(a)) return make("ek.cert.online", Status::NotApplicable, "EK certificate is stored in NV");
  const auto& ek = e.ek_rsa.has_value() ? e.ek_rsa : e.ek_ecc;
  if (!ek.has_value()) return make("ek.cert.online", Status::Unknown, "EK public key unknown: URL cannot be computed");
  auto url = online_ek_url(*e.manufacturer.value, ek.value->key);
  if (!url) return make("ek.cert.online", Status::Unknown, "URL cannot be computed for this EK (non-default exponent)");
  for (const auto& c : a.certificates) {
    if (c.blob.source != "online:" + *url) continue;
    Finding f = make("ek.cert.online", Status::Pass, "fetched this TPM's EK certificate from " + *url);
    note(f, "source online:" + *url + "; ek.cert.matches_ek and ek.cert.chain check it");
    return f;
  }
  for (const auto& err : e.errors) {
    if (err.rfind("online:", 0) != 0) continue;  // collection error of the --online fetch
    Finding f = make("ek.cert.online", Status::Fail, "could not fetch this TPM's EK certificate from " + *url);
    note(f, err.substr(7));
    f.explanation = "Windows downloads a firmware TPM's EK certificate from the vendor during provisioning; "
                    "without it the AIK service cannot verify the TPM.";
    cite(f, "facts/windows.md §6");
    f.fix.text = "Allow HTTPS to " + *url + " (proxy/firewall); if the service answers 404 it has no certificate for "
            "this EK: contact the OEM.";
    return f;
  }
  Finding f = make("ek.cert.online", Status::Warn, "Windows downloads this TPM's EK certificate from " + *url);
  note(f, "computed from the EK public key; not fetched (use --online)");
  f.fix.text = "Make sure the device reaches " + *url + " over HTTPS during OOBE.";
  cite(f, "facts/tcg.md §4 (the URL from the EK public key); facts/windows.md §6");
  return f;
}

Finding check_ek_template(const EkCertEvidence& e) {
  if (!e.tpm_queried) return make("ek.template", Status::Unknown, "TPM not read");
  if (!e.ek_rsa.has_value()) {
    Finding f = make("ek.template", Status::Warn,
                     "no EK persisted at 0x81010001: " + e.ek_rsa.unknown_reason.value_or("not present"));
    f.explanation = "Windows creates the EK and persists it at 0x81010001 during TPM provisioning.";
    cite(f, "facts/tcg.md §3.2");
    f.fix.text = "Let Windows provision the TPM (the Tpm-Maintenance task creates and persists the EK).";
    return f;
  }
  const EkObject& ek = *e.ek_rsa.value;
  if (ek.handle == 0) {  // --derive-ek: made from the default template, so its shape says nothing
    Finding f = make("ek.template", Status::Warn, "no EK persisted at 0x81010001; certificates were matched "
                                                         "against an EK derived transiently from the default template");
    note(f, e.ek_rsa.source);
    f.explanation = "Windows creates the EK and persists it at 0x81010001 during TPM provisioning.";
    cite(f, "facts/tcg.md §3.2");
    f.fix.text = "Let Windows provision the TPM (the Tpm-Maintenance task creates and persists the EK).";
    return f;
  }
  // facts/tcg.md §3.4: L-1 = RSA-2048, SHA-256, 0x000300B2, PolicyA; H-6 = RSA-3072, SHA-384, 0x000300F2.
  Bytes policy_a;
  from_hex("837197674484B3F81A90CC8D46A5D724FD52D76E06520B64F2A1DA1B331469AA", policy_a);
  const std::string shape = key_text(ek.key) + ", attributes " + hex32(ek.object_attributes) + ", nameAlg " +
                            hex_short(ek.name_alg);
  if (ek.key.bits() == 2048 && ek.object_attributes == 0x000300B2u && ek.auth_policy == policy_a && ek.name_alg == 0x000B) {
    return make("ek.template", Status::Pass, "EK 0x81010001 has the default low-range template L-1 (" + shape + ")");
  }
  if (ek.key.bits() == 3072) {
    Finding f = make("ek.template", Status::Fail, "EK 0x81010001 is a high-range RSA-3072 EK (" + shape + ")");
    f.explanation = "An RSA-3072 EK is rejected by the Microsoft AIK service (0x80190190, then 0x81039001).";
    cite(f, "facts/windows.md §11");
    f.fix.text = "Install the OEM firmware/TPM update that provisions an RSA-2048 EK, then clear the TPM so Windows re-creates it.";
    return f;
  }
  Finding f = make("ek.template", Status::Warn, "EK 0x81010001 is not the default low-range EK (" + shape + ")");
  f.explanation = "A non-template key at 0x81010001 cannot be certified by the EK certificate.";
  cite(f, "facts/tcg.md §3.3");
  return f;
}

}  // namespace tpmready::rules::ek
