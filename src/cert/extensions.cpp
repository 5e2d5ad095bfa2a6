// X.509 v3 extensions an EK certificate carries (facts/tcg.md §3.5, RFC 5280 §4.2).
// Each decoder works on one extnValue; a failure becomes a Problem and the others still run.
#include "cert/oids.h"
#include "cert/x509_internal.h"

namespace tpmready::cert::detail {
namespace {

ByteReader value_reader(const Extension& e) { return ByteReader(e.value, e.offset); }

// GeneralName tags (RFC 5280 §4.2.1.6, IMPLICIT tagging): [4] directoryName, [6] URI.
constexpr std::uint8_t kDirectoryName = 0xA4;
constexpr std::uint8_t kUri = 0x86;

Status subject_alt_name(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto names = TRY(der::read(r, der::kSequence, "GeneralNames"));
  ByteReader nr = names.reader();
  c.san_critical = e.critical;
  while (!nr.empty()) {
    auto gn = TRY(der::read_any(nr, "GeneralName"));
    if (gn.tag != kDirectoryName || !c.san_dirname.empty()) continue;
    ByteReader dr = gn.reader();
    auto dn_tlv = TRY(der::read(dr, der::kSequence, "directoryName"));
    Name dn = TRY(parse_name(dn_tlv, "directoryName"));
    c.san_dirname = "DirName:" + dn.oneline();
    TpmSanAttributes t{dn.find(oid::kTpmManufacturer), dn.find(oid::kTpmModel), dn.find(oid::kTpmVersion)};
    if (!t.manufacturer.empty() || !t.model.empty() || !t.version.empty()) c.tpm_san = std::move(t);
  }
  return ok_status();
}

Status ext_key_usage(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto seq = TRY(der::read(r, der::kSequence, "ExtKeyUsageSyntax"));
  ByteReader sr = seq.reader();
  while (!sr.empty()) {
    auto purpose = TRY(der::read_oid(sr, "KeyPurposeId"));
    c.ext_key_usage.push_back(std::move(purpose));
  }
  return ok_status();
}

Status key_usage(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto tlv = TRY(der::read(r, der::kBitString, "KeyUsage"));
  auto bits = TRY(der::bit_string_bytes(tlv, "KeyUsage"));
  std::uint16_t v = 0;
  for (unsigned i = 0; i < 9 && i / 8 < bits.size(); ++i) {
    if ((bits[i / 8] >> (7 - i % 8)) & 1) v = static_cast<std::uint16_t>(v | (1u << i));
  }
  c.key_usage = v;
  return ok_status();
}

Status basic_constraints(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto seq = TRY(der::read(r, der::kSequence, "BasicConstraints"));
  ByteReader sr = seq.reader();
  c.basic_constraints_ca = false;
  c.basic_constraints_critical = e.critical;
  if (der::peek_tag(sr) == der::kBoolean) {
    auto b = TRY(der::read_any(sr, "cA"));
    c.basic_constraints_ca = !b.content.empty() && b.content[0] != 0;
  }
  if (der::peek_tag(sr) == der::kInteger) c.path_len = TRY(der::read_uint(sr, "pathLen"));
  return ok_status();
}

Status authority_key_id(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto seq = TRY(der::read(r, der::kSequence, "AuthorityKeyIdentifier"));
  ByteReader sr = seq.reader();
  while (!sr.empty()) {
    auto f = TRY(der::read_any(sr, "AuthorityKeyIdentifier field"));
    if (f.tag == 0x80) c.authority_key_id.assign(f.content.begin(), f.content.end());  // [0] keyIdentifier
  }
  return ok_status();
}

Status subject_key_id(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto os = TRY(der::read(r, der::kOctetString, "SubjectKeyIdentifier"));
  c.subject_key_id.assign(os.content.begin(), os.content.end());
  return ok_status();
}

Status authority_info_access(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto seq = TRY(der::read(r, der::kSequence, "AuthorityInfoAccessSyntax"));
  ByteReader sr = seq.reader();
  while (!sr.empty()) {
    auto ad = TRY(der::read(sr, der::kSequence, "AccessDescription"));
    ByteReader ar = ad.reader();
    auto method = TRY(der::read_oid(ar, "accessMethod"));
    auto location = TRY(der::read_any(ar, "accessLocation"));
    if (location.tag != kUri) continue;
    std::string url(location.content.begin(), location.content.end());
    if (method == oid::kAdCaIssuers) c.ca_issuer_urls.push_back(std::move(url));
    if (method == oid::kAdOcsp) c.ocsp_urls.push_back(std::move(url));
  }
  return ok_status();
}

// CRLDistributionPoints nest URIs inside [0] distributionPoint / [0] fullName; collecting every
// [6] URI in the structure is enough for reporting.
Status collect_uris(ByteReader r, std::vector<std::string>& out, int depth) {
  if (depth > 8) return r.error_here("CRLDistributionPoints", "nested too deeply");
  while (!r.empty()) {
    auto t = TRY(der::read_any(r, "CRLDistributionPoints element"));
    if (t.tag == kUri) {
      out.emplace_back(t.content.begin(), t.content.end());
    } else if (t.constructed()) {
      TRY(collect_uris(t.reader(), out, depth + 1));
    }
  }
  return ok_status();
}

Status crl_distribution_points(const Extension& e, Certificate& c) {
  return collect_uris(value_reader(e), c.crl_urls, 0);
}

Status certificate_policies(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto seq = TRY(der::read(r, der::kSequence, "certificatePolicies"));
  ByteReader sr = seq.reader();
  while (!sr.empty()) {
    auto pi = TRY(der::read(sr, der::kSequence, "PolicyInformation"));
    ByteReader pr = pi.reader();
    auto policy = TRY(der::read_oid(pr, "policyIdentifier"));
    c.policies.push_back(std::move(policy));
  }
  return ok_status();
}

// TPMSpecification ::= SEQUENCE { family UTF8String, level INTEGER, revision INTEGER }
// (facts/tcg.md §3.5, GA parseTPMSpecification).
Status subject_directory_attributes(const Extension& e, Certificate& c) {
  ByteReader r = value_reader(e);
  auto seq = TRY(der::read(r, der::kSequence, "SubjectDirectoryAttributes"));
  ByteReader sr = seq.reader();
  while (!sr.empty()) {
    auto attr = TRY(der::read(sr, der::kSequence, "Attribute"));
    ByteReader ar = attr.reader();
    auto type = TRY(der::read_oid(ar, "type"));
    auto values = TRY(der::read(ar, der::kSet, "values"));
    if (type != oid::kTpmSpecification) continue;
    ByteReader vr = values.reader();
    auto spec = TRY(der::read(vr, der::kSequence, "TPMSpecification"));
    ByteReader tr = spec.reader();
    TpmSpecification s;
    auto family = TRY(der::read_any(tr, "family"));
    s.family = der::string_value(family);
    s.level = TRY(der::read_uint(tr, "level"));
    s.revision = TRY(der::read_uint(tr, "revision"));
    c.tpm_spec = std::move(s);
  }
  return ok_status();
}

struct Decoder {
  std::string_view oid;
  std::string_view name;
  Status (*decode)(const Extension&, Certificate&);
};

const Decoder kDecoders[] = {
    {oid::kSubjectAltName, "subjectAltName", subject_alt_name},
    {oid::kExtKeyUsage, "extendedKeyUsage", ext_key_usage},
    {oid::kKeyUsage, "keyUsage", key_usage},
    {oid::kBasicConstraints, "basicConstraints", basic_constraints},
    {oid::kAuthorityKeyIdentifier, "authorityKeyIdentifier", authority_key_id},
    {oid::kSubjectKeyIdentifier, "subjectKeyIdentifier", subject_key_id},
    {oid::kAuthorityInfoAccess, "authorityInfoAccess", authority_info_access},
    {oid::kCrlDistributionPoints, "crlDistributionPoints", crl_distribution_points},
    {oid::kCertificatePolicies, "certificatePolicies", certificate_policies},
    {oid::kSubjectDirectoryAttributes, "subjectDirectoryAttributes", subject_directory_attributes},
};

}  // namespace

void decode_extensions(Certificate& c) {
  for (const auto& e : c.extensions) {
    for (const auto& d : kDecoders) {
      if (d.oid != e.oid) continue;
      auto st = d.decode(e, c);
      if (!st.ok()) {
        c.problems.push_back({"extension " + e.oid + " (" + std::string(d.name) + "): " + st.error().what()});
      }
    }
  }
}

}  // namespace tpmready::cert::detail
