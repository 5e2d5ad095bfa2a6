#include "eventlog/replay.h"

#include <algorithm>
#include <cstring>

#include "crypto/crypto.h"
#include "eventlog/event_types.h"

namespace tpmready::eventlog {

namespace {
// Keep the first few suspects per PCR: enough to point at the problem, bounded for huge logs.
constexpr std::size_t kMaxAfterSeparator = 8;
// facts/tcg.md §5.4: "StartupLocality\0" is 16 bytes, then the locality byte.
constexpr char kStartupLocality[16] = {'S', 't', 'a', 'r', 't', 'u', 'p', 'L',
                                       'o', 'c', 'a', 'l', 'i', 't', 'y', 0};
// facts/tcg.md §5.4: PCRs 0-7 are the firmware PCRs, closed by EV_SEPARATOR (§5.5).
constexpr unsigned kLastFirmwarePcr = 7;
}  // namespace

std::optional<std::uint8_t> startup_locality_of(const Event& event) {
  if (event.type != EV_NO_ACTION || event.pcr != 0 || event.data.size() != sizeof kStartupLocality + 1) {
    return std::nullopt;
  }
  if (std::memcmp(event.data.data(), kStartupLocality, sizeof kStartupLocality) != 0) return std::nullopt;
  return event.data[sizeof kStartupLocality];
}

Replayer::Replayer(const std::vector<std::uint16_t>& banks) {
  for (auto alg : banks) {
    Bank b;
    b.alg = alg;
    b.name = std::string(crypto::hash_name(alg).value_or(hex32(alg)));
    b.size = crypto::digest_size(alg).value_or(0);
    if (!crypto::hash_name(alg) || !crypto::supported(static_cast<crypto::HashAlg>(alg))) {
      b.ok = false;
      bank_problems_[b.name] = "hash algorithm " + hex32(alg) + " cannot be computed here";
    }
    banks_.push_back(std::move(b));
  }
}

Bytes Replayer::initial_value(std::uint16_t alg, unsigned pcr) const {
  Bytes v(crypto::digest_size(alg).value_or(0), 0);
  if (pcr == 0 && locality_ && !v.empty()) v.back() = *locality_;
  return v;
}

void Replayer::note_history(const Event& event) {
  auto& h = history_[event.pcr];
  ++h.events;
  h.last_event = event.index;
  if (event.type == EV_SEPARATOR) {
    ++h.separators;
    h.last_separator = event.index;
    h.after_separator.clear();
    h.after_separator_count = 0;
  } else if (h.last_separator) {
    ++h.after_separator_count;
    if (h.after_separator.size() < kMaxAfterSeparator) h.after_separator.push_back(event.index);
  }
}

void Replayer::extend(Bank& bank, const Event& event) {
  auto digest = event.digest_for(bank.alg);
  if (!digest) {
    // facts/tcg.md §5.4: an event lacking the bank's digest makes that bank's replay fail.
    bank.ok = false;
    bank_problems_[bank.name] = "event[" + std::to_string(event.index) + "] has no " + bank.name + " digest";
    return;
  }
  auto& pcr = bank.pcr[event.pcr];
  if (pcr.empty()) pcr = initial_value(bank.alg, event.pcr);
  auto next = crypto::digest2(static_cast<crypto::HashAlg>(bank.alg), pcr, *digest);
  if (!next) {
    bank.ok = false;
    bank_problems_[bank.name] = next.error().what();
    return;
  }
  pcr = std::move(*next);
}

void Replayer::add(const Event& event) {
  if (event.type == EV_NO_ACTION) {
    // Only a StartupLocality seen before PCR 0's first extend can set its start value.
    if (auto loc = startup_locality_of(event); loc && history_[0].events == 0) locality_ = loc;
    return;  // facts/tcg.md §5.4: EV_NO_ACTION is never extended
  }
  note_history(event);
  for (auto& bank : banks_) {
    if (bank.ok) extend(bank, event);
  }
}

PcrValues Replayer::values() const {
  PcrValues out;
  for (const auto& bank : banks_) {
    if (!bank.ok) continue;
    auto& values = out[bank.name];
    for (unsigned i = 0; i <= kMaxPcrIndex; ++i) {
      if (!bank.pcr[i].empty()) values[i] = bank.pcr[i];
    }
  }
  return out;
}

std::vector<unsigned> ReplayReport::mismatched_pcrs() const {
  std::vector<unsigned> out;
  for (const auto& c : compared) {
    if (!c.match) out.push_back(c.pcr);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

namespace {

// facts/tcg.md §5.6: the three sequences GA tries, in order.
constexpr const char* kEbsInvocation = "Exit Boot Services Invocation";
constexpr const char* kEbsSuccess = "Exit Boot Services Returned with Success";
constexpr const char* kEbsFailure = "Exit Boot Services Returned with Failure";
constexpr unsigned kEbsPcr = 5;

std::optional<std::string> try_ebs_workaround(std::uint16_t alg, const Bytes& replayed, const Bytes& actual) {
  const std::vector<std::vector<const char*>> sequences = {
      {kEbsInvocation, kEbsSuccess}, {kEbsInvocation, kEbsFailure}, {kEbsInvocation, kEbsFailure, kEbsSuccess}};
  auto hash = static_cast<crypto::HashAlg>(alg);
  for (const auto& seq : sequences) {
    Bytes pcr = replayed;
    std::string names;
    for (const char* text : seq) {
      std::string_view sv(text);
      auto d = crypto::digest(hash, ByteSpan(reinterpret_cast<const std::uint8_t*>(sv.data()), sv.size()));
      if (!d) return std::nullopt;
      auto next = crypto::digest2(hash, pcr, *d);
      if (!next) return std::nullopt;
      pcr = std::move(*next);
      names += names.empty() ? "" : " + ";
      names += text;
    }
    if (pcr == actual) return "ebs-event-missing: log lacks \"" + names + "\"";
  }
  return std::nullopt;
}

void name_suspects(unsigned pcr, const PcrHistory& h, const std::optional<ParseIssue>& issue,
                   std::vector<SuspectEvent>& out) {
  std::size_t before = out.size();
  if (issue) {
    out.push_back({pcr, issue->event_index,
                   "log parsing stopped at event " + std::to_string(issue->event_index) +
                       ": later measurements are missing from the log"});
  }
  if (h.events == 0) {
    out.push_back({pcr, std::nullopt, "the TPM's PCR was extended but the log has no event for it"});
    return;
  }
  if (pcr <= kLastFirmwarePcr) {
    if (h.separators == 0) out.push_back({pcr, std::nullopt, "no EV_SEPARATOR in this PCR (missing separator)"});
    if (h.separators > 1) out.push_back({pcr, h.last_separator, "duplicate EV_SEPARATOR"});
    for (auto index : h.after_separator) out.push_back({pcr, index, "event after the last EV_SEPARATOR"});
  }
  if (out.size() == before && h.last_event) {
    out.push_back({pcr, h.last_event, "last event of this PCR: the log is incomplete or an event's digest differs"});
  }
}

}  // namespace

ReplayReport compare_replay(const Replayer& replay, const PcrValues& actual,
                            const std::optional<ParseIssue>& parse_issue) {
  ReplayReport report;
  PcrValues replayed = replay.values();
  std::vector<unsigned> bad;
  for (const auto& [bank, values] : replayed) {
    auto it = actual.find(bank);
    if (it == actual.end()) continue;
    report.banks_compared.push_back(bank);
    auto alg = *crypto::hash_from_name(bank);
    std::map<unsigned, Bytes> expected = values;
    for (unsigned pcr = 0; pcr <= kLastFirmwarePcr; ++pcr) {
      if (!expected.count(pcr)) expected[pcr] = replay.initial_value(alg, pcr);
    }
    for (const auto& [pcr, value] : expected) {
      auto a = it->second.find(pcr);
      if (a == it->second.end()) continue;
      PcrComparison c{bank, pcr, value, a->second, value == a->second, {}};
      if (!c.match && pcr == kEbsPcr) {
        if (auto w = try_ebs_workaround(alg, value, a->second)) {
          c.match = true;
          c.workaround = *w;
        }
      }
      if (!c.match) bad.push_back(pcr);
      report.compared.push_back(std::move(c));
    }
  }
  std::sort(bad.begin(), bad.end());
  bad.erase(std::unique(bad.begin(), bad.end()), bad.end());
  for (unsigned pcr : bad) name_suspects(pcr, replay.history()[pcr], parse_issue, report.suspects);
  report.matches = !report.compared.empty() && bad.empty();
  return report;
}

}  // namespace tpmready::eventlog
