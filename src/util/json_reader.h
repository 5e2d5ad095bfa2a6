#pragma once
/// Typed reads of a parsed JSON document that never throw: the one way bundles, reports and PCR
/// files are decoded. nlohmann's get<>(), at() and value() throw on a wrong type, and narrow
/// numbers silently (get<std::uint32_t>() of 2^40 wraps; of a float it is a static_cast, undefined
/// behaviour outside the target's range). A JsonReader checks the type and the range instead and
/// returns an Error that names where the bad value is and what it is:
///
///   tpm.persistent[2].handle: "0x8101zz" is not a hex value of 1 to 4 bytes
///
/// A reader is a view: the document must outlive it. It descends only where the caller reads, so
/// the nesting depth it walks is the format's, whatever the input's. The path is worked out only
/// for an error, by finding the value in the document: a fleet reads millions of values that are
/// fine, and building each one's path as a string cost more than reading it.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

/// Most elements of an array, or members of an object, a reader accepts unless told otherwise.
/// Documents are read from at most util/file.h kMaxJsonBytes, and the largest lists tpmready
/// writes stay below it: the TPM client reads at most 64 GetCapability responses of at most
/// 64 KiB, so at most 2^20 handles, commands or properties; an event record takes over 100 bytes.
inline constexpr std::size_t kMaxJsonElements = std::size_t{1} << 20;

class JsonReader {
 public:
  /// `path` names `value` in errors ("" for a document's root); the values below it are named
  /// from there.
  explicit JsonReader(const nlohmann::json& value, std::string path = {})
      : value_(&value), top_(&value), top_path_(std::move(path)) {}

  const nlohmann::json& json() const { return *value_; }
  /// "tpm.persistent[2].handle"; "" at the root.
  std::string path() const;
  bool is_null() const { return value_->is_null(); }

  /// ErrorKind::Parse, "PATH: problem" ("problem" alone at the root).
  Error error(std::string_view problem, ErrorKind kind = ErrorKind::Parse) const;

  // ---- this value, typed ----------------------------------------------------------------------
  Status object() const;
  Result<std::string> string() const;
  Result<bool> boolean() const;
  /// An integer in T's range; a float (even 3.0), a bool or a string is refused.
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  Result<T> integer() const;
  /// A string of hex digits for 1 to 4 bytes, "0x" prefix allowed ("0x81010001", as hex32 writes).
  Result<std::uint32_t> hex32() const;
  /// A string of hex digits ("" is no bytes), "0x" prefix allowed.
  Result<Bytes> hex() const;
  /// A base64 string (util/base64.h).
  Result<Bytes> base64() const;
  /// The elements of an array, at most `max` (ErrorKind::Limit beyond), each named PATH[i].
  Result<std::vector<JsonReader>> elements(std::size_t max = kMaxJsonElements) const;
  /// The members of an object in key order, at most `max`, each named PATH.key.
  Result<std::vector<std::pair<std::string, JsonReader>>> members(std::size_t max = kMaxJsonElements) const;
  /// For a value kept as it is (a report inside a bundle): refused when arrays and objects nest
  /// deeper than `max_depth` (ErrorKind::Limit), since copying or printing it recurses.
  Status nesting_at_most(std::size_t max_depth) const;

  // ---- members of this object (each is an error when this is not an object) -------------------
  /// The member `key`, which must be present (null counts as present).
  Result<JsonReader> at(std::string_view key) const;
  /// The member `key`; nullopt when absent or null.
  Result<std::optional<JsonReader>> find(std::string_view key) const;
  /// Reads the member `key`, which must be present, into `out` with read_json (`out` may be one
  /// of the targets below: r.get("raw", as_hex(blob.raw))).
  template <class T>
  Status get(std::string_view key, T&& out) const;
  /// Reads the member `key` into `out` with read_json when present and not null; `out` is left
  /// as it is otherwise (older documents without the key keep the default).
  template <class T>
  Status get_if(std::string_view key, T&& out) const;

