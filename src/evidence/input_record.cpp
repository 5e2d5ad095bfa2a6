#include "evidence/input_record.h"

#include <nlohmann/json.hpp>

#include "util/json_reader.h"

namespace tpmready {

std::string_view to_string(InputStatus status) {
  switch (status) {
    case InputStatus::Read: return "read";
    case InputStatus::Partial: return "partial";
    case InputStatus::Unreadable: return "unreadable";
    case InputStatus::NotUsed: return "not used";
  }
  return "unreadable";
}

std::optional<InputStatus> input_status_from_string(std::string_view text) {
  for (auto s : {InputStatus::Read, InputStatus::Partial, InputStatus::Unreadable, InputStatus::NotUsed})
    if (text == to_string(s)) return s;
  if (text == "ignored") return InputStatus::NotUsed;
  if (text == "deferred") return InputStatus::Read;
  return std::nullopt;
}

void to_json(nlohmann::json& j, const InputRecord& r) {
  j = {{"name", r.name}, {"kind", r.kind}, {"status", to_string(r.status)}, {"detail", r.detail}};
}

Status read_json(const JsonReader& r, InputRecord& out) {
  out = InputRecord{};
  TRY(r.object());
  TRY(r.get_if("name", out.name));
  TRY(r.get_if("kind", out.kind));
  TRY(r.get_if("detail", out.detail));
  std::string status;
  TRY(r.get_if("status", status));
  auto s = input_status_from_string(status);
  if (!s) {
    return r.error("input \"" + out.name + "\": status \"" + status +
                   "\" is not read, partial, unreadable or not used");
  }
  out.status = *s;
  return ok_status();
}

}  // namespace tpmready
