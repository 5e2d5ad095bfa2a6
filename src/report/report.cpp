#include "report/report.h"

#include "rules/table.h"

namespace tpmready::report {

const rules::Finding* find_finding(const Report& r, std::string_view id) { return rules::find_finding(r.findings, id); }

std::string failure_title(const rules::Finding& f) {
  if (!f.failure_title.empty()) return f.failure_title;
  if (const auto* rule = rules::find_rule(f.id); rule && !rule->failure_title.empty()) return rule->failure_title;
  return f.title;
}

DeviceHeader device_header(const Report& r) {
  static const std::pair<const char*, const char*> kFields[] = {
      {"hostname", "host name"}, {"manufacturer", "manufacturer"}, {"model", "model"},
      {"serial", "serial"},      {"os_build", "OS build"},         {"collected_at", "collected"}};
  DeviceHeader h;
  for (const auto& [key, label] : kFields) {
    auto it = r.device.find(key);
    if (it != r.device.end() && it->is_string() && !it->get<std::string>().empty()) {
      h.known.push_back({key, label, it->get<std::string>()});
    } else {
      h.unknown.emplace_back(std::string(key) == "collected_at" ? "time of collection" : label);
    }
  }
  return h;
}

nlohmann::json to_json(const Report& r) {
  nlohmann::json j;
  j["schema_version"] = 1;
  j["tool"] = "tpmready " + r.tool_version;
  j["verdict"] = rules::verdict_name(r.verdict);
  j["scope"] = r.scope;
  j["scope_note"] = r.scope_note;
  auto& rc = j["root_causes"] = nlohmann::json::array();
  for (const auto& c : r.root_causes) {
    nlohmann::json x{{"id", c.id}, {"chain", c.chain}};
    if (const auto* f = find_finding(r, c.id)) {
      x["title"] = failure_title(*f);
      x["fix"] = f->fix.text;
    }
    auto& lcs = x["likely_causes"] = nlohmann::json::array();
    for (const auto& l : c.likely_causes)
      lcs.push_back({{"id", l.id}, {"title", l.title}, {"why", l.why}, {"confirm", l.confirm}});
    rc.push_back(std::move(x));
  }
  j["undetermined_by"] = r.undetermined_by;
  auto& cv = j["caveats"] = nlohmann::json::array();
  for (const auto& c : r.caveats) cv.push_back({{"id", c.id}, {"title", c.title}, {"why", c.why}, {"check", c.check}});
  j["fault_side"] = r.fault.side;
  j["fault_side_reason"] = r.fault.reason;
  j["fault_side_advice"] = r.fault.advice;
  j["timeline"] = r.timeline;
  j["findings"] = r.findings;
  j["notes"] = r.notes;
  j["inputs"] = r.inputs;
  j["device"] = r.device;
  if (r.network) j["network"] = *r.network;
  if (r.generated_at) j["generated_at"] = *r.generated_at;
  return j;
}

Result<Report> report_from_json(const nlohmann::json& j) {
  try {
    Report r;
    std::string tool = j.value("tool", "");
    r.tool_version = tool.rfind("tpmready ", 0) == 0 ? tool.substr(9) : tool;
    std::string v = j.at("verdict").get<std::string>();
    if (v == "ready") r.verdict = rules::Verdict::Ready;
    else if (v == "not_ready") r.verdict = rules::Verdict::NotReady;
    else if (v == "undetermined") r.verdict = rules::Verdict::Undetermined;
    else return make_error(ErrorKind::Parse, "report: unknown verdict \"" + v + "\"");
    r.scope = j.value("scope", "");
    r.scope_note = j.value("scope_note", "");
    for (const auto& c : j.value("root_causes", nlohmann::json::array())) {
      rules::RootCause rc{c.at("id").get<std::string>(), c.value("chain", std::vector<std::string>{}), {}};
      for (const auto& l : c.value("likely_causes", nlohmann::json::array()))
        rc.likely_causes.push_back({l.at("id").get<std::string>(), l.value("title", ""), l.value("why", ""),
                                    l.value("confirm", "")});
      r.root_causes.push_back(std::move(rc));
    }
    r.undetermined_by = j.value("undetermined_by", std::vector<std::string>{});
    for (const auto& c : j.value("caveats", nlohmann::json::array()))
      r.caveats.push_back({c.at("id").get<std::string>(), c.value("title", ""), c.value("why", ""), c.value("check", "")});
    r.findings = j.value("findings", std::vector<rules::Finding>{});
    r.fault.side = j.value("fault_side", "unknown");
    r.fault.reason = j.value("fault_side_reason", "");
    r.fault.advice = j.value("fault_side_advice", "");
    r.timeline = j.value("timeline", std::vector<timeline::TimelineEntry>{});
    r.notes = j.value("notes", std::vector<std::string>{});
    r.inputs = j.value("inputs", std::vector<InputRecord>{});
    r.device = j.value("device", nlohmann::json::object());
    if (j.contains("network")) r.network = j.at("network").get<NetworkEvidence>();
    if (j.contains("generated_at")) r.generated_at = j["generated_at"].get<std::string>();
    return r;
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Parse, std::string("report JSON: ") + e.what());
  }
}

}  // namespace tpmready::report
