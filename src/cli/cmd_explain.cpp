// tpmready explain CODE: what a Windows/Autopilot/TPM error code means, its usual root causes
// (rule IDs) and what to run next.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "explain/code_text.h"
#include "explain/error_codes.h"
#include "util/json_text.h"
#include "util/text.h"
#include "util/utf8.h"

namespace tpmready::cli {
namespace {

struct ExplainOptions {
  std::vector<std::string> words;  ///< the code, perhaps pasted unquoted with its label: HRESULT = 0x81039001
  std::string format = "text";
};

std::string hex8(std::uint32_t v) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%08X", v);
  return buf;
}

nlohmann::json hresult_json(const explain::HresultFields& f) {
  nlohmann::json j{{"failure", f.failure}, {"customer", f.customer}, {"facility", f.facility}, {"code", f.code}};
  if (f.facility_name) j["facility_name"] = *f.facility_name;
  return j;
}

constexpr std::size_t kWidth = 100;  // user-facing text stays within 100 columns
constexpr std::string_view kIndent = "             ";

/// What `side` tells the reader, failure-side first ("" for values that need no words).
std::string side_text(const explain::ErrorCodeInfo& info) {
  const std::string& s = info.side;
  if (s == "device") return "the device (a retry gives the same result until it is fixed)";
  if (s == "service") return "Microsoft's attestation service";
  if (s == "network") return "the network path (DNS, proxy, firewall, TLS inspection, time sync)";
  if (s == "configuration") return "the tenant's Intune / Entra ID / Autopilot configuration";
  if (s == "none") return "none: not an attestation fault";
  if (s == "evidence") return "decided by the other evidence:";
  if (s == "response_text") return "decided by the service's answer:";
  return "not known from this code alone";
}

std::string render_text(const explain::ParsedCode& parsed, const std::optional<explain::ErrorCodeInfo>& info,
                        const explain::HresultFields& f) {
  std::string out = hex8(parsed.value);
  if (parsed.read_as != "hex") out += "  (read as " + parsed.read_as + ")";
  if (!info) {
    out += "\n  Not in tpmready's table of attestation error codes.\n";
  } else {
    if (info->name) out += "  " + *info->name;
    out += "\n";
    if (!info->aliases.empty()) {
      std::string also;
      for (const auto& a : info->aliases) also += (also.empty() ? "" : ", ") + a;
      out += "  Also:      " + also + "\n";
    }
    out += wrap_text(info->meaning, kWidth, "  Meaning:   ", kIndent);
    if (!info->where.empty()) out += wrap_text(info->where, kWidth, "  Seen in:   ", kIndent);
    out += wrap_text(side_text(*info), kWidth, "  Side:      ", kIndent);
    for (const auto& e : info->side_from) out += wrap_text(e.side + ": " + e.when, kWidth, "    - ", "      ");
    for (const auto& t : info->by_text)
      out += wrap_text("answer contains \"" + t.text + "\": " + t.side + " (" + t.rule +
                           (t.confidence.empty() ? "" : ", " + t.confidence) + ")",
                       kWidth, "    - ", "      ");
    if (!info->root_causes.empty()) {
      out += "  Usual root causes, and the tpmready rules that test them:\n";
      for (const auto& id : info->root_causes) out += "    - " + id + "\n";
    }
    if (!info->next.empty()) {
      out += "  Next:\n";
      for (const auto& n : info->next) out += wrap_text(n, kWidth, "    - ", "      ");
    }
    out += "  Sources:   " +
           std::string(info->documented == "microsoft" ? "documented by Microsoft"
                       : info->documented == "windows" ? "Windows' own code or message tables"
                                                       : "community-observed, not Microsoft-documented") +
           "\n";
    for (const auto& id : info->sources) {
      const explain::SourceInfo* src = explain::find_source(id);
      if (!src) continue;
      out += wrap_text(src->title, kWidth, "    - ", "      ");
      if (!src->url.empty()) out += "      " + src->url + "\n";
    }
  }
  out += wrap_text(std::string(f.failure ? "failure" : "success") + (f.customer ? ", customer-defined" : "") +
                       ", facility " + std::to_string(f.facility) +
                       (f.facility_name ? " (" + *f.facility_name + ")" : "") + ", code " + std::to_string(f.code),
                   kWidth, "  HRESULT:   ", kIndent);
  return out;
}

nlohmann::json sources_json(const std::vector<std::string>& ids) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& id : ids) {
    const explain::SourceInfo* src = explain::find_source(id);
    nlohmann::json j{{"id", id}};
    if (src) j.update({{"kind", src->kind}, {"title", src->title}, {"url", src->url}});
    out.push_back(std::move(j));
  }
  return out;
}

