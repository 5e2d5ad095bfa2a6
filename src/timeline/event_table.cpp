#include "timeline/event_table.h"

#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "explain/error_codes.h"

namespace tpmready::timeline {
namespace {

Result<std::uint32_t> hex_code(const nlohmann::json& row, const char* key, const std::string& where) {
  auto parsed = explain::parse_code(row.value(key, ""));
  if (!parsed) return make_error(ErrorKind::Internal, "windows_events.json: " + where + ": bad " + key);
  return parsed->value;
}

Result<EventTable> parse(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error(ErrorKind::Internal, "windows_events.json is not valid JSON");
  EventTable t;
  try {
    for (const auto& c : j.at("channels"))
      t.channels.push_back({c.at("name"), c.at("match"), c.at("facts"), c.value("unverified", false)});
    for (const auto& e : j.at("events")) {
      EventInfo info{e.at("channel"), e.at("id"), e.at("role"), e.value("rule", ""), e.at("summary"),
                     e.value("http_status_data", ""), e.at("facts"), e.value("unverified", false)};
      t.events.push_back(std::move(info));
    }
    for (const auto& c : j.at("codes")) {
      std::string where = "codes row " + c.value("code", "?");
      t.codes.push_back({TRY(hex_code(c, "code", where)), c.at("side"), c.at("rule"), c.at("why"), c.at("facts")});
    }
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
    if (channel.find(c.match) != std::string::npos) return &c;
  for (const auto& c : channels)
    if (provider.find(c.match) != std::string::npos) return &c;
  return nullptr;
}

const EventInfo* EventTable::find(const std::string& channel_name, std::uint32_t id) const {
  for (const auto& e : events)
    if (e.channel == channel_name && e.id == id) return &e;
  return nullptr;
}

const CodeInfo* EventTable::code(std::uint32_t value) const {
  for (const auto& c : codes)
    if (c.code == value) return &c;
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
