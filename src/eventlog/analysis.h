#pragma once
/// One pass over a log: parse, replay and collect facts (Secure Boot, Windows SIPA) while each
/// event streams past; a caller-supplied callback sees every event (the CLI prints it).
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <optional>

#include "eventlog/parser.h"
#include "eventlog/replay.h"
#include "evidence/eventlog_evidence.h"

namespace tpmready::eventlog {

/// Collects the facts a log records; feed it every event in order.
class LogFacts {
 public:
  void add(const Event& event);
  /// Writes the collected facts into `out`; facts the log does not carry become unknown with a
  /// reason. `source` names the log ("file:0000000004-0000000000.log").
  void fill(EventLogEvidence& out, const std::string& source) const;

 private:
  void add_variable(const Event& event);
  void add_sipa(const Event& event);

  std::optional<bool> secure_boot_;
  std::optional<std::uint64_t> db_entries_, dbx_entries_;
  std::map<std::uint32_t, std::uint64_t> sipa_first_;  // first integer value per reported SIPA type
  bool elam_ = false;
  std::array<bool, kMaxPcrIndex + 1> wbcl_separator_{};
  bool windows_log_ = false;
};

struct LogSummary {
  LogFormat format = LogFormat::Sha1;
  std::optional<SpecIdEvent> spec_id;
  std::size_t events = 0;
  std::size_t bytes = 0;  ///< bytes of the log walked: events, then padding or trailing bytes
  std::optional<ParseIssue> issue;
  std::size_t trailing_zero_bytes = 0;
  std::size_t trailing_bytes = 0;
  std::vector<std::string> warnings;
};

struct ProcessedLog {
  LogSummary summary;
  Replayer replay;
  LogFacts facts;
};

/// Parses, replays and collects facts in one pass. Fails only when the log is unusable
/// (EventLogReader::open); a later structural error ends the pass and is kept in summary.issue.
/// Events stream from `input` (a file in chunks): memory stays bounded whatever the log's size.
Result<ProcessedLog> process_log(std::unique_ptr<EventLogInput> input,
                                 const std::function<void(const Event&)>& on_event = {});
/// The same from a reader already opened (its header read; no event taken yet).
Result<ProcessedLog> process_log(EventLogReader reader, const std::function<void(const Event&)>& on_event = {});
/// The same over a log in memory.
Result<ProcessedLog> process_log(ByteSpan log, const std::function<void(const Event&)>& on_event = {});

/// Evidence from a processed log and, when known, the TPM's PCR values.
EventLogEvidence make_evidence(const ProcessedLog& log, const std::string& source,
                               const std::optional<ReplayReport>& replay);

}  // namespace tpmready::eventlog
