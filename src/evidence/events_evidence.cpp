#include "evidence/events_evidence.h"

namespace tpmready {

void to_json(nlohmann::json& j, const WindowsEvent& e) {
  j = {{"time", e.time},         {"channel", e.channel}, {"provider", e.provider}, {"event_id", e.event_id},
       {"level", e.level},       {"record_id", e.record_id}, {"data", e.data},     {"message", e.message},
       {"source", e.source}};
}

void from_json(const nlohmann::json& j, WindowsEvent& e) {
  e.time = j.value("time", "");
  e.channel = j.value("channel", "");
  e.provider = j.value("provider", "");
  e.event_id = j.value("event_id", std::uint32_t{0});
  e.level = j.value("level", std::uint8_t{0});
  e.record_id = j.value("record_id", std::uint64_t{0});
  e.data = j.value("data", std::map<std::string, std::string>{});
  e.message = j.value("message", "");
  e.source = j.value("source", "");
}

void to_json(nlohmann::json& j, const EndpointProbe& p) {
  j = {{"url", p.url},     {"purpose", p.purpose}, {"reachable", p.reachable}, {"http_status", p.http_status},
       {"error", p.error}, {"tls_issuer", p.tls_issuer}};
}

void from_json(const nlohmann::json& j, EndpointProbe& p) {
  p.url = j.value("url", "");
  p.purpose = j.value("purpose", "");
  p.reachable = j.value("reachable", false);
  p.http_status = j.value("http_status", 0);
  p.error = j.value("error", "");
  p.tls_issuer = j.value("tls_issuer", "");
}

void to_json(nlohmann::json& j, const NetworkEvidence& n) { j = {{"proxy", n.proxy}, {"probes", n.probes}}; }

void from_json(const nlohmann::json& j, NetworkEvidence& n) {
  if (j.contains("proxy")) n.proxy = j.at("proxy").get<Fact<std::string>>();
  n.probes = j.value("probes", std::vector<EndpointProbe>{});
}

}  // namespace tpmready
