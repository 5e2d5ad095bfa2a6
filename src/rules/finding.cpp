#include "rules/finding.h"

#include <nlohmann/json.hpp>

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
}

void from_json(const nlohmann::json& j, Finding& f) {
  f = Finding{};
  f.id = j.at("id").get<std::string>();
  f.title = j.value("title", "");
  f.failure_title = j.value("failure_title", "");
  f.status = status_from_name(j.at("status").get<std::string>()).value_or(Status::Unknown);
  f.summary = j.value("summary", "");
  f.parents = j.value("parents", std::vector<std::string>{});
  for (const auto& e : j.value("evidence", nlohmann::json::array())) {
    EvidenceRef r{e.value("source", ""), e.value("fact", ""), e.value("value", ""), std::nullopt};
    if (e.contains("implied_by")) r.implied_by = e["implied_by"].get<std::string>();
    f.evidence.push_back(std::move(r));
  }
  if (j.contains("windows_shows")) {
    const auto& s = j["windows_shows"];
    f.symptom.tpmtool_line = s.value("tpmtool_line", "");
    f.symptom.information_flag = s.value("information_flag", "");
    if (s.contains("information_bit")) f.symptom.information_bit = s["information_bit"].get<unsigned>();
    f.symptom.error_codes = s.value("error_codes", std::vector<std::string>{});
  }
  f.fix.text = j.value("fix", "");
  if (j.contains("fix_action") && j["fix_action"].is_string()) f.fix.action_id = j["fix_action"].get<std::string>();
  f.reference = j.value("reference", "");
}

}  // namespace tpmready::rules
