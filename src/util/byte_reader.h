#pragma once
/// Bounds-checked reader over a byte span. One reader serves TPM responses (big-endian),
/// DER and TCG event logs (little-endian). Every read can fail cleanly: it returns an
/// Error naming the field and the absolute offset, and the position moves only on success.
/// Bounds are checked as `remaining() < n`, which cannot overflow.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

class ByteReader {
 public:
  /// `base_offset` is added to positions in error messages, so a sub-reader reports
  /// offsets relative to the outermost buffer.
  explicit ByteReader(ByteSpan data, std::size_t base_offset = 0) : data_(data), base_(base_offset) {}

  std::size_t offset() const { return base_ + pos_; }  ///< absolute offset of the next byte
  std::size_t position() const { return pos_; }         ///< offset within this reader
  std::size_t remaining() const { return data_.size() - pos_; }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return remaining() == 0; }
  ByteSpan rest() const { return data_.subspan(pos_); }
  ByteSpan all() const { return data_; }

  Result<std::uint8_t> u8(std::string_view field);
  Result<std::uint16_t> u16be(std::string_view field);
  Result<std::uint32_t> u32be(std::string_view field);
  Result<std::uint64_t> u64be(std::string_view field);
  Result<std::uint16_t> u16le(std::string_view field);
  Result<std::uint32_t> u32le(std::string_view field);
  Result<std::uint64_t> u64le(std::string_view field);

  /// The next n bytes (a view into the buffer, no copy).
  Result<ByteSpan> bytes(std::size_t n, std::string_view field);
  Status skip(std::size_t n, std::string_view field);

  /// A sub-reader over the next n bytes; this reader moves past them.
  Result<ByteReader> sub(std::size_t n, std::string_view field);
  /// TPM2B_*: UINT16 big-endian size, then that many bytes, as a sub-reader.
  Result<ByteReader> sized_u16be(std::string_view field);
  /// UINT32 big-endian size, then that many bytes.
  Result<ByteReader> sized_u32be(std::string_view field);
  /// TPM2B_* contents copied out.
  Result<Bytes> tpm2b(std::string_view field);

  /// An Error of kind Parse at the current offset: "@0x1a: field: message".
  Error error_here(std::string_view field, std::string_view message) const;

 private:
  Status need(std::size_t n, std::string_view field) const;

  ByteSpan data_;
  std::size_t base_;
  std::size_t pos_ = 0;
};

}  // namespace tpmready
