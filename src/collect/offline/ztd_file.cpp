#include "collect/offline/ztd_file.h"

#include <nlohmann/json.hpp>

namespace tpmready::offline {
namespace {

/// The line a key first appears on ("\"Key\""), or 1 (the file is often one line).
std::size_t line_of(const std::vector<std::string>& lines, const std::string& key) {
  const std::string quoted = "\"" + key + "\"";
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].find(quoted) != std::string::npos) return i + 1;
  return 1;
}

}  // namespace

bool looks_like_ztd_file(const std::vector<std::string>& lines) {
  bool error_code = false, error_reason = false;
  for (const auto& l : lines) {
    // A profile: its OOBE settings or the deployment service's registration ID (facts §C.14).
    if (l.find("\"CloudAssignedOobeConfig\"") != std::string::npos || l.find("\"ZtdRegistrationId\"") != std::string::npos)
      return true;
    error_code = error_code || l.find("\"ErrorCode\"") != std::string::npos;
    error_reason = error_reason || (l.find("\"ErrorReason\"") != std::string::npos && l.find("Ztd") != std::string::npos);
  }
  return error_code && error_reason;  // the service's refusal: {"ErrorCode": 807, "ErrorReason": "Ztd..."}
}

Result<ZtdFile> parse_ztd_file(const TextLines& text) {
  std::string joined;
  for (const auto& l : text.lines) joined += l + "\n";
  const auto doc = nlohmann::json::parse(joined, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded() || !doc.is_object())
    return make_error(ErrorKind::Parse, "not one JSON object (AutopilotDDSZTDFile.json)").context("file " + text.name);
  ZtdFile out;
  out.file = text.name;
  auto text_field = [&](const char* key, std::optional<ZtdField<std::string>>& field) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return;
    const std::size_t line = line_of(text.lines, key);
    if (!it->is_string()) return out.issues.push_back(unrecognised(line, key, "not a string"));
    field = ZtdField<std::string>{it->get<std::string>(), line};
  };
  auto number_field = [&](const char* key, std::optional<ZtdField<std::uint32_t>>& field) {
    auto it = doc.find(key);
    if (it == doc.end() || it->is_null()) return;
    const std::size_t line = line_of(text.lines, key);
    if (!it->is_number_unsigned() || it->get<std::uint64_t>() > 0xFFFFFFFFu)
      return out.issues.push_back(unrecognised(line, key, "not a 32-bit unsigned number"));
    field = ZtdField<std::uint32_t>{static_cast<std::uint32_t>(it->get<std::uint64_t>()), line};
  };
  text_field("CloudAssignedTenantId", out.tenant_id);
  text_field("CloudAssignedTenantDomain", out.tenant_domain);
  text_field("DeploymentProfileName", out.profile_name);
  text_field("PolicyDownloadDate", out.policy_download_date);
  text_field("ErrorReason", out.error_reason);
  number_field("CloudAssignedOobeConfig", out.oobe_config);
  number_field("AutopilotMode", out.autopilot_mode);
  number_field("ErrorCode", out.error_code);
  return out;
}

}  // namespace tpmready::offline
