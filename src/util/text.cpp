#include "util/text.h"

#include "util/text_symbols.h"
#include "util/utf8.h"

namespace tpmready {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f'; }
char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }
char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

std::string join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += sep;
    out += s;
  }
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = lower(c);
  return out;
}

std::string ascii_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower(a[i]) != lower(b[i])) return false;
  return true;
}

bool starts_with_icase(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && iequals(s.substr(0, prefix.size()), prefix);
}

std::size_t find_icase(std::string_view s, std::string_view needle) {
  if (needle.empty() || needle.size() > s.size()) return std::string_view::npos;
  for (std::size_t i = 0; i + needle.size() <= s.size(); ++i)
    if (iequals(s.substr(i, needle.size()), needle)) return i;
  return std::string_view::npos;
}

std::size_t display_columns(std::string_view s, bool ascii) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == '\x1b' && i + 1 < s.size() && s[i + 1] == '[') {  // CSI ... final byte: no columns
      i += 2;
      while (i < s.size() && !(s[i] >= 0x40 && s[i] <= 0x7e)) ++i;
      ++i;
      continue;
    }
    const std::size_t len = utf8_sequence_length(s, i);
    if (len <= 1) {  // ASCII, or a byte of ill-formed UTF-8 (shown as one replacement character)
      ++n;
      ++i;
      continue;
    }
    n += ascii ? ascii_text(s.substr(i, len)).size() : 1;
    i += len;
  }
  return n;
}

std::string wrap_words(const std::vector<std::string>& words, std::size_t width, std::string_view first,
                       std::string_view rest, bool ascii) {
  std::string out, line(first);
  std::size_t used = display_columns(first, ascii);
  bool empty_line = true;
  for (const auto& word : words) {
    if (word.empty()) continue;
    const std::size_t w = display_columns(word, ascii);
    if (!empty_line && used + 1 + w > width) {
      out += line + "\n";
      line = std::string(rest);
      used = display_columns(rest, ascii);
      empty_line = true;
    }
    if (!empty_line) {
      line += ' ';
      ++used;
    }
    line += word;
    used += w;
    empty_line = false;
  }
  while (!line.empty() && line.back() == ' ') line.pop_back();  // an empty text after a label "Why:  "
  return out + line + "\n";
}

std::string wrap_text(std::string_view text, std::size_t width, std::string_view first, std::string_view rest,
                      bool ascii) {
  std::string out;
  std::size_t start = 0;
  for (bool first_line = true;; first_line = false) {
    std::size_t end = text.find('\n', start);
    const bool last = end == std::string_view::npos;
    if (last) end = text.size();
    const std::string_view para = text.substr(start, end - start);
    std::vector<std::string> words;
    for (std::size_t pos = 0; pos < para.size();) {
      std::size_t next = para.find(' ', pos);
      if (next == std::string_view::npos) next = para.size();
      if (next > pos) words.emplace_back(para.substr(pos, next - pos));
      pos = next + 1;
    }
    out += wrap_words(words, width, first_line ? first : rest, rest, ascii);
    if (last) return out;
    start = end + 1;
  }
}

std::string html_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (char c : valid_utf8(s)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace tpmready
