#pragma once
/// Streaming TCG PC Client event log parser: the legacy SHA-1 format (TCG_PCClientPCREvent) and
/// the crypto-agile format (Spec ID Event03 header, then TCG_PCR_EVENT2), facts/tcg.md §5.1-5.2.
///
/// The reader walks a log through an EventLogInput (input.h: a file read in chunks, or bytes in
/// memory) and hands out one Event at a time; events are views into the input's window, so parsing
/// allocates nothing per event and memory stays bounded whatever the log's size. Every declared
/// length is checked against the bytes left, and against the per-event limit
/// (kMaxEventLogEventBytes, util/file.h), before the bytes are asked for.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "eventlog/input.h"
#include "util/byte_reader.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::eventlog {

/// At most this many banks in a Spec ID table: TPM 2.0 defines five hash algorithms usable in PCR
/// banks (crypto.h HashAlg); a log claiming more is broken or hostile.
inline constexpr std::size_t kMaxBanks = 8;
/// Largest PCR index accepted; matches PcrValues (evidence/pcr_values.cpp accepts 0..31). An event
/// claiming PCR 1969712994 is not an event (keylime's "bogus" log fails here).
inline constexpr std::uint32_t kMaxPcrIndex = 31;
/// PCRIndex Windows gives EV_NO_ACTION events it logs without extending a PCR; its tools show it
/// as PCR -1 (GA option_rom_eventlog event 60, Windows MeasuredBoot logs).
inline constexpr std::uint32_t kPcrMinusOne = 0xFFFFFFFFu;
/// The PCR index as people read it: "-1" for kPcrMinusOne, else the number.
std::string pcr_text(std::uint32_t pcr);

enum class LogFormat { Sha1, CryptoAgile };
/// "sha1" or "crypto_agile" (the JSON contract's `.format`).
std::string_view format_name(LogFormat format);

struct Digest {
  std::uint16_t alg = 0;  ///< TPM_ALG_ID
  ByteSpan value;
};

/// An event's digests and data are views into the input: they stay valid until the reader's next
/// next() call (for a log in memory, as long as the log).
struct Event {
  std::size_t index = 0;   ///< 0 = the first event of the log (the Spec ID header in crypto-agile logs)
  std::size_t offset = 0;  ///< absolute offset of the event in the log
  std::size_t size = 0;    ///< bytes the whole record occupies
  std::uint32_t pcr = 0;
  std::uint32_t type = 0;
  std::array<Digest, kMaxBanks> digest_storage{};
  std::size_t digest_count = 0;
  ByteSpan data;

  std::span<const Digest> digests() const { return {digest_storage.data(), digest_count}; }
  /// The digest for one bank, or nullopt when the event carries none for it.
  std::optional<ByteSpan> digest_for(std::uint16_t alg) const;
};

/// facts/tcg.md §5.2 TCG_EfiSpecIDEvent.
struct AlgorithmSize {
  std::uint16_t alg = 0;
  std::uint16_t size = 0;
};
struct SpecIdEvent {
  std::uint32_t platform_class = 0;
  std::uint8_t spec_version_minor = 0;
  std::uint8_t spec_version_major = 0;
  std::uint8_t spec_errata = 0;
  std::uint8_t uintn_size = 0;
  std::vector<AlgorithmSize> algorithms;
  Bytes vendor_info;
  std::size_t vendor_info_missing = 0;  ///< vendorInfoSize bytes beyond the event (quirk)
};

/// Why parsing stopped early: the event's index and offset, and what was wrong with it.
struct ParseIssue {
  std::size_t event_index = 0;
  std::size_t offset = 0;
  std::string message;
};

class EventLogReader {
 public:
  /// Reads the first event and, when it is a Spec ID event, the digest size table. Fails (Parse)
  /// when the log is unusable: empty, a truncated or broken header, or not an event log at all.
  static Result<EventLogReader> open(ByteSpan log);
  /// The same over any input (a file read in chunks). `max_event_bytes` bounds one EventSize.
  static Result<EventLogReader> open_input(std::unique_ptr<EventLogInput> input,
                                     std::size_t max_event_bytes = default_max_event_bytes());
  /// kMaxEventLogEventBytes, or TPMREADY_MAX_INPUT_BYTES when set (util/file.h input_limit).
  static std::size_t default_max_event_bytes();

  LogFormat format() const { return format_; }
  const std::optional<SpecIdEvent>& spec_id() const { return spec_id_; }
  /// The banks events carry: the Spec ID table's algorithms, or {sha1} for a SHA-1 log.
  std::vector<std::uint16_t> banks() const;

  /// The next event, or nullopt at the end of the log. The first call returns event 0.
  /// A structurally broken event ends the walk: issue() then says where and why.
  std::optional<Event> next();
  const std::optional<ParseIssue>& issue() const { return issue_; }
  /// Zero bytes after the last event (firmware hands out its whole, zero-filled log area).
  std::size_t trailing_zero_bytes() const { return trailing_zeros_; }
  /// Non-zero bytes after the last event, too few to be an event header (ignored, warned).
  std::size_t trailing_bytes() const { return trailing_bytes_; }
  /// Quirks tolerated while parsing, each with its offset.
  const std::vector<std::string>& warnings() const { return warnings_; }
  /// Absolute offset of the next event (the end of the last one read).
  std::size_t offset() const { return pos_; }
  const EventLogInput& input() const { return *input_; }

 private:
  EventLogReader(std::unique_ptr<EventLogInput> input, std::size_t max_event_bytes)
      : input_(std::move(input)), max_event_(max_event_bytes) {}
  Result<Event> read_event(std::size_t index);
  Status read_sha1_header(ByteReader& r, Event& e);
  Status read_agile_header(ByteReader& r, Event& e);
  Result<ByteSpan> event_window(ByteSpan window, std::size_t header, std::uint32_t size, std::size_t size_at,
                                Event& e);
  bool at_zero_padding();
  std::size_t max_header() const;

  std::unique_ptr<EventLogInput> input_;
  std::size_t max_event_ = 0;
  std::size_t pos_ = 0;
  std::size_t next_index_ = 0;
  LogFormat format_ = LogFormat::Sha1;
  std::optional<SpecIdEvent> spec_id_;
  std::optional<Event> first_;
  std::optional<ParseIssue> issue_;
  std::size_t trailing_zeros_ = 0;
  std::size_t trailing_bytes_ = 0;
  std::vector<std::string> warnings_;
  bool done_ = false;
};

/// Parses the data of a Spec ID event (facts/tcg.md §5.2). `base_offset` is its offset in the log.
Result<SpecIdEvent> parse_spec_id(ByteSpan data, std::size_t base_offset);
/// True when `data` starts with the "Spec ID Event03\0" signature.
bool is_spec_id_event03(ByteSpan data);

}  // namespace tpmready::eventlog
