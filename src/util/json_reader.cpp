#include "util/json_reader.h"

#include "util/base64.h"
#include "util/json_text.h"

namespace tpmready {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kShownChars = 40;

const char* kind_of(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "an array";
    case Json::value_t::string: return "a string";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned: return "an integer";
    case Json::value_t::number_float: return "a number with a fraction or exponent";
    case Json::value_t::binary: return "binary data";
    case Json::value_t::discarded: break;
  }
  return "not a JSON value";
}

/// A key as a path segment: plain when it is a simple name, else quoted as JSON (and cut), so a
/// key with dots, spaces or control characters cannot make the path ambiguous or span lines.
bool plain_key(std::string_view key) {
  if (key.empty() || key.size() > kShownChars) return false;
  for (char c : key) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

std::string shown_string(std::string_view s) {
  if (s.size() <= kShownChars) return json_text(Json(s));
  return json_text(Json(s.substr(0, kShownChars))) + "...";
}

void append_key(std::string& path, std::string_view key) {
  if (plain_key(key)) {
    if (!path.empty()) path += '.';
    path += key;
  } else {
    path += '[';
    path += shown_string(key);
    path += ']';
  }
}

void append_index(std::string& path, std::size_t index) {
  path += '[';
  path += std::to_string(index);
  path += ']';
}

/// One value met while searching the document: how it is reached from its parent's entry.
struct Step {
  const Json* value;
  std::size_t parent;  ///< index of the parent's Step; the top's is its own
  std::string_view key;  ///< set for an object member
  std::size_t index = 0;  ///< for an array element
};

/// Appends the segments from `top` down to `target` (a value inside it) to `path`. Iterative: the
/// document may nest deeper than the stack allows recursing.
void append_path_below(const Json& top, const Json* target, std::string& path) {
  std::vector<Step> steps{{&top, 0, {}, 0}};
  std::vector<std::size_t> todo{0};
  while (!todo.empty()) {
    const std::size_t at = todo.back();
    todo.pop_back();
    const Json* value = steps[at].value;
    if (value == target) {
      std::vector<std::size_t> trail;
      for (std::size_t i = at; i != 0; i = steps[i].parent) trail.push_back(i);
      for (auto it = trail.rbegin(); it != trail.rend(); ++it) {
        const Step& s = steps[*it];
        if (steps[s.parent].value->is_object()) {
          append_key(path, s.key);
        } else {
          append_index(path, s.index);
        }
      }
      return;
    }
    if (const auto* a = value->get_ptr<const Json::array_t*>()) {
      for (std::size_t i = 0; i < a->size(); ++i) {
        steps.push_back({&(*a)[i], at, {}, i});
        todo.push_back(steps.size() - 1);
      }
    } else if (const auto* o = value->get_ptr<const Json::object_t*>()) {
      for (const auto& [key, member] : *o) {
        steps.push_back({&member, at, key, 0});
        todo.push_back(steps.size() - 1);
      }
    }
  }
}

}  // namespace

std::string JsonReader::path() const {
  std::string path = top_path_;
  if (value_ != top_) append_path_below(*top_, value_, path);
  return path;
}

std::string describe_json_value(const Json& j) {
  if (const auto* s = j.get_ptr<const Json::string_t*>()) return shown_string(*s);
  if (j.is_primitive()) return json_text(j);
  return kind_of(j);
}

Error JsonReader::error(std::string_view problem, ErrorKind kind) const {
  std::string message = path();
  if (message.empty()) return Error(kind, std::string(problem));
  message += ": ";
  message += problem;
  return Error(kind, std::move(message));
}

Error JsonReader::type_error(std::string_view expected) const {
  std::string problem = "expected ";
  problem += expected;
  problem += ", found ";
  problem += value_->is_primitive() ? describe_json_value(*value_) : kind_of(*value_);
  return error(problem);
}

Status JsonReader::object() const {
  if (!value_->is_object()) return type_error("an object");
  return ok_status();
}

Result<std::string> JsonReader::string() const {
  if (const auto* s = value_->get_ptr<const Json::string_t*>()) return *s;
  return type_error("a string");
}

Result<bool> JsonReader::boolean() const {
  if (const auto* b = value_->get_ptr<const Json::boolean_t*>()) return *b;
  return type_error("true or false");
}

Result<std::uint64_t> JsonReader::unsigned_at_most(std::uint64_t max) const {
  if (const auto* u = value_->get_ptr<const Json::number_unsigned_t*>()) {
    if (*u <= max) return static_cast<std::uint64_t>(*u);
  } else if (const auto* i = value_->get_ptr<const Json::number_integer_t*>()) {
    if (*i >= 0 && static_cast<std::uint64_t>(*i) <= max) return static_cast<std::uint64_t>(*i);
  } else if (value_->is_number_float()) {
    return error(describe_json_value(*value_) + " is not an integer");
  } else {
    return type_error("an integer");
  }
  return error(json_text(*value_) + " is out of range (0 to " + std::to_string(max) + ")");
}

