// tpmready check: live, on this device. Collect (read-only) → rules → report.
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/online_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "cli/redact_options.h"
#include "redact/evidence_redact.h"
#include "cli/report_output.h"
#include "collect/evidence_live.h"
#include "platform/console.h"
#include "report/summary.h"
#include "tpm/tpm_service.h"

namespace tpmready::cli {
namespace {

struct CheckOptions {
  collect::LiveOptions live;
  std::string eventlog;
  std::string windows_events;  ///< hidden: --windows-events FILE
  ReportOptions report;
  RedactOptions redact;
  bool summary = false;
};

int run_check(CheckOptions& o) {
  if (!o.eventlog.empty()) o.live.eventlog_path = o.eventlog;
  if (!o.windows_events.empty()) o.live.windows_events_path = o.windows_events;
  if (o.live.tpm_spec == "auto") {
    if (auto service = tpm::platform_tpm_service(); !service.ok()) {  // Windows without TBS
      print_error(service.error());
      return kExitUndetermined;
    }
  }
  auto redactor = make_redactor(o.redact);
  if (!redactor) {
    print_error(redactor.error());
    return kExitUsage;
  }
  ProgressLine progress(platform::stderr_is_terminal());
  o.live.progress = &progress;
  auto evidence = collect::collect_live(o.live);
  o.live.progress = nullptr;
  if (!evidence) {
    print_error(evidence.error());
    return evidence.error().kind() == ErrorKind::Usage ? kExitUsage : kExitUndetermined;
  }
  if (!evidence->tpm && !evidence->tpm_access.error.empty()) print_error("TPM: " + evidence->tpm_access.error);
  auto report = build_report(*evidence, o.report);
  if (!report) {
    print_error(report.error());
    return kExitUsage;
  }
  auto* red = redactor->get();
  if (red) {
    redact::collect_sensitive(*evidence, *red);
    redact::redact_report_device(*report, *red);
  }
  if (o.summary) {  // Intune Remediations detection: one line, exit 1 when not ready (docs/windows.md)
    auto line = report::summary_line(*report, evidence->system_time.value);
    write_stdout((red ? red->scrub(line) : line) + "\n");
    return exit_code_for(report->verdict);
  }
  return emit_report(*report, o.report, red);
}

}  // namespace

void register_check(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<CheckOptions>();
  auto* cmd = app.add_subcommand(
      "check",
      "Is this device's TPM ready for Autopilot? Verdict, root cause, fix\n"
      "Reads the TPM (read-only: never writes NV, never creates persistent objects, never changes\n"
      "auth), its EK certificates, the boot log and (on Windows) the Windows state, then prints the\n"
      "verdict, every requirement with its evidence, the root cause with its chain, and the fix.");
  cmd->footer(
      "Examples:\n"
      "  tpmready check                                this device's TPM (/dev/tpmrm0; TBS on Windows)\n"
      "  tpmready check --tpm tcp:127.0.0.1:2321       a software TPM (swtpm) over TCP\n"
      "  tpmready check --format html -o report.html   the report as one HTML file\n"
      "  tpmready check --summary                      one line, for Intune Remediations detection\n"
      "  tpmready check --redact --redact-salt-file fleet.salt   identifiers replaced by tokens\n"
      "  tpmready check --online                       also test the attestation endpoints\n"
      "\n"
      "Exit codes: 0 ready, 1 not ready, 2 usage, 3 undetermined (a required fact could not be read).");
  cmd->add_option("--tpm", o->live.tpm_spec, "TPM to read: auto | device:PATH | tcp:HOST:PORT")
      ->type_name("SPEC")
      ->capture_default_str();
  cmd->add_flag("--power-on", o->live.transport.power_on, "tcp: only: send power-on/NV-on to the simulator first");
  cmd->add_option("--eventlog", o->eventlog, "Use this TCG boot log instead of the platform's")->type_name("FILE");
  auto* online = cmd->add_flag("--online", o->live.online,
                               "Also test HTTPS reachability of the endpoints attestation needs (the\n"
                               "Autopilot deployment service, this TPM vendor's EK certificate\n"
                               "service, and this device's AIK CA as its CertEnroll events name it:\n"
                               "GetCACaps, read-only) and report the proxy in force. Off by default;\n"
                               "contacts only those hosts");
  add_windows_events_option(cmd, online, o->windows_events);
  add_report_options(cmd, o->report);
  add_redact_options(cmd, o->redact);
  cmd->add_flag("--summary", o->summary,
                "One line on stdout (< 2,048 characters): verdict, root causes, fix\n"
                "action IDs (Intune Remediations detection)");
  cmd->callback([&runner, o] { runner = [o] { return run_check(*o); }; });
}

}  // namespace tpmready::cli