 private:
  Result<std::uint64_t> unsigned_at_most(std::uint64_t max) const;
  Result<std::int64_t> signed_within(std::int64_t min, std::int64_t max) const;
  JsonReader child(const nlohmann::json& value) const { return JsonReader(value, top_, top_path_); }
  JsonReader(const nlohmann::json& value, const nlohmann::json* top, const std::string& top_path)
      : value_(&value), top_(top), top_path_(top_path) {}
  Error type_error(std::string_view expected) const;

  const nlohmann::json* value_;
  const nlohmann::json* top_;  ///< the value the reader was made for, named top_path_
  std::string top_path_;       ///< short or empty: copied into each child
};

/// How a value is shown in an error: a scalar as JSON text (strings cut at 40 characters), a
/// container by its kind ("an array", "an object").
std::string describe_json_value(const nlohmann::json& j);

// ---- read_json: one overload per type; the evidence and report types add theirs --------------
Status read_json(const JsonReader& r, std::string& out);
Status read_json(const JsonReader& r, bool& out);
template <std::integral T>
  requires(!std::same_as<T, bool>)
Status read_json(const JsonReader& r, T& out);
template <class T>
Status read_json(const JsonReader& r, std::optional<T>& out);
template <class T>
Status read_json(const JsonReader& r, std::vector<T>& out);
template <class T>
Status read_json(const JsonReader& r, std::map<std::string, T>& out);

/// Targets for get/get_if that read a string form into a value: hex digits, a hex32 handle,
/// base64 (the reads of the same names above).
struct AsHex {
  Bytes& out;
};
struct AsHex32 {
  std::uint32_t& out;
};
struct AsBase64 {
  Bytes& out;
};
inline AsHex as_hex(Bytes& out) { return {out}; }
inline AsHex32 as_hex32(std::uint32_t& out) { return {out}; }
inline AsBase64 as_base64(Bytes& out) { return {out}; }
Status read_json(const JsonReader& r, AsHex target);
Status read_json(const JsonReader& r, AsHex32 target);
Status read_json(const JsonReader& r, AsBase64 target);

/// A whole document (or part of one) read as T; errors name paths below `path`.
template <class T>
Result<T> read_json_as(const nlohmann::json& j, std::string path = {}) {
  T out{};
  TRY(read_json(JsonReader(j, std::move(path)), out));
  return out;
}

// ---- templates --------------------------------------------------------------------------------

template <std::integral T>
  requires(!std::same_as<T, bool>)
Result<T> JsonReader::integer() const {
  if constexpr (std::is_signed_v<T>) {
    return static_cast<T>(TRY(signed_within(std::numeric_limits<T>::min(), std::numeric_limits<T>::max())));
  } else {
    return static_cast<T>(TRY(unsigned_at_most(std::numeric_limits<T>::max())));
  }
}

template <class T>
Status JsonReader::get(std::string_view key, T&& out) const {
  const JsonReader member = TRY(at(key));
  return read_json(member, out);
}

template <class T>
Status JsonReader::get_if(std::string_view key, T&& out) const {
  const auto member = TRY(find(key));
  if (!member) return ok_status();
  return read_json(*member, out);
}

template <std::integral T>
  requires(!std::same_as<T, bool>)
Status read_json(const JsonReader& r, T& out) {
  out = TRY(r.integer<T>());
  return ok_status();
}

template <class T>
Status read_json(const JsonReader& r, std::optional<T>& out) {
  if (r.is_null()) {
    out.reset();
    return ok_status();
  }
  T value{};
  TRY(read_json(r, value));
  out = std::move(value);
  return ok_status();
}

template <class T>
Status read_json(const JsonReader& r, std::vector<T>& out) {
  const auto elements = TRY(r.elements());
  out.clear();
  out.reserve(elements.size());
  for (const auto& e : elements) {
    T value{};
    TRY(read_json(e, value));
    out.push_back(std::move(value));
  }
  return ok_status();
}

template <class T>
Status read_json(const JsonReader& r, std::map<std::string, T>& out) {
  const auto members = TRY(r.members());
  out.clear();
  for (const auto& [key, member] : members) {
    T value{};
    TRY(read_json(member, value));
    out.emplace(key, std::move(value));
  }
  return ok_status();
}

}  // namespace tpmready