Result<std::int64_t> JsonReader::signed_within(std::int64_t min, std::int64_t max) const {
  // Unsigned first: get_ptr<number_integer_t> also answers for an unsigned value (nlohmann's
  // is_number_integer covers both) and would read its bits as signed (2^64-1 as -1).
  if (const auto* u = value_->get_ptr<const Json::number_unsigned_t*>()) {
    if (*u <= static_cast<std::uint64_t>(max)) return static_cast<std::int64_t>(*u);
  } else if (const auto* i = value_->get_ptr<const Json::number_integer_t*>()) {
    if (*i >= min && *i <= max) return static_cast<std::int64_t>(*i);
  } else if (value_->is_number_float()) {
    return error(describe_json_value(*value_) + " is not an integer");
  } else {
    return type_error("an integer");
  }
  return error(json_text(*value_) + " is out of range (" + std::to_string(min) + " to " + std::to_string(max) + ")");
}

Result<std::uint32_t> JsonReader::hex32() const {
  const auto* s = value_->get_ptr<const Json::string_t*>();
  if (!s) return type_error("a hex string");
  Bytes b;
  if (!from_hex(*s, b) || b.empty() || b.size() > 4)
    return error(shown_string(*s) + " is not a hex value of 1 to 4 bytes");
  std::uint32_t v = 0;
  for (auto byte : b) v = v << 8 | byte;
  return v;
}

Result<Bytes> JsonReader::hex() const {
  const auto* s = value_->get_ptr<const Json::string_t*>();
  if (!s) return type_error("a hex string");
  Bytes b;
  if (!from_hex(*s, b)) return error(shown_string(*s) + " is not hex");
  return b;
}

Result<Bytes> JsonReader::base64() const {
  const auto* s = value_->get_ptr<const Json::string_t*>();
  if (!s) return type_error("a base64 string");
  auto b = base64_decode(*s);
  if (!b) return error(b.error().what());
  return std::move(b).value();
}

Result<std::vector<JsonReader>> JsonReader::elements(std::size_t max) const {
  const auto* a = value_->get_ptr<const Json::array_t*>();
  if (!a) return type_error("an array");
  if (a->size() > max)
    return error(std::to_string(a->size()) + " elements, more than the " + std::to_string(max) + " allowed",
                 ErrorKind::Limit);
  std::vector<JsonReader> out;
  out.reserve(a->size());
  for (const auto& element : *a) out.push_back(child(element));
  return out;
}

Result<std::vector<std::pair<std::string, JsonReader>>> JsonReader::members(std::size_t max) const {
  const auto* o = value_->get_ptr<const Json::object_t*>();
  if (!o) return type_error("an object");
  if (o->size() > max)
    return error(std::to_string(o->size()) + " members, more than the " + std::to_string(max) + " allowed",
                 ErrorKind::Limit);
  std::vector<std::pair<std::string, JsonReader>> out;
  out.reserve(o->size());
  for (const auto& [key, value] : *o) out.emplace_back(key, child(value));
  return out;
}

Status JsonReader::nesting_at_most(std::size_t max_depth) const {
  // Iterative: the value may nest deeper than the stack allows recursing.
  std::vector<std::pair<const Json*, std::size_t>> todo{{value_, 1}};
  while (!todo.empty()) {
    const auto [j, depth] = todo.back();
    todo.pop_back();
    if (!j->is_structured()) continue;
    if (depth > max_depth)
      return error("arrays and objects nested deeper than " + std::to_string(max_depth) + " levels", ErrorKind::Limit);
    if (const auto* a = j->get_ptr<const Json::array_t*>()) {
      for (const auto& x : *a) todo.emplace_back(&x, depth + 1);
    } else if (const auto* o = j->get_ptr<const Json::object_t*>()) {
      for (const auto& [key, x] : *o) todo.emplace_back(&x, depth + 1);
    }
  }
  return ok_status();
}

Result<JsonReader> JsonReader::at(std::string_view key) const {
  const auto* o = value_->get_ptr<const Json::object_t*>();
  if (!o) return type_error("an object");
  auto it = o->find(key);
  if (it == o->end()) {
    std::string missing = path();
    append_key(missing, key);
    return JsonReader(*value_, std::move(missing)).error("missing");
  }
  return child(it->second);
}

Result<std::optional<JsonReader>> JsonReader::find(std::string_view key) const {
  const auto* o = value_->get_ptr<const Json::object_t*>();
  if (!o) return type_error("an object");
  auto it = o->find(key);
  if (it == o->end() || it->second.is_null()) return std::optional<JsonReader>();
  return std::optional<JsonReader>(child(it->second));
}

Status read_json(const JsonReader& r, std::string& out) {
  out = TRY(r.string());
  return ok_status();
}

Status read_json(const JsonReader& r, bool& out) {
  out = TRY(r.boolean());
  return ok_status();
}

Status read_json(const JsonReader& r, AsHex target) {
  target.out = TRY(r.hex());
  return ok_status();
}

Status read_json(const JsonReader& r, AsHex32 target) {
  target.out = TRY(r.hex32());
  return ok_status();
}

Status read_json(const JsonReader& r, AsBase64 target) {
  target.out = TRY(r.base64());
  return ok_status();
}

}  // namespace tpmready
