#include "timeline/codes.h"

#include <cctype>

#include "explain/error_codes.h"
#include "util/bytes.h"
#include "util/text.h"

namespace tpmready::timeline {
namespace {

bool is_hex(char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

/// Reads 1-6 decimal digits at `pos` (advancing it); nullopt when there are none.
std::optional<int> read_number(const std::string& s, std::size_t& pos) {
  std::size_t start = pos;
  int v = 0;
  while (pos < s.size() && is_digit(s[pos]) && pos - start < 6) v = v * 10 + (s[pos++] - '0');
  if (pos == start) return std::nullopt;
  return v;
}

/// Field names under which providers log an HRESULT (Autopilot's 251 says "HRESULT = 0x…";
/// facts/windows.md §12.4); the value may be hex or signed decimal (facts §9: PowerShell-style).
bool hresult_field(const std::string& name) {
  std::string n = ascii_lower(name);
  return n.find("hresult") != std::string::npos || n.find("errorcode") != std::string::npos || n == "hr" ||
         n == "error" || n == "result" || n == "status";
}

std::string hex_code(std::uint32_t v) {
  return "0x" + ascii_upper(hex32(v).substr(2));  // hex32 is lowercase; reports use Windows' spelling
}

void set_hresult(EventCode& c, std::uint32_t v) {
  c.hresult = v;
  c.text = hex_code(v);
}

}  // namespace

std::optional<std::uint32_t> find_hresult(const std::string& s) {
  for (std::size_t i = 0; i + 10 <= s.size(); ++i) {
    if (s[i] != '0' || (s[i + 1] != 'x' && s[i + 1] != 'X') || (i > 0 && is_hex(s[i - 1]))) continue;
    std::size_t j = i + 2;
    while (j < s.size() && is_hex(s[j])) ++j;
    if (j - (i + 2) != 8) continue;
    Bytes b;
    if (from_hex(s.substr(i + 2, 8), b) && b.size() == 4)
      return static_cast<std::uint32_t>(b[0]) << 24 | static_cast<std::uint32_t>(b[1]) << 16 |
             static_cast<std::uint32_t>(b[2]) << 8 | b[3];
  }
  return std::nullopt;
}

std::optional<int> find_http_status(const std::string& s) {
  for (std::size_t at = s.find("HTTP"); at != std::string::npos; at = s.find("HTTP", at + 4)) {
    std::size_t p = at + 4;
    while (p < s.size() && s[p] == ' ') ++p;
    if (ascii_lower(s.substr(p, 6)) == "status") p += 6;
    while (p < s.size() && (s[p] == ' ' || s[p] == ':' || s[p] == '=')) ++p;
    std::size_t start = p;
    auto v = read_number(s, p);
    if (v && p - start == 3 && *v >= 100 && *v <= 599) return v;
  }
  return std::nullopt;
}

std::optional<std::pair<int, int>> find_retry(const std::string& s) {
  std::string l = ascii_lower(s);
  for (std::size_t at = l.find("retry "); at != std::string::npos; at = l.find("retry ", at + 6)) {
    std::size_t p = at + 6;
    auto n = read_number(l, p);
    if (!n || l.compare(p, 4, " of ") != 0) continue;
    p += 4;
    if (auto m = read_number(l, p)) return std::make_pair(*n, *m);
  }
  return std::nullopt;
}

std::optional<std::uint32_t> hresult_value(const std::string& value) {
  std::string v(trim(value));
  bool hresult_like = v.rfind("0x", 0) == 0 || v.rfind("0X", 0) == 0 || v.rfind('-', 0) == 0 || v == "0";
  if (!hresult_like) return std::nullopt;
  auto parsed = explain::parse_code(v);
  if (!parsed) return std::nullopt;
  return parsed->value;
}

EventCode extract_code(const WindowsEvent& ev, const std::string& http_status_field, const std::string& hresult_param) {
  EventCode c;
  std::vector<const std::string*> texts{&ev.message};
  for (const auto& [name, value] : ev.data) texts.push_back(&value);
  for (const auto* t : texts)
    if (!c.retry) c.retry = find_retry(*t);
  if (auto v = hresult_value(hresult_param)) set_hresult(c, *v);
  if (!c.hresult && !http_status_field.empty()) {
    auto it = ev.data.find(http_status_field);
    std::size_t p = 0;
    if (it != ev.data.end())
      if (auto v = read_number(it->second, p); v && p == it->second.size()) c.http_status = v;
  }
  for (const auto& [name, value] : ev.data) {
    if (c.hresult || c.http_status || !hresult_field(name)) continue;
    if (auto v = hresult_value(value)) set_hresult(c, *v);
  }
  for (const auto* t : texts) {
    if (c.hresult || c.http_status) break;
    if (auto v = find_hresult(*t)) set_hresult(c, *v);
  }
  for (const auto* t : texts) {
    if (c.hresult || c.http_status) break;
    c.http_status = find_http_status(*t);
  }
  if (c.http_status && c.text.empty()) c.text = "HTTP " + std::to_string(*c.http_status);
  return c;
}

void classify_code(const EventCode& c, const std::vector<const std::string*>& texts, const EventTable& table,
                   std::string& side, std::string& rule) {
  if (c.hresult) {
    if (const explain::ErrorCodeInfo* info = explain::find_code(*c.hresult)) {
      if (info->side == "device" || info->side == "service" || info->side == "network") {
        side = info->side;
        if (!info->timeline_rule.empty()) rule = info->timeline_rule;
        return;
      }
      for (const auto& t : info->by_text)
        for (const auto* text : texts)
          if (find_icase(*text, t.text) != std::string::npos) {
            side = t.side;
            rule = t.rule;
            return;
          }
    }
  }
  std::optional<int> http = c.http_status;
  if (!http && c.hresult && (*c.hresult & 0xFFFF0000u) == table.http.hresult_base) http = static_cast<int>(*c.hresult & 0xFFFFu);
  if (http && *http >= table.http.service_min && *http <= table.http.service_max) {
    side = "service";
    rule = table.http.rule;
  }
}

}  // namespace tpmready::timeline
