#pragma once
// Writes small .zip files in memory for the archive tests (APPNOTE.TXT layouts): stored or
// deflated members, optionally the zip64 forms (sizes and offsets in the zip64 extra field, a
// zip64 end record and locator) and bytes before the archive, so every path of the reader is
// reached from archives whose every byte the test controls.
#include <zlib.h>

#include <cstdint>
#include <string>
#include <vector>

#include "util/bytes.h"

namespace tpmready::test {

class ZipBuilder {
 public:
  struct Options {
    bool zip64 = false;
    std::size_t prefix = 0;  ///< bytes of a self-extractor stub before the archive
  };
  ZipBuilder() = default;
  explicit ZipBuilder(Options o) : o_(o) { out_.assign(o.prefix, 'X'); }

  /// Adds a member; `declared` overrides the uncompressed size written in both headers.
  ZipBuilder& add(const std::string& name, const std::string& data, bool deflate = true,
                  std::uint64_t declared = UINT64_MAX, std::uint16_t made_by = 20, std::uint32_t external = 0) {
    Bytes packed = deflate ? raw_deflate(data) : Bytes(data.begin(), data.end());
    const auto crc = static_cast<std::uint32_t>(
        crc32(0L, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
    const std::uint64_t size = declared == UINT64_MAX ? data.size() : declared;
    Central c{name, crc, packed.size(), size, out_.size() - o_.prefix, static_cast<std::uint16_t>(deflate ? 8 : 0),
              made_by, external};
    u32(out_, 0x04034b50);
    u16(out_, 20);
    u16(out_, 0);
    u16(out_, c.method);
    u32(out_, 0);
    u32(out_, crc);
    u32(out_, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(c.compressed));
    u32(out_, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(c.size));
    u16(out_, static_cast<std::uint16_t>(name.size()));
    u16(out_, static_cast<std::uint16_t>(o_.zip64 ? 20 : 0));
    out_.insert(out_.end(), name.begin(), name.end());
    if (o_.zip64) {
      u16(out_, 1);
      u16(out_, 16);
      u64(out_, c.size);
      u64(out_, c.compressed);
    }
    out_.insert(out_.end(), packed.begin(), packed.end());
    central_.push_back(c);
    return *this;
  }

  Bytes finish() const {
    Bytes out = out_;
    const std::uint64_t dir_at = out.size() - o_.prefix;
    for (const auto& c : central_) {
      u32(out, 0x02014b50);
      u16(out, c.made_by);
      u16(out, 20);
      u16(out, 0);
      u16(out, c.method);
      u32(out, 0);
      u32(out, c.crc);
      u32(out, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(c.compressed));
      u32(out, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(c.size));
      u16(out, static_cast<std::uint16_t>(c.name.size()));
      u16(out, static_cast<std::uint16_t>(o_.zip64 ? 28 : 0));
      u16(out, 0);
      u16(out, 0);
      u16(out, 0);
      u32(out, c.external);
      u32(out, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(c.offset));
      out.insert(out.end(), c.name.begin(), c.name.end());
      if (o_.zip64) {
        u16(out, 1);
        u16(out, 24);
        u64(out, c.size);
        u64(out, c.compressed);
        u64(out, c.offset);
      }
    }
    const std::uint64_t dir_size = out.size() - o_.prefix - dir_at;
    if (o_.zip64) {
      const std::uint64_t record_at = out.size() - o_.prefix;
      u32(out, 0x06064b50);
      u64(out, 44);
      u16(out, 45);
      u16(out, 45);
      u32(out, 0);
      u32(out, 0);
      u64(out, central_.size());
      u64(out, central_.size());
      u64(out, dir_size);
      u64(out, dir_at);
      u32(out, 0x07064b50);
      u32(out, 0);
      u64(out, record_at);
      u32(out, 1);
    }
    u32(out, 0x06054b50);
    u16(out, 0);
    u16(out, 0);
    u16(out, o_.zip64 ? 0xFFFF : static_cast<std::uint16_t>(central_.size()));
    u16(out, o_.zip64 ? 0xFFFF : static_cast<std::uint16_t>(central_.size()));
    u32(out, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(dir_size));
    u32(out, o_.zip64 ? 0xFFFFFFFF : static_cast<std::uint32_t>(dir_at));
    u16(out, 0);
    return out;
  }

  static Bytes raw_deflate(const std::string& data) {
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
    Bytes out(deflateBound(&zs, static_cast<uLong>(data.size())));
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = out.data();
    zs.avail_out = static_cast<uInt>(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
  }

 private:
  struct Central {
    std::string name;
    std::uint32_t crc;
    std::uint64_t compressed, size, offset;
    std::uint16_t method, made_by;
    std::uint32_t external;
  };
  static void u16(Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v));
    b.push_back(static_cast<std::uint8_t>(v >> 8));
  }
  static void u32(Bytes& b, std::uint32_t v) {
    u16(b, static_cast<std::uint16_t>(v));
    u16(b, static_cast<std::uint16_t>(v >> 16));
  }
  static void u64(Bytes& b, std::uint64_t v) {
    u32(b, static_cast<std::uint32_t>(v));
    u32(b, static_cast<std::uint32_t>(v >> 32));
  }
  Options o_{};
  Bytes out_;
  std::vector<Central> central_;
};

}  // namespace tpmready::test
