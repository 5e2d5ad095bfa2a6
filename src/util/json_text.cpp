#include "util/json_text.h"

#include <nlohmann/json.hpp>

#include "util/utf8.h"

namespace tpmready {

std::string json_text(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', /*ensure_ascii=*/false, nlohmann::json::error_handler_t::replace);
}

void make_strings_terminal_safe(nlohmann::json& j) {
  if (j.is_string()) {
    j = terminal_safe(j.get_ref<const std::string&>());
  } else if (j.is_array()) {
    for (auto& x : j) make_strings_terminal_safe(x);
  } else if (j.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (auto& [key, value] : j.items()) {
      make_strings_terminal_safe(value);
      out[terminal_safe(key)] = std::move(value);
    }
    j = std::move(out);
  }
}

}  // namespace tpmready
