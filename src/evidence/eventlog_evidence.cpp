#include "evidence/eventlog_evidence.h"

#include <nlohmann/json.hpp>

#include "evidence/fact_json.h"
#include "util/json_reader.h"

namespace tpmready {

namespace {
// One table drives both directions so a field cannot be written and then forgotten on read.
template <typename Fn>
void for_each_fact(EventLogEvidence& e, Fn&& fn) {
  fn("present", e.present);
  fn("parses", e.parses);
  fn("replay_matches", e.replay_matches);
  fn("format", e.format);
  fn("event_count", e.event_count);
  fn("secure_boot_enabled", e.secure_boot_enabled);
  fn("db_entries", e.db_entries);
  fn("dbx_entries", e.dbx_entries);
  fn("boot_counter", e.boot_counter);
  fn("boot_debugging", e.boot_debugging);
  fn("os_kernel_debug", e.os_kernel_debug);
  fn("code_integrity", e.code_integrity);
  fn("test_signing", e.test_signing);
  fn("flight_signing", e.flight_signing);
  fn("safe_mode", e.safe_mode);
  fn("winpe", e.winpe);
  fn("data_execution_prevention", e.data_execution_prevention);
  fn("bitlocker_unlock", e.bitlocker_unlock);
  fn("hypervisor_launch_type", e.hypervisor_launch_type);
  fn("vsm_launch_type", e.vsm_launch_type);
  fn("vbs_vsm_required", e.vbs_vsm_required);
  fn("elam_measured", e.elam_measured);
  fn("application_svn", e.application_svn);
}
}  // namespace

void to_json(nlohmann::json& j, const EventLogEvidence& e) {
  j = nlohmann::json::object();
  for_each_fact(const_cast<EventLogEvidence&>(e), [&j](const char* key, const auto& fact) { j[key] = fact; });
  j["mismatched_pcrs"] = e.mismatched_pcrs;
  j["parse_error"] = e.parse_error;
}

Status read_json(const JsonReader& r, EventLogEvidence& out) {
  out = EventLogEvidence{};
  TRY(r.object());
  Status status = ok_status();
  for_each_fact(out, [&](const char* key, auto& fact) {
    if (status.ok()) status = r.get_if(key, fact);
  });
  TRY(std::move(status));
  TRY(r.get_if("mismatched_pcrs", out.mismatched_pcrs));
  TRY(r.get_if("parse_error", out.parse_error));
  return ok_status();
}

void unknown_where_unset(EventLogEvidence& e, const std::string& reason, const std::string& source) {
  for_each_fact(e, [&](const char*, auto& fact) {
    if (fact.value || fact.unknown_reason) return;
    fact.unknown_reason = reason;
    fact.source = source;
  });
}

}  // namespace tpmready
