#include "rules/check_util.h"

#include <algorithm>

#include "explain/error_codes.h"
#include "util/text.h"

namespace tpmready::rules {

Finding&& conclude(Finding&& f, Status status, std::string summary) {
  f.status = status;
  f.summary = std::move(summary);
  return std::move(f);
}

void add_evidence(Finding& f, std::string source, std::string fact, std::string value,
                  std::optional<std::string> implied_by) {
  f.evidence.push_back({std::move(source), std::move(fact), std::move(value), std::move(implied_by)});
}

bool tpm_only(const Evidence& e) { return !e.windows.has_value(); }

bool reg_present(const RegValueFact& v) { return v.exists.value.has_value() && *v.exists.value; }
std::optional<std::uint64_t> reg_number(const RegValueFact& v) {
  return reg_present(v) ? v.number : std::nullopt;
}
std::string reg_text(const RegValueFact& v) {
  if (!v.exists.value) return "not in the inputs";
  if (!*v.exists.value) return "absent";
  if (v.number) return std::to_string(*v.number);
  if (v.text) return "\"" + *v.text + "\"";
  return v.type + (v.size ? " (" + std::to_string(*v.size) + " bytes)" : "");
}

bool tpmtool_flag(const Evidence& e, std::string_view name) {
  if (!e.windows || !e.windows->tpmtool.information_flags.value) return false;
  for (const auto& f : *e.windows->tpmtool.information_flags.value)
    if (f == name) return true;
  return false;
}

bool tpmtool_flags_exclude(const Evidence& e, std::string_view name) {
  return e.windows && e.windows->tpmtool.information_flags.value && !tpmtool_flag(e, name);
}

std::optional<std::pair<std::string, std::string>> tpm_manufacturer(const Evidence& e) {
  if (e.tpm && !e.tpm->manufacturer.empty())
    return std::make_pair(e.tpm->manufacturer, "tpm:" + e.tpm_access.source + " GetCapability TPM_PT_MANUFACTURER");
  if (e.windows) {
    const auto& t = e.windows->tpmtool.manufacturer_id;
    if (t.value && !trim(*t.value).empty()) return std::make_pair(std::string(trim(*t.value)), t.source);
    const auto& g = e.windows->get_tpm.manufacturer_id_txt;
    if (g.value && !trim(*g.value).empty()) return std::make_pair(std::string(trim(*g.value)), g.source);
  }
  return std::nullopt;
}

bool is_firmware_tpm_vendor(std::string_view manufacturer) {
  return manufacturer == "INTC" || manufacturer == "AMD" || manufacturer == "QCOM";
}

bool is_undecided_timeout(const std::string& code) {
  if (code.rfind("0x", 0) != 0) return false;
  auto parsed = explain::parse_code(code);
  const explain::ErrorCodeInfo* row = parsed ? explain::find_code(parsed->value) : nullptr;
  return row && row->side == "evidence" &&
         std::find(row->root_causes.begin(), row->root_causes.end(), "service.aik_responded") != row->root_causes.end();
}

}  // namespace tpmready::rules
