#include "collect/windows/task_info.h"

#include <cmath>
#include <cstdio>

namespace tpmready::collect::win {

std::string task_state_name(int state) {
  switch (state) {
    case 1: return "Disabled";
    case 2: return "Queued";
    case 3: return "Ready";
    case 4: return "Running";
    default: return "Unknown";
  }
}

std::string ole_date_text(double date) {
  if (date == 0.0 || !std::isfinite(date) || date < 0 || date > 2958465.0) return "never";  // 9999-12-31 max
  // Civil date from days since 1899-12-30 (= 693959 days after 0000-03-01 in the algorithm below).
  double whole = std::floor(date);
  long seconds = std::lround((date - whole) * 86400.0);
  long days = static_cast<long>(whole) + (seconds >= 86400 ? 1 : 0);
  seconds %= 86400;
  // Howard Hinnant's civil_from_days, with 1899-12-30 = day -25569 relative to 1970-01-01.
  long z = days - 25569 + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long y = yoe + era * 400;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1;
  long m = mp < 10 ? mp + 3 : mp - 9;
  if (m <= 2) ++y;
  char buf[64];  // the values are bounded (year <= 9999) but GCC cannot see it
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d %02d:%02d:%02d", static_cast<int>(y), static_cast<int>(m),
                static_cast<int>(d), static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60),
                static_cast<int>(seconds % 60));
  return buf;
}

ScheduledTaskEvidence task_evidence(const std::string& task_path, const TaskQuery& q) {
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
  t.status = q.state ? Fact<std::string>::known(task_state_name(*q.state), src) : Fact<std::string>::unknown(missing, src);
  t.scheduled_task_state = q.enabled ? Fact<std::string>::known(*q.enabled ? "Enabled" : "Disabled", src)
                                     : Fact<std::string>::unknown(missing, src);
  t.last_run_time = text(q.last_run_time);
  t.next_run_time = text(q.next_run_time);
  t.last_result = q.last_result ? Fact<std::uint32_t>::known(*q.last_result, src) : Fact<std::uint32_t>::unknown(missing, src);
  return t;
}

}  // namespace tpmready::collect::win
