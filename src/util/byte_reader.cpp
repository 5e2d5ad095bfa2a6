#include "util/byte_reader.h"

#include <cstdio>
#include <string>

namespace tpmready {

Error ByteReader::error_here(std::string_view field, std::string_view message) const {
  return Error(ErrorKind::Parse, offset_label(offset()) + ": " + std::string(field) + ": " + std::string(message));
}

Status ByteReader::need(std::size_t n, std::string_view field) const {
  if (remaining() < n) {
    return error_here(field, "needs " + std::to_string(n) + " bytes, only " + std::to_string(remaining()) +
                                 " left");
  }
  return ok_status();
}

Result<std::uint8_t> ByteReader::u8(std::string_view field) {
  TRY(need(1, field));
  return data_[pos_++];
}

namespace {
template <typename T>
T load_be(const std::uint8_t* p) {
  T v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v = static_cast<T>(v << 8 | p[i]);
  return v;
}
template <typename T>
T load_le(const std::uint8_t* p) {
  T v = 0;
  for (std::size_t i = sizeof(T); i-- > 0;) v = static_cast<T>(v << 8 | p[i]);
  return v;
}
}  // namespace

#define TPMREADY_READ_INT(name, type, loader)               \
  Result<type> ByteReader::name(std::string_view field) {   \
    TRY(need(sizeof(type), field));                         \
    type v = loader<type>(data_.data() + pos_);             \
    pos_ += sizeof(type);                                   \
    return v;                                               \
  }
TPMREADY_READ_INT(u16be, std::uint16_t, load_be)
TPMREADY_READ_INT(u32be, std::uint32_t, load_be)
TPMREADY_READ_INT(u64be, std::uint64_t, load_be)
TPMREADY_READ_INT(u16le, std::uint16_t, load_le)
TPMREADY_READ_INT(u32le, std::uint32_t, load_le)
TPMREADY_READ_INT(u64le, std::uint64_t, load_le)
#undef TPMREADY_READ_INT

Result<ByteSpan> ByteReader::bytes(std::size_t n, std::string_view field) {
  TRY(need(n, field));
  ByteSpan out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

Status ByteReader::skip(std::size_t n, std::string_view field) {
  TRY(need(n, field));
  pos_ += n;
  return ok_status();
}

Result<ByteReader> ByteReader::sub(std::size_t n, std::string_view field) {
  TRY(need(n, field));
  ByteReader r(data_.subspan(pos_, n), offset());
  pos_ += n;
  return r;
}

Result<ByteReader> ByteReader::sized_u16be(std::string_view field) {
  std::size_t start = pos_;
  auto size = u16be(field);
  if (!size) return std::move(size).error();
  auto r = sub(*size, field);
  if (!r) pos_ = start;  // the position moves only on success
  return r;
}

Result<ByteReader> ByteReader::sized_u32be(std::string_view field) {
  std::size_t start = pos_;
  auto size = u32be(field);
  if (!size) return std::move(size).error();
  auto r = sub(*size, field);
  if (!r) pos_ = start;
  return r;
}

Result<Bytes> ByteReader::tpm2b(std::string_view field) {
  auto r = TRY(sized_u16be(field));
  return Bytes(r.all().begin(), r.all().end());
}

}  // namespace tpmready
