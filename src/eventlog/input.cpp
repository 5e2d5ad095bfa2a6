#include "eventlog/input.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace tpmready::eventlog {

Result<ByteSpan> MemoryInput::window(std::size_t pos, std::size_t) {
  if (pos >= bytes_.size()) return ByteSpan{};
  return bytes_.subspan(pos);
}

ChunkedInput::ChunkedInput(std::unique_ptr<std::istream> stream, std::string name, Options options)
    : stream_(std::move(stream)), name_(std::move(name)), options_(options) {
  options_.chunk_bytes = std::max<std::size_t>(options_.chunk_bytes, 1);
  options_.max_window = std::max(options_.max_window, options_.chunk_bytes);
  if (options_.size) options_.max_total = std::min(options_.max_total, *options_.size);
}

Result<std::unique_ptr<ChunkedInput>> ChunkedInput::open_file(const std::string& path, std::size_t max_total,
                                                              std::size_t chunk_bytes) {
  namespace fs = std::filesystem;
  auto fail = [&](ErrorKind kind, const std::string& what) { return make_error(kind, what).context("file " + path); };
  std::error_code ec;
  if (!fs::exists(path, ec)) return fail(ErrorKind::NotFound, "does not exist");
  if (fs::is_directory(path, ec)) return fail(ErrorKind::Io, "is a directory");
  // Same rule as read_file: a regular file's size is known up front; securityfs and pipes say 0.
  std::uintmax_t size = fs::is_regular_file(path, ec) ? fs::file_size(path, ec) : 0;
  if (ec) size = 0;
  if (size > max_total) {
    return fail(ErrorKind::Limit, std::to_string(size) + " bytes exceed the limit of " + std::to_string(max_total) +
                                      " bytes (TPMREADY_MAX_INPUT_BYTES raises it)");
  }
  auto stream = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*stream) return fail(ErrorKind::Io, "cannot open (permission denied?)");
  Options o;
  o.chunk_bytes = chunk_bytes;
  o.max_window = max_total;  // the parser's per-event limit is the real bound; this is a backstop
  o.max_total = max_total;
  if (size > 0) o.size = static_cast<std::size_t>(size);
  return std::make_unique<ChunkedInput>(std::move(stream), "file " + path, o);
}

Status ChunkedInput::seek(std::size_t pos) {
  stream_->clear();
  stream_->seekg(static_cast<std::streamoff>(pos));
  if (!*stream_) return make_error(ErrorKind::Io, offset_label(pos) + ": cannot seek back (input is not seekable)");
  start_ = pos;
  len_ = 0;
  eof_ = false;
  return ok_status();
}

// Reads until the buffer holds `want` bytes or the input ends. The buffer grows with the bytes
// that arrive (doubling, at least a chunk at a time), not with what a header declared: a pipe
// that claims a 16 MiB event and then ends after 100 bytes costs one chunk, not 16 MiB.
Status ChunkedInput::fill(std::size_t want) {
  while (len_ < want && !eof_) {
    const std::size_t step = std::min(want, len_ + std::max(options_.chunk_bytes, len_));
    if (buffer_.size() < step) buffer_.resize(step);
    stream_->read(reinterpret_cast<char*>(buffer_.data() + len_), static_cast<std::streamsize>(step - len_));
    auto got = static_cast<std::size_t>(stream_->gcount());
    len_ += got;
    if (stream_->bad()) return make_error(ErrorKind::Io, offset_label(start_ + len_) + ": read failed");
    if (got == 0 || stream_->eof()) eof_ = true;
    if (start_ + len_ > options_.max_total) {
      return make_error(ErrorKind::Limit, "more than the limit of " + std::to_string(options_.max_total) +
                                              " bytes (TPMREADY_MAX_INPUT_BYTES raises it)");
    }
  }
  return ok_status();
}

Result<ByteSpan> ChunkedInput::window(std::size_t pos, std::size_t n) {
  if (n > options_.max_window) {
    return make_error(ErrorKind::Limit, offset_label(pos) + ": " + std::to_string(n) + " bytes at once exceed the limit of " +
                                            std::to_string(options_.max_window));
  }
  if (pos < start_ || pos > start_ + len_) TRY(seek(pos));
  std::size_t off = pos - start_;
  if (len_ - off >= n || eof_) return ByteSpan(buffer_.data() + off, len_ - off);
  // Keep the unread tail, then refill behind it: one chunk, or the whole window when it is larger.
  if (off > 0) std::memmove(buffer_.data(), buffer_.data() + off, len_ - off);
  start_ = pos;
  len_ -= off;
  std::size_t want = std::max(n, options_.chunk_bytes);
  // A known size is the end of the input: no buffer beyond it (a small log gets a small buffer).
  if (options_.size) want = std::min(want, *options_.size > pos ? *options_.size - pos : 0);
  TRY(fill(want));
  return ByteSpan(buffer_.data(), len_);
}

}  // namespace tpmready::eventlog
