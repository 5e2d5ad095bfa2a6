#include "cert/der.h"

#include "util/utf8.h"

namespace tpmready::der {
namespace {

// X.690 §8.1.2.4: high tag number form, base-128 with continuation bit.
Result<std::uint32_t> read_high_tag_number(ByteReader& r, std::string_view field) {
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) {
    auto b = TRY(r.u8(field));
    n = (n << 7) | (b & 0x7F);
    if ((b & 0x80) == 0) return n;
  }
  return r.error_here(field, "tag number longer than 4 octets");
}

// X.690 §8.1.3: short form < 0x80, long form 0x81..0x84 (wider is refused: no EK certificate
// is near 4 GiB), 0x80 = indefinite (BER only, not allowed in DER).
Result<std::size_t> read_length(ByteReader& r, std::string_view field) {
  const std::size_t at = r.offset();
  auto first = TRY(r.u8(field));
  if (first < 0x80) return static_cast<std::size_t>(first);
  if (first == 0x80) {
    return ByteReader(ByteSpan{}, at).error_here(field, "indefinite length (BER) is not allowed in DER");
  }
  const unsigned count = first & 0x7F;
  if (count > 4) {
    return ByteReader(ByteSpan{}, at).error_here(field, "length field of " + std::to_string(count) + " octets");
  }
  std::size_t len = 0;
  for (unsigned i = 0; i < count; ++i) len = (len << 8) | TRY(r.u8(field));
  return len;
}

}  // namespace

Result<Tlv> read_any(ByteReader& r, std::string_view field) {
  ByteReader probe = r;  // position moves only on success
  Tlv t;
  t.offset = probe.offset();
  const std::size_t start = probe.position();
  t.tag = TRY(probe.u8(field));
  t.number = t.tag & 0x1F;
  if (t.number == 0x1F) t.number = TRY(read_high_tag_number(probe, field));
  const std::size_t len = TRY(read_length(probe, field));
  if (probe.remaining() < len) {
    return probe.error_here(field, "length " + std::to_string(len) + " > remaining " +
                                       std::to_string(probe.remaining()));
  }
  t.content_offset = probe.offset();
  t.content = TRY(probe.bytes(len, field));
  t.whole = r.rest().subspan(0, probe.position() - start);
  r = probe;
  return t;
}

Result<Tlv> read(ByteReader& r, std::uint8_t tag, std::string_view field) {
  if (r.empty()) return r.error_here(field, "missing (no bytes left)");
  const std::uint8_t got = r.rest()[0];
  if (got != tag) {
    return r.error_here(field, "expected tag " + hex_short(tag) + ", got " + hex_short(got));
  }
  return read_any(r, field);
}

std::uint8_t peek_tag(const ByteReader& r) { return r.empty() ? 0 : r.rest()[0]; }

Result<std::string> oid_text(const Tlv& oid, std::string_view field) {
  if (oid.tag != kOid) return oid.reader().error_here(field, "not an OBJECT IDENTIFIER");
  if (oid.content.empty()) return oid.reader().error_here(field, "empty OBJECT IDENTIFIER");
  std::string out;
  std::uint64_t arc = 0;
  bool first = true;
  unsigned septets = 0;
  for (std::uint8_t b : oid.content) {
    if (++septets > 9) return oid.reader().error_here(field, "OID arc too large");
    arc = (arc << 7) | (b & 0x7F);
    if (b & 0x80) continue;
    if (first) {  // X.690 §8.19.4: first subidentifier = 40 * X + Y
      const std::uint64_t x = arc < 40 ? 0 : (arc < 80 ? 1 : 2);
      out.append(std::to_string(x)).append(".").append(std::to_string(arc - 40 * x));
      first = false;
    } else {
      out.push_back('.');
      out.append(std::to_string(arc));
    }
    arc = 0;
    septets = 0;
  }
  if (septets != 0) return oid.reader().error_here(field, "OID ends inside a subidentifier");
  return out;
}

Result<std::string> read_oid(ByteReader& r, std::string_view field) {
  auto t = TRY(read(r, kOid, field));
  return oid_text(t, field);
}

Result<std::uint64_t> read_uint(ByteReader& r, std::string_view field) {
  auto t = TRY(read(r, kInteger, field));
  return small_uint(t, field);
}

Result<std::uint64_t> small_uint(const Tlv& integer, std::string_view field) {
  if (integer.tag != kInteger) return integer.reader().error_here(field, "not an INTEGER");
  if (integer.content.empty()) return integer.reader().error_here(field, "empty INTEGER");
  if (integer.content[0] & 0x80) return integer.reader().error_here(field, "negative INTEGER");
  ByteSpan mag = unsigned_magnitude(integer.content);
  if (mag.size() > 8) return integer.reader().error_here(field, "INTEGER wider than 64 bits");
  std::uint64_t v = 0;
  for (std::uint8_t b : mag) v = (v << 8) | b;
  return v;
}

ByteSpan unsigned_magnitude(ByteSpan c) {
  std::size_t i = 0;
  while (i < c.size() && c[i] == 0) ++i;
  return c.subspan(i);
}

Result<ByteSpan> bit_string_bytes(const Tlv& bits, std::string_view field) {
  if (bits.tag != kBitString) return bits.reader().error_here(field, "not a BIT STRING");
  if (bits.content.empty()) return bits.reader().error_here(field, "BIT STRING without unused-bits octet");
  if (bits.content[0] > 7) return bits.reader().error_here(field, "BIT STRING unused-bits octet > 7");
  return bits.content.subspan(1);
}

bool is_string_tag(std::uint8_t tag) {
  switch (tag) {
    case kUtf8String: case kNumericString: case kPrintableString: case kT61String: case kIa5String:
    case kVisibleString: case kUniversalString: case kBmpString:
      return true;
    default:
      return false;
  }
}

std::string string_value(const Tlv& v) {
  std::string out;
  switch (v.tag) {
    case kUtf8String: case kNumericString: case kPrintableString: case kIa5String: case kVisibleString:
      return std::string(v.content.begin(), v.content.end());
    case kT61String:  // treated as Latin-1, as OpenSSL does
      for (std::uint8_t b : v.content) append_utf8(out, b);
      return out;
    case kBmpString:  // UCS-2 big-endian; an odd trailing byte is dropped
      for (std::size_t i = 0; i + 1 < v.content.size(); i += 2) {
        append_utf8(out, static_cast<std::uint32_t>(v.content[i] << 8 | v.content[i + 1]));
      }
      return out;
    case kUniversalString:  // UCS-4 big-endian
      for (std::size_t i = 0; i + 3 < v.content.size(); i += 4) {
        append_utf8(out, static_cast<std::uint32_t>(v.content[i]) << 24 | v.content[i + 1] << 16 |
                             v.content[i + 2] << 8 | v.content[i + 3]);
      }
      return out;
    default:
      out.push_back('#');
      out.append(to_hex(v.whole));
      return out;
  }
}

}  // namespace tpmready::der
