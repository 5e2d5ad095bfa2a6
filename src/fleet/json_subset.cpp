#include "fleet/json_subset.h"

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>

#include <nlohmann/json.hpp>

namespace tpmready::fleet {
namespace {

using json = nlohmann::json;
constexpr int kMaxDepth = 256;

/// Recursive descent over [p, end); every function returns false to give up (→ nlohmann).
class SubsetParser {
 public:
  explicit SubsetParser(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

  bool document(json& out) {
    skip_space();
    if (!value(out, 0)) return false;
    skip_space();
    return p_ == end_;
  }

 private:
  void skip_space() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool literal(std::string_view word) {
    if (static_cast<std::size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
    p_ += word.size();
    return true;
  }

  bool value(json& out, int depth) {
    if (p_ == end_) return false;
    switch (*p_) {
      case '{': return object(out, depth + 1);
      case '[': return array(out, depth + 1);
      case '"': {
        std::string s;
        if (!string(s)) return false;
        out = json(std::move(s));
        return true;
      }
      case 't': out = true; return literal("true");
      case 'f': out = false; return literal("false");
      case 'n': out = nullptr; return literal("null");
      default: return number(out);
    }
  }

  bool object(json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '{'
    out = json::object();
    auto& members = out.get_ref<json::object_t&>();
    skip_space();
    if (p_ < end_ && *p_ == '}') {
      ++p_;
      return true;
    }
    for (;;) {
      std::string key;
      if (p_ == end_ || *p_ != '"' || !string(key)) return false;
      skip_space();
      if (p_ == end_ || *p_++ != ':') return false;
      skip_space();
      auto [it, added] = members.emplace(std::move(key), json());
      if (!added || !value(it->second, depth)) return false;  // a duplicate key: nlohmann decides
      skip_space();
      if (p_ == end_) return false;
      char c = *p_++;
      if (c == '}') return true;
      if (c != ',') return false;
      skip_space();
    }
  }

  bool array(json& out, int depth) {
    if (depth > kMaxDepth) return false;
    ++p_;  // '['
    out = json::array();
    auto& items = out.get_ref<json::array_t&>();
    skip_space();
    if (p_ < end_ && *p_ == ']') {
      ++p_;
      return true;
    }
    for (;;) {
      items.emplace_back();
      if (!value(items.back(), depth)) return false;
      skip_space();
      if (p_ == end_) return false;
      char c = *p_++;
      if (c == ']') return true;
      if (c != ',') return false;
      skip_space();
    }
  }

  /// At the opening quote; plain runs are copied whole up to the next quote or backslash.
  bool string(std::string& out) {
    ++p_;
    for (;;) {
      const char* q = p_;
      while (q < end_ && *q != '"' && *q != '\\') {
        auto u = static_cast<unsigned char>(*q);
        if (u < 0x20 || u >= 0x80) return false;  // control characters are invalid; UTF-8: nlohmann validates
        ++q;
      }
      out.append(p_, static_cast<std::size_t>(q - p_));
      p_ = q;
      if (p_ == end_) return false;
      if (*p_++ == '"') return true;
      if (p_ == end_) return false;
      switch (*p_++) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        default: return false;  // \u (surrogates, UTF-8) and invalid escapes: nlohmann
      }
    }
  }

  /// Integers only: '-'? ('0' | [1-9][0-9]*), not followed by a fraction or exponent. nlohmann
  /// makes non-negative integers unsigned and negative ones signed.
  bool number(json& out) {
    const char* start = p_;
    const char* q = p_;
    if (q < end_ && *q == '-') ++q;
    const char* digits = q;
    while (q < end_ && *q >= '0' && *q <= '9') ++q;
    if (q == digits || (*digits == '0' && q - digits > 1)) return false;
    if (q < end_ && (*q == '.' || *q == 'e' || *q == 'E')) return false;
    p_ = q;
    if (*start == '-') {
      std::int64_t v = 0;
      auto r = std::from_chars(start, q, v);
      if (r.ec != std::errc() || r.ptr != q) return false;  // out of range: nlohmann makes it a float
      out = v;
    } else {
      std::uint64_t v = 0;
      auto r = std::from_chars(start, q, v);
      if (r.ec != std::errc() || r.ptr != q) return false;
      out = v;
    }
    return true;
  }

  const char* p_;
  const char* end_;
};

}  // namespace

std::optional<nlohmann::json> parse_json_subset(std::string_view text) {
  json out;
  SubsetParser parser(text);
  if (!parser.document(out)) return std::nullopt;
  return out;
}

bool identical_json(const nlohmann::json& a, const nlohmann::json& b) {
  if (a.type() != b.type()) return false;
  if (a.is_array()) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
      if (!identical_json(a[i], b[i])) return false;
    return true;
  }
  if (a.is_object()) {
    if (a.size() != b.size()) return false;
    for (auto ia = a.begin(), ib = b.begin(); ia != a.end(); ++ia, ++ib)
      if (ia.key() != ib.key() || !identical_json(ia.value(), ib.value())) return false;
    return true;
  }
  return a == b;
}

}  // namespace tpmready::fleet
