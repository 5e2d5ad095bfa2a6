#include "report/eventlog_view.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "eventlog/decode.h"
#include "eventlog/event_types.h"
#include "util/json_text.h"
#include "util/utf8.h"

namespace tpmready::report {

using namespace eventlog;

namespace {
// Flush in chunks: few writes for big logs, bounded buffer.
constexpr std::size_t kFlushAt = 1 << 16;
// Text table: digest prefixes long enough to tell events apart at a glance.
constexpr std::size_t kShortDigestHex = 8;

// Appends pieces one by one: `"lit" + std::string&&` trips GCC 12's -Wrestrict false positive.
template <typename... Parts>
void put(std::string& out, const Parts&... parts) {
  (out.append(std::string_view(parts)), ...);
}

std::string bank_name(std::uint16_t alg) {
  if (auto n = crypto::hash_name(alg)) return std::string(*n);
  return hex32(alg);
}

// Decimal without std::to_string's temporary string (four numbers per event on 50 MB logs).
void append_uint(std::string& out, std::uint64_t v) {
  char buf[20];
  char* p = buf + sizeof buf;
  do {
    *--p = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v != 0);
  out.append(p, static_cast<std::size_t>(buf + sizeof buf - p));
}

void append_hex(std::string& out, ByteSpan data) {
  static const char* digits = "0123456789abcdef";
  for (auto b : data) {
    out += digits[b >> 4];
    out += digits[b & 15];
  }
}

nlohmann::json spec_json(const SpecIdEvent& s) {
  nlohmann::json algs = nlohmann::json::array();
  for (const auto& a : s.algorithms) algs.push_back({{"algorithm", bank_name(a.alg)}, {"digest_size", a.size}});
  return {{"platform_class", s.platform_class},
          {"spec_version", std::to_string(s.spec_version_major) + "." + std::to_string(s.spec_version_minor)},
          {"spec_errata", s.spec_errata},
          {"uintn_size", s.uintn_size},
          {"algorithms", algs},
          {"vendor_info", to_hex(s.vendor_info)}};
}

nlohmann::json tail_json(const EventLogRenderInput& in) {
  const auto& log = *in.log;
  nlohmann::json j = nlohmann::json::object();
  nlohmann::json errors = nlohmann::json::array();
  if (log.summary.issue) {
    errors.push_back({{"offset", log.summary.issue->offset},
                      {"event_index", log.summary.issue->event_index},
                      {"message", log.summary.issue->message}});
  }
  j["errors"] = errors;
  j["event_count"] = log.summary.events;
  j["trailing_zero_bytes"] = log.summary.trailing_zero_bytes;
  j["trailing_bytes"] = log.summary.trailing_bytes;
  j["warnings"] = log.summary.warnings;
  j["replay"] = pcr_values_to_json(log.replay.values());
  j["replay_problems"] = log.replay.bank_problems();
  auto loc = log.replay.startup_locality();
  j["startup_locality"] = loc ? nlohmann::json(*loc) : nlohmann::json(nullptr);
  if (in.report) {
    j["replay_matches"] = in.report->matches;
    nlohmann::json cmp = nlohmann::json::array();
    for (const auto& c : in.report->compared) {
      cmp.push_back({{"bank", c.bank}, {"pcr", c.pcr}, {"replayed", to_hex(c.replayed)}, {"actual", to_hex(c.actual)},
                     {"match", c.match},
                     {"workaround", c.workaround.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.workaround)}});
    }
    j["comparison"] = cmp;
    j["mismatched_pcrs"] = in.report->mismatched_pcrs();
    nlohmann::json suspects = nlohmann::json::array();
    for (const auto& s : in.report->suspects) {
      suspects.push_back({{"pcr", s.pcr},
                          {"event_index", s.event_index ? nlohmann::json(*s.event_index) : nlohmann::json(nullptr)},
                          {"reason", s.reason}});
    }
    j["suspects"] = suspects;
  } else {
    j["replay_matches"] = nullptr;
  }
  if (in.evidence) j["evidence"] = *in.evidence;
  return j;
}
}  // namespace

std::string json_quote(std::string_view s) {
  std::string out;
  append_json_string(out, s);
  return out;
}

void append_json_string(std::string& out, std::string_view s) {
  // Event data is the firmware's (strings cut to a summary's length, UTF-16 names): ill-formed
  // UTF-8 becomes U+FFFD, as in every other JSON tpmready writes (util/json_text.h).
  std::string valid;
  if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) {
    valid = valid_utf8(s);
    s = valid;
  }
  out += '"';
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  out += '"';
}

void EventLogJsonRenderer::flush() {
  if (!buf_.empty()) sink_(buf_);
  buf_.clear();
}

void EventLogJsonRenderer::begin(LogFormat format, const std::optional<SpecIdEvent>& spec, std::string_view source) {
  buf_ += "{\"format\":";
  buf_ += json_quote(format_name(format));
  buf_ += ",\"source\":";
  buf_ += json_quote(source);
  buf_ += ",\"spec_id\":";
  buf_ += spec ? json_text(spec_json(*spec)) : "null";
  buf_ += ",\"events\":[";
}

