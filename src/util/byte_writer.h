#pragma once
/// Appends big-endian TPM marshaled values (and little-endian ones, for tests that build
/// event logs) to a growing buffer.
#include <cstdint>

#include "util/bytes.h"

namespace tpmready {

class ByteWriter {
 public:
  ByteWriter& u8(std::uint8_t v);
  ByteWriter& u16be(std::uint16_t v);
  ByteWriter& u32be(std::uint32_t v);
  ByteWriter& u64be(std::uint64_t v);
  ByteWriter& u16le(std::uint16_t v);
  ByteWriter& u32le(std::uint32_t v);
  ByteWriter& u64le(std::uint64_t v);
  ByteWriter& bytes(ByteSpan data);
  /// TPM2B_*: UINT16 big-endian size then the bytes. Caller keeps data.size() <= 0xFFFF.
  ByteWriter& tpm2b(ByteSpan data);
  /// Overwrites a UINT32 big-endian at `offset` (used to patch commandSize).
  void patch_u32be(std::size_t offset, std::uint32_t v);

  std::size_t size() const { return out_.size(); }
  const Bytes& data() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  Bytes out_;
};

}  // namespace tpmready
