#include "util/byte_writer.h"

namespace tpmready {

ByteWriter& ByteWriter::u8(std::uint8_t v) {
  out_.push_back(v);
  return *this;
}
ByteWriter& ByteWriter::u16be(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  out_.push_back(static_cast<std::uint8_t>(v));
  return *this;
}
ByteWriter& ByteWriter::u32be(std::uint32_t v) {
  for (int s = 24; s >= 0; s -= 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
  return *this;
}
ByteWriter& ByteWriter::u64be(std::uint64_t v) {
  for (int s = 56; s >= 0; s -= 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
  return *this;
}
ByteWriter& ByteWriter::u16le(std::uint16_t v) {
  out_.push_back(static_cast<std::uint8_t>(v));
  out_.push_back(static_cast<std::uint8_t>(v >> 8));
  return *this;
}
ByteWriter& ByteWriter::u32le(std::uint32_t v) {
  for (int s = 0; s <= 24; s += 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
  return *this;
}
ByteWriter& ByteWriter::u64le(std::uint64_t v) {
  for (int s = 0; s <= 56; s += 8) out_.push_back(static_cast<std::uint8_t>(v >> s));
  return *this;
}
ByteWriter& ByteWriter::bytes(ByteSpan data) {
  out_.insert(out_.end(), data.begin(), data.end());
  return *this;
}
ByteWriter& ByteWriter::tpm2b(ByteSpan data) {
  u16be(static_cast<std::uint16_t>(data.size()));
  return bytes(data);
}
void ByteWriter::patch_u32be(std::size_t offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out_[offset + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}

}  // namespace tpmready
