#include "rules/known_issues.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "explain/error_codes.h"
#include "rules/table.h"
#include "util/decimal.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

constexpr std::string_view kFirmwareRule = "tpm.firmware_known_issue";
constexpr std::string_view kOsRule = "os.attestation_fixes_installed";
constexpr std::string_view kConfidences[] = {"HIGH", "MEDIUM", "LOW"};

struct Pattern {
  std::string op;  ///< "" (dotted pattern), ">", ">=", "<", "<="
  std::vector<std::optional<std::uint32_t>> parts;  ///< nullopt = "*"
};

std::optional<Pattern> parse_pattern(std::string_view text) {
  Pattern p;
  for (std::string_view op : {">=", "<=", ">", "<"}) {
    if (text.substr(0, op.size()) == op) {
      p.op = std::string(op);
      text.remove_prefix(op.size());
      break;
    }
  }
  if (text.empty()) return std::nullopt;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = text.find('.', start);
    const std::string_view part = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (part == "*") {
      if (!p.op.empty()) return std::nullopt;  // a comparison compares numbers
      p.parts.emplace_back(std::nullopt);
    } else {
      auto v = parse_decimal_u32(part);
      if (!v) return std::nullopt;
      p.parts.emplace_back(*v);
    }
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (p.parts.size() > 4) return std::nullopt;
  return p;
}

Result<OtherBuilds> other_builds(const nlohmann::json& j, const char* key, const std::string& where) {
  const std::string v = j.value(key, "not_covered");
  if (v == "affected") return OtherBuilds::Affected;
  if (v == "fixed") return OtherBuilds::Fixed;
  if (v == "not_covered") return OtherBuilds::NotCovered;
  return make_error(ErrorKind::Internal, where + std::string(key) + " must be affected, fixed or not_covered");
}

Result<OsCondition> parse_os(const nlohmann::json& j, const std::string& where) {
  OsCondition os;
  for (const auto& f : j.at("fixed_in"))
    os.fixed_in.push_back({f.at("build").get<std::uint32_t>(), f.at("ubr").get<std::uint32_t>(),
                           f.at("kb").get<std::string>(), f.value("note", "")});
  if (os.fixed_in.empty()) return make_error(ErrorKind::Internal, where + "os.fixed_in is empty");
  for (std::size_t i = 1; i < os.fixed_in.size(); ++i)
    if (os.fixed_in[i].build <= os.fixed_in[i - 1].build)
      return make_error(ErrorKind::Internal, where + "os.fixed_in must list each build once, ascending");
  os.older_builds = TRY(other_builds(j, "older_builds", where));
  os.newer_builds = TRY(other_builds(j, "newer_builds", where));
  return os;
}

Result<KnownIssue> parse_row(const nlohmann::json& row) {
  KnownIssue k;
  k.id = row.at("id").get<std::string>();
  const std::string where = "known_issues.json: row " + (k.id.empty() ? std::string("without id") : k.id) + ": ";
  if (k.id.empty()) return make_error(ErrorKind::Internal, where + "id is empty");
  k.rule = row.at("rule").get<std::string>();
  if (k.rule != kFirmwareRule && k.rule != kOsRule)
    return make_error(ErrorKind::Internal, where + "rule must be tpm.firmware_known_issue or os.attestation_fixes_installed");
  if (!find_rule(k.rule)) return make_error(ErrorKind::Internal, where + "rule " + k.rule + " is not in the rule table");
  k.title = row.at("title").get<std::string>();
  k.vendor = row.at("vendor").get<std::string>();
  k.model = row.value("model", "");
  k.model_from_firmware = row.value("model_from_firmware", "");
  k.firmware = row.value("firmware", std::vector<std::string>{});
  k.fixed_firmware = row.value("fixed_firmware", std::vector<std::string>{});
  k.cpu = row.value("cpu", "");
  if (row.contains("os")) k.os = TRY(parse_os(row.at("os"), where));
  k.symptoms = row.at("symptoms").get<std::vector<std::string>>();
  k.symptom_text = row.value("symptom_text", "");
  k.fix = row.at("fix").get<std::string>();
  k.facts = row.at("facts").get<std::string>();
  k.sources = row.at("sources").get<std::vector<std::string>>();
  k.verified = row.at("verified").get<bool>();
  k.confidence = row.at("confidence").get<std::string>();

  if (k.title.empty() || k.fix.empty() || k.vendor.empty())
    return make_error(ErrorKind::Internal, where + "needs a title, a fix and a vendor");
  // A row without a source is not added: it must cite its facts and at least one known source.
  if (k.facts.empty() || k.sources.empty())
    return make_error(ErrorKind::Internal, where + "cites no source (facts and sources are required)");
  for (const auto& s : k.sources)
    if (!explain::find_source(s)) return make_error(ErrorKind::Internal, where + "source " + s + " is not in sources.json");
  if (std::find(std::begin(kConfidences), std::end(kConfidences), k.confidence) == std::end(kConfidences))
    return make_error(ErrorKind::Internal, where + "confidence must be HIGH, MEDIUM or LOW");
  for (const auto* list : {&k.firmware, &k.fixed_firmware})
    for (const auto& p : *list)
      if (!valid_firmware_predicate(p))
        return make_error(ErrorKind::Internal, where + "firmware predicate \"" + p + "\" does not parse");
  if (k.rule == kFirmwareRule && (k.os || k.firmware.empty() || k.vendor == "*"))
    return make_error(ErrorKind::Internal, where + "a firmware row names a vendor and firmware, and no Windows build");
  if (k.rule == kOsRule && !k.os) return make_error(ErrorKind::Internal, where + "an OS row needs os");
  return k;
}

