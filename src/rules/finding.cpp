#include "rules/finding.h"

#include <nlohmann/json.hpp>

#include "util/json_reader.h"

namespace tpmready::rules {

std::string_view status_name(Status s) {
  switch (s) {
    case Status::Pass: return "pass";
    case Status::Fail: return "fail";
    case Status::Warn: return "warn";
    case Status::Unknown: return "unknown";
    case Status::NotApplicable: return "not_applicable";
  }
  return "unknown";
}

std::optional<Status> status_from_name(std::string_view name) {
  for (Status s : {Status::Pass, Status::Fail, Status::Warn, Status::Unknown, Status::NotApplicable}) {
    if (status_name(s) == name) return s;
  }
  return std::nullopt;
}

const Finding* find_finding(const std::vector<Finding>& findings, std::string_view id) {
  for (const auto& f : findings)
    if (f.id == id) return &f;
  return nullptr;
}

void cite(Finding& f, std::string_view source) {
  if (source.empty() || f.reference.find(source) != std::string::npos) return;
  f.reference += (f.reference.empty() ? "" : "; ") + std::string(source);
}

void to_json(nlohmann::json& j, const Finding& f) {
  j = nlohmann::json::object();
  j["id"] = f.id;
  j["title"] = f.title;
  if (!f.failure_title.empty()) j["failure_title"] = f.failure_title;
  j["status"] = status_name(f.status);
  j["summary"] = f.summary;
  j["parents"] = f.parents;
  auto& ev = j["evidence"] = nlohmann::json::array();
  for (const auto& e : f.evidence) {
    nlohmann::json x{{"source", e.source}, {"fact", e.fact}, {"value", e.value}};
    if (e.implied_by) x["implied_by"] = *e.implied_by;
    ev.push_back(std::move(x));
  }
  nlohmann::json sym = nlohmann::json::object();
  if (!f.symptom.tpmtool_line.empty()) sym["tpmtool_line"] = f.symptom.tpmtool_line;
  if (!f.symptom.information_flag.empty()) sym["information_flag"] = f.symptom.information_flag;
  if (f.symptom.information_bit) sym["information_bit"] = *f.symptom.information_bit;
  if (!f.symptom.error_codes.empty()) sym["error_codes"] = f.symptom.error_codes;
  j["windows_shows"] = sym;
  j["fix"] = f.fix.text;
  j["fix_action"] = f.fix.action_id ? nlohmann::json(*f.fix.action_id) : nlohmann::json(nullptr);
  j["reference"] = f.reference;
  if (!f.flows.empty()) j["flows"] = f.flows;
}

tpmready::Status read_json(const JsonReader& r, Finding& f) {
  f = Finding{};
  TRY(r.get("id", f.id));
  TRY(r.get_if("title", f.title));
  TRY(r.get_if("failure_title", f.failure_title));
  std::string status;
  TRY(r.get("status", status));
  f.status = status_from_name(status).value_or(Status::Unknown);
  TRY(r.get_if("summary", f.summary));
  TRY(r.get_if("parents", f.parents));
  if (const auto evidence = TRY(r.find("evidence"))) {
    for (const auto& e : TRY(evidence->elements())) {
      EvidenceRef ref;
      TRY(e.get_if("source", ref.source));
      TRY(e.get_if("fact", ref.fact));
      TRY(e.get_if("value", ref.value));
      TRY(e.get_if("implied_by", ref.implied_by));
      f.evidence.push_back(std::move(ref));
    }
  }
  if (const auto shows = TRY(r.find("windows_shows"))) {
    TRY(shows->get_if("tpmtool_line", f.symptom.tpmtool_line));
    TRY(shows->get_if("information_flag", f.symptom.information_flag));
    TRY(shows->get_if("information_bit", f.symptom.information_bit));
    TRY(shows->get_if("error_codes", f.symptom.error_codes));
  }
  TRY(r.get_if("fix", f.fix.text));
  TRY(r.get_if("fix_action", f.fix.action_id));
  TRY(r.get_if("reference", f.reference));
  TRY(r.get_if("flows", f.flows));
  return ok_status();
}

}  // namespace tpmready::rules
