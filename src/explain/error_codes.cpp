#include "explain/error_codes.h"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "util/bytes.h"
#include "util/json_text.h"
#include "util/text.h"

namespace tpmready::explain {
namespace {

bool all_of(const std::string& s, int (*pred)(int)) {
  if (s.empty()) return false;
  for (unsigned char c : s)
    if (!pred(c)) return false;
  return true;
}

Result<std::uint32_t> to_u32(const std::string& digits, int base, const std::string& original) {
  try {
    std::size_t used = 0;
    unsigned long long v = std::stoull(digits, &used, base);
    if (used == digits.size() && v <= 0xFFFFFFFFull) return static_cast<std::uint32_t>(v);
  } catch (const std::exception&) {
  }
  return make_error(ErrorKind::Usage, "\"" + original + "\" is not a 32-bit error code");
}

}  // namespace

Result<ParsedCode> parse_code(const std::string& text) {
  std::string t(trim(text));
  if (t.size() > 2 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X')) {
    std::string digits = t.substr(2);
    // Autopilot's red screen has been seen printing "0x0x81039001" (facts: seed 003).
    if (digits.size() > 2 && digits[0] == '0' && (digits[1] == 'x' || digits[1] == 'X')) digits = digits.substr(2);
    if (!all_of(digits, isxdigit)) return make_error(ErrorKind::Usage, "\"" + text + "\" is not a hex error code");
    return ParsedCode{TRY(to_u32(digits, 16, text)), "hex"};
  }
  if (!t.empty() && t[0] == '-') {
    if (!all_of(t.substr(1), isdigit)) return make_error(ErrorKind::Usage, "\"" + text + "\" is not an error code");
    long long v = 0;
    try {
      v = std::stoll(t);
    } catch (const std::exception&) {
      return make_error(ErrorKind::Usage, "\"" + text + "\" is out of range for a 32-bit error code");
    }
    if (v < INT32_MIN) return make_error(ErrorKind::Usage, "\"" + text + "\" is out of range for a 32-bit error code");
    return ParsedCode{static_cast<std::uint32_t>(static_cast<std::int32_t>(v)), "signed decimal"};
  }
  if (all_of(t, isdigit) && t.size() != 8) return ParsedCode{TRY(to_u32(t, 10, text)), "decimal"};
  if (all_of(t, isxdigit)) return ParsedCode{TRY(to_u32(t, 16, text)), "hex"};
  return make_error(ErrorKind::Usage, "\"" + text + "\" is not an error code (try 0x81039001)");
}

namespace {

constexpr std::string_view kSides[] = {"device", "service", "network", "configuration",
                                       "none", "evidence", "response_text", "unknown"};
constexpr std::string_view kTimelineSides[] = {"device", "service", "network"};
constexpr std::string_view kDecidedSides[] = {"device", "service", "network", "configuration"};

Result<ErrorCodeInfo> parse_row(const nlohmann::json& row) {
  ErrorCodeInfo info;
  Bytes b;
  std::string code = row.at("code").get<std::string>();
  if (code.size() != 10 || code.rfind("0x", 0) != 0 || !from_hex(code.substr(2), b) || b.size() != 4)
    return make_error(ErrorKind::Internal, "error_codes.json: bad code " + json_text(row.at("code")));
  info.code = static_cast<std::uint32_t>(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3];
  const std::string where = "error_codes.json: row " + code + ": ";
  if (row.contains("name") && row["name"].is_string()) info.name = row["name"].get<std::string>();
  info.aliases = row.value("aliases", std::vector<std::string>{});
  info.meaning = row.at("meaning").get<std::string>();
  info.where = row.value("where", "");
  info.root_causes = row.value("root_causes", std::vector<std::string>{});
  info.next = row.value("next", std::vector<std::string>{});
  info.documented = row.at("documented").get<std::string>();
  info.source = row.at("source").get<std::string>();
  info.sources = row.at("sources").get<std::vector<std::string>>();
  info.side = row.at("side").get<std::string>();
  info.timeline_rule = row.value("timeline_rule", "");
  if (std::find(std::begin(kSides), std::end(kSides), info.side) == std::end(kSides))
    return make_error(ErrorKind::Internal, where + "unknown side \"" + info.side + "\"");
  for (const auto& e : row.value("side_from", nlohmann::json::array())) {
    SideEvidence se{e.at("when").get<std::string>(), e.at("side").get<std::string>()};
    if (std::find(std::begin(kDecidedSides), std::end(kDecidedSides), se.side) == std::end(kDecidedSides))
      return make_error(ErrorKind::Internal, where + "side_from needs a side device/service/network/configuration");
    info.side_from.push_back(std::move(se));
  }
  for (const auto& t : row.value("by_text", nlohmann::json::array())) {
    TextSide ts{t.at("text").get<std::string>(), t.at("side").get<std::string>(), t.at("rule").get<std::string>(),
                t.value("confidence", ""), t.value("sources", std::vector<std::string>{})};
    if (ts.text.empty() ||
        std::find(std::begin(kTimelineSides), std::end(kTimelineSides), ts.side) == std::end(kTimelineSides))
      return make_error(ErrorKind::Internal, where + "by_text needs a text and a side device/service/network");
    info.by_text.push_back(std::move(ts));
  }
  if (info.side == "evidence" && info.side_from.empty())
    return make_error(ErrorKind::Internal, where + "side \"evidence\" needs side_from");
  if (info.side == "response_text" && info.by_text.empty())
    return make_error(ErrorKind::Internal, where + "side \"response_text\" needs by_text");
  return info;
}

Result<std::vector<ErrorCodeInfo>> parse_table(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("codes")) return make_error(ErrorKind::Internal, "error_codes.json is malformed");
  std::vector<ErrorCodeInfo> out;
  try {
    for (const auto& row : j["codes"]) out.push_back(TRY(parse_row(row)));
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Internal, std::string("error_codes.json: ") + e.what());
  }
  return out;
}

