#pragma once
/// The `tpmready eventlog` view: a readable text table and the JSON contract, both written
/// incrementally (one event at a time) into a sink, so huge logs stream with bounded memory.
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "eventlog/analysis.h"
#include "eventlog/parser.h"
#include "eventlog/replay.h"
#include "evidence/eventlog_evidence.h"
#include "evidence/pcr_values.h"

namespace tpmready::report {

/// Receives output in chunks (the CLI flushes them to stdout).
using Sink = std::function<void(std::string_view)>;

struct EventLogRenderInput {
  const eventlog::ProcessedLog* log = nullptr;
  std::string source;
  const PcrValues* actual = nullptr;              ///< PCRs compared with, or null
  const eventlog::ReplayReport* report = nullptr; ///< comparison, or null when no PCRs were given
  bool show_replay = false;                       ///< text: print the replayed PCRs
  const EventLogEvidence* evidence = nullptr;     ///< JSON "evidence" (collect/eventlog_collect.h)
};

/// JSON: `{"format":..,"source":..,"spec_id":..,"events":[` ... `],"errors":..,"replay":..,
/// "replay_matches":..,"evidence":..}`. Keys are stable (scripts parse them): add, never rename.
class EventLogJsonRenderer {
 public:
  explicit EventLogJsonRenderer(Sink sink) : sink_(std::move(sink)) {}
  ~EventLogJsonRenderer() { flush(); }
  void begin(eventlog::LogFormat format, const std::optional<eventlog::SpecIdEvent>& spec, std::string_view source);
  void event(const eventlog::Event& e);
  void end(const EventLogRenderInput& in);
  void flush();

 private:
  Sink sink_;
  std::string buf_;
  bool first_event_ = true;
};

class EventLogTextRenderer {
 public:
  EventLogTextRenderer(Sink sink, std::vector<std::uint16_t> banks) : sink_(std::move(sink)), banks_(std::move(banks)) {}
  ~EventLogTextRenderer() { flush(); }
  void begin(eventlog::LogFormat format, const std::optional<eventlog::SpecIdEvent>& spec, std::string_view source);
  void event(const eventlog::Event& e);
  void end(const EventLogRenderInput& in);
  void flush();

 private:
  void end_comparison(const eventlog::ReplayReport& report);

  Sink sink_;
  std::vector<std::uint16_t> banks_;
  std::string buf_;
};

/// JSON string literal with escapes ("a\"b").
std::string json_quote(std::string_view s);
void append_json_string(std::string& out, std::string_view s);

}  // namespace tpmready::report
