#include "timeline/timeline.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "explain/error_codes.h"
#include "timeline/codes.h"
#include "timeline/event_table.h"
#include "timeline/insertions.h"
#include "util/json_reader.h"
#include "util/utc_time.h"

namespace tpmready::timeline {
namespace {

/// Sort key of an RFC 3339 time: whole seconds, then the fraction digits padded to 9 so
/// "…03Z" sorts before "…03.5Z" (a plain string compare would not). Untimed records sort last.
struct TimeKey {
  std::int64_t seconds = INT64_MAX;
  std::string fraction;
  auto operator<=>(const TimeKey&) const = default;
};

TimeKey time_key(const std::string& t) {
  TimeKey k;
  if (t.size() < 20) return k;
  std::size_t dot = t.find('.', 19);
  std::string whole = t.substr(0, 19) + "Z";
  auto s = parse_utc_rfc3339(whole);
  if (!s) return k;
  k.seconds = *s;
  if (dot == 19) {
    for (std::size_t i = 20; i < t.size() && std::isdigit(static_cast<unsigned char>(t[i])); ++i) k.fraction += t[i];
  }
  k.fraction.resize(9, '0');
  return k;
}

std::string code_meaning(const std::string& code) {
  auto parsed = explain::parse_code(code);
  if (code.rfind("0x", 0) != 0 || !parsed) return "";
  const explain::ErrorCodeInfo* row = explain::find_code(parsed->value);
  if (!row) return "";
  return row->name ? *row->name + ": " + row->meaning : row->meaning;
}

/// `with`'s {name} placeholders filled from `values`; nullopt when one of them was not read.
std::optional<std::string> fill(const std::string& with, const std::map<std::string, std::string>& values) {
  std::string out;
  for (std::size_t i = 0; i < with.size(); ++i) {
    auto close = with[i] == '{' ? with.find('}', i) : std::string::npos;
    if (close == std::string::npos) {
      out += with[i];
      continue;
    }
    auto it = values.find(with.substr(i + 1, close - i - 1));
    if (it == values.end()) return std::nullopt;
    out += it->second;
    i = close;
  }
  return out;
}

/// Seconds from "YYYY-MM-DDTHH:MM:SS…" (fraction and zone letter ignored), or nullopt.
std::optional<std::int64_t> seconds_of(const std::string& t) {
  if (t.size() < 19) return std::nullopt;
  return parse_utc_rfc3339(t.substr(0, 19) + "Z");
}

/// The insertion strings of the row: the event's code, URL, the service's text, the rest as details.
void read_insertions(const WindowsEvent& ev, const EventInfo& info, TimelineEntry& t, std::string& hresult) {
  auto values = read_params(ev, info);
  for (const auto& p : info.params) {
    auto it = values.find(p.name);
    if (p.kind == "url" && t.url.empty()) {
      t.url = it != values.end() ? find_url(it->second) : "";
      for (const auto& [name, value] : ev.data)
        if (t.url.empty()) t.url = find_url(value);
      if (t.url.empty()) t.url = find_url(ev.message);
    }
    if (it == values.end() || p.kind == "url" || p.kind == "flags") continue;
    if (p.kind == "hresult" && hresult.empty()) hresult = it->second;
    else if (p.kind == "service_text" && t.service_text.empty()) t.service_text = it->second;
    else if (p.kind != "hresult") t.details[p.name] = it->second;
  }
  if (auto srv = values.find("server_time"), cli = values.find("client_time"); srv != values.end() && cli != values.end()) {
    auto a = seconds_of(srv->second), b = seconds_of(cli->second);
    if (a && b) t.details["skew_seconds"] = std::to_string(*b - *a);
  }
  if (!info.summary_with.empty())
    if (auto s = fill(info.summary_with, values)) t.summary = *s;
}

TimelineEntry entry_for(const WindowsEvent& ev, const ChannelInfo& ch, const EventTable& table) {
  TimelineEntry t;
  t.time = ev.time;
  t.source = ch.name;
  t.channel = ev.channel.empty() ? ev.provider : ev.channel;
  t.event_id = ev.event_id;
  t.input = ev.source;
  const EventInfo* info = table.find(ch, ev.event_id);
  std::string hresult;
  if (info) {
    t.known = true;
    t.unverified = info->unverified || ch.unverified;
    t.role = info->role;
    t.rule = info->rule;
    t.summary = info->summary;
    read_insertions(ev, *info, t, hresult);
  } else {
    t.unverified = ch.unverified;
    t.summary = "Event " + std::to_string(ev.event_id) + " (not in tpmready's event table)";
  }
  EventCode c = extract_code(ev, info ? info->http_status_data : std::string(), hresult);
  t.code = c.text;
  t.code_meaning = code_meaning(c.text);
  if (info && c.hresult)
    for (const auto& v : info->variants)
      if (v.code == *c.hresult) {
        t.role = v.role;
        t.rule = v.rule;
        t.summary = v.summary;
      }
  if (info && !info->flags.empty()) {
    std::string names;
    bool ruled = false;
    for (const EventFlag* f : find_flags(ev, *info)) {
      names += (names.empty() ? "" : ", ") + f->name;
      if (!ruled && !f->rule.empty()) t.rule = f->rule;
      ruled = ruled || !f->rule.empty();
    }
    if (!names.empty()) {
      t.details["flags"] = names;
      t.summary += ": " + names;
    }
  }
  if (!t.code.empty()) t.summary += t.role == "aik_result" ? " HRESULT = " + t.code : " (" + t.code + ")";
  if (c.retry) t.summary += " (retry " + std::to_string(c.retry->first) + " of " + std::to_string(c.retry->second) + ")";
  if (!info || info->classify_codes) {
    std::vector<const std::string*> texts{&ev.message};
    for (const auto& [name, value] : ev.data) texts.push_back(&value);
    classify_code(c, texts, table, t.side, t.rule);
  }
  return t;
}

/// "attempt k of n" on every AIK enrolment start when Windows tried more than once, so the
/// retries are visible even when the events do not say "retry".
void number_attempts(std::vector<TimelineEntry>& entries) {
  auto starts = std::count_if(entries.begin(), entries.end(), [](const auto& e) { return e.role == "aik_start"; });
  if (starts < 2) return;
  int k = 0;
  for (auto& e : entries)
    if (e.role == "aik_start") e.summary += " (attempt " + std::to_string(++k) + " of " + std::to_string(starts) + ")";
}

}  // namespace

std::vector<TimelineEntry> build(const std::vector<WindowsEvent>& events) {
  std::vector<TimelineEntry> out;
  auto table = event_table();
  if (!table) return out;  // the embedded table is tested; a broken build yields no timeline, not a crash
  std::vector<std::pair<TimeKey, TimelineEntry>> keyed;
  for (const auto& ev : events) {
    const ChannelInfo* ch = (*table)->channel_of(ev.channel, ev.provider);
    if (ch) keyed.emplace_back(time_key(ev.time), entry_for(ev, *ch, **table));
  }
  std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& [key, entry] : keyed) out.push_back(std::move(entry));
  number_attempts(out);
  return out;
}

