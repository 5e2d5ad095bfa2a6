#include "explain/error_codes.h"

#include <cctype>
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

Result<std::vector<ErrorCodeInfo>> load_table() {
  auto raw = data::file("error_codes.json");
  if (!raw) return make_error(ErrorKind::Internal, "error_codes.json is not embedded");
  auto j = nlohmann::json::parse(*raw, nullptr, false);
  if (j.is_discarded() || !j.contains("codes")) return make_error(ErrorKind::Internal, "error_codes.json is malformed");
  std::vector<ErrorCodeInfo> out;
  for (const auto& row : j["codes"]) {
    ErrorCodeInfo info;
    Bytes b;
    if (!from_hex(row.at("code").get<std::string>(), b) || b.size() != 4) {
      return make_error(ErrorKind::Internal, "error_codes.json: bad code " + json_text(row.at("code")));
    }
    info.code = static_cast<std::uint32_t>(b[0]) << 24 | b[1] << 16 | b[2] << 8 | b[3];
    if (row.contains("name") && row["name"].is_string()) info.name = row["name"].get<std::string>();
    info.meaning = row.value("meaning", "");
    info.where = row.value("where", "");
    info.root_causes = row.value("root_causes", std::vector<std::string>{});
    info.next = row.value("next", std::vector<std::string>{});
    info.documented = row.value("documented", "");
    info.source = row.value("source", "");
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<ErrorCodeInfo> lookup(const std::vector<ErrorCodeInfo>& table, std::uint32_t code) {
  for (const auto& row : table)
    if (row.code == code) return row;
  return std::nullopt;
}

std::string code_meaning(std::uint32_t code) {
  static const auto table = load_table();
  if (!table) return "";
  auto row = lookup(*table, code);
  if (!row) return "";
  return row->name ? *row->name + ": " + row->meaning : row->meaning;
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
