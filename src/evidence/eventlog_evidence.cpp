#include "evidence/eventlog_evidence.h"

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

void from_json(const nlohmann::json& j, EventLogEvidence& e) {
  e = EventLogEvidence{};
  for_each_fact(e, [&j](const char* key, auto& fact) {
    if (j.contains(key)) j.at(key).get_to(fact);
  });
  if (j.contains("mismatched_pcrs")) j.at("mismatched_pcrs").get_to(e.mismatched_pcrs);
  if (j.contains("parse_error")) j.at("parse_error").get_to(e.parse_error);
}

}  // namespace tpmready