void EventLogJsonRenderer::event(const Event& e) {
  if (!first_event_) buf_ += ',';
  first_event_ = false;
  buf_ += "{\"index\":";
  append_uint(buf_, e.index);
  buf_ += ",\"offset\":";
  append_uint(buf_, e.offset);
  buf_ += ",\"pcr\":";
  buf_ += pcr_text(e.pcr);  // -1 for Windows' never-extended EV_NO_ACTION events
  buf_ += ",\"type\":";
  if (auto name = event_type_name(e.type)) {
    append_json_string(buf_, *name);
  } else {
    append_json_string(buf_, event_type_display(e.type));
  }
  buf_ += ",\"type_value\":\"0x";
  const std::uint8_t type_be[4] = {static_cast<std::uint8_t>(e.type >> 24), static_cast<std::uint8_t>(e.type >> 16),
                                   static_cast<std::uint8_t>(e.type >> 8), static_cast<std::uint8_t>(e.type)};
  append_hex(buf_, type_be);
  buf_ += "\",\"digests\":{";
  bool first = true;
  for (const auto& d : e.digests()) {
    if (!first) buf_ += ',';
    first = false;
    buf_ += '"';
    buf_ += bank_name(d.alg);
    buf_ += "\":\"";
    append_hex(buf_, d.value);
    buf_ += '"';
  }
  buf_ += "},\"data_size\":";
  append_uint(buf_, e.data.size());
  buf_ += ",\"summary\":";
  append_json_string(buf_, summarize_event(e));
  buf_ += '}';
  if (buf_.size() >= kFlushAt) flush();
}

void EventLogJsonRenderer::end(const EventLogRenderInput& in) {
  buf_ += "]";
  std::string tail = json_text(tail_json(in));
  // tail is an object: splice its members after "events".
  buf_ += ',';
  buf_.append(tail, 1, std::string::npos);
  buf_ += '\n';
  flush();
}

void EventLogTextRenderer::flush() {
  // Flushed at line ends, so no character is split; event data may hold control characters.
  if (!buf_.empty()) sink_(terminal_safe(buf_));
  buf_.clear();
}

void EventLogTextRenderer::begin(LogFormat format, const std::optional<SpecIdEvent>&, std::string_view source) {
  put(buf_, "event log: ", source, "\nformat:    ", format_name(format), " (banks");
  for (auto alg : banks_) put(buf_, " ", bank_name(alg));
  put(buf_, ")\n\n");
  char line[160];
  std::snprintf(line, sizeof line, "%5s %3s  %-34s", "#", "PCR", "TYPE");
  buf_ += line;
  for (auto alg : banks_) {
    std::snprintf(line, sizeof line, " %-8s", bank_name(alg).c_str());
    buf_ += line;
  }
  buf_ += "  SUMMARY\n";
}

void EventLogTextRenderer::event(const Event& e) {
  char line[160];
  std::snprintf(line, sizeof line, "%5zu %3s  %-34s", e.index, pcr_text(e.pcr).c_str(), event_type_display(e.type).c_str());
  buf_ += line;
  for (auto alg : banks_) {
    buf_ += ' ';
    auto d = e.digest_for(alg);
    std::string hex = d ? to_hex(d->first(std::min(d->size(), kShortDigestHex / 2))) : "-";
    hex.resize(kShortDigestHex, ' ');
    buf_ += hex;
  }
  put(buf_, "  ", summarize_event(e), "\n");
  if (buf_.size() >= kFlushAt) flush();
}

void EventLogTextRenderer::end(const EventLogRenderInput& in) {
  const auto& log = *in.log;
  put(buf_, "\n", std::to_string(log.summary.events), " events");
  if (log.summary.trailing_zero_bytes) {
    put(buf_, ", ", std::to_string(log.summary.trailing_zero_bytes), " zero bytes of padding");
  }
  buf_ += '\n';
  for (const auto& w : log.summary.warnings) put(buf_, "warning: ", w, "\n");
  if (log.summary.issue) put(buf_, "ERROR: parsing stopped: ", log.summary.issue->message, "\n");
  for (const auto& [bank, problem] : log.replay.bank_problems()) put(buf_, "bank ", bank, " not replayed: ", problem, "\n");
  if (in.show_replay || in.report) {
    put(buf_, "\nreplayed PCRs");
    if (auto loc = log.replay.startup_locality()) {
      put(buf_, " (PCR 0 starts at StartupLocality ", std::to_string(*loc), ")");
    }
    put(buf_, ":\n");
    for (const auto& [bank, values] : log.replay.values()) {
      for (const auto& [pcr, value] : values) {
        put(buf_, "  ", bank, " PCR ", std::to_string(pcr), pcr < 10 ? "  " : " ", to_hex(value), "\n");
      }
    }
  }
  if (in.report) end_comparison(*in.report);
  flush();
}

void EventLogTextRenderer::end_comparison(const ReplayReport& r) {
  put(buf_, "\nreplay vs TPM: ");
  if (r.compared.empty()) {
    put(buf_, "nothing to compare (no bank in common)\n");
    return;
  }
  for (const auto& c : r.compared) {
    if (!c.workaround.empty()) put(buf_, c.bank, " PCR ", std::to_string(c.pcr), " matches only with workaround ", c.workaround, "\n  ");
  }
  if (r.matches) {
    put(buf_, "MATCH (", std::to_string(r.compared.size()), " PCR values compared)\n");
    return;
  }
  put(buf_, "MISMATCH in PCR");
  for (auto p : r.mismatched_pcrs()) put(buf_, " ", std::to_string(p));
  put(buf_, "\n");
  for (const auto& c : r.compared) {
    if (c.match) continue;
    put(buf_, "  ", c.bank, " PCR ", std::to_string(c.pcr), ": log ", to_hex(c.replayed), "\n");
    put(buf_, "  ", c.bank, " PCR ", std::to_string(c.pcr), ": TPM ", to_hex(c.actual), "\n");
  }
  for (const auto& s : r.suspects) {
    put(buf_, "  suspect: PCR ", std::to_string(s.pcr));
    if (s.event_index) put(buf_, " event ", std::to_string(*s.event_index));
    put(buf_, ": ", s.reason, "\n");
  }
}

}  // namespace tpmready::report
