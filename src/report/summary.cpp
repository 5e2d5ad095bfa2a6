#include "report/summary.h"

#include "util/utc_time.h"
#include "util/utf8.h"
#include "util/text.h"

#include <algorithm>
#include <cstdio>

namespace tpmready::report {
namespace {

constexpr std::string_view kPrefix = "tpmready: ";

// Civil date ↔ days since 1970-01-01 (H. Hinnant's algorithms): portable, no gmtime/timegm.
bool id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
         c == '-' || c == ':';
}

bool valid_id(std::string_view s) { return !s.empty() && std::all_of(s.begin(), s.end(), id_char); }


Error field_error(std::string_view key, std::size_t column, std::string message) {
  return make_error(ErrorKind::Parse, "summary line: column " + std::to_string(column + 1) + ": field \"" +
                                          std::string(key) + "\": " + std::move(message));
}

Result<std::vector<std::string>> parse_ids(std::string_view key, std::string_view value, std::size_t column) {
  std::vector<std::string> out;
  while (!value.empty()) {
    auto comma = value.find(',');
    auto item = value.substr(0, comma);
    if (!valid_id(item)) return field_error(key, column, "\"" + std::string(item) + "\" is not an ID");
    out.emplace_back(item);
    if (comma == std::string_view::npos) break;
    value.remove_prefix(comma + 1);
  }
  return out;
}

std::optional<rules::Verdict> verdict_from(std::string_view v) {
  if (v == "ready") return rules::Verdict::Ready;
  if (v == "not_ready") return rules::Verdict::NotReady;
  if (v == "undetermined") return rules::Verdict::Undetermined;
  return std::nullopt;
}

Status apply_field(Summary& s, std::string_view key, std::string_view value, std::size_t column) {
  if (key == "root") {
    s.root_causes = TRY(parse_ids(key, value, column));
  } else if (key == "fix") {
    s.fix_actions = TRY(parse_ids(key, value, column));
  } else if (key == "caveat") {
    s.caveats = TRY(parse_ids(key, value, column));
  } else if (key == "device") {
    if (!valid_id(value)) return field_error(key, column, "not a device ID");
    s.device_id = std::string(value);
  } else if (key == "at") {
    auto t = parse_utc(value);
    if (!t) return field_error(key, column, t.error().message());
    s.at = *t;
  }  // unknown keys: written by a newer tpmready, ignored
  return ok_status();
}

}  // namespace

Summary summary_of(const Report& r, std::optional<std::int64_t> at) {
  Summary s;
  s.verdict = r.verdict;
  for (const auto& c : r.root_causes) {
    s.root_causes.push_back(c.id);
    const auto* f = find_finding(r, c.id);
    if (f && f->fix.action_id &&
        std::find(s.fix_actions.begin(), s.fix_actions.end(), *f->fix.action_id) == s.fix_actions.end())
      s.fix_actions.push_back(*f->fix.action_id);
  }
  for (const auto& c : r.caveats) s.caveats.push_back(c.id);
  if (r.device.is_object() && r.device.contains("id") && r.device["id"].is_string())
    s.device_id = r.device["id"].get<std::string>();
  s.at = at;
  return s;
}

std::string format_summary(const Summary& s) {
  std::string out(kPrefix);
  out += rules::verdict_name(s.verdict);
  if (!s.root_causes.empty()) out += "; root=" + join(s.root_causes, ",");
  if (!s.fix_actions.empty()) out += "; fix=" + join(s.fix_actions, ",");
  if (!s.caveats.empty()) out += "; caveat=" + join(s.caveats, ",");
  out += "; device=" + (s.device_id.empty() ? std::string("unknown") : s.device_id);
  if (s.at) out += "; at=" + format_utc(*s.at);
  return out;
}

std::string summary_line(const Report& r, std::optional<std::int64_t> at) {
  // One line whatever a value holds: control characters (a line break would end it) are shown escaped.
  std::string line = terminal_safe(format_summary(summary_of(r, at)), LineBreaks::Escape);
  if (line.size() > kMaxDetectionChars) {
    auto cut = kMaxDetectionChars - 3;
    while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;  // not inside a character
    line = line.substr(0, cut) + "...";
  }
  return line;
}

Result<Summary> parse_summary(std::string_view line) {
  if (line.size() > kMaxSummaryLength)
    return make_error(ErrorKind::Limit, "summary line: " + std::to_string(line.size()) + " characters > limit " +
                                            std::to_string(kMaxSummaryLength));
  const std::string_view whole = line;
  line = trim(line);
  if (line.substr(0, kPrefix.size()) != kPrefix)
    return make_error(ErrorKind::Parse, "summary line: does not start with \"tpmready: \"");
  auto rest = line.substr(kPrefix.size());
  auto semi = rest.find(';');
  auto verdict = verdict_from(trim(rest.substr(0, semi)));
  if (!verdict)
    return make_error(ErrorKind::Parse, "summary line: column " + std::to_string(kPrefix.size() + 1) +
                                            ": verdict \"" + std::string(trim(rest.substr(0, semi))) +
                                            "\" is not ready, not_ready or undetermined");
  Summary s;
  s.verdict = *verdict;
  while (semi != std::string_view::npos) {
    rest.remove_prefix(semi + 1);
    semi = rest.find(';');
    auto field = trim(rest.substr(0, semi));
    auto column = static_cast<std::size_t>(field.data() - whole.data());
    auto eq = field.find('=');
    if (eq == std::string_view::npos) return field_error(field, column, "expected key=value");
    TRY(apply_field(s, field.substr(0, eq), field.substr(eq + 1), column));
  }
  if (s.device_id.empty()) return make_error(ErrorKind::Parse, "summary line: no device= field");
  return s;
}

std::string format_utc(std::int64_t t) { return utc_rfc3339(t); }

Result<std::int64_t> parse_utc(std::string_view s) {
  // Exactly YYYY-MM-DDTHH:MM:SSZ.
  auto bad = [&] { return make_error(ErrorKind::Parse, "\"" + std::string(s.substr(0, 40)) + "\" is not YYYY-MM-DDTHH:MM:SSZ"); };
  if (s.size() != 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != 'Z')
    return bad();
  auto num = [&](std::size_t pos, std::size_t len, unsigned& out) {
    out = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + static_cast<unsigned>(s[i] - '0');
    }
    return true;
  };
  unsigned y, mo, d, h, mi, se;
  if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, se))
    return bad();
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60) return bad();
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se;
}

}  // namespace tpmready::report
