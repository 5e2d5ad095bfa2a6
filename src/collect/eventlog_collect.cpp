#include "collect/eventlog_collect.h"

#include "eventlog/analysis.h"

namespace tpmready::collect {

namespace {

EventLogEvidence from_load_error(const Error& error, const std::string& source) {
  EventLogEvidence e;
  // Only "not there" proves absence; an unreadable log (access denied, I/O) leaves it unknown.
  if (error.kind() == ErrorKind::NotFound) {
    e.present = Fact<bool>::known(false, source);
  } else {
    e.present = Fact<bool>::unknown(error.what(), source);
  }
  e.parses = Fact<bool>::unknown("no log read", source);
  e.replay_matches = Fact<bool>::unknown("no log read", source);
  return e;
}

EventLogEvidence evidence_from(const Result<eventlog::ProcessedLog>& processed, const std::string& source,
                               const std::optional<PcrValues>& pcrs) {
  if (!processed) {
    EventLogEvidence e;
    e.present = Fact<bool>::known(true, source);
    e.parses = Fact<bool>::known(false, source);
    e.parse_error = processed.error().what();
    e.replay_matches = Fact<bool>::unknown("the log does not parse", source);
    return e;
  }
  std::optional<eventlog::ReplayReport> report;
  if (pcrs) report = eventlog::compare_replay(processed->replay, *pcrs, processed->summary.issue);
  return eventlog::make_evidence(*processed, source, report);
}

}  // namespace

EventLogEvidence eventlog_evidence_from_bytes(ByteSpan log, const std::string& source,
                                              const std::optional<PcrValues>& pcrs) {
  return evidence_from(eventlog::process_log(log), source, pcrs);
}

Result<eventlog::ProcessedLog> process_eventlog(const EventLogSource& log) {
  return eventlog::process_log(TRY(log.open()));
}

EventLogEvidence eventlog_evidence_from_source(const EventLogSource& log, const std::optional<PcrValues>& pcrs) {
  auto input = log.open();
  if (!input) return from_load_error(input.error(), log.source);
  return evidence_from(eventlog::process_log(std::move(*input)), log.source, pcrs);
}

EventLogEvidence eventlog_evidence_from_path(const std::string& path, const std::optional<PcrValues>& pcrs) {
  auto log = open_eventlog(path);
  if (!log) return from_load_error(log.error(), "file:" + path);
  return eventlog_evidence_from_source(*log, pcrs);
}

EventLogEvidence eventlog_evidence_from_platform(const std::optional<PcrValues>& pcrs) {
  auto log = load_platform_eventlog();
  if (!log) return from_load_error(log.error(), "platform");
  return eventlog_evidence_from_source(*log, pcrs);
}

}  // namespace tpmready::collect
