#include "collect/aik_ca_events.h"

#include <algorithm>

#include "collect/offline/evtx_reader.h"
#include "collect/offline_pipeline.h"
#include "util/text.h"

namespace tpmready::collect {
namespace {

// A device logs these on each enrolment attempt; the newest few name the AIK CA it uses now.
constexpr std::size_t kMaxRecords = 200;
constexpr std::size_t kMaxKept = 50;

bool is_certenroll_event(const WindowsEvent& ev, const timeline::AikCaEventSource& source) {
  const bool provider = std::any_of(source.providers.begin(), source.providers.end(),
                                    [&](const std::string& p) { return iequals(ev.provider, p); });
  return provider && std::find(source.event_ids.begin(), source.event_ids.end(), ev.event_id) != source.event_ids.end();
}

void from_file(const std::string& path, Evidence& e) {
  auto read = collect_offline({path});
  if (!read) {
    e.inputs.push_back({"file:" + path, "windows_events", InputStatus::Unreadable, read.error().what()});
    return;
  }
  for (auto& in : read->inputs) e.inputs.push_back(std::move(in));
  // The same records the event log gives: the file stands in for it.
  const auto source = timeline::aik_ca_event_source();
  for (auto& ev : read->events)
    if (is_certenroll_event(ev, source)) e.events.push_back(std::move(ev));
}

void from_event_log(Evidence& e) {
  const auto source = timeline::aik_ca_event_source();
  const std::string xpath = aik_ca_event_xpath(source);
  const std::string name = "event log:Application";
  if (xpath.empty()) {
    e.inputs.push_back({name, "windows_events", InputStatus::NotUsed, "the event table names no AIK CA records"});
    return;
  }
  offline::EvtxLimits limits;
  limits.max_records = kMaxRecords;
  limits.max_kept = kMaxKept;
  auto read = offline::read_event_channel("Application", xpath, name, limits);
  if (!read) {
    // Not Windows: there is no log to read, which is not a damaged input.
    const bool none = read.error().kind() == ErrorKind::Unsupported;
    e.inputs.push_back({name, "windows_events", none ? InputStatus::NotUsed : InputStatus::Unreadable, read.error().what()});
    return;
  }
  std::size_t kept = 0;
  // Newest first from the log; the timeline orders them by time.
  for (auto it = read->events.rbegin(); it != read->events.rend(); ++it) {
    if (!is_certenroll_event(*it, source)) continue;
    e.events.push_back(std::move(*it));
    ++kept;
  }
  std::string detail = std::to_string(kept) + " AIK CA record(s) (CertEnroll)";
  if (!read->issues.empty()) detail += "; " + read->issues.front();
  e.inputs.push_back({name, "windows_events", read->issues.empty() ? InputStatus::Read : InputStatus::Partial, detail});
}

}  // namespace

std::string aik_ca_event_xpath(const timeline::AikCaEventSource& source) {
  std::string providers, ids;
  for (const auto& p : source.providers) {
    if (p.find('\'') != std::string::npos) continue;
    providers += (providers.empty() ? "" : " or ") + std::string("@Name='") + p + "'";
  }
  for (auto id : source.event_ids) ids += (ids.empty() ? "" : " or ") + std::string("EventID=") + std::to_string(id);
  if (providers.empty() || ids.empty()) return "";
  return "*[System[Provider[" + providers + "] and (" + ids + ")]]";
}

void read_aik_ca_events(const std::optional<std::string>& path, Evidence& e) {
  if (path) from_file(*path, e);
  else from_event_log(e);
}

}  // namespace tpmready::collect
