#include "eventlog/analysis.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "eventlog/decode.h"
#include "eventlog/event_types.h"
#include "eventlog/sipa.h"

namespace tpmready::eventlog {

namespace {
constexpr unsigned kSecureBootPcr = 7;  // facts/tcg.md §5.4/§5.7: Secure Boot policy in PCR 7

// The SIPA types fill() reports. Only these are kept, so a hostile log of many distinct types
// cannot grow the map with the log.
constexpr std::uint32_t kReportedSipa[] = {
    SIPAEVENT_BOOTCOUNTER,    SIPAEVENT_BOOTDEBUGGING,        SIPAEVENT_OSKERNELDEBUG,
    SIPAEVENT_CODEINTEGRITY,  SIPAEVENT_TESTSIGNING,          SIPAEVENT_FLIGHTSIGNING,
    SIPAEVENT_SAFEMODE,       SIPAEVENT_WINPE,                SIPAEVENT_DATAEXECUTIONPREVENTION,
    SIPAEVENT_BITLOCKER_UNLOCK, SIPAEVENT_HYPERVISOR_LAUNCH_TYPE, SIPAEVENT_VSM_LAUNCH_TYPE,
    SIPAEVENT_VBS_VSM_REQUIRED, SIPAEVENT_APPLICATION_SVN};

bool reported(std::uint32_t type) {
  return std::find(std::begin(kReportedSipa), std::end(kReportedSipa), type) != std::end(kReportedSipa);
}

bool is_wbcl_separator(const Event& e) {
  return e.type == EV_SEPARATOR && e.data.size() == 4 && std::memcmp(e.data.data(), "WBCL", 4) == 0;
}
}  // namespace

void LogFacts::add_variable(const Event& e) {
  auto var = parse_efi_variable(e.data, e.offset);
  if (!var) return;
  if (var->name == "SecureBoot" && var->data.size() == 1) secure_boot_ = var->data[0] == 1;  // §5.7
  if (var->name == "db" || var->name == "dbx") {
    auto lists = summarize_signature_lists(var->data, 0);
    if (lists) (var->name == "db" ? db_entries_ : dbx_entries_) = lists->entries;
  }
}

void LogFacts::add_sipa(const Event& e) {
  // facts/tcg.md §5.8: tagged events after the WBCL separator of the same PCR are ignored (GA).
  if (wbcl_separator_[e.pcr]) return;
  auto status = walk_sipa(e.data, e.offset, [this](std::uint32_t type, ByteSpan payload) {
    windows_log_ = true;
    if ((type & SIPAEVENTTYPE_CLASS_MASK) == SIPAEVENTTYPE_ELAM) elam_ = true;
    if (!reported(type)) return;
    if (auto v = sipa_integer(payload)) sipa_first_.emplace(type, *v);
  });
  (void)status;  // a tagged event that is not SIPA carries no Windows facts; the log still replays
}

void LogFacts::add(const Event& e) {
  if (e.type == EV_EFI_VARIABLE_DRIVER_CONFIG && e.pcr == kSecureBootPcr) add_variable(e);
  if (e.type == EV_EVENT_TAG) add_sipa(e);
  if (is_wbcl_separator(e)) {
    wbcl_separator_[e.pcr] = true;
    windows_log_ = true;
  }
}

std::optional<std::uint64_t> LogFacts::sipa(std::uint32_t type) const {
  auto it = sipa_first_.find(type);
  if (it == sipa_first_.end()) return std::nullopt;
  return it->second;
}

Result<ProcessedLog> process_log(ByteSpan log, const std::function<void(const Event&)>& on_event) {
  return process_log(std::make_unique<MemoryInput>(log), on_event);
}

Result<ProcessedLog> process_log(std::unique_ptr<EventLogInput> input, const std::function<void(const Event&)>& on_event) {
  return process_log(TRY(EventLogReader::open_input(std::move(input))), on_event);
}

Result<ProcessedLog> process_log(EventLogReader reader, const std::function<void(const Event&)>& on_event) {
  ProcessedLog out{LogSummary{}, Replayer(reader.banks()), LogFacts{}};
  out.summary.format = reader.format();
  out.summary.spec_id = reader.spec_id();
  while (auto e = reader.next()) {
    // The first event of a crypto-agile log is the Spec ID header: never replayed (§5.2).
    out.replay.add(*e);
    out.facts.add(*e);
    ++out.summary.events;
    if (on_event) on_event(*e);
  }
  out.summary.issue = reader.issue();
  out.summary.trailing_zero_bytes = reader.trailing_zero_bytes();
  out.summary.trailing_bytes = reader.trailing_bytes();
  out.summary.warnings = reader.warnings();
  out.summary.bytes = reader.offset() + reader.trailing_zero_bytes() + reader.trailing_bytes();
  return out;
}

}  // namespace tpmready::eventlog
