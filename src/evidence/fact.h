#pragma once
/// Fact<T>: one piece of evidence, with where it came from, or why it is unknown.
///
/// Absent facts are explicit: `value` is empty and `unknown_reason` says why ("TPM not
/// reachable", "registry key not in export"). Never default a fact silently.
/// `source` names the origin: "tpm:GetCapability TPM_PT_MANUFACTURER",
/// "registry:HKLM\\...\\TaskStates\\EkCertificatePresent", "file:tpmtool.txt:12".
#include <optional>
#include <string>
#include <utility>

#include <nlohmann/json.hpp>

namespace tpmready {

template <typename T>
struct Fact {
  std::optional<T> value;
  std::string source;
  std::optional<std::string> unknown_reason;

  static Fact known(T v, std::string src) { return Fact{std::move(v), std::move(src), std::nullopt}; }
  static Fact unknown(std::string reason, std::string src = {}) {
    return Fact{std::nullopt, std::move(src), std::move(reason)};
  }
  bool has_value() const { return value.has_value(); }
  const T& operator*() const { return *value; }
  bool operator==(const Fact&) const = default;
};

/// JSON form: {"value": ..., "source": "..."} or {"value": null, "unknown": "reason", "source": "..."}.
template <typename T>
void to_json(nlohmann::json& j, const Fact<T>& f) {
  j = nlohmann::json::object();
  j["value"] = f.value ? nlohmann::json(*f.value) : nlohmann::json(nullptr);
  if (!f.source.empty()) j["source"] = f.source;
  if (f.unknown_reason) j["unknown"] = *f.unknown_reason;
}

template <typename T>
void from_json(const nlohmann::json& j, Fact<T>& f) {
  f = Fact<T>{};
  if (j.contains("value") && !j.at("value").is_null()) f.value = j.at("value").get<T>();
  if (j.contains("source")) f.source = j.at("source").get<std::string>();
  if (j.contains("unknown")) f.unknown_reason = j.at("unknown").get<std::string>();
}

}  // namespace tpmready
