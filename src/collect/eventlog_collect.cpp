#include "collect/eventlog_collect.h"

#include "eventlog/sipa.h"

namespace tpmready::collect {

namespace {

/// The facts the log records; facts it does not carry are unknown with a reason.
void fill_log_facts(const eventlog::LogFacts& facts, EventLogEvidence& out, const std::string& source) {
  auto u64 = [&](const std::optional<std::uint64_t>& v, const char* what) {
    return v ? Fact<std::uint64_t>::known(*v, source)
             : Fact<std::uint64_t>::unknown(std::string("the log records no ") + what, source);
  };
  out.secure_boot_enabled = facts.secure_boot() ? Fact<bool>::known(*facts.secure_boot(), source)
                                         : Fact<bool>::unknown("the log has no SecureBoot variable event", source);
  out.db_entries = u64(facts.db_entries(), "db variable");
  out.dbx_entries = u64(facts.dbx_entries(), "dbx variable");
  const bool windows_log = facts.windows_log();
  auto flag = [&](std::uint32_t type) {
    auto v = facts.sipa(type);
    if (v) return Fact<bool>::known(*v != 0, source);
    return Fact<bool>::unknown(windows_log ? "the WBCL has no " + eventlog::sipa_type_display(type) + " event"
                                            : std::string("not a Windows log (no SIPA events)"),
                               source);
  };
  auto number = [&](std::uint32_t type) {
    auto v = facts.sipa(type);
    if (v) return Fact<std::uint64_t>::known(*v, source);
    return Fact<std::uint64_t>::unknown(windows_log ? "the WBCL has no " + eventlog::sipa_type_display(type) + " event"
                                                     : std::string("not a Windows log (no SIPA events)"),
                                        source);
  };
  out.boot_counter = number(eventlog::SIPAEVENT_BOOTCOUNTER);
  out.boot_debugging = flag(eventlog::SIPAEVENT_BOOTDEBUGGING);
  out.os_kernel_debug = flag(eventlog::SIPAEVENT_OSKERNELDEBUG);
  out.code_integrity = flag(eventlog::SIPAEVENT_CODEINTEGRITY);
  out.test_signing = flag(eventlog::SIPAEVENT_TESTSIGNING);
  out.flight_signing = flag(eventlog::SIPAEVENT_FLIGHTSIGNING);
  out.safe_mode = flag(eventlog::SIPAEVENT_SAFEMODE);
  out.winpe = flag(eventlog::SIPAEVENT_WINPE);
  out.data_execution_prevention = flag(eventlog::SIPAEVENT_DATAEXECUTIONPREVENTION);
  out.bitlocker_unlock = number(eventlog::SIPAEVENT_BITLOCKER_UNLOCK);
  out.hypervisor_launch_type = number(eventlog::SIPAEVENT_HYPERVISOR_LAUNCH_TYPE);
  out.vsm_launch_type = number(eventlog::SIPAEVENT_VSM_LAUNCH_TYPE);
  out.vbs_vsm_required = flag(eventlog::SIPAEVENT_VBS_VSM_REQUIRED);
  out.application_svn = number(eventlog::SIPAEVENT_APPLICATION_SVN);
  out.elam_measured = windows_log ? Fact<bool>::known(facts.elam_measured(), source)
                                   : Fact<bool>::unknown("not a Windows log (no SIPA events)", source);
}

EventLogEvidence from_load_error(const Error& error, const std::string& source) {
  EventLogEvidence e;
  // Only "not there" proves absence; an unreadable log (access denied, I/O) leaves it unknown.
  if (error.kind() == ErrorKind::NotFound) {
    e.present = Fact<bool>::known(false, source);
  } else {
    e.present = Fact<bool>::unknown(error.what(), source);
  }
  unknown_where_unset(e, "no log read", source);
  return e;
}

EventLogEvidence evidence_from(const Result<eventlog::ProcessedLog>& processed, const std::string& source,
                               const std::optional<PcrValues>& pcrs) {
  if (!processed) {
    EventLogEvidence e;
    e.present = Fact<bool>::known(true, source);
    e.parses = Fact<bool>::known(false, source);
    e.parse_error = processed.error().what();
    unknown_where_unset(e, "the log does not parse", source);
    return e;
  }
  std::optional<eventlog::ReplayReport> report;
  if (pcrs) report = eventlog::compare_replay(processed->replay, *pcrs, processed->summary.issue);
  return eventlog_evidence(*processed, source, report);
}

}  // namespace

EventLogEvidence eventlog_evidence(const eventlog::ProcessedLog& log, const std::string& source,
                                   const std::optional<eventlog::ReplayReport>& replay) {
  EventLogEvidence e;
  e.present = Fact<bool>::known(true, source);
  e.parses = Fact<bool>::known(!log.summary.issue.has_value(), source);
  if (log.summary.issue) e.parse_error = log.summary.issue->message;
  e.format = Fact<std::string>::known(std::string(eventlog::format_name(log.summary.format)), source);
  e.event_count = Fact<std::uint64_t>::known(log.summary.events, source);
  if (replay) {
    e.replay_matches = Fact<bool>::known(replay->matches, source);
    e.mismatched_pcrs = replay->mismatched_pcrs();
  } else {
    e.replay_matches = Fact<bool>::unknown("no PCR values to compare with", source);
  }
  fill_log_facts(log.facts, e, source);
  return e;
}

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
