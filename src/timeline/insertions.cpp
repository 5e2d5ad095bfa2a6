#include "timeline/insertions.h"

#include <cctype>
#include <utility>

#include "util/text.h"

namespace tpmready::timeline {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
bool is_alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

/// Runs of white space as one space, none at either end.
std::string squeeze(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (is_space(c)) {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

/// One piece of a message-table text: a literal, or insertion string number `n`.
struct Token {
  bool insertion = false;
  int n = 0;
  std::string text;
};

std::vector<Token> tokens_of(std::string_view tmpl) {
  std::vector<Token> out;
  std::string lit;
  auto flush = [&] {
    if (!lit.empty()) out.push_back({false, 0, std::exchange(lit, {})});
  };
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    if (c != '%' || i + 1 >= tmpl.size()) {
      lit += c;
      continue;
    }
    char d = tmpl[++i];
    if (is_digit(d) && d != '0') {
      int n = 0;
      while (i < tmpl.size() && is_digit(tmpl[i]) && n < 100) n = n * 10 + (tmpl[i++] - '0');
      // "%1!s!" carries a printf format between the bangs.
      if (i < tmpl.size() && tmpl[i] == '!') {
        auto close = tmpl.find('!', i + 1);
        i = close == std::string_view::npos ? tmpl.size() : close + 1;
      }
      --i;
      flush();
      out.push_back({true, n, {}});
    } else if (d == 'n' || d == 't' || d == 'b' || d == 'r') {
      lit += ' ';
    } else {
      lit += d;  // %% %. %! stand for the character itself
    }
  }
  flush();
  for (auto& t : out)
    if (!t.insertion) {
      bool lead = !t.text.empty() && is_space(t.text.front());
      bool trail = !t.text.empty() && is_space(t.text.back());
      t.text = squeeze(t.text);
      if (t.text.empty()) t.text = " ";
      else t.text = (lead ? " " : "") + t.text + (trail ? " " : "");
    }
  if (!out.empty() && !out.front().insertion) out.front().text = std::string(trim(out.front().text));
  if (!out.empty() && !out.back().insertion) out.back().text = std::string(trim(out.back().text));
  return out;
}

std::string cut(std::string_view v) {
  std::string s(trim(v));
  if (s.size() > kMaxInsertion) s.resize(kMaxInsertion);
  return s;
}

/// Lower-case letters and digits only: "ServerTime", "server_time" and "Server time" are equal.
std::string plain_name(std::string_view s) {
  std::string out;
  for (char c : s)
    if (is_alnum(c)) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

/// `w` in `s` as a whole word (no letter or digit on either side), ASCII case ignored.
bool has_word(std::string_view s, std::string_view w) {
  for (std::size_t from = 0; from < s.size();) {
    auto rel = find_icase(s.substr(from), w);
    if (rel == std::string_view::npos) return false;
    std::size_t at = from + rel, end = at + w.size();
    if ((at == 0 || !is_alnum(s[at - 1])) && (end == s.size() || !is_alnum(s[end]))) return true;
    from = at + 1;
  }
  return false;
}

}  // namespace

std::optional<std::map<int, std::string>> match_message(std::string_view tmpl, std::string_view message) {
  auto tokens = tokens_of(tmpl);
  std::string msg = squeeze(message);
  std::map<int, std::string> out;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (!t.insertion) {
      // Only the first literal is met here; later ones are consumed by the insertion before them.
      if (msg.compare(0, t.text.size(), t.text) != 0) return std::nullopt;
      pos = t.text.size();
      continue;
    }
    if (i + 1 == tokens.size()) {
      out.emplace(t.n, cut(std::string_view(msg).substr(pos)));
      pos = msg.size();
      break;
    }
    const Token& next = tokens[i + 1];
    if (next.insertion) return std::nullopt;  // two insertions in a row cannot be told apart
    auto at = msg.find(next.text, pos);
    if (at == std::string::npos && trim(next.text).empty()) {
      // A line break before empty trailing insertions was trimmed away with them.
      out.emplace(t.n, cut(std::string_view(msg).substr(pos)));
      break;
    }
    if (at == std::string::npos) return std::nullopt;
    out.emplace(t.n, cut(std::string_view(msg).substr(pos, at - pos)));
    pos = at + next.text.size();
    ++i;
  }
  return out;
}

std::map<std::string, std::string> read_params(const WindowsEvent& ev, const EventInfo& info) {
  std::map<std::string, std::string> out;
  std::optional<std::map<int, std::string>> rendered;
  bool tried = false;
  for (const auto& p : info.params) {
    std::string value;
    if (auto it = ev.data.find("Data" + std::to_string(p.n)); it != ev.data.end()) {
      value = cut(it->second);
    } else {
      for (const auto& [name, v] : ev.data)
        if (plain_name(name) == plain_name(p.name)) {
          value = cut(v);
          break;
        }
    }
    if (value.empty() && !ev.message.empty()) {
      if (!tried) {
        tried = true;
        for (const auto& m : info.messages)
          if ((rendered = match_message(m, ev.message))) break;
      }
      if (rendered)
        if (auto it = rendered->find(p.n); it != rendered->end()) value = it->second;
    }
    if (!value.empty()) out.emplace(p.name, std::move(value));
  }
  return out;
}

std::vector<const EventFlag*> find_flags(const WindowsEvent& ev, const EventInfo& info) {
  std::vector<const std::string*> texts{&ev.message};
  for (const auto& [name, value] : ev.data) texts.push_back(&value);
  std::vector<const EventFlag*> out;
  for (const auto& f : info.flags)
    for (const auto* t : texts)
      if (has_word(*t, f.name)) {
        out.push_back(&f);
        break;
      }
  return out;
}

std::string find_url(std::string_view s) {
  for (std::size_t from = 0; from < s.size();) {
    auto rel = find_icase(s.substr(from), "http");
    if (rel == std::string_view::npos) return "";
    std::string_view rest = s.substr(from + rel);
    if (starts_with_icase(rest, "https://") || starts_with_icase(rest, "http://")) {
      std::size_t end = 0;
      while (end < rest.size() && !is_space(rest[end]) && rest[end] != '"' && rest[end] != '\'') ++end;
      return cut(rest.substr(0, end));
    }
    from += rel + 1;
  }
  return "";
}

}  // namespace tpmready::timeline
