#include "collect/offline/reg_file.h"
#include "util/text.h"

#include <algorithm>
#include <utility>

namespace tpmready::offline {
namespace {

// Header lines of regedit exports (Windows Registry Editor 5.00 = UTF-16LE, REGEDIT4 = ANSI).
constexpr std::string_view kHeaderV5 = "Windows Registry Editor Version 5.00";
constexpr std::string_view kHeaderV4 = "REGEDIT4";

struct ParseState {
  const TextLines& text;
  RegistryExport out;
  bool wide = true;          // v5 strings are UTF-16LE, REGEDIT4 strings are ANSI
  RegKey* key = nullptr;     // current key, null before the first one or after a deletion
  bool key_deleted = false;
  std::size_t keys_read = 0;
  std::size_t values_read = 0;

  void issue(std::size_t line, std::string reason) {
    out.add_issue(RegIssue{text.name, line, std::move(reason)});
  }
};

void append_utf16le(Bytes& out, std::string_view utf8) {
  // Decode UTF-8 (already validated by decode_text) and write UTF-16LE code units.
  for (std::size_t i = 0; i < utf8.size();) {
    const auto b = static_cast<std::uint8_t>(utf8[i]);
    std::uint32_t cp = b;
    std::size_t len = 1;
    if (b >= 0xF0) { cp = b & 0x07; len = 4; }
    else if (b >= 0xE0) { cp = b & 0x0F; len = 3; }
    else if (b >= 0xC0) { cp = b & 0x1F; len = 2; }
    for (std::size_t k = 1; k < len && i + k < utf8.size(); ++k) {
      cp = (cp << 6) | (static_cast<std::uint8_t>(utf8[i + k]) & 0x3F);
    }
    i += len;
    auto put = [&out](std::uint32_t u) {
      out.push_back(static_cast<std::uint8_t>(u & 0xFF));
      out.push_back(static_cast<std::uint8_t>(u >> 8));
    };
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
}

// Parses a quoted string starting at s[pos] == '"'; regedit escapes only \\ and \".
// On success pos points after the closing quote.
std::optional<std::string> parse_quoted(std::string_view s, std::size_t& pos) {
  if (pos >= s.size() || s[pos] != '"') return std::nullopt;
  std::string out;
  for (std::size_t i = pos + 1; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\\' && i + 1 < s.size() && (s[i + 1] == '\\' || s[i + 1] == '"')) {
      out += s[++i];
    } else if (c == '"') {
      pos = i + 1;
      return out;
    } else {
      out += c;
    }
  }
  return std::nullopt;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<std::uint64_t> parse_hex_number(std::string_view s, std::size_t max_digits) {
  if (s.empty() || s.size() > max_digits) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    const int d = hex_digit(c);
    if (d < 0) return std::nullopt;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  return v;
}

// "hex:" byte lists: two-digit tokens separated by commas; regedit also writes "hex:" alone.
std::optional<Bytes> parse_hex_bytes(std::string_view s, std::string& why) {
  Bytes out;
  s = trim(s);
  if (s.empty()) return out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t comma = s.find(',', start);
    if (comma == std::string_view::npos) comma = s.size();
    const std::string_view tok = trim(s.substr(start, comma - start));
    const auto v = parse_hex_number(tok, 2);
    if (!v) {
      why = "bad hex byte '" + std::string(tok.substr(0, 8)) + "' at column " + std::to_string(start + 1);
      return std::nullopt;
    }
    out.push_back(static_cast<std::uint8_t>(*v));
    start = comma + 1;
    if (comma == s.size()) break;
  }
  return out;
}

// UTF-16LE (v5) or ANSI (REGEDIT4; bytes >= 0x80 read as Latin-1) string data up to the first NUL.
std::optional<std::string> decode_reg_string(const Bytes& data, bool wide) {
  if (!wide) {
    std::string out;
    for (std::uint8_t b : data) {
      if (b == 0) break;
      if (b < 0x80) {
        out += static_cast<char>(b);
      } else {
        out += static_cast<char>(0xC0 | (b >> 6));
        out += static_cast<char>(0x80 | (b & 0x3F));
      }
    }
    return out;
  }
  std::size_t n = data.size() & ~std::size_t{1};
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    if (data[i] == 0 && data[i + 1] == 0) { n = i; break; }
  }
  auto decoded = utf16le_to_utf8(ByteSpan(data.data(), n));
  if (!decoded.ok()) return std::nullopt;
  return std::move(decoded).value();
}

std::vector<std::string> decode_multi_sz(const Bytes& data, bool wide) {
  std::vector<std::string> out;
  const std::size_t unit = wide ? 2 : 1;
  std::size_t start = 0;
  for (std::size_t i = 0; i + unit <= data.size(); i += unit) {
    const bool nul = wide ? (data[i] == 0 && data[i + 1] == 0) : data[i] == 0;
    if (!nul) continue;
    if (i == start) break;  // empty string terminates the list
    Bytes one(data.begin() + static_cast<std::ptrdiff_t>(start), data.begin() + static_cast<std::ptrdiff_t>(i));
    if (auto s = decode_reg_string(one, wide)) out.push_back(*s);
    start = i + unit;
  }
  return out;
}

// Fills the decoded form; returns an issue text when the data does not fit its type.
std::optional<std::string> decode_value(RegValue& v, bool wide) {
  switch (v.type) {
    case kRegSz:
    case kRegExpandSz: {
      // ANSI hex(2) in REGEDIT4, UTF-16LE in version 5.00.
      auto s = decode_reg_string(v.data, wide);
      if (!s) return reg_type_name(v.type) + " data is not valid UTF-16LE";
      v.text = *s;
      return std::nullopt;
    }
    case kRegMultiSz:
      v.strings = decode_multi_sz(v.data, wide);
      return std::nullopt;
    case kRegDword:
    case kRegQword: {
      const std::size_t want = v.type == kRegDword ? 4 : 8;
      if (v.data.size() != want) {
        return reg_type_name(v.type) + " needs " + std::to_string(want) + " bytes, has " +
               std::to_string(v.data.size());
      }
      std::uint64_t n = 0;
      for (std::size_t i = want; i-- > 0;) n = (n << 8) | v.data[i];
      v.number = n;
      return std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

// The data part after '=': "string", dword:, hex:, hex(N):. Returns an issue text on failure.
std::optional<std::string> parse_data(std::string_view data, RegValue& v, bool wide) {
  data = trim(data);
  if (!data.empty() && data[0] == '"') {
    std::size_t pos = 0;
    auto s = parse_quoted(data, pos);
    if (!s) return std::string("unterminated string");
    if (!trim(data.substr(pos)).empty()) return std::string("text after closing quote");
    // The registry holds REG_SZ as UTF-16LE whatever the export format was.
    v.type = kRegSz;
    v.text = *s;
    append_utf16le(v.data, *s);
    v.data.insert(v.data.end(), {0, 0});
    return std::nullopt;
  }
  if (starts_with_icase(data, "dword:")) {
    const auto n = parse_hex_number(trim(data.substr(6)), 8);
    if (!n) return "bad dword '" + std::string(data.substr(6, 16)) + "'";
    v.type = kRegDword;
    v.number = *n;
    for (int i = 0; i < 4; ++i) v.data.push_back(static_cast<std::uint8_t>(*n >> (8 * i)));
    return std::nullopt;
  }
  std::string_view bytes_text;
  if (starts_with_icase(data, "hex:")) {
    v.type = kRegBinary;
    bytes_text = data.substr(4);
  } else if (starts_with_icase(data, "hex(")) {
    const std::size_t close = data.find("):");
    const auto t = close == std::string_view::npos ? std::nullopt : parse_hex_number(data.substr(4, close - 4), 8);
    if (!t) return std::string("bad hex(type) prefix");
    v.type = static_cast<std::uint32_t>(*t);
    bytes_text = data.substr(close + 2);
  } else {
    return "unrecognised value data '" + std::string(data.substr(0, 24)) + "'";
  }
  std::string why;
  auto bytes = parse_hex_bytes(bytes_text, why);
  if (!bytes) return why;
  v.data = std::move(*bytes);
  return decode_value(v, wide);
}

bool is_hex_data(std::string_view data) {
  data = trim(data);
  return starts_with_icase(data, "hex:") || starts_with_icase(data, "hex(");
}

bool ends_with_continuation(std::string_view s) {
  s = trim(s);
  return !s.empty() && s.back() == '\\';
}

void parse_key_line(ParseState& st, std::string_view line, std::size_t lineno) {
  const std::size_t close = line.rfind(']');
  if (close == std::string_view::npos || !trim(line.substr(close + 1)).empty()) {
    st.issue(lineno, "key line without closing ']'");
    st.key = nullptr;
    st.key_deleted = false;
    return;
  }
  std::string_view path = line.substr(1, close - 1);
  const bool deletion = !path.empty() && path[0] == '-';
  if (deletion) path.remove_prefix(1);
  if (!starts_with_icase(path, "HKEY_")) {
    st.issue(lineno, "key path does not start with a root key (HKEY_...)");
    st.key = nullptr;
    st.key_deleted = false;
    return;
  }
  if (deletion) {
    st.out.delete_key(path);
    st.key = nullptr;
    st.key_deleted = true;
  } else {
    st.key = &st.out.open_key(std::string(path), st.text.name, lineno);
    st.key_deleted = false;
  }
  ++st.keys_read;
}

// Value line (`"name"=...` or `@=...`); `next` is advanced past continuation lines.
void parse_value_line(ParseState& st, std::size_t& next) {
  const std::size_t lineno = next;  // 1-based
  std::string_view first = trim(st.text.lines[next - 1]);
  RegValue v;
  std::size_t pos = 0;
  if (first[0] == '@') {
    pos = 1;
  } else {
    auto name = parse_quoted(first, pos);
    if (!name) {
      st.issue(lineno, "unterminated value name");
      return;
    }
    v.name = *name;
  }
  if (pos >= first.size() || first[pos] != '=') {
    st.issue(lineno, "expected '=' after value name");
    return;
  }
  std::string data(first.substr(pos + 1));
  if (is_hex_data(data)) {
    // Trim in place: copying `data` per continuation line would be quadratic in blob size.
    while (ends_with_continuation(data) && next < st.text.lines.size()) {
      while (!data.empty() && (data.back() == ' ' || data.back() == '\t')) data.pop_back();
      data.pop_back();  // the trailing backslash
      data += trim(st.text.lines[next]);
      ++next;
    }
  }
  if (st.key == nullptr) {
    st.issue(lineno, st.key_deleted ? "value under a deleted key" : "value outside any key");
    return;
  }
  v.file = st.text.name;
  v.line = lineno;
  if (trim(data) == "-") {
    st.out.delete_value(*st.key, v.name);
    ++st.values_read;
    return;
  }
  if (auto why = parse_data(data, v, st.wide)) {
    st.issue(lineno, "value \"" + v.name + "\": " + *why);
    return;
  }
  st.out.set_value(*st.key, std::move(v));
  ++st.values_read;
}

}  // namespace

std::string reg_source(std::string_view prefix, std::string_view file, std::size_t line) {
  std::string out = std::string(prefix) + std::string(file);
  if (line != 0) out += ":" + std::to_string(line);
  return out;
}

std::string reg_type_name(std::uint32_t type) {
  switch (type) {
    case kRegSz: return "REG_SZ";
    case kRegExpandSz: return "REG_EXPAND_SZ";
    case kRegBinary: return "REG_BINARY";
    case kRegDword: return "REG_DWORD";
    case kRegMultiSz: return "REG_MULTI_SZ";
    case kRegQword: return "REG_QWORD";
    default: return "REG_TYPE_" + std::to_string(type);
  }
}

const RegValue* RegKey::find(std::string_view name) const {
  for (const auto& v : values) {
    if (iequals(v.name, name)) return &v;
  }
  return nullptr;
}

std::string canonical_key_path(std::string_view path) {
  std::string p = ascii_lower(trim(path));
  while (!p.empty() && p.back() == '\\') p.pop_back();
  if (p == "hklm" || p.rfind("hklm\\", 0) == 0) p = "hkey_local_machine" + p.substr(4);
  return p;
}

const RegKey* RegistryExport::find_key(std::string_view path) const {
  const auto it = keys_.find(canonical_key_path(path));
  return it == keys_.end() ? nullptr : &it->second;
}

const RegValue* RegistryExport::find_value(std::string_view key_path, std::string_view name) const {
  const RegKey* k = find_key(key_path);
  return k ? k->find(name) : nullptr;
}

std::vector<const RegKey*> RegistryExport::subkeys(std::string_view path) const {
  std::vector<const RegKey*> out;
  const std::string prefix = canonical_key_path(path) + "\\";
  for (auto it = keys_.lower_bound(prefix); it != keys_.end() && it->first.rfind(prefix, 0) == 0; ++it) {
    if (it->first.find('\\', prefix.size()) == std::string::npos) out.push_back(&it->second);
  }
  return out;
}

bool RegistryExport::covers(std::string_view path) const {
  const std::string c = canonical_key_path(path);
  if (keys_.count(c)) return true;
  const std::string prefix = c + "\\";
  const auto it = keys_.lower_bound(prefix);
  return it != keys_.end() && it->first.rfind(prefix, 0) == 0;
}

RegKey& RegistryExport::open_key(const std::string& path, const std::string& file, std::size_t line) {
  const std::string c = canonical_key_path(path);
  auto [it, inserted] = keys_.try_emplace(c);
  if (inserted) {
    it->second.path = std::string(trim(path));
    while (!it->second.path.empty() && it->second.path.back() == '\\') it->second.path.pop_back();
    it->second.file = file;
    it->second.line = line;
  }
  return it->second;
}

void RegistryExport::delete_key(std::string_view path) {
  const std::string c = canonical_key_path(path);
  keys_.erase(c);
  const std::string prefix = c + "\\";
  for (auto it = keys_.lower_bound(prefix); it != keys_.end() && it->first.rfind(prefix, 0) == 0;) {
    it = keys_.erase(it);
  }
  deleted_keys_.push_back(c);
}

void RegistryExport::set_value(RegKey& key, RegValue value) {
  for (auto& v : key.values) {
    if (iequals(v.name, value.name)) {
      v = std::move(value);
      return;
    }
  }
  key.values.push_back(std::move(value));
}

void RegistryExport::delete_value(RegKey& key, std::string_view name) {
  for (auto it = key.values.begin(); it != key.values.end(); ++it) {
    if (iequals(it->name, name)) {
      key.values.erase(it);
      break;
    }
  }
  deleted_values_.emplace_back(canonical_key_path(key.path), ascii_lower(name));
}

void RegistryExport::merge(const RegistryExport& later) {
  // The later export's deletions happened before its own keys were written (a deletion in it
  // already removed its earlier keys), so replay deletions first, then overlay its keys.
  for (const auto& d : later.deleted_keys_) delete_key(d);
  for (const auto& [k, name] : later.deleted_values_) {
    auto it = keys_.find(k);
    if (it != keys_.end()) delete_value(it->second, name);
  }
  for (const auto& [canon, lkey] : later.keys_) {
    RegKey& mine = open_key(lkey.path, lkey.file, lkey.line);
    for (const auto& v : lkey.values) {
      const RegValue* old = mine.find(v.name);
      if (old && (old->type != v.type || old->data != v.data)) {
        notes_.push_back(mine.path + "\\" + (v.name.empty() ? "@" : v.name) + ": " + old->file + ":" +
                         std::to_string(old->line) + " differs from " + v.file + ":" + std::to_string(v.line) +
                         " (later input wins)");
      }
      set_value(mine, v);
    }
  }
  issues_.insert(issues_.end(), later.issues_.begin(), later.issues_.end());
  notes_.insert(notes_.end(), later.notes_.begin(), later.notes_.end());
  files_.insert(files_.end(), later.files_.begin(), later.files_.end());
}

void RegistryExport::merge(RegistryExport&& later) {
  const bool empty = keys_.empty() && deleted_keys_.empty() && deleted_values_.empty() && issues_.empty() &&
                     notes_.empty() && files_.empty();
  if (!empty) return merge(static_cast<const RegistryExport&>(later));
  *this = std::move(later);
}

Result<RegistryExport> parse_reg(const TextLines& text) {
  ParseState st{text, {}};
  std::size_t i = 0;
  while (i < text.lines.size() && trim(text.lines[i]).empty()) ++i;
  if (i == text.lines.size()) {
    return make_error(ErrorKind::Parse, "empty input, not a registry export").context("file " + text.name);
  }
  const std::string_view header = trim(text.lines[i]);
  if (header == kHeaderV5) {
    st.wide = true;
  } else if (header == kHeaderV4) {
    st.wide = false;
  } else {
    return make_error(ErrorKind::Parse, "line " + std::to_string(i + 1) + ": not a registry export (expected \"" +
                                            std::string(kHeaderV5) + "\" or \"" + std::string(kHeaderV4) + "\")")
        .context("file " + text.name);
  }
  st.out.add_file(text.name);
  std::size_t next = i + 2;  // 1-based number of the line after the header
  while (next <= text.lines.size()) {
    const std::size_t lineno = next++;
    const std::string_view line = trim(text.lines[lineno - 1]);
    if (line.empty() || line[0] == ';') continue;
    if (line[0] == '[') {
      parse_key_line(st, line, lineno);
    } else if (line[0] == '"' || line[0] == '@') {
      next = lineno;
      parse_value_line(st, next);
      ++next;
    } else {
      st.issue(lineno, "unrecognised line");
    }
  }
  if (st.keys_read == 0 && !st.out.issues().empty()) {
    return make_error(ErrorKind::Parse, "no registry key could be read (" + std::to_string(st.out.issues().size()) +
                                            " broken lines, first at line " +
                                            std::to_string(st.out.issues().front().line) + ": " +
                                            st.out.issues().front().reason + ")")
        .context("file " + text.name);
  }
  return std::move(st.out);
}

// REGEDIT4 files are in the ANSI code page, not UTF-8. When such a file is not valid UTF-8, read
// its bytes as Latin-1 (the ASCII subset, which all TPM key and value names use, is exact).
Result<TextLines> decode_regedit4_ansi(ByteSpan data, std::string_view name) {
  TextLines out;
  out.name = std::string(name);
  std::string line;
  for (std::size_t i = 0; i < data.size(); ++i) {
    const std::uint8_t b = data[i];
    if (b == 0) return make_error(ErrorKind::Parse, "@0x" + hex_short(i).substr(2) + ": NUL byte in REGEDIT4 text")
                         .context("file " + std::string(name));
    if (b == '\n') {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      out.lines.push_back(std::move(line));
      line.clear();
    } else if (b < 0x80) {
      line += static_cast<char>(b);
    } else {
      line += static_cast<char>(0xC0 | (b >> 6));
      line += static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  if (!line.empty()) out.lines.push_back(std::move(line));
  return out;
}

Result<RegistryExport> parse_reg_bytes(ByteSpan data, std::string_view name) {
  auto text = decode_text(data, name);
  if (!text.ok() && text.error().kind() == ErrorKind::Parse && data.size() >= kHeaderV4.size() &&
      std::equal(kHeaderV4.begin(), kHeaderV4.end(), data.begin())) {
    text = decode_regedit4_ansi(data, name);
  }
  if (!text.ok()) return std::move(text).error();
  return parse_reg(*text);
}

}  // namespace tpmready::offline
