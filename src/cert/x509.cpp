// Certificate / TBSCertificate structure (RFC 5280 §4.1) and SubjectPublicKeyInfo.
#include "cert/x509.h"

#include "cert/ek_role.h"
#include "cert/oids.h"
#include "cert/x509_internal.h"

namespace tpmready::cert {
namespace {

// facts/tcg.md §3.1 "NV cert wrapping": some TPMs keep `10 01 00` + UINT16 length in front of the
// DER; the HIRS STM capture (corpus hirs-stm-nuc1-ek_cert_untouched.nvbin) then has `10 02`
// (full-certificate tag) before the DER, 7 bytes in all.
std::size_t nv_header_length(ByteSpan in) {
  if (in.size() < 5 || in[0] != 0x10 || in[1] != 0x01 || in[2] != 0x00) return 0;
  if (in.size() >= 7 && in[5] == 0x10 && in[6] == 0x02) return 7;
  return 5;
}

Result<der::Tlv> algorithm_identifier(ByteReader& r, std::string_view field, std::string& oid_out) {
  auto seq = TRY(der::read(r, der::kSequence, field));
  ByteReader ar = seq.reader();
  oid_out = TRY(der::read_oid(ar, field));
  return seq;
}

Status parse_tbs(const der::Tlv& tbs, Certificate& c) {
  ByteReader r = tbs.reader();
  if (der::peek_tag(r) == 0xA0) {  // [0] EXPLICIT Version DEFAULT v1
    auto v = TRY(der::read_any(r, "version"));
    ByteReader vr = v.reader();
    auto v0 = TRY(der::read_uint(vr, "version"));
    c.version = static_cast<unsigned>(v0 + 1);
  }
  auto serial = TRY(der::read(r, der::kInteger, "serialNumber"));
  c.serial.assign(serial.content.begin(), serial.content.end());
  std::string inner_sig;
  TRY(algorithm_identifier(r, "signature", inner_sig));
  auto issuer = TRY(der::read(r, der::kSequence, "issuer"));
  c.issuer = TRY(detail::parse_name(issuer, "issuer"));
  auto validity = TRY(der::read(r, der::kSequence, "validity"));
  ByteReader vr = validity.reader();
  auto nb = TRY(der::read_any(vr, "notBefore"));
  c.not_before = TRY(detail::parse_time(nb, "notBefore"));
  auto na = TRY(der::read_any(vr, "notAfter"));
  c.not_after = TRY(detail::parse_time(na, "notAfter"));
  auto subject = TRY(der::read(r, der::kSequence, "subject"));
  c.subject = TRY(detail::parse_name(subject, "subject"));
  auto spki = TRY(der::read(r, der::kSequence, "subjectPublicKeyInfo"));
  TRY(detail::parse_spki(spki, c));
  while (!r.empty()) {
    auto field = TRY(der::read_any(r, "TBSCertificate field"));
    if (!field.is_context(3)) continue;  // [1]/[2] unique identifiers: not used for EK certs
    ByteReader er = field.reader();
    auto exts = TRY(der::read(er, der::kSequence, "extensions"));
    ByteReader xr = exts.reader();
    while (!xr.empty()) {
      auto ext = TRY(der::read(xr, der::kSequence, "Extension"));
      ByteReader e = ext.reader();
      Extension x;
      x.offset = ext.offset;
      x.oid = TRY(der::read_oid(e, "extnID"));
      if (der::peek_tag(e) == der::kBoolean) {
        auto b = TRY(der::read_any(e, "critical"));
        x.critical = !b.content.empty() && b.content[0] != 0;
      }
      auto value = TRY(der::read(e, der::kOctetString, "extnValue"));
      x.value.assign(value.content.begin(), value.content.end());
      x.offset = value.content_offset;
      c.extensions.push_back(std::move(x));
    }
  }
  return ok_status();
}

}  // namespace

namespace detail {

Status parse_spki(const der::Tlv& spki, Certificate& c) {
  c.spki_der.assign(spki.whole.begin(), spki.whole.end());
  ByteReader r = spki.reader();
  auto alg = TRY(der::read(r, der::kSequence, "SubjectPublicKeyInfo.algorithm"));
  ByteReader ar = alg.reader();
  c.spki_algorithm_oid = TRY(der::read_oid(ar, "algorithm"));
  auto bits_tlv = TRY(der::read(r, der::kBitString, "subjectPublicKey"));
  auto bits = TRY(der::bit_string_bytes(bits_tlv, "subjectPublicKey"));
  const std::size_t key_offset = spki.content_offset;
  if (c.spki_algorithm_oid == oid::kRsaEncryption || c.spki_algorithm_oid == oid::kRsaesOaep) {
    // RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER } (RFC 8017 A.1.1);
    // the OAEP OID carries the same structure (facts/tcg.md §3.5 pitfall).
    ByteReader kr(bits, key_offset);
    auto seq = TRY(der::read(kr, der::kSequence, "RSAPublicKey"));
    ByteReader sr = seq.reader();
    auto n = TRY(der::read(sr, der::kInteger, "modulus"));
    auto e = TRY(der::read(sr, der::kInteger, "publicExponent"));
    PublicKey k;
    k.algorithm = PublicKey::Algorithm::Rsa;
    auto mag = der::unsigned_magnitude(n.content);
    k.modulus.assign(mag.begin(), mag.end());
    auto exp = TRY(der::small_uint(e, "publicExponent"));
    if (exp > 0xFFFFFFFFu) return e.reader().error_here("publicExponent", "exponent wider than 32 bits");
    k.exponent = static_cast<std::uint32_t>(exp);
    c.public_key = std::move(k);
  } else if (c.spki_algorithm_oid == oid::kEcPublicKey) {
    auto curve_oid = TRY(der::read_oid(ar, "namedCurve"));
    auto curve = oid::curve_name(curve_oid);
    if (!curve) {
      c.problems.push_back({"EC curve " + curve_oid + " not decoded"});
      return ok_status();
    }
    // ECPoint: uncompressed 04 || X || Y (SEC 1 §2.3.3); compressed points are not decoded.
    if (bits.empty() || bits[0] != 0x04 || bits.size() % 2 != 1) {
      c.problems.push_back({"EC point is not an uncompressed point"});
      return ok_status();
    }
    const std::size_t half = (bits.size() - 1) / 2;
    PublicKey k;
    k.algorithm = PublicKey::Algorithm::Ecc;
    k.curve = *curve;
    k.x.assign(bits.begin() + 1, bits.begin() + 1 + static_cast<std::ptrdiff_t>(half));
    k.y.assign(bits.begin() + 1 + static_cast<std::ptrdiff_t>(half), bits.end());
    c.public_key = std::move(k);
  } else {
    c.problems.push_back({"public key algorithm " + c.spki_algorithm_oid + " not decoded"});
  }
  return ok_status();
}

}  // namespace detail

namespace {

Result<Certificate> parse_x509(ByteSpan input) {
  if (input.empty()) return make_error(ErrorKind::Parse, "@0x0: Certificate: empty input");
  Certificate c;
  c.input_offset = nv_header_length(input);
  ByteReader r(input.subspan(c.input_offset), c.input_offset);
  auto cert = TRY(der::read(r, der::kSequence, "Certificate"));
  c.trailing_bytes = r.remaining();  // NV padding (0xff / 0x00) after the DER
  c.der.assign(cert.whole.begin(), cert.whole.end());
  ByteReader cr = cert.reader();
  auto tbs = TRY(der::read(cr, der::kSequence, "tbsCertificate"));
  c.tbs.assign(tbs.whole.begin(), tbs.whole.end());
  TRY(algorithm_identifier(cr, "signatureAlgorithm", c.signature_oid));
  auto sig_tlv = TRY(der::read(cr, der::kBitString, "signatureValue"));
  auto sig = TRY(der::bit_string_bytes(sig_tlv, "signatureValue"));
  c.signature.assign(sig.begin(), sig.end());
  if (const auto* s = oid::signature_algorithm(c.signature_oid)) {
    c.signature_algorithm = std::string(s->long_name);
    c.signature_hash = s->hash_alg;
    c.signature_ecdsa = s->ecdsa;
  } else {
    c.signature_algorithm = c.signature_oid;
  }
  TRY(parse_tbs(tbs, c));
  detail::decode_extensions(c);
  return c;
}

}  // namespace

Result<Certificate> parse_certificate(ByteSpan input) {
  auto c = parse_x509(input);
  // A TCG platform certificate is an attribute certificate: it fails as X.509 at its Holder, with an
  // offset that says nothing to the user. Name what it is instead.
  if (!c.ok()) {
    if (auto kind = attribute_certificate_kind(input)) {
      return make_error(ErrorKind::Parse, *kind + ", not an X.509 EK certificate");
    }
  }
  return c;
}

Result<PublicKey> parse_public_key_info(ByteSpan spki_der) {
  ByteReader r(spki_der);
  auto spki = TRY(der::read(r, der::kSequence, "SubjectPublicKeyInfo"));
  Certificate c;
  TRY(detail::parse_spki(spki, c));
  if (!c.public_key) return make_error(ErrorKind::Unsupported, c.problems.empty() ? "key not decoded" : c.problems.front().what);
  return *c.public_key;
}

const Extension* Certificate::find_extension(std::string_view o) const {
  for (const auto& e : extensions) {
    if (e.oid == o) return &e;
  }
  return nullptr;
}

std::string Certificate::serial_hex() const {
  // As OpenSSL prints it: the magnitude without 0x00 sign padding (zero-padded Nuvoton serials
  // and positive serials with the top bit set both carry one). Negative serials keep their bytes.
  ByteSpan s(serial);
  while (s.size() > 1 && s[0] == 0) s = s.subspan(1);
  std::string out;
  for (std::uint8_t b : s) {
    if (!out.empty()) out += ":";
    out += to_hex(ByteSpan(&b, 1));
  }
  return out;
}

std::vector<std::string> Certificate::key_usage_names() const {
  // RFC 5280 §4.2.1.3 bit order; names as OpenSSL's v3_bitst.c prints them.
  static const char* const kNames[] = {"Digital Signature", "Non Repudiation", "Key Encipherment",
                                       "Data Encipherment", "Key Agreement",   "Certificate Sign",
                                       "CRL Sign",          "Encipher Only",   "Decipher Only"};
  std::vector<std::string> out;
  if (!key_usage) return out;
  for (unsigned i = 0; i < 9; ++i) {
    if (*key_usage & (1u << i)) out.emplace_back(kNames[i]);
  }
  return out;
}

}  // namespace tpmready::cert
