// HTTP/1.1 response reader (net/http1.h) on arbitrary bytes, with small limits so huge declared
// sizes and long header blocks must be rejected rather than allocated. Delivered in pieces whose
// size the first input byte chooses, to move the buffer boundaries around.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "net/http1.h"

namespace {

class FuzzSource final : public tpmready::net::ByteSource {
 public:
  FuzzSource(const std::uint8_t* data, std::size_t size, std::size_t step) : data_(data), size_(size), step_(step) {}
  tpmready::Result<std::size_t> read_some(std::uint8_t* out, std::size_t n) override {
    const std::size_t take = std::min({n, step_, size_ - pos_});
    if (take > 0) std::memcpy(out, data_ + pos_, take);
    pos_ += take;
    return take;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t step_;
  std::size_t pos_ = 0;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  FuzzSource src(data + 1, size - 1, 1 + data[0] % 64);
  tpmready::net::ResponseLimits lim;
  lim.max_header = 1024;
  lim.max_body = 4096;
  lim.truncate_body = (data[0] & 0x80) != 0;
  lim.headers_only = (data[0] & 0x40) != 0;
  (void)tpmready::net::read_response(src, lim);
  return 0;
}
