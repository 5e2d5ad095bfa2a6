#pragma once
/// The JSON form of Fact<T> (evidence/fact.h), for the .cpp files that write or read evidence:
/// {"value": ..., "source": "..."} or {"value": null, "unknown": "reason", "source": "..."}.
#include <nlohmann/json.hpp>

#include "evidence/fact.h"
#include "util/json_reader.h"

namespace tpmready {

template <typename T>
void to_json(nlohmann::json& j, const Fact<T>& f) {
  j = nlohmann::json::object();
  j["value"] = f.value ? nlohmann::json(*f.value) : nlohmann::json(nullptr);
  if (!f.source.empty()) j["source"] = f.source;
  if (f.unknown_reason) j["unknown"] = *f.unknown_reason;
}

/// Every key is optional (an absent or null value is an unknown fact); a present one must have
/// its type.
template <typename T>
Status read_json(const JsonReader& r, Fact<T>& f) {
  f = Fact<T>{};
  TRY(r.object());
  TRY(r.get_if("value", f.value));
  TRY(r.get_if("source", f.source));
  TRY(r.get_if("unknown", f.unknown_reason));
  return ok_status();
}

}  // namespace tpmready
