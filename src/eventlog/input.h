#pragma once
/// Byte sources under the event log reader, so no reader holds a whole log: a file is read in
/// fixed-size chunks refilled as the parser advances; logs already in memory (live platform logs,
/// registry WBCL values, archive members, tests) are viewed in place.
///
/// The reader asks for a window at an absolute offset; the views it gets stay valid until its next
/// request. Offsets move forward except when the reader steps back over a run of zero bytes it
/// looked ahead through (trailing padding), which a seekable input serves by seeking.
#include <cstddef>
#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::eventlog {

/// Refill size of a chunked input: big enough that refills cost nothing next to hashing, small
/// enough that memory stays a few MB whatever the log's size.
inline constexpr std::size_t kDefaultChunkBytes = 1u << 20;

class EventLogInput {
 public:
  virtual ~EventLogInput() = default;
  /// Names the input in errors ("file /var/log/x.log").
  virtual const std::string& name() const = 0;
  /// The input's total size when known before reading it all (memory, regular files): lets the
  /// parser refuse an EventSize beyond the end before it asks for the bytes.
  virtual std::optional<std::size_t> size() const = 0;
  /// At least `n` bytes starting at absolute offset `pos`, fewer only at the end of the input
  /// (empty at or past it); may return more. Errors (I/O, limits) name the input and the offset.
  virtual Result<ByteSpan> window(std::size_t pos, std::size_t n) = 0;
};

/// A log already in memory; the bytes must outlive the input.
class MemoryInput final : public EventLogInput {
 public:
  explicit MemoryInput(ByteSpan bytes, std::string name = "memory") : bytes_(bytes), name_(std::move(name)) {}
  const std::string& name() const override { return name_; }
  std::optional<std::size_t> size() const override { return bytes_.size(); }
  Result<ByteSpan> window(std::size_t pos, std::size_t n) override;

 private:
  ByteSpan bytes_;
  std::string name_;
};

/// A log read from a stream in chunks of `chunk_bytes`. A window longer than a chunk (one event
/// larger than the chunk) grows the buffer to that window, never beyond `max_window`; the parser
/// bounds events by kMaxEventLogEventBytes (util/file.h) before asking.
class ChunkedInput final : public EventLogInput {
 public:
  struct Options {
    std::size_t chunk_bytes = kDefaultChunkBytes;
    std::size_t max_window = SIZE_MAX;  ///< backstop on one window (the parser bounds what it asks)
    std::size_t max_total = SIZE_MAX;  ///< bytes read beyond this end the input with a Limit error
    std::optional<std::size_t> size;   ///< known total size, if any: the input ends there
  };
  ChunkedInput(std::unique_ptr<std::istream> stream, std::string name, Options options);

  /// A file, read in chunks. Refuses a file larger than `max_total` from its size alone (files
  /// that report size 0, such as securityfs or pipes, are stopped when they pass it). Errors
  /// carry the context "file PATH", as util/file.h read_file does.
  static Result<std::unique_ptr<ChunkedInput>> open_file(const std::string& path, std::size_t max_total,
                                                          std::size_t chunk_bytes = kDefaultChunkBytes);

  const std::string& name() const override { return name_; }
  std::optional<std::size_t> size() const override { return options_.size; }
  Result<ByteSpan> window(std::size_t pos, std::size_t n) override;
  /// Bytes the buffer holds now (its high-water mark is the input's memory).
  std::size_t buffer_capacity() const { return buffer_.size(); }

 private:
  Status seek(std::size_t pos);
  Status fill(std::size_t want);

  std::unique_ptr<std::istream> stream_;
  std::string name_;
  Options options_;
  Bytes buffer_;
  std::size_t start_ = 0;  // absolute offset of buffer_[0]
  std::size_t len_ = 0;    // valid bytes in buffer_
  bool eof_ = false;
};

}  // namespace tpmready::eventlog
