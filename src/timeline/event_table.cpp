#include "timeline/event_table.h"

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "explain/error_codes.h"
#include "util/text.h"

namespace tpmready::timeline {
namespace {

Result<std::uint32_t> hex_code(const nlohmann::json& row, const char* key, const std::string& where) {
  auto parsed = explain::parse_code(row.value(key, ""));
  if (!parsed) return make_error(ErrorKind::Internal, "windows_events.json: " + where + ": bad " + key);
  return parsed->value;
}

constexpr std::string_view kEventSides[] = {"device", "service", "network", "code", "evidence", "none"};

Result<ChannelInfo> parse_channel(const nlohmann::json& c) {
  ChannelInfo ch{c.at("name"), c.value("match", ""), c.value("providers", std::vector<std::string>{}),
                 c.value("events_of", ""), std::nullopt, c.value("sources", std::vector<std::string>{}),
                 c.at("facts"), !c.at("verified").get<bool>()};
  if (c.contains("ids")) {
    const auto& r = c.at("ids");
    ch.ids = std::make_pair(r.at(0).get<std::uint32_t>(), r.at(1).get<std::uint32_t>());
  }
  if (ch.match.empty() && ch.providers.empty())
    return make_error(ErrorKind::Internal, "windows_events.json: channel " + ch.name + " matches nothing");
  return ch;
}

Result<EventInfo> parse_event(const nlohmann::json& e) {
  EventInfo info;
  info.channel = e.at("channel");
  info.id = e.at("id");
  const std::string where = "event " + info.channel + " " + std::to_string(info.id);
  info.role = e.at("role");
  info.rule = e.value("rule", "");
  info.summary = e.at("summary");
  info.summary_with = e.value("summary_with", "");
  for (const char* key : {"message", "message_legacy"})
    if (e.contains(key) && e[key].is_string()) info.messages.push_back(e[key]);
  for (const auto& p : e.value("params", nlohmann::json::array())) {
    EventParam param{p.at("n"), p.at("name"), p.at("kind")};
    if (param.n < 1 || param.n > 99) return make_error(ErrorKind::Internal, "windows_events.json: " + where + ": bad param");
    info.params.push_back(std::move(param));
  }
  for (const auto& f : e.value("flags", nlohmann::json::array())) info.flags.push_back({f.at("name"), f.at("rule")});
  for (const auto& v : e.value("variants", nlohmann::json::array()))
    info.variants.push_back({TRY(hex_code(v, "code", where)), v.at("role"), v.at("rule"), v.at("summary")});
  info.side = e.at("side");
  if (std::find(std::begin(kEventSides), std::end(kEventSides), info.side) == std::end(kEventSides))
    return make_error(ErrorKind::Internal, "windows_events.json: " + where + ": unknown side \"" + info.side + "\"");
  info.classify_codes = info.side != "none";
  info.http_status_data = e.value("http_status_data", "");
  info.sources = e.at("sources").get<std::vector<std::string>>();
  info.confidence = e.value("confidence", "");
  info.facts = e.at("facts");
  info.unverified = !e.at("verified").get<bool>();
  return info;
}

Result<EventTable> parse(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error(ErrorKind::Internal, "windows_events.json is not valid JSON");
  EventTable t;
  try {
    for (const auto& c : j.at("channels")) t.channels.push_back(TRY(parse_channel(c)));
    for (const auto& e : j.at("events")) t.events.push_back(TRY(parse_event(e)));
    const auto& h = j.at("http");
    t.http = {TRY(hex_code(h, "hresult_base", "http")), h.at("service_side_min"), h.at("service_side_max"), h.at("rule"),
              h.at("facts")};
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Internal, std::string("windows_events.json: ") + e.what());
  }
  return t;
}

}  // namespace

const ChannelInfo* EventTable::channel_of(const std::string& channel, const std::string& provider) const {
  for (const auto& c : channels)
    if (!c.match.empty() && find_icase(channel, c.match) != std::string::npos) return &c;
  for (const auto& c : channels)
    for (const auto& p : c.providers)
      if (iequals(provider, p)) return &c;
  for (const auto& c : channels)
    if (!c.match.empty() && find_icase(provider, c.match) != std::string::npos) return &c;
  return nullptr;
}

const EventInfo* EventTable::find(const ChannelInfo& ch, std::uint32_t id) const {
  if (ch.ids && (id < ch.ids->first || id > ch.ids->second)) return nullptr;
  return find(ch.events_of.empty() ? ch.name : ch.events_of, id);
}

const EventInfo* EventTable::find(const std::string& channel_name, std::uint32_t id) const {
  for (const auto& e : events)
    if (e.channel == channel_name && e.id == id) return &e;
  return nullptr;
}

Result<const EventTable*> event_table() {
  static const Result<EventTable> table = [] {
    auto raw = data::file("windows_events.json");
    if (!raw) return Result<EventTable>(make_error(ErrorKind::Internal, "windows_events.json is not embedded"));
    return parse(*raw);
  }();
  if (!table) return table.error();
  return &*table;
}

}  // namespace tpmready::timeline
