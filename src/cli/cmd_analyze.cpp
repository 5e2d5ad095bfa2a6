// tpmready analyze PATH...: offline, on any OS, from what admins already have.
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/redact_options.h"
#include "cli/report_output.h"
#include "collect/offline_pipeline.h"
#include "evidence/evidence.h"
#include "redact/evidence_redact.h"

namespace tpmready::cli {
namespace {

struct AnalyzeOptions {
  std::vector<std::string> paths;
  std::string save_evidence;
  std::string device_id;
  ReportOptions report;
  RedactOptions redact;
};

int run_analyze(const AnalyzeOptions& o) {
  auto redactor = make_redactor(o.redact);
  if (!redactor) {
    print_error(redactor.error());
    return kExitUsage;
  }
  auto evidence = collect::collect_offline(o.paths);
  if (!evidence) {
    print_error(evidence.error());
    return kExitUsage;  // nothing usable was given
  }
  if (!o.device_id.empty()) evidence->device.id = o.device_id;  // the admin's name for it wins
  auto* red = redactor->get();
  if (red) redact::collect_sensitive(*evidence, *red);  // input names below hold folders
  for (const auto& in : evidence->inputs) {
    if (in.status != InputStatus::Unreadable) continue;
    auto line = in.name + ": " + in.detail;
    print_error(red ? red->scrub(line) : line);
  }
  if (!o.save_evidence.empty()) {
    auto text = bundle_text(*evidence, o.report, red);
    auto st = text ? write_output(o.save_evidence, *text) : Status(text.error());
    if (!st) {
      print_error(st.error());
      return kExitUsage;
    }
  }
  return report_on(*evidence, o.report, red);
}

}  // namespace

void register_analyze(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<AnalyzeOptions>();
  auto* cmd = app.add_subcommand(
      "analyze",
      "The report offline, from files: tpmtool output, .reg, .evtx, .cab/.zip\n"
      "Reads, on any OS, what admins already have: tpmready bundles (collect), `tpmtool\n"
      "getdeviceinformation` output, regedit .reg exports of HKLM\\SYSTEM\\CurrentControlSet\\Services\\TPM\n"
      "and ...\\Setup\\OOBE, schtasks and Get-Tpm output, EK certificates (.crt/.cer/.pem), measured-boot\n"
      "logs (files or MeasuredBoot folders), exported event logs (.evtx: Autopilot, TPM-WMI, AIK\n"
      "enrolment channels), folders of them, or the .cab/.zip itself (MDMDiagnosticsTool -area\n"
      "Autopilot;TPM -cab, Intune diagnostics; read in memory). Inputs are recognised by content, not by\n"
      "extension; what is not understood is listed as not used.");
  cmd->footer(
      "Examples:\n"
      "  tpmready analyze tpmtool.txt tpm.reg oobe.reg\n"
      "  tpmready analyze C:\\diag\\ --format html -o report.html\n"
      "  tpmready analyze C:\\diag\\ --redact --format json  to attach to a ticket\n"
      "  tpmready analyze autopilot.cab --save-evidence device.json\n"
      "\n"
      "Exit codes: 0 ready, 1 not ready, 2 nothing usable given, 3 undetermined.");
  cmd->add_option("paths", o->paths, "Files, folders and .cab/.zip archives")->type_name("PATH")->required();
  cmd->add_option("--save-evidence", o->save_evidence,
                  "Also write the evidence read from the inputs to FILE (- for stdout):\n"
                  "a bundle as collect writes it, with the event-log records as\n"
                  ".events[]; with --redact it is redacted like collect's bundle")
      ->type_name("FILE");
  cmd->add_option("--device-id", o->device_id,
                  "Name the device in the report and the bundle (.device.id), e.g. its\n"
                  "serial or Intune device name: fleet groups runs by it. Without it the\n"
                  "ID comes from the evidence (serial and EK key, else host name with\n"
                  "maker and model); exports without a host name have none")
      ->type_name("ID")
      ->check(CLI::Validator(
          [](std::string& v) -> std::string {
            if (is_device_id(v)) return {};
            return "'" + v + "' is not a device ID: use 1 to 128 letters, digits and . _ : -";
          },
          ""));
  add_report_options(cmd, o->report);
  add_redact_options(cmd, o->redact);
  cmd->callback([&runner, o] { runner = [o] { return run_analyze(*o); }; });
}

}  // namespace tpmready::cli
