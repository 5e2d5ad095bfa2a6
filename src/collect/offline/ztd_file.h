#pragma once
/// AutopilotDDSZTDFile.json: the Autopilot deployment service's answer as Windows saved it
/// (%WINDIR%\ServiceState\wmansvc\AutopilotDDSZTDFile.json; MdmDiagnosticsTool -area Autopilot
/// collects it). One JSON object: the profile (CloudAssignedTenantId, DeploymentProfileName,
/// CloudAssignedOobeConfig, AutopilotMode, PolicyDownloadDate, ...) or the service's refusal
/// ({"ErrorCode": 807, "ErrorReason": "ZtdDeviceIsNotRegistered", ...}): facts/field-2026-12.md §A.1,
/// §C.14. Only the fields tpmready uses are kept, each with its line; a field of an unexpected
/// type is an issue, not a failure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "collect/offline/text_decode.h"
#include "collect/offline/text_lines.h"
#include "util/result.h"

namespace tpmready::offline {

template <typename T>
struct ZtdField {
  T value{};
  std::size_t line = 0;  ///< 1-based line the key is on
};

struct ZtdFile {
  std::string file;
  std::optional<ZtdField<std::string>> tenant_id, tenant_domain, profile_name, policy_download_date, error_reason;
  std::optional<ZtdField<std::uint32_t>> oobe_config, autopilot_mode, error_code;
  std::vector<UnrecognisedLine> issues;  ///< fields of the wrong type
};

/// The object's keys that say "this is the deployment service's answer" (classify.cpp uses them).
bool looks_like_ztd_file(const std::vector<std::string>& lines);

/// Parses the decoded file; an error names the file when it is not one JSON object.
Result<ZtdFile> parse_ztd_file(const TextLines& text);

}  // namespace tpmready::offline
