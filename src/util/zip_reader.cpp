// .zip from memory: central directory (APPNOTE.TXT §4.3.12, §4.3.14-16), local headers (§4.3.7),
// stored and deflated members (zlib's raw inflate). Every size and offset comes from the file and
// is checked by ByteReader before use; nothing is allocated from a declared size.
#include "util/zip_reader.h"

#include <zlib.h>

#include <algorithm>
#include <climits>
#include <optional>

#include "util/archive_members.h"
#include "util/byte_reader.h"

namespace tpmready {
namespace {

constexpr std::uint32_t kLocalHeaderSig = 0x04034b50;   // "PK\3\4"
constexpr std::uint32_t kCentralHeaderSig = 0x02014b50;  // "PK\1\2"
constexpr std::uint32_t kEndSig = 0x06054b50;            // "PK\5\6"
constexpr std::uint32_t kZip64EndSig = 0x06064b50;       // "PK\6\6"
constexpr std::uint32_t kZip64LocatorSig = 0x07064b50;   // "PK\6\7"
constexpr std::size_t kEndSize = 22;                     // without the comment
constexpr std::size_t kZip64LocatorSize = 20;
constexpr std::size_t kMaxComment = 0xFFFF;
constexpr std::uint16_t kZip64ExtraId = 0x0001;
constexpr std::uint16_t kFlagEncrypted = 0x0001;
constexpr std::uint16_t kMethodStored = 0, kMethodDeflated = 8;
constexpr std::uint16_t kHostUnix = 3;
constexpr std::uint32_t kUnixTypeMask = 0170000, kUnixRegular = 0100000;
constexpr std::uint32_t kDosDirectory = 0x10;
constexpr std::size_t kChunk = 1 << 16;

std::uint32_t le32(ByteSpan d, std::size_t at) {
  return static_cast<std::uint32_t>(d[at]) | static_cast<std::uint32_t>(d[at + 1]) << 8 |
         static_cast<std::uint32_t>(d[at + 2]) << 16 | static_cast<std::uint32_t>(d[at + 3]) << 24;
}

struct Directory {
  std::uint64_t entries = 0;
  std::uint64_t offset = 0;  ///< of the first central directory header, in `data`
  std::uint64_t size = 0;
  std::uint64_t shift = 0;   ///< bytes before the archive (a self-extractor stub): add to stored offsets
  std::size_t end = 0;       ///< where the directory ends: the (zip64) end record
};

Error corrupt(const std::string& why) { return make_error(ErrorKind::Parse, "corrupt archive: " + why); }

// The zip64 record, when the end record's fields say "see zip64" (0xFFFF / 0xFFFFFFFF).
Result<Directory> zip64_directory(ByteSpan data, std::size_t end_at) {
  if (end_at < kZip64LocatorSize || le32(data, end_at - kZip64LocatorSize) != kZip64LocatorSig)
    return corrupt("zip64 sizes without a zip64 end of central directory locator");
  ByteReader loc(data.subspan(end_at - kZip64LocatorSize, kZip64LocatorSize), end_at - kZip64LocatorSize);
  TRY(loc.skip(4, "zip64 locator signature"));
  const std::uint32_t disk = TRY(loc.u32le("zip64 locator disk"));
  const std::uint64_t record = TRY(loc.u64le("zip64 end of central directory offset"));
  const std::uint32_t disks = TRY(loc.u32le("zip64 locator disk count"));
  if (disk != 0 || disks > 1) return make_error(ErrorKind::Unsupported, "split (multi-part) zip archives are not read");
  if (record >= data.size()) return corrupt("zip64 end of central directory offset beyond the end of the file");
  ByteReader r(data.subspan(static_cast<std::size_t>(record)), static_cast<std::size_t>(record));
  if (TRY(r.u32le("zip64 end of central directory signature")) != kZip64EndSig)
    return corrupt("no zip64 end of central directory record where its locator points");
  TRY(r.skip(8 + 2 + 2 + 4 + 4 + 8, "zip64 end of central directory"));
  Directory dir;
  dir.entries = TRY(r.u64le("zip64 total entries"));
  dir.size = TRY(r.u64le("zip64 central directory size"));
  dir.offset = TRY(r.u64le("zip64 central directory offset"));
  dir.end = static_cast<std::size_t>(record);
  return dir;
}

// The central directory from the end record, searched backwards from the end of the file (the
// record ends with a comment of up to 64 KiB). Data before the archive (a self-extractor stub)
// shifts every stored offset: the shift is where the directory is less where it says it is.
Result<Directory> find_directory(ByteSpan data) {
  if (data.size() < kEndSize) return corrupt("too short for a zip end of central directory record");
  const std::size_t lowest = data.size() - kEndSize - std::min(kMaxComment, data.size() - kEndSize);
  std::optional<std::size_t> end_at;
  for (std::size_t at = data.size() - kEndSize + 1; at-- > lowest;) {
    if (le32(data, at) != kEndSig) continue;
    const std::size_t comment = data[at + 20] | static_cast<std::size_t>(data[at + 21]) << 8;
    if (at + kEndSize + comment <= data.size()) {
      end_at = at;
      break;
    }
  }
  if (!end_at) return corrupt("no zip end of central directory record (truncated?)");
  ByteReader r(data.subspan(*end_at, kEndSize), *end_at);
  TRY(r.skip(4, "end of central directory signature"));
  const std::uint16_t disk = TRY(r.u16le("disk number"));
  const std::uint16_t dir_disk = TRY(r.u16le("central directory disk"));
  TRY(r.skip(2, "entries on this disk"));
  Directory dir;
  dir.entries = TRY(r.u16le("total entries"));
  dir.size = TRY(r.u32le("central directory size"));
  dir.offset = TRY(r.u32le("central directory offset"));
  dir.end = *end_at;
  if (dir.entries == 0xFFFF || dir.size == 0xFFFFFFFF || dir.offset == 0xFFFFFFFF) {
    dir = TRY(zip64_directory(data, *end_at));  // the zip64 end record follows the directory
  } else if (disk != 0 || dir_disk != 0) {
    return make_error(ErrorKind::Unsupported, "split (multi-part) zip archives are not read");
  }
  if (dir.size > dir.end || dir.offset > dir.end - dir.size)
    return corrupt("central directory of " + std::to_string(dir.size) + " bytes at offset " +
                   std::to_string(dir.offset) + " lies outside the file");
  dir.shift = dir.end - dir.size - dir.offset;
  dir.offset += dir.shift;
  return dir;
}

struct Entry {
  std::string name;
  bool regular = true;
  std::uint16_t flags = 0, method = 0;
  std::uint32_t crc = 0;
  std::uint64_t compressed = 0, size = 0, local_offset = 0;
};

// §4.5.3: the 64-bit values present are those whose 32-bit field is 0xFFFFFFFF, in this order.
Status apply_zip64_extra(ByteSpan extra, std::size_t base, Entry& e, bool size64, bool compressed64, bool offset64) {
  ByteReader r(extra, base);
  while (r.remaining() >= 4) {
    const std::uint16_t id = TRY(r.u16le("extra field id"));
    const std::uint16_t size = TRY(r.u16le("extra field size"));
    auto field = TRY(r.sub(size, "extra field"));
    if (id != kZip64ExtraId) continue;
    if (size64) e.size = TRY(field.u64le("zip64 uncompressed size"));
    if (compressed64) e.compressed = TRY(field.u64le("zip64 compressed size"));
    if (offset64) e.local_offset = TRY(field.u64le("zip64 local header offset"));
    return ok_status();
  }
  if (size64 || compressed64 || offset64) return make_error(ErrorKind::Parse, "zip64 sizes without a zip64 extra field");
  return ok_status();
}

Result<Entry> next_entry(ByteReader& r) {
  const std::size_t at = r.offset();
  if (TRY(r.u32le("central directory header signature")) != kCentralHeaderSig)
    return r.error_here("central directory header", "bad signature at offset " + std::to_string(at));
  Entry e;
  const std::uint16_t made_by = TRY(r.u16le("version made by"));
  TRY(r.skip(2, "version needed"));
  e.flags = TRY(r.u16le("flags"));
  e.method = TRY(r.u16le("compression method"));
  TRY(r.skip(4, "modification time"));
  e.crc = TRY(r.u32le("CRC-32"));
  e.compressed = TRY(r.u32le("compressed size"));
  e.size = TRY(r.u32le("uncompressed size"));
  const std::uint16_t name_len = TRY(r.u16le("name length"));
  const std::uint16_t extra_len = TRY(r.u16le("extra field length"));
  const std::uint16_t comment_len = TRY(r.u16le("comment length"));
  TRY(r.skip(2 + 2, "disk, internal attributes"));
  const std::uint32_t external = TRY(r.u32le("external attributes"));
  e.local_offset = TRY(r.u32le("local header offset"));
  const ByteSpan name = TRY(r.bytes(name_len, "name"));
  const std::size_t extra_at = r.offset();
  const ByteSpan extra = TRY(r.bytes(extra_len, "extra field"));
  TRY(r.skip(comment_len, "comment"));
  e.name.assign(name.begin(), name.end());
  TRY(apply_zip64_extra(extra, extra_at, e, e.size == 0xFFFFFFFF, e.compressed == 0xFFFFFFFF,
                        e.local_offset == 0xFFFFFFFF));
  // As libarchive decides a member's type: a Unix mode when a Unix zip wrote one, the trailing
  // '/' of a folder, the MS-DOS directory attribute.
  const std::uint32_t unix_type = (made_by >> 8) == kHostUnix ? (external >> 16) & kUnixTypeMask : 0;
  const bool folder = (!e.name.empty() && (e.name.back() == '/' || e.name.back() == '\\')) ||
                      (unix_type == 0 && (external & kDosDirectory) != 0);
  e.regular = !folder && (unix_type == 0 || unix_type == kUnixRegular);
  return e;
}

// The member's compressed bytes, after its local header (whose own name and extra lengths say
// where the data starts; its sizes are not used: the central directory's are authoritative).
Result<ByteSpan> member_data(ByteSpan data, std::uint64_t shift, const Entry& e) {
  const std::uint64_t at = e.local_offset + shift;
  if (at < e.local_offset || at >= data.size()) return make_error(ErrorKind::Parse, "local header offset beyond the end of the file");
  ByteReader r(data.subspan(static_cast<std::size_t>(at)), static_cast<std::size_t>(at));
  if (TRY(r.u32le("local header signature")) != kLocalHeaderSig)
    return make_error(ErrorKind::Parse, "no local header at offset " + std::to_string(at));
  TRY(r.skip(22, "local header"));
  const std::uint16_t name_len = TRY(r.u16le("local name length"));
  const std::uint16_t extra_len = TRY(r.u16le("local extra field length"));
  TRY(r.skip(std::size_t{name_len} + extra_len, "local name and extra field"));
  if (e.compressed > r.remaining())
    return make_error(ErrorKind::Parse, "compressed data of " + std::to_string(e.compressed) +
                                            " bytes runs past the end of the file");
  return r.bytes(static_cast<std::size_t>(e.compressed), "compressed data");
}

enum class Read { Done, Damaged, OverMember, OverTotal };

Read take(ArchiveBudget& budget, ArchiveListing& out, ArchiveMember& m, const std::uint8_t* p, std::size_t n) {
  switch (archive_detail::take(budget, out, m, p, n)) {
    case archive_detail::Take::Kept: return Read::Done;
    case archive_detail::Take::OverMember: return Read::OverMember;
    case archive_detail::Take::OverTotal: return Read::OverTotal;
  }
  return Read::Done;
}

Read copy_stored(ByteSpan src, ArchiveBudget& budget, ArchiveListing& out, ArchiveMember& m) {
  for (std::size_t at = 0; at < src.size(); at += kChunk) {
    const Read r = take(budget, out, m, src.data() + at, std::min(kChunk, src.size() - at));
    if (r != Read::Done) return r;
  }
  return Read::Done;
}

struct Inflater {
  z_stream zs{};
  bool open = false;
  Inflater() { open = inflateInit2(&zs, -MAX_WBITS) == Z_OK; }  // raw deflate: no zlib header
  ~Inflater() {
    if (open) inflateEnd(&zs);
  }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;
};

Read inflate_member(ByteSpan src, ArchiveBudget& budget, ArchiveListing& out, ArchiveMember& m) {
  Inflater z;
  if (!z.open) {
    archive_detail::mark_damaged(m, "zlib could not start inflating");
    return Read::Damaged;
  }
  std::uint8_t buf[kChunk];
  std::size_t fed = 0;
  for (;;) {
    if (z.zs.avail_in == 0 && fed < src.size()) {  // avail_in is 32-bit: feed at most 1 GiB at a time
      const std::size_t n = std::min<std::size_t>(src.size() - fed, 1u << 30);
      z.zs.next_in = const_cast<Bytef*>(src.data() + fed);
      z.zs.avail_in = static_cast<uInt>(n);
      fed += n;
    }
    z.zs.next_out = buf;
    z.zs.avail_out = sizeof buf;
    const int rc = inflate(&z.zs, Z_NO_FLUSH);
    const std::size_t produced = sizeof buf - z.zs.avail_out;
    if (produced > 0) {
      const Read r = take(budget, out, m, buf, produced);
      if (r != Read::Done) return r;
    }
    if (rc == Z_STREAM_END) return Read::Done;
    if (rc == Z_OK) continue;
    if (rc == Z_BUF_ERROR && z.zs.avail_in == 0 && fed < src.size()) continue;
    if (rc == Z_BUF_ERROR && z.zs.avail_in == 0) {
      archive_detail::mark_damaged(m, "deflate data ends before the end of the member");
      return Read::Damaged;
    }
    archive_detail::mark_damaged(m, std::string("deflate data: ") + (z.zs.msg ? z.zs.msg : "inflate error " + std::to_string(rc)));
    return Read::Damaged;
  }
}

Read read_member(ByteSpan data, std::uint64_t shift, const Entry& e, ArchiveBudget& budget, ArchiveListing& out,
                 ArchiveMember& m) {
  if (e.flags & kFlagEncrypted) {
    m.error = "encrypted: not read";
    return Read::Damaged;
  }
  if (e.method != kMethodStored && e.method != kMethodDeflated) {
    m.error = "compression method " + std::to_string(e.method) + " is not read by this build (stored and deflate are)";
    return Read::Damaged;
  }
  auto src = member_data(data, shift, e);
  if (!src) {
    archive_detail::mark_damaged(m, src.error().what());
    return Read::Damaged;
  }
  const Read r = e.method == kMethodStored ? copy_stored(*src, budget, out, m) : inflate_member(*src, budget, out, m);
  if (r != Read::Done) return r;
  if (m.data.size() != e.size) {
    archive_detail::mark_damaged(m, "expands to " + std::to_string(m.data.size()) + " bytes, its header says " +
                                        std::to_string(e.size));
    return Read::Damaged;
  }
  uLong crc = crc32(0L, Z_NULL, 0);
  for (std::size_t at = 0; at < m.data.size(); at += 1u << 30)
    crc = crc32(crc, m.data.data() + at, static_cast<uInt>(std::min<std::size_t>(m.data.size() - at, 1u << 30)));
  if (crc != e.crc) {
    archive_detail::mark_damaged(m, "CRC-32 " + hex32(static_cast<std::uint32_t>(crc)) + " of the data, " +
                                        hex32(e.crc) + " in its header");
    return Read::Damaged;
  }
  return Read::Done;
}

}  // namespace

Result<ArchiveListing> read_zip_members(ByteSpan data, ArchiveBudget& budget) {
  const Directory dir = TRY(find_directory(data));
  ByteReader r(data.subspan(static_cast<std::size_t>(dir.offset), static_cast<std::size_t>(dir.size)),
               static_cast<std::size_t>(dir.offset));
  ArchiveListing out;
  for (std::uint64_t i = 0; i < dir.entries; ++i) {
    auto entry = next_entry(r);
    if (!entry) {
      const std::string why = "member " + std::to_string(i) + " header: " + entry.error().what();
      if (i == 0) return corrupt(why);
      archive_detail::stop_damaged_after(out, static_cast<std::size_t>(i), why);
      break;
    }
    if (!archive_detail::count_entry(budget, out)) break;
    if (!entry->regular) continue;
    ArchiveMember m{std::move(entry->name), {}, {}};
    archive_detail::normalise_name(m.name);
    if (archive_detail::declared_over_limit(budget.limits, entry->size, m)) {
      out.members.push_back(std::move(m));
      continue;
    }
    const Read read = read_member(data, dir.shift, *entry, budget, out, m);
    out.members.push_back(std::move(m));
    if (read == Read::OverTotal) break;
  }
  return out;
}

}  // namespace tpmready
