#include "evidence/input_record.h"

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

void from_json(const nlohmann::json& j, InputRecord& r) {
  r = InputRecord{j.value("name", ""), j.value("kind", ""), InputStatus::Read, j.value("detail", "")};
  const std::string status = j.value("status", "");
  auto s = input_status_from_string(status);
  if (!s) {
    throw nlohmann::json::type_error::create(
        302, "input \"" + r.name + "\": status \"" + status + "\" is not read, partial, unreadable or not used", &j);
  }
  r.status = *s;
}

}  // namespace tpmready
