#pragma once
/// Fact<T>: one piece of evidence, with where it came from, or why it is unknown.
///
/// Absent facts are explicit: `value` is empty and `unknown_reason` says why ("TPM not
/// reachable", "registry key not in export"). Never default a fact silently.
/// `source` names the origin: "tpm:GetCapability TPM_PT_MANUFACTURER",
/// "registry:HKLM\\...\\TaskStates\\EkCertificatePresent", "file:tpmtool.txt:12".
/// Its JSON form is in evidence/fact_json.h.
#include <optional>
#include <string>
#include <utility>

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

}  // namespace tpmready
