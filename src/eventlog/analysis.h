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

namespace tpmready::eventlog {

/// Collects the facts a log records; feed it every event in order. collect/eventlog_collect.h
/// turns them into evidence.
class LogFacts {
 public:
  void add(const Event& event);
  /// The SecureBoot variable's value (EV_EFI_VARIABLE_DRIVER_CONFIG in PCR 7, facts/tcg.md §5.7).
  std::optional<bool> secure_boot() const { return secure_boot_; }
  /// Entries of the db / dbx signature lists measured in PCR 7.
  std::optional<std::uint64_t> db_entries() const { return db_entries_; }
  std::optional<std::uint64_t> dbx_entries() const { return dbx_entries_; }
  /// The first integer value of a reported SIPA event type (facts/tcg.md §5.8).
  std::optional<std::uint64_t> sipa(std::uint32_t type) const;
  /// An ELAM driver was measured.
  bool elam_measured() const { return elam_; }
  /// The log carries Windows SIPA events or a WBCL separator (a Windows boot log).
  bool windows_log() const { return windows_log_; }

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

}  // namespace tpmready::eventlog
