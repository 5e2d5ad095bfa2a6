#include "eventlog/parser.h"

#include <algorithm>
#include <cstring>

#include "crypto/crypto.h"
#include "eventlog/event_types.h"
#include "util/byte_reader.h"
#include "util/file.h"

namespace tpmready::eventlog {

namespace {

// facts/tcg.md §5.2: signature of TCG_EfiSpecIDEvent, including the NUL.
constexpr std::uint8_t kSpecIdEvent03[16] = {'S', 'p', 'e', 'c', ' ', 'I', 'D', ' ',
                                            'E', 'v', 'e', 'n', 't', '0', '3', 0};
// facts/tcg.md §5.1: PCRIndex + EventType + SHA-1 digest + EventSize.
constexpr std::size_t kSha1HeaderSize = 4 + 4 + 20 + 4;
constexpr std::size_t kSha1DigestSize = 20;
// facts/tcg.md §5.2: PCRIndex + EventType + digests.count + EventSize, with no digest.
constexpr std::size_t kAgileMinHeaderSize = 4 + 4 + 4 + 4;
constexpr std::uint16_t kAlgSha1 = 0x0004;

Error event_error(std::size_t index, std::size_t offset, const std::string& message) {
  return make_error(ErrorKind::Parse, "event[" + std::to_string(index) + "] " + offset_label(offset) + ": " + message);
}

bool all_zero(ByteSpan bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

// EV_NO_ACTION events are never extended, and Windows logs them with PCRIndex 0xFFFFFFFF (GA
// option_rom_eventlog, event 60); every other event must name a real PCR.
Status check_pcr(std::uint32_t pcr, std::uint32_t type, std::size_t index, std::size_t start) {
  if (pcr > kMaxPcrIndex && type != EV_NO_ACTION) {
    return event_error(index, start,
                       "PCRIndex " + std::to_string(pcr) + " out of range 0.." + std::to_string(kMaxPcrIndex) +
                           " (not an event record)");
  }
  return ok_status();
}

}  // namespace

std::string_view format_name(LogFormat format) { return format == LogFormat::Sha1 ? "sha1" : "crypto_agile"; }

std::string pcr_text(std::uint32_t pcr) { return pcr == kPcrMinusOne ? "-1" : std::to_string(pcr); }

std::optional<ByteSpan> Event::digest_for(std::uint16_t alg) const {
  for (const auto& d : digests()) {
    if (d.alg == alg) return d.value;
  }
  return std::nullopt;
}

bool is_spec_id_event03(ByteSpan data) {
  return data.size() >= sizeof kSpecIdEvent03 && std::memcmp(data.data(), kSpecIdEvent03, sizeof kSpecIdEvent03) == 0;
}

Result<SpecIdEvent> parse_spec_id(ByteSpan data, std::size_t base_offset) {
  ByteReader r(data, base_offset);
  SpecIdEvent s;
  TRY(r.skip(sizeof kSpecIdEvent03, "Spec ID signature"));
  s.platform_class = TRY(r.u32le("platformClass"));
  s.spec_version_minor = TRY(r.u8("specVersionMinor"));
  s.spec_version_major = TRY(r.u8("specVersionMajor"));
  s.spec_errata = TRY(r.u8("specErrata"));
  s.uintn_size = TRY(r.u8("uintnSize"));
  std::size_t count_at = r.offset();
  auto count = TRY(r.u32le("numberOfAlgorithms"));
  // Bound the table by the banks that exist and by the bytes present before reserving it.
  if (count == 0 || count > kMaxBanks) {
    return make_error(ErrorKind::Parse, offset_label(count_at) + ": numberOfAlgorithms: " + std::to_string(count) +
                                            " not in 1.." + std::to_string(kMaxBanks));
  }
  if (r.remaining() / 4 < count) {
    return r.error_here("digestSizes", std::to_string(count) + " entries need " + std::to_string(count * 4) +
                                           " bytes, only " + std::to_string(r.remaining()) + " left");
  }
  s.algorithms.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    std::size_t entry_at = r.offset();
    AlgorithmSize a;
    a.alg = TRY(r.u16le("algorithmId"));
    a.size = TRY(r.u16le("digestSize"));
    // A known algorithm with a different size would misalign every event after this one.
    auto expected = crypto::digest_size(a.alg);
    if (expected && *expected != a.size) {
      return make_error(ErrorKind::Parse, offset_label(entry_at) + ": digestSizes[" + std::to_string(i) + "]: algorithm " +
                                              hex32(a.alg) + " has digestSize " + std::to_string(a.size) +
                                              ", expected " + std::to_string(*expected));
    }
    for (const auto& prev : s.algorithms) {
      if (prev.alg == a.alg) {
        return make_error(ErrorKind::Parse, offset_label(entry_at) + ": digestSizes: algorithm " + hex32(a.alg) + " listed twice");
      }
    }
    s.algorithms.push_back(a);
  }
  auto vendor_size = TRY(r.u8("vendorInfoSize"));
  // tpm2-tools' specid-vendordata fixture declares 4 vendor bytes that lie outside EventSize.
  // The event framing wins (EventSize); the missing vendor bytes are only a warning.
  if (vendor_size > r.remaining()) {
    s.vendor_info_missing = vendor_size - r.remaining();
    vendor_size = static_cast<std::uint8_t>(r.remaining());
  }
  auto vendor = TRY(r.bytes(vendor_size, "vendorInfo"));
  s.vendor_info.assign(vendor.begin(), vendor.end());
  return s;
}

std::size_t EventLogReader::default_max_event_bytes() { return input_limit(kMaxEventLogEventBytes); }

Result<EventLogReader> EventLogReader::open(ByteSpan log) { return open_input(std::make_unique<MemoryInput>(log)); }

Result<EventLogReader> EventLogReader::open_input(std::unique_ptr<EventLogInput> input, std::size_t max_event_bytes) {
  EventLogReader reader(std::move(input), max_event_bytes);
  auto head = reader.input_->window(0, 2);
  if (!head) return std::move(head).error().context("first event");
  if (head->empty()) return make_error(ErrorKind::Parse, "empty event log (0 bytes)");
  // A PE/COFF image starts with "MZ" (an easy mistake: picking bootmgfw.efi instead of its log).
  if (head->size() >= 2 && (*head)[0] == 'M' && (*head)[1] == 'Z') {
    return make_error(ErrorKind::Parse, "@0x0: not a TCG event log: starts with \"MZ\" (a PE/COFF executable?)");
  }
  auto first = reader.read_event(0);
  if (!first) return std::move(first).error().context("first event");
  // facts/tcg.md §5.2: the first event is always SHA-1 format; an EV_NO_ACTION carrying the Spec ID
  // Event03 signature switches the rest of the log to TCG_PCR_EVENT2. A shorter or different
  // EV_NO_ACTION (GA short_no_action_eventlog) leaves the log in SHA-1 format.
  if (first->type == EV_NO_ACTION && is_spec_id_event03(first->data)) {
    std::size_t data_at = first->offset + kSha1HeaderSize;
    auto spec = parse_spec_id(first->data, data_at);
    if (!spec) return std::move(spec).error().context("Spec ID Event03 header");
    if (spec->vendor_info_missing) {
      reader.warnings_.push_back(offset_label(data_at) + ": Spec ID vendorInfoSize exceeds the event by " +
                                 std::to_string(spec->vendor_info_missing) + " bytes (EventSize wins)");
    }
    reader.spec_id_ = std::move(*spec);
    reader.format_ = LogFormat::CryptoAgile;
  }
  reader.first_ = *first;
  return reader;
}

std::vector<std::uint16_t> EventLogReader::banks() const {
  if (!spec_id_) return {kAlgSha1};
  std::vector<std::uint16_t> out;
  for (const auto& a : spec_id_->algorithms) out.push_back(a.alg);
  return out;
}

// The longest header an event can have: every digest of the Spec ID table at its largest size.
// One window of this many bytes holds any header, so a header is never split.
std::size_t EventLogReader::max_header() const {
  if (format_ == LogFormat::Sha1 || !spec_id_) return kSha1HeaderSize;
  std::size_t largest = 0;
  for (const auto& a : spec_id_->algorithms) largest = std::max<std::size_t>(largest, a.size);
  return kAgileMinHeaderSize + spec_id_->algorithms.size() * (2 + largest);
}

Status EventLogReader::read_sha1_header(ByteReader& r, Event& e) {
  if (r.remaining() < kSha1HeaderSize) {
    return event_error(e.index, e.offset, "truncated header: needs " + std::to_string(kSha1HeaderSize) +
                                              " bytes, only " + std::to_string(r.remaining()) + " left");
  }
  e.pcr = TRY(r.u32le("PCRIndex"));
  e.type = TRY(r.u32le("EventType"));
  TRY(check_pcr(e.pcr, e.type, e.index, e.offset));
  e.digest_storage[0] = Digest{kAlgSha1, TRY(r.bytes(kSha1DigestSize, "Digest"))};
  e.digest_count = 1;
  return ok_status();
}

Status EventLogReader::read_agile_header(ByteReader& r, Event& e) {
  auto wrap = [&](Error err) { return std::move(err).context("event[" + std::to_string(e.index) + "]"); };
  auto pcr = r.u32le("PCRIndex");
  if (!pcr) return wrap(std::move(pcr).error());
  e.pcr = *pcr;
  auto type = r.u32le("EventType");
  if (!type) return wrap(std::move(type).error());
  e.type = *type;
  TRY(check_pcr(e.pcr, e.type, e.index, e.offset));
  std::size_t count_at = r.offset();
  auto count = r.u32le("digests.count");
  if (!count) return wrap(std::move(count).error());
  const auto& table = spec_id_->algorithms;
  if (*count > table.size()) {
    return event_error(e.index, e.offset, "digests.count " + std::to_string(*count) + " " + offset_label(count_at) + " > " +
                                              std::to_string(table.size()) + " banks in the Spec ID header");
  }
  for (std::uint32_t i = 0; i < *count; ++i) {
    std::size_t alg_at = r.offset();
    auto alg = r.u16le("hashAlg");
    if (!alg) return wrap(std::move(alg).error());
    auto it = std::find_if(table.begin(), table.end(), [&](const AlgorithmSize& a) { return a.alg == *alg; });
    // facts/tcg.md §5.2: digest sizes come only from the Spec ID table.
    if (it == table.end()) {
      return event_error(e.index, e.offset, "hashAlg " + hex32(*alg) + " " + offset_label(alg_at) + " not in the Spec ID header");
    }
    auto value = r.bytes(it->size, "digest");
    if (!value) return wrap(std::move(value).error());
    e.digest_storage[i] = Digest{*alg, *value};
  }
  e.digest_count = *count;
  return ok_status();
}

// The window holding the whole event: EventSize is checked against the bytes the input still
// holds and against the per-event limit before the input is asked for more than a header.
Result<ByteSpan> EventLogReader::event_window(ByteSpan window, std::size_t header, std::uint32_t size,
                                              std::size_t size_at, Event& e) {
  auto too_big = [&](std::size_t remaining) {
    return event_error(e.index, e.offset, "EventSize " + std::to_string(size) + " " + offset_label(size_at) + " > remaining " +
                                              std::to_string(remaining) + " bytes");
  };
  std::size_t data_at = e.offset + header;
  if (auto total = input_->size(); total && size > (*total > data_at ? *total - data_at : 0)) {
    return too_big(*total > data_at ? *total - data_at : 0);
  }
  if (size > max_event_) {
    return event_error(e.index, e.offset, "EventSize " + std::to_string(size) + " " + offset_label(size_at) +
                                              " exceeds the per-event limit of " + std::to_string(max_event_) +
                                              " bytes (TPMREADY_MAX_INPUT_BYTES raises it)");
  }
  std::size_t need = header + size;
  if (window.size() < need) {
    // The event is longer than the window: ask for all of it, and point the digests into the new one.
    std::array<std::size_t, kMaxBanks> rel{};
    for (std::size_t i = 0; i < e.digest_count; ++i) {
      rel[i] = static_cast<std::size_t>(e.digest_storage[i].value.data() - window.data());
    }
    auto grown = input_->window(e.offset, need);
    if (!grown) return event_error(e.index, e.offset, grown.error().what());
    window = *grown;
    for (std::size_t i = 0; i < e.digest_count; ++i) {
      e.digest_storage[i].value = window.subspan(std::min(rel[i], window.size()), e.digest_storage[i].value.size());
    }
    if (window.size() < need) return too_big(window.size() - header);
  }
  return window.first(need);
}

Result<Event> EventLogReader::read_event(std::size_t index) {
  Event e;
  e.index = index;
  e.offset = pos_;
  auto window = input_->window(pos_, max_header());
  if (!window) return event_error(index, pos_, window.error().what());
  ByteReader r(*window, pos_);
  bool agile = format_ == LogFormat::CryptoAgile;
  TRY(agile ? read_agile_header(r, e) : read_sha1_header(r, e));
  auto wrap = [&](Error err) {
    return agile ? std::move(err).context("event[" + std::to_string(index) + "]") : std::move(err);
  };
  std::size_t size_at = r.offset();
  auto size = r.u32le("EventSize");
  if (!size) return wrap(std::move(size).error());
  std::size_t header = r.position();
  auto record = event_window(*window, header, *size, size_at, e);
  if (!record) return wrap(std::move(record).error());
  e.data = record->subspan(header);
  e.size = record->size();
  pos_ += e.size;
  return e;
}

// Firmware may hand out its whole log area: a zero-filled tail is padding, not an event. Scans
// from the next event to the end of the input (stopping at the first non-zero byte).
bool EventLogReader::at_zero_padding() {
  std::size_t p = pos_;
  for (;;) {
    auto w = input_->window(p, 1);
    if (!w) return false;
    if (w->empty()) break;
    if (!all_zero(*w)) return false;
    p += w->size();
  }
  trailing_zeros_ = p - pos_;
  return true;
}

std::optional<Event> EventLogReader::next() {
  if (done_) return std::nullopt;
  if (first_) {
    Event e = *first_;
    first_.reset();
    next_index_ = 1;
    return e;
  }
  std::size_t index = next_index_;
  auto stop = [&](std::string message) {
    issue_ = ParseIssue{index, pos_, std::move(message)};
    done_ = true;
    return std::nullopt;
  };
  std::size_t min_header = format_ == LogFormat::CryptoAgile ? kAgileMinHeaderSize : kSha1HeaderSize;
  auto head = input_->window(pos_, min_header);
  if (!head) return stop(event_error(index, pos_, head.error().what()).what());
  if (head->empty()) {
    done_ = true;
    return std::nullopt;
  }
  // Only a zero PCRIndex+EventType+count prefix triggers the scan, so the walk stays linear.
  if (all_zero(head->first(std::min<std::size_t>(head->size(), 12)))) {
    if (at_zero_padding()) {
      done_ = true;
      return std::nullopt;
    }
    head = input_->window(pos_, min_header);  // the scan moved the input's window
    if (!head) return stop(event_error(index, pos_, head.error().what()).what());
  }
  // A tail too short for any event header is trailing garbage, not a broken event.
  if (head->size() < min_header) {
    trailing_bytes_ = head->size();
    warnings_.push_back(offset_label(pos_) + ": " + std::to_string(head->size()) +
                        " trailing bytes after the last event, too short for an event header; ignored");
    done_ = true;
    return std::nullopt;
  }
  auto e = read_event(index);
  if (!e) return stop(e.error().what());
  ++next_index_;
  return std::move(*e);
}

}  // namespace tpmready::eventlog
