#pragma once
/// One input evidence was read from (a file, an archive member, the live TPM, the registry) and how
/// well: the one record the readers write, the bundle stores (Evidence::inputs) and the report
/// shows (report::Report::inputs).
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "util/result.h"

namespace tpmready {

enum class InputStatus {
  Read,        ///< used whole
  Partial,     ///< used, but some lines, records or members were skipped (the detail says which)
  Unreadable,  ///< could not be read or parsed: none of its content is used
  NotUsed,     ///< content tpmready does not understand, or an archive a limit kept closed
};

/// The spelling of the JSON contract (schema/report.schema.json, schema/evidence.schema.json):
/// "read", "partial", "unreadable", "not used".
std::string_view to_string(InputStatus status);
/// The reverse, also for what older bundles and reports wrote: "ignored" (now "not used") and
/// "deferred" (an input handed to another reader, which read it: "read"). nullopt otherwise.
std::optional<InputStatus> input_status_from_string(std::string_view text);

struct InputRecord {
  std::string name;    ///< "file:tpmtool.txt", "file:diag.zip:member.reg", "tpm:tcp:127.0.0.1:2321", "registry:HKLM"
  std::string kind;    ///< "tpmtool", "reg_export", ... (collect/offline/classify.h), "tpm", "registry", "network"
  InputStatus status = InputStatus::Read;
  std::string detail;  ///< why partial, unreadable or not used, with line numbers or offsets; what was read
  bool operator==(const InputRecord&) const = default;
};

class JsonReader;

/// {"name", "kind", "status", "detail"}. read_json refuses a status input_status_from_string does
/// not know, naming the input.
void to_json(nlohmann::json& j, const InputRecord& r);
Status read_json(const JsonReader& r, InputRecord& out);

}  // namespace tpmready
