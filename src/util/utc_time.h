#pragma once
/// Calendar arithmetic for UTC times without <ctime> time-zone state (H. Hinnant's civil-date
/// algorithms, proleptic Gregorian): X.509 validity, report and summary timestamps.
#include <cstdint>
#include <string>

namespace tpmready {

/// Days since 1970-01-01 of a date, and back.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d);

/// Unix seconds → "2026-11-26T13:52:56Z".
std::string utc_rfc3339(std::int64_t unix_seconds);

}  // namespace tpmready