int run_explain(const ExplainOptions& opt) {
  std::string typed;
  for (const auto& w : opt.words) typed += (typed.empty() ? "" : " ") + w;
  auto parsed = explain::parse_code(explain::code_from_pasted(typed));
  if (!parsed) {
    print_error(parsed.error());
    return kExitUsage;
  }
  auto table = explain::load_table();
  if (!table) {
    print_error(table.error());
    return kExitUndetermined;
  }
  auto info = explain::lookup(*table, parsed->value);
  auto fields = explain::decode_hresult(parsed->value);
  if (opt.format == "json") {
    nlohmann::json j{{"code", hex8(parsed->value)}, {"read_as", parsed->read_as}, {"known", info.has_value()},
                     {"hresult", hresult_json(fields)}};
    if (info) {
      j["name"] = info->name ? nlohmann::json(*info->name) : nlohmann::json(nullptr);
      j["meaning"] = info->meaning;
      j["where"] = info->where;
      j["root_causes"] = info->root_causes;
      j["next"] = info->next;
      j["documented"] = info->documented;
      j["source"] = info->source;
      j["aliases"] = info->aliases;
      j["side"] = info->side;
      j["sources"] = sources_json(info->sources);
      nlohmann::json side_from = nlohmann::json::array();
      for (const auto& e : info->side_from) side_from.push_back({{"when", e.when}, {"side", e.side}});
      j["side_from"] = std::move(side_from);
      nlohmann::json by_text = nlohmann::json::array();
      for (const auto& t : info->by_text)
        by_text.push_back({{"text", t.text}, {"side", t.side}, {"rule", t.rule}, {"confidence", t.confidence},
                           {"sources", sources_json(t.sources)}});
      j["by_text"] = std::move(by_text);
    }
    write_stdout(json_text(j, 2) + "\n");
  } else {
    write_stdout(styled_text(terminal_safe(render_text(*parsed, info, fields))));
  }
  return info ? kExitReady : kExitNotReady;
}

}  // namespace

void register_explain(CLI::App& app, Runner& runner) {
  auto opt = std::make_shared<ExplainOptions>();
  auto* cmd = app.add_subcommand(
      "explain",
      "What an error code such as 0x81039001 means, and what to check next\n"
      "Its meaning, where Windows shows it, the usual root causes (with the tpmready rules that test\n"
      "them) and what to run next. Paste the code as Windows shows it: 0x81039001, 81039001,\n"
      "(0x81039001), error 0x81039001, HRESULT = 0x81039001, -2130472959 (as PowerShell prints\n"
      "HRESULTs), 267011 (schtasks' Last Result). A number without 0x is hex when it has 8 digits or a-f,\n"
      "decimal otherwise.");
  cmd->footer(
      "Examples:\n"
      "  tpmready explain 0x81039001\n"
      "  tpmready explain -2130472959              the same code, as PowerShell prints it\n"
      "  tpmready explain 267011                   a scheduled task's Last Result, in decimal\n"
      "  tpmready explain \"Error: 0x81039001.\"     pasted with the words around it\n"
      "\n"
      "Exit codes: 0 a known code, 1 not in tpmready's table (the generic HRESULT fields are shown),\n"
      "2 not a code.");
  cmd->add_option("code", opt->words, "The error code, with or without the words pasted around it")
      ->type_name("CODE")
      ->required();
  cmd->add_option("--format", opt->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&runner, opt] { runner = [opt] { return run_explain(*opt); }; });
}

}  // namespace tpmready::cli
