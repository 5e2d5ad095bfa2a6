#include "report/report.h"

#include <nlohmann/json.hpp>

#include "rules/table.h"
#include "util/json_reader.h"

namespace tpmready::report {

const rules::Finding* find_finding(const Report& r, std::string_view id) { return rules::find_finding(r.findings, id); }

std::string failure_title(const rules::Finding& f) {
  if (!f.failure_title.empty()) return f.failure_title;
  if (const auto* rule = rules::find_rule(f.id); rule && !rule->failure_title.empty()) return rule->failure_title;
  return f.title;
}

namespace {

nlohmann::json caveat_json(const rules::Caveat& c) {
  return {{"id", c.id}, {"title", c.title}, {"why", c.why}, {"check", c.check}};
}

}  // namespace

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
  for (const auto& c : r.caveats) cv.push_back(caveat_json(c));
  auto& fl = j["flows"] = nlohmann::json::array();
  for (const auto& f : r.flows) {
    nlohmann::json x{{"id", f.id},
                     {"title", f.title},
                     {"verdict", rules::verdict_name(f.verdict)},
                     {"findings", f.findings},
                     {"root_causes", f.root_causes},
                     {"undetermined_by", f.undetermined_by}};
    auto& fc = x["caveats"] = nlohmann::json::array();
    for (const auto& c : f.caveats) fc.push_back(caveat_json(c));
    fl.push_back(std::move(x));
  }
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

namespace {

// The device's report as JSON nests four levels; this bounds copying and printing `device`, kept
// as it is.
constexpr std::size_t kMaxDeviceDepth = 16;

Status read_verdict(const JsonReader& r, rules::Verdict& out) {
  const JsonReader verdict_reader = TRY(r.at("verdict"));
  const std::string verdict = TRY(verdict_reader.string());
  if (verdict == "ready") out = rules::Verdict::Ready;
  else if (verdict == "not_ready") out = rules::Verdict::NotReady;
  else if (verdict == "undetermined") out = rules::Verdict::Undetermined;
  else return verdict_reader.error("unknown verdict " + describe_json_value(verdict_reader.json()));
  return ok_status();
}

Status read_caveats(const JsonReader& r, std::vector<rules::Caveat>& out) {
  if (const auto caveats = TRY(r.find("caveats"))) {
    for (const auto& c : TRY(caveats->elements())) {
      rules::Caveat caveat;
      TRY(c.get("id", caveat.id));
      TRY(c.get_if("title", caveat.title));
      TRY(c.get_if("why", caveat.why));
      TRY(c.get_if("check", caveat.check));
      out.push_back(std::move(caveat));
    }
  }
  return ok_status();
}

Status read_flow(const JsonReader& r, rules::FlowAnswer& out) {
  TRY(r.get("id", out.id));
  TRY(r.get_if("title", out.title));
  TRY(read_verdict(r, out.verdict));
  TRY(r.get_if("findings", out.findings));
  TRY(r.get_if("root_causes", out.root_causes));
  TRY(r.get_if("undetermined_by", out.undetermined_by));
  return read_caveats(r, out.caveats);
}

Status read_report(const JsonReader& r, Report& out) {
  std::string tool;
  TRY(r.get_if("tool", tool));
  out.tool_version = tool.rfind("tpmready ", 0) == 0 ? tool.substr(9) : tool;
  TRY(read_verdict(r, out.verdict));
  TRY(r.get_if("scope", out.scope));
  TRY(r.get_if("scope_note", out.scope_note));
  if (const auto causes = TRY(r.find("root_causes"))) {
    for (const auto& c : TRY(causes->elements())) {
      rules::RootCause cause;
      TRY(c.get("id", cause.id));
      TRY(c.get_if("chain", cause.chain));
      if (const auto likely = TRY(c.find("likely_causes"))) {
        for (const auto& l : TRY(likely->elements())) {
          rules::LikelyCause lc;
          TRY(l.get("id", lc.id));
          TRY(l.get_if("title", lc.title));
          TRY(l.get_if("why", lc.why));
          TRY(l.get_if("confirm", lc.confirm));
          cause.likely_causes.push_back(std::move(lc));
        }
      }
      out.root_causes.push_back(std::move(cause));
    }
  }
  TRY(r.get_if("undetermined_by", out.undetermined_by));
  TRY(read_caveats(r, out.caveats));
  if (const auto flows = TRY(r.find("flows"))) {
    for (const auto& f : TRY(flows->elements())) {
      rules::FlowAnswer flow;
      TRY(read_flow(f, flow));
      out.flows.push_back(std::move(flow));
    }
  }
  TRY(r.get_if("findings", out.findings));
  TRY(r.get_if("fault_side", out.fault.side));
  TRY(r.get_if("fault_side_reason", out.fault.reason));
  TRY(r.get_if("fault_side_advice", out.fault.advice));
  TRY(r.get_if("timeline", out.timeline));
  TRY(r.get_if("notes", out.notes));
  TRY(r.get_if("inputs", out.inputs));
  if (const auto device = TRY(r.find("device"))) {
    TRY(device->object());
    TRY(device->nesting_at_most(kMaxDeviceDepth));
    out.device = device->json();
  }
  TRY(r.get_if("network", out.network));
  TRY(r.get_if("generated_at", out.generated_at));
  return ok_status();
}

}  // namespace

Result<Report> report_from_json(const nlohmann::json& j) {
  Report r;
  auto read = read_report(JsonReader(j), r);
  if (!read.ok()) return std::move(read).error().context("report JSON");
  return r;
}

}  // namespace tpmready::report
