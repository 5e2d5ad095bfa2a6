#pragma once
/// Tolerant DER (ITU-T X.690) TLV reader for EK certificates.
///
/// "Tolerant" means: non-minimal long-form lengths, odd string types and negative or zero-padded
/// INTEGERs are accepted; what is never accepted is a length that runs past its parent, an
/// indefinite length (0x80, BER only) or a length field wider than 4 bytes. Every error names
/// the field and the absolute byte offset, via ByteReader.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/byte_reader.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::der {

/// Universal tags (X.690 §8) used by X.509.
enum Tag : std::uint8_t {
  kBoolean = 0x01,
  kInteger = 0x02,
  kBitString = 0x03,
  kOctetString = 0x04,
  kNull = 0x05,
  kOid = 0x06,
  kUtf8String = 0x0C,
  kSequence = 0x30,  ///< constructed SEQUENCE as it appears on the wire
  kSet = 0x31,
  kNumericString = 0x12,
  kPrintableString = 0x13,
  kT61String = 0x14,
  kIa5String = 0x16,
  kUtcTime = 0x17,
  kGeneralizedTime = 0x18,
  kVisibleString = 0x1A,
  kUniversalString = 0x1C,
  kBmpString = 0x1E,
};

/// One TLV. `tag` is the identifier octet for low tag numbers (the common case, e.g. 0x30,
/// 0xA0); high tag numbers (>= 31) keep class/constructed bits with number in `number`.
struct Tlv {
  std::uint8_t tag = 0;          ///< first identifier octet
  std::uint32_t number = 0;      ///< tag number (low or high form)
  ByteSpan content;              ///< value bytes
  ByteSpan whole;                ///< identifier + length + value
  std::size_t offset = 0;        ///< absolute offset of the identifier octet
  std::size_t content_offset = 0;///< absolute offset of the first value byte

  bool constructed() const { return (tag & 0x20) != 0; }
  std::uint8_t tag_class() const { return tag >> 6; }  ///< 0 universal, 2 context
  bool is_context(std::uint32_t n) const { return tag_class() == 2 && number == n; }
  /// A reader over the value bytes that reports absolute offsets.
  ByteReader reader() const { return ByteReader(content, content_offset); }
};

/// Reads the next TLV from `r` (any tag).
Result<Tlv> read_any(ByteReader& r, std::string_view field);
/// Reads the next TLV and requires its identifier octet to be `tag`.
Result<Tlv> read(ByteReader& r, std::uint8_t tag, std::string_view field);
/// Peeks the identifier octet of the next TLV (0 when empty).
std::uint8_t peek_tag(const ByteReader& r);

/// Dotted OID text ("2.23.133.8.1") from OBJECT IDENTIFIER content.
Result<std::string> oid_text(const Tlv& oid, std::string_view field);
/// Reads an OBJECT IDENTIFIER TLV and returns its dotted text.
Result<std::string> read_oid(ByteReader& r, std::string_view field);
/// Reads an INTEGER TLV as unsigned 64-bit (see small_uint).
Result<std::uint64_t> read_uint(ByteReader& r, std::string_view field);
/// INTEGER content as unsigned 64-bit; fails for negative or wider values.
Result<std::uint64_t> small_uint(const Tlv& integer, std::string_view field);
/// INTEGER magnitude bytes with leading 0x00 sign padding removed (RSA modulus etc.).
ByteSpan unsigned_magnitude(ByteSpan integer_content);
/// BIT STRING content without the unused-bits octet; fails when the octet is > 7.
Result<ByteSpan> bit_string_bytes(const Tlv& bits, std::string_view field);
/// A string-typed value (UTF8, Printable, IA5, T61, BMP, Universal, ...) as UTF-8.
/// Unknown types are returned as "#<hex of whole TLV>" (RFC 2253 §2.4 form).
std::string string_value(const Tlv& value);
/// True for the universal string tags string_value decodes as text.
bool is_string_tag(std::uint8_t tag);

}  // namespace tpmready::der
