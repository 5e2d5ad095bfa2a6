// tpmready explain CODE: what a Windows/Autopilot/TPM error code means, its usual root causes
// (rule IDs) and what to run next.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "explain/error_codes.h"
#include "util/json_text.h"
#include "util/utf8.h"

namespace tpmready::cli {
namespace {

struct ExplainOptions {
  std::string code;
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

std::string render_text(const explain::ParsedCode& parsed, const std::optional<explain::ErrorCodeInfo>& info,
                        const explain::HresultFields& f) {
  std::string out = hex8(parsed.value);
  if (parsed.read_as != "hex") out += "  (read as " + parsed.read_as + ")";
  if (!info) {
    out += "\n  Not in tpmready's table of attestation error codes.\n";
  } else {
    if (info->name) out += "  " + *info->name;
    out += "\n  Meaning:   " + info->meaning + "\n";
    if (!info->where.empty()) out += "  Seen in:   " + info->where + "\n";
    if (!info->root_causes.empty()) {
      out += "  Usual root causes, and the tpmready rules that test them:\n";
      for (const auto& id : info->root_causes) out += "    - " + id + "\n";
    }
    if (!info->next.empty()) {
      out += "  Next:\n";
      for (const auto& n : info->next) out += "    - " + n + "\n";
    }
    out += "  Source:    " + info->source +
           (info->documented == "microsoft" ? " (documented by Microsoft)\n" : " (community-observed, not Microsoft-documented)\n");
  }
  out += "  HRESULT:   " + std::string(f.failure ? "failure" : "success") + (f.customer ? ", customer-defined" : "") +
         ", facility " + std::to_string(f.facility) + (f.facility_name ? " (" + *f.facility_name + ")" : "") +
         ", code " + std::to_string(f.code) + "\n";
  return out;
}

int run_explain(const ExplainOptions& opt) {
  auto parsed = explain::parse_code(opt.code);
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
  auto* cmd = app.add_subcommand("explain",
                                 "Explain a Windows/Autopilot/TPM error code: meaning, usual root causes, next step.\n"
                                 "  tpmready explain 0x81039001\n"
                                 "  tpmready explain -2126966783     (as PowerShell prints HRESULTs)\n"
                                 "  tpmready explain 267011          (schtasks 'Last Result', decimal)\n"
                                 "An unprefixed number is hex when it has 8 digits or a-f, decimal otherwise.\n"
                                 "Exit 0 known code, 1 not in the table (generic HRESULT decoding shown), 2 not a code.");
  cmd->add_option("code", opt->code, "Error code: 0x81039001, 81039001, -2126966783")->required();
  cmd->add_option("--format", opt->format, "Output format")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&runner, opt] { runner = [opt] { return run_explain(*opt); }; });
}

}  // namespace tpmready::cli
