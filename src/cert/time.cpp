// X.509 times (RFC 5280 §4.1.2.5), without <ctime> time-zone state.
#include <cstdio>

#include "util/utc_time.h"
#include "cert/x509_internal.h"

namespace tpmready::cert {
namespace detail {

Result<std::int64_t> parse_time(const der::Tlv& t, std::string_view field) {
  const std::string s(t.content.begin(), t.content.end());
  int year = 0, mon = 0, day = 0, hh = 0, mm = 0, ss = 0;
  std::size_t pos = 0;
  if (t.tag == der::kUtcTime) {  // YYMMDDHHMM[SS]Z; YY >= 50 means 19YY (RFC 5280 §4.1.2.5.1)
    if (!fixed_digits(s, 0, 2, year)) return t.reader().error_here(field, "bad UTCTime '" + s + "'");
    year += year >= 50 ? 1900 : 2000;
    pos = 2;
  } else if (t.tag == der::kGeneralizedTime) {
    if (!fixed_digits(s, 0, 4, year)) return t.reader().error_here(field, "bad GeneralizedTime '" + s + "'");
    pos = 4;
  } else {
    return t.reader().error_here(field, "not a UTCTime or GeneralizedTime");
  }
  if (!fixed_digits(s, pos, 2, mon) || !fixed_digits(s, pos + 2, 2, day) || !fixed_digits(s, pos + 4, 2, hh) ||
      !fixed_digits(s, pos + 6, 2, mm)) {
    return t.reader().error_here(field, "bad time '" + s + "'");
  }
  pos += 8;
  if (fixed_digits(s, pos, 2, ss)) pos += 2;  // seconds are optional in old UTCTime encodings
  if (pos < s.size() && s[pos] == '.') {  // fractional seconds: ignored
    ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  }
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hh > 23 || mm > 59 || ss > 60) {
    return t.reader().error_here(field, "time out of range '" + s + "'");
  }
  std::int64_t secs = days_from_civil(year, static_cast<unsigned>(mon), static_cast<unsigned>(day)) * 86400 +
                      hh * 3600 + mm * 60 + ss;
  if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {  // offset form (not DER, seen in old certs)
    int oh = 0, om = 0;
    if (!fixed_digits(s, pos + 1, 2, oh) || !fixed_digits(s, pos + 3, 2, om)) {
      return t.reader().error_here(field, "bad time offset '" + s + "'");
    }
    secs -= (s[pos] == '+' ? 1 : -1) * (oh * 3600 + om * 60);
  } else if (pos >= s.size() || s[pos] != 'Z') {
    return t.reader().error_here(field, "time without 'Z' '" + s + "'");
  }
  return secs;
}

}  // namespace detail
}  // namespace tpmready::cert