/// "SLB 9672" and "slb9672" name the same model.
std::string model_key(std::string_view s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '-') out += c;
  return ascii_upper(out);
}

}  // namespace

Result<std::vector<KnownIssue>> parse_known_issues(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("issues") || !j.at("issues").is_array())
    return make_error(ErrorKind::Internal, "known_issues.json: no \"issues\" list");
  std::vector<KnownIssue> out;
  try {
    for (const auto& row : j.at("issues")) {
      auto k = TRY(parse_row(row));
      for (const auto& seen : out)
        if (seen.id == k.id) return make_error(ErrorKind::Internal, "known_issues.json: row " + k.id + " appears twice");
      out.push_back(std::move(k));
    }
  } catch (const nlohmann::json::exception& e) {
    return make_error(ErrorKind::Internal, std::string("known_issues.json: ") + e.what());
  }
  return out;
}

Result<const std::vector<KnownIssue>*> known_issues() {
  static const Result<std::vector<KnownIssue>> parsed = []() -> Result<std::vector<KnownIssue>> {
    auto raw = data::file("known_issues.json");
    if (!raw) return make_error(ErrorKind::Internal, "known_issues.json is not embedded");
    auto j = nlohmann::json::parse(*raw, nullptr, false);
    if (j.is_discarded()) return make_error(ErrorKind::Internal, "known_issues.json is not JSON");
    return parse_known_issues(j);
  }();
  if (!parsed) return parsed.error();
  return &*parsed;
}

bool valid_firmware_predicate(std::string_view predicate) { return parse_pattern(predicate).has_value(); }

Match firmware_matches(std::string_view predicate, const FirmwareVersion& version) {
  const auto p = parse_pattern(predicate);
  if (!p) return Match::No;
  const auto& have = version.parts;
  if (p->op.empty()) {
    for (std::size_t i = 0; i < p->parts.size(); ++i) {
      if (i >= have.size()) return Match::Undecided;  // the parts it has all matched so far
      if (p->parts[i] && *p->parts[i] != have[i]) return Match::No;
    }
    return Match::Yes;
  }
  int cmp = 0;  // version against the pattern, on the pattern's leading parts
  for (std::size_t i = 0; i < p->parts.size() && cmp == 0; ++i) {
    if (i >= have.size()) return Match::Undecided;
    if (have[i] != *p->parts[i]) cmp = have[i] < *p->parts[i] ? -1 : 1;
  }
  const bool holds = p->op == ">" ? cmp > 0 : p->op == ">=" ? cmp >= 0 : p->op == "<" ? cmp < 0 : cmp <= 0;
  return holds ? Match::Yes : Match::No;
}

OsState os_state(const OsCondition& os, std::uint32_t build, std::optional<std::uint32_t> ubr, const OsFix** fix) {
  if (fix) *fix = nullptr;
  auto other = [](OtherBuilds b) {
    return b == OtherBuilds::Affected ? OsState::Missing : b == OtherBuilds::Fixed ? OsState::Fixed : OsState::NotCovered;
  };
  if (build < os.fixed_in.front().build) return other(os.older_builds);
  if (build > os.fixed_in.back().build) return other(os.newer_builds);
  for (const auto& f : os.fixed_in) {
    if (f.build != build) continue;
    if (fix) *fix = &f;
    if (!ubr) return OsState::NeedsUbr;
    return *ubr >= f.ubr ? OsState::Fixed : OsState::Missing;
  }
  return OsState::NotCovered;  // between listed builds: the sources name no fix for it
}

std::string reference_of(const KnownIssue& row) {
  std::string out = row.facts;
  for (const auto& s : row.sources) {
    out += "; " + s;
    if (const auto* src = explain::find_source(s); src && !src->url.empty()) out += " " + src->url;
  }
  return out + " (data/known_issues.json " + row.id + ")";
}

Conditions tpm_conditions(const KnownIssue& row, const TpmFirmwareIdentity& id) {
  Conditions c;
  auto undecided = [&c](std::string what) {
    if (c.match == Match::Yes) c.match = Match::Undecided;
    c.unknown.push_back(std::move(what));
  };
  if (row.vendor != "*") {
    if (!id.manufacturer.value) {
      undecided("whether the TPM manufacturer is " + row.vendor);
    } else if (!iequals(*id.manufacturer.value, row.vendor)) {
      c.match = Match::No;
      return c;
    }
  }
  if (!row.model.empty()) {
    if (id.model.value) {
      if (model_key(*id.model.value).find(model_key(row.model)) == std::string::npos) {
        c.match = Match::No;
        return c;
      }
    } else if (!row.model_from_firmware.empty()) {
      c.notes.push_back("the model is not in the evidence, but " + row.model_from_firmware);
    } else {
      undecided("whether the TPM model is " + row.model);
    }
  }
  if (!row.firmware.empty()) {
    if (!id.version) {
      undecided("the TPM firmware version");
    } else {
      Match fw = Match::No;
      for (const auto& p : row.firmware) {
        Match m = firmware_matches(p, *id.version);
        if (m == Match::Yes) {
          fw = Match::Yes;
          break;
        }
        if (m == Match::Undecided) fw = Match::Undecided;
      }
      if (fw == Match::No) {
        c.match = Match::No;
        return c;
      }
      if (fw == Match::Undecided) undecided("all parts of the firmware version (" + id.version->text() + " has too few)");
    }
  }
  if (!row.cpu.empty()) undecided("whether the CPU is " + row.cpu);
  return c;
}

}  // namespace tpmready::rules
