#pragma once
/// Calendar arithmetic for UTC times without <ctime> time-zone state (H. Hinnant's civil-date
/// algorithms, proleptic Gregorian): X.509 validity, report and summary timestamps.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tpmready {

/// Days since 1970-01-01 of a date, and back.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d);
void civil_from_days(std::int64_t days, std::int64_t& y, unsigned& m, unsigned& d);

/// Unix seconds → "2026-11-26T13:52:56Z".
std::string utc_rfc3339(std::int64_t unix_seconds);
/// "YYYY-MM-DDTHH:MM:SSZ" → Unix seconds; nullopt for anything else.
std::optional<std::int64_t> parse_utc_rfc3339(std::string_view text);

/// `n` decimal digits of `s` from `pos` into `out`; false when they are not all there.
bool fixed_digits(std::string_view s, std::size_t pos, std::size_t n, int& out);

}  // namespace tpmready