bool is_failure_code(const std::string& code) {
  if (code.rfind("HTTP ", 0) == 0) return code.size() >= 8 && code.substr(5) >= "400";
  auto parsed = explain::parse_code(code);
  return parsed && (parsed->value & 0x80000000u) != 0;
}

void to_json(nlohmann::json& j, const TimelineEntry& e) {
  j = {{"time", e.time},       {"source", e.source},   {"channel", e.channel},
       {"event_id", e.event_id}, {"summary", e.summary}, {"code", e.code},
       {"code_meaning", e.code_meaning}, {"rule", e.rule}, {"role", e.role},
       {"side", e.side},       {"input", e.input},     {"known", e.known},
       {"unverified", e.unverified}, {"url", e.url}, {"service_text", e.service_text},
       {"details", e.details}};
}

Status read_json(const JsonReader& r, TimelineEntry& out) {
  out = TimelineEntry{};
  TRY(r.object());
  TRY(r.get_if("time", out.time));
  TRY(r.get_if("source", out.source));
  TRY(r.get_if("channel", out.channel));
  TRY(r.get_if("event_id", out.event_id));
  TRY(r.get_if("summary", out.summary));
  TRY(r.get_if("code", out.code));
  TRY(r.get_if("code_meaning", out.code_meaning));
  TRY(r.get_if("rule", out.rule));
  TRY(r.get_if("role", out.role));
  TRY(r.get_if("side", out.side));
  TRY(r.get_if("input", out.input));
  TRY(r.get_if("known", out.known));
  TRY(r.get_if("unverified", out.unverified));
  TRY(r.get_if("url", out.url));
  TRY(r.get_if("service_text", out.service_text));
  TRY(r.get_if("details", out.details));
  return ok_status();
}

}  // namespace tpmready::timeline
