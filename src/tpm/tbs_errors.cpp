#include "tpm/tbs_errors.h"

#include "util/bytes.h"

namespace tpmready::tpm {
namespace {

// facts/windows.md §7 "TBS return codes" (TBS-RC; 0x80284016 from the generated winerror bindings).
constexpr TbsCode kTbsCodes[] = {
    {0x0, "TBS_SUCCESS", "ok"},
    {0x80284001, "TBS_E_INTERNAL_ERROR", "internal software error"},
    {0x80284002, "TBS_E_BAD_PARAMETER", "bad parameter"},
    {0x80284003, "TBS_E_INVALID_OUTPUT_POINTER", "bad output pointer"},
    {0x80284004, "TBS_E_INVALID_CONTEXT", "bad context handle"},
    {0x80284005, "TBS_E_INSUFFICIENT_BUFFER", "output buffer too small"},
    {0x80284006, "TBS_E_IOERROR", "error talking to the TPM"},
    {0x80284007, "TBS_E_INVALID_CONTEXT_PARAM", "bad context params"},
    {0x80284008, "TBS_E_SERVICE_NOT_RUNNING", "TBS service not running, couldn't start"},
    {0x80284009, "TBS_E_TOO_MANY_TBS_CONTEXTS", "too many contexts"},
    {0x8028400A, "TBS_E_TOO_MANY_RESOURCES", "too many virtual resources"},
    {0x8028400B, "TBS_E_SERVICE_START_PENDING", "service starting"},
    {0x8028400C, "TBS_E_PPI_NOT_SUPPORTED", "no physical presence interface"},
    {0x8028400D, "TBS_E_COMMAND_CANCELED", "command canceled"},
    {0x8028400E, "TBS_E_BUFFER_TOO_LARGE", "buffer too large"},
    {0x8028400F, "TBS_E_TPM_NOT_FOUND", "no compatible TPM"},
    {0x80284010, "TBS_E_SERVICE_DISABLED", "TBS service disabled"},
    {0x80284011, "TBS_E_NO_EVENT_LOG", "TBS event (TCG) log not available"},
    {0x80284012, "TBS_E_ACCESS_DENIED", "caller lacks rights"},
    {0x80284013, "TBS_E_PROVISIONING_NOT_ALLOWED", "provisioning action not allowed by flags"},
    {0x80284014, "TBS_E_PPI_FUNCTION_UNSUPPORTED", "PPI method unsupported by firmware"},
    {0x80284015, "TBS_E_OWNERAUTH_NOT_FOUND", "ownerAuth not found"},
    {0x80284016, "TBS_E_PROVISIONING_INCOMPLETE", "TPM provisioning did not complete"},
};

}  // namespace

std::optional<TbsCode> find_tbs_code(std::uint32_t code) {
  for (const auto& c : kTbsCodes)
    if (c.code == code) return c;
  return std::nullopt;
}

std::string tbs_error_text(std::uint32_t code) {
  if (auto c = find_tbs_code(code)) return std::string(c->name) + " (" + hex32(code) + "): " + std::string(c->meaning);
  return hex32(code) + " (not a TBS code tpmready knows)";
}

}  // namespace tpmready::tpm
