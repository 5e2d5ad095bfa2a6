#include "collect/windows/task_info.h"

namespace tpmready::collect {

ScheduledTaskEvidence task_evidence(const std::string& task_path, const platform::TaskQuery& q) {
  ScheduledTaskEvidence t;
  t.task_path = task_path;
  t.reader = q.reader;
  const std::string src = (q.reader == "TaskCache registry" ? "registry:TaskCache:" : "taskscheduler:") + task_path;
  if (!q.found) {
    const std::string why = q.reader + ": " + q.error;
    t.exists = Fact<bool>::unknown(why, src);
  } else {
    t.exists = Fact<bool>::known(*q.found, src);
  }
  const std::string missing = !q.found ? q.reader + ": " + q.error
                              : !*q.found ? "the task does not exist" + (q.error.empty() ? "" : " (" + q.error + ")")
                                          : q.reader + " does not give this";
  auto text = [&](const std::optional<std::string>& v) {
    return v ? Fact<std::string>::known(*v, src) : Fact<std::string>::unknown(missing, src);
  };
  t.status = q.state ? Fact<std::string>::known(platform::task_state_name(*q.state), src) : Fact<std::string>::unknown(missing, src);
  t.scheduled_task_state = q.enabled ? Fact<std::string>::known(*q.enabled ? "Enabled" : "Disabled", src)
                                     : Fact<std::string>::unknown(missing, src);
  t.last_run_time = text(q.last_run_time);
  t.next_run_time = text(q.next_run_time);
  t.last_result = q.last_result ? Fact<std::uint32_t>::known(*q.last_result, src) : Fact<std::uint32_t>::unknown(missing, src);
  return t;
}

}  // namespace tpmready::collect