Result<std::vector<SourceInfo>> parse_sources(std::string_view text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.contains("sources") || !j["sources"].is_object())
    return make_error(ErrorKind::Internal, "sources.json is malformed");
  std::vector<SourceInfo> out;
  try {
    for (const auto& [id, s] : j["sources"].items())
      out.push_back({id, s.at("kind").get<std::string>(), s.at("title").get<std::string>(), s.value("url", "")});
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Internal, std::string("sources.json: ") + e.what());
  }
  return out;
}

}  // namespace

Result<const std::vector<ErrorCodeInfo>*> table() {
  static const Result<std::vector<ErrorCodeInfo>> parsed = [] {
    auto raw = data::file("error_codes.json");
    if (!raw) return Result<std::vector<ErrorCodeInfo>>(make_error(ErrorKind::Internal, "error_codes.json is not embedded"));
    return parse_table(*raw);
  }();
  if (!parsed) return parsed.error();
  return &*parsed;
}

Result<std::vector<ErrorCodeInfo>> load_table() { return *TRY(table()); }

const ErrorCodeInfo* find_code(std::uint32_t code) {
  auto t = table();
  if (!t) return nullptr;
  for (const auto& row : **t)
    if (row.code == code) return &row;
  return nullptr;
}

Result<const std::vector<SourceInfo>*> sources() {
  static const Result<std::vector<SourceInfo>> parsed = [] {
    auto raw = data::file("sources.json");
    if (!raw) return Result<std::vector<SourceInfo>>(make_error(ErrorKind::Internal, "sources.json is not embedded"));
    return parse_sources(*raw);
  }();
  if (!parsed) return parsed.error();
  return &*parsed;
}

const SourceInfo* find_source(const std::string& id) {
  auto s = sources();
  if (!s) return nullptr;
  for (const auto& src : **s)
    if (src.id == id) return &src;
  return nullptr;
}

std::optional<ErrorCodeInfo> lookup(const std::vector<ErrorCodeInfo>& table, std::uint32_t code) {
  for (const auto& row : table)
    if (row.code == code) return row;
  return std::nullopt;
}

HresultFields decode_hresult(std::uint32_t v) {
  HresultFields f;
  f.failure = (v >> 31) & 1;
  f.customer = (v >> 29) & 1;
  f.facility = (v >> 16) & 0x7FF;
  f.code = v & 0xFFFF;
  // Only facilities the fact sheets identify (facts/windows.md §7 and §9).
  switch (f.facility) {
    case 7: f.facility_name = "Win32 (HRESULT_FROM_WIN32)"; break;
    case 0x28: f.facility_name = "TPM Base Services / TPM (TBS_E_*, TPM_E_*, TPM_20_E_*)"; break;
    case 0x29: f.facility_name = "TPM software stack (TPMAPI_E_*, TPM_E_PCP_*)"; break;
    default: break;
  }
  return f;
}

}  // namespace tpmready::explain
