#include "eventlog/parser.h"

#include <algorithm>
#include <cstring>

#include "crypto/crypto.h"
#include "eventlog/event_types.h"
#include "util/byte_reader.h"

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

std::string at(std::size_t offset) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "@0x%zx", offset);
  return buf;
}

Error event_error(std::size_t index, std::size_t offset, const std::string& message) {
  return make_error(ErrorKind::Parse, "event[" + std::to_string(index) + "] " + at(offset) + ": " + message);
}

bool all_zero(ByteSpan bytes) {
  return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

// The event data: EventSize, checked against what the log still holds before it is used.
Result<ByteSpan> read_event_data(ByteReader& r, std::size_t index, std::size_t start) {
  std::size_t size_at = r.offset();
  auto size = TRY(r.u32le("EventSize"));
  if (size > r.remaining()) {
    return event_error(index, start,
                       "EventSize " + std::to_string(size) + " " + at(size_at) + " > remaining " +
                           std::to_string(r.remaining()) + " bytes");
  }
  return TRY(r.bytes(size, "Event"));
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
    return make_error(ErrorKind::Parse, at(count_at) + ": numberOfAlgorithms: " + std::to_string(count) +
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
      return make_error(ErrorKind::Parse, at(entry_at) + ": digestSizes[" + std::to_string(i) + "]: algorithm " +
                                              hex32(a.alg) + " has digestSize " + std::to_string(a.size) +
                                              ", expected " + std::to_string(*expected));
    }
    for (const auto& prev : s.algorithms) {
      if (prev.alg == a.alg) {
        return make_error(ErrorKind::Parse, at(entry_at) + ": digestSizes: algorithm " + hex32(a.alg) + " listed twice");
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

Result<EventLogReader> EventLogReader::open(ByteSpan log) {
  if (log.empty()) return make_error(ErrorKind::Parse, "empty event log (0 bytes)");
  // A PE/COFF image starts with "MZ" (an easy mistake: picking bootmgfw.efi instead of its log).
  if (log.size() >= 2 && log[0] == 'M' && log[1] == 'Z') {
    return make_error(ErrorKind::Parse, "@0x0: not a TCG event log: starts with \"MZ\" (a PE/COFF executable?)");
  }
  EventLogReader reader(log);
  auto first = reader.read_sha1_event(0);
  if (!first) return std::move(first).error().context("first event");
  // facts/tcg.md §5.2: the first event is always SHA-1 format; an EV_NO_ACTION carrying the Spec ID
  // Event03 signature switches the rest of the log to TCG_PCR_EVENT2. A shorter or different
  // EV_NO_ACTION (GA short_no_action_eventlog) leaves the log in SHA-1 format.
  if (first->type == EV_NO_ACTION && is_spec_id_event03(first->data)) {
    std::size_t data_at = first->offset + kSha1HeaderSize;
    auto spec = parse_spec_id(first->data, data_at);
    if (!spec) return std::move(spec).error().context("Spec ID Event03 header");
    if (spec->vendor_info_missing) {
      reader.warnings_.push_back(at(data_at) + ": Spec ID vendorInfoSize exceeds the event by " +
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

Result<Event> EventLogReader::read_sha1_event(std::size_t index) {
  ByteReader r(log_.subspan(pos_), pos_);
  Event e;
  e.index = index;
  e.offset = pos_;
  if (r.remaining() < kSha1HeaderSize) {
    return event_error(index, pos_, "truncated header: needs " + std::to_string(kSha1HeaderSize) + " bytes, only " +
                                        std::to_string(r.remaining()) + " left");
  }
  e.pcr = TRY(r.u32le("PCRIndex"));
  e.type = TRY(r.u32le("EventType"));
  TRY(check_pcr(e.pcr, e.type, index, e.offset));
  e.digest_storage[0] = Digest{kAlgSha1, TRY(r.bytes(kSha1DigestSize, "Digest"))};
  e.digest_count = 1;
  e.data = TRY(read_event_data(r, index, e.offset));
  e.size = r.position();
  pos_ += e.size;
  return e;
}

Result<Event> EventLogReader::read_agile_event(std::size_t index) {
  ByteReader r(log_.subspan(pos_), pos_);
  Event e;
  e.index = index;
  e.offset = pos_;
  auto wrap = [&](Error err) { return std::move(err).context("event[" + std::to_string(index) + "]"); };
  auto pcr = r.u32le("PCRIndex");
  if (!pcr) return wrap(std::move(pcr).error());
  e.pcr = *pcr;
  auto type = r.u32le("EventType");
  if (!type) return wrap(std::move(type).error());
  e.type = *type;
  TRY(check_pcr(e.pcr, e.type, index, e.offset));
  std::size_t count_at = r.offset();
  auto count = r.u32le("digests.count");
  if (!count) return wrap(std::move(count).error());
  const auto& table = spec_id_->algorithms;
  if (*count > table.size()) {
    return event_error(index, e.offset, "digests.count " + std::to_string(*count) + " " + at(count_at) + " > " +
                                            std::to_string(table.size()) + " banks in the Spec ID header");
  }
  for (std::uint32_t i = 0; i < *count; ++i) {
    std::size_t alg_at = r.offset();
    auto alg = r.u16le("hashAlg");
    if (!alg) return wrap(std::move(alg).error());
    auto it = std::find_if(table.begin(), table.end(), [&](const AlgorithmSize& a) { return a.alg == *alg; });
    // facts/tcg.md §5.2: digest sizes come only from the Spec ID table.
    if (it == table.end()) {
      return event_error(index, e.offset, "hashAlg " + hex32(*alg) + " " + at(alg_at) + " not in the Spec ID header");
    }
    auto value = r.bytes(it->size, "digest");
    if (!value) return wrap(std::move(value).error());
    e.digest_storage[i] = Digest{*alg, *value};
  }
  e.digest_count = *count;
  auto data = read_event_data(r, index, e.offset);
  if (!data) return wrap(std::move(data).error());
  e.data = *data;
  e.size = r.position();
  pos_ += e.size;
  return e;
}

std::optional<Event> EventLogReader::next() {
  if (done_) return std::nullopt;
  if (first_) {
    Event e = *first_;
    first_.reset();
    next_index_ = 1;
    return e;
  }
  if (pos_ >= log_.size()) {
    done_ = true;
    return std::nullopt;
  }
  // Firmware may hand out its whole log area: a zero-filled tail is padding, not an event.
  // Only a zero PCRIndex+EventType+count prefix triggers the full scan, so the walk stays linear.
  ByteSpan rest = log_.subspan(pos_);
  if (all_zero(rest.first(std::min<std::size_t>(rest.size(), 12))) && all_zero(rest)) {
    trailing_zeros_ = log_.size() - pos_;
    done_ = true;
    return std::nullopt;
  }
  // A tail too short for any event header is trailing garbage, not a broken event.
  std::size_t min_header = format_ == LogFormat::CryptoAgile ? kAgileMinHeaderSize : kSha1HeaderSize;
  if (rest.size() < min_header) {
    trailing_bytes_ = rest.size();
    warnings_.push_back(at(pos_) + ": " + std::to_string(rest.size()) +
                        " trailing bytes after the last event, too short for an event header; ignored");
    done_ = true;
    return std::nullopt;
  }
  std::size_t index = next_index_;
  auto e = format_ == LogFormat::CryptoAgile ? read_agile_event(index) : read_sha1_event(index);
  if (!e) {
    issue_ = ParseIssue{index, pos_, e.error().what()};
    done_ = true;
    return std::nullopt;
  }
  ++next_index_;
  return std::move(*e);
}

}  // namespace tpmready::eventlog
