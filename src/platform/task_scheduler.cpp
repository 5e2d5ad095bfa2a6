#include "platform/task_scheduler.h"

#include <cmath>
#include <cstdio>

#include "util/utc_time.h"

namespace tpmready::platform {

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
  double whole = std::floor(date);
  long seconds = std::lround((date - whole) * 86400.0);
  long days = static_cast<long>(whole) + (seconds >= 86400 ? 1 : 0);
  seconds %= 86400;
  std::int64_t y = 0;
  unsigned m = 0, d = 0;
  civil_from_days(days - 25569, y, m, d);  // 1899-12-30 is day -25569 relative to 1970-01-01
  char buf[64];  // the values are bounded (year <= 9999) but GCC cannot see it
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d", static_cast<int>(y), m, d,
                static_cast<int>(seconds / 3600), static_cast<int>(seconds / 60 % 60), static_cast<int>(seconds % 60));
  return buf;
}

}  // namespace tpmready::platform
