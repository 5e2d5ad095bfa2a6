#include "evidence/events_evidence.h"

#include <nlohmann/json.hpp>

#include "evidence/fact_json.h"
#include "util/json_reader.h"

namespace tpmready {

void to_json(nlohmann::json& j, const WindowsEvent& e) {
  j = {{"time", e.time},         {"channel", e.channel}, {"provider", e.provider}, {"event_id", e.event_id},
       {"level", e.level},       {"record_id", e.record_id}, {"data", e.data},     {"message", e.message},
       {"source", e.source}};
}

Status read_json(const JsonReader& r, WindowsEvent& out) {
  out = WindowsEvent{};
  TRY(r.object());
  TRY(r.get_if("time", out.time));
  TRY(r.get_if("channel", out.channel));
  TRY(r.get_if("provider", out.provider));
  TRY(r.get_if("event_id", out.event_id));
  TRY(r.get_if("level", out.level));
  TRY(r.get_if("record_id", out.record_id));
  TRY(r.get_if("data", out.data));
  TRY(r.get_if("message", out.message));
  TRY(r.get_if("source", out.source));
  return ok_status();
}

void to_json(nlohmann::json& j, const EndpointProbe& p) {
  j = {{"url", p.url},     {"purpose", p.purpose}, {"reachable", p.reachable}, {"http_status", p.http_status},
       {"error", p.error}, {"failed_step", p.failed_step}, {"tls_issuer", p.tls_issuer}};
  if (!p.answer.empty()) j["answer"] = p.answer;
  if (p.aik_ca) j["aik_ca"] = true;
}

Status read_json(const JsonReader& r, EndpointProbe& out) {
  out = EndpointProbe{};
  TRY(r.object());
  TRY(r.get_if("url", out.url));
  TRY(r.get_if("purpose", out.purpose));
  TRY(r.get_if("reachable", out.reachable));
  TRY(r.get_if("http_status", out.http_status));
  TRY(r.get_if("error", out.error));
  TRY(r.get_if("failed_step", out.failed_step));
  TRY(r.get_if("tls_issuer", out.tls_issuer));
  TRY(r.get_if("answer", out.answer));
  TRY(r.get_if("aik_ca", out.aik_ca));
  return ok_status();
}

void to_json(nlohmann::json& j, const UnprobedUrl& u) { j = {{"url", u.url}, {"reason", u.reason}}; }

Status read_json(const JsonReader& r, UnprobedUrl& out) {
  out = UnprobedUrl{};
  TRY(r.object());
  TRY(r.get_if("url", out.url));
  TRY(r.get_if("reason", out.reason));
  return ok_status();
}

void to_json(nlohmann::json& j, const NetworkEvidence& n) {
  j = {{"proxy", n.proxy}, {"probes", n.probes}};
  if (!n.aik_ca_not_probed.empty()) j["aik_ca_not_probed"] = n.aik_ca_not_probed;
  if (!n.aik_ca_refused.empty()) j["aik_ca_refused"] = n.aik_ca_refused;
}

Status read_json(const JsonReader& r, NetworkEvidence& out) {
  out = NetworkEvidence{};
  TRY(r.object());
  TRY(r.get_if("proxy", out.proxy));
  TRY(r.get_if("probes", out.probes));
  TRY(r.get_if("aik_ca_not_probed", out.aik_ca_not_probed));
  TRY(r.get_if("aik_ca_refused", out.aik_ca_refused));
  return ok_status();
}

}  // namespace tpmready
