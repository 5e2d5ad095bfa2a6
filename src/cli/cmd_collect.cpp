// tpmready collect: the Evidence of a live check as one JSON bundle (for tickets and fleets).
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/online_options.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "cli/redact_options.h"
#include "cli/report_output.h"
#include "collect/evidence_live.h"
#include "platform/console.h"

namespace tpmready::cli {
namespace {

struct CollectOptions {
  collect::LiveOptions live;
  std::string eventlog;
  std::string windows_events;  ///< hidden: --windows-events FILE
  std::string output;
  RedactOptions redact;
};

int run_collect(CollectOptions& o) {
  auto redactor = make_redactor(o.redact);
  if (!redactor) {
    print_error(redactor.error());
    return kExitUsage;
  }
  if (!o.eventlog.empty()) o.live.eventlog_path = o.eventlog;
  if (!o.windows_events.empty()) o.live.windows_events_path = o.windows_events;
  ProgressLine progress(platform::stderr_is_terminal());
  o.live.progress = &progress;
  auto evidence = collect::collect_live(o.live);
  o.live.progress = nullptr;
  if (!evidence) {
    print_error(evidence.error());
    return evidence.error().kind() == ErrorKind::Usage ? kExitUsage : kExitUndetermined;
  }
  auto text = bundle_text(*evidence, ReportOptions{}, redactor->get());
  if (!text) {
    print_error(text.error());
    return kExitUsage;
  }
  auto st = write_output(o.output, *text);
  if (!st) {
    print_error(st.error());
    return kExitUsage;
  }
  if (!evidence->tpm) {
    print_error("TPM: " + evidence->tpm_access.error + " (the bundle records it)");
    return kExitUndetermined;
  }
  return kExitReady;
}

}  // namespace

void register_collect(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<CollectOptions>();
  auto* cmd = app.add_subcommand(
      "collect",
      "This device's evidence as one JSON file, to analyze elsewhere\n"
      "Reads what check reads (read-only) and writes it as one JSON bundle; `tpmready analyze FILE`\n"
      "later gives the same report the live check gives, on any machine.");
  cmd->footer(
      "Examples:\n"
      "  tpmready collect -o device.json\n"
      "  tpmready collect -o -             to stdout\n"
      "  tpmready collect --redact --redact-salt-file fleet.salt -o device.json   identifiers as tokens\n"
      "\n"
      "Bundles redacted with one salt file still group by device in fleet.\n"
      "\n"
      "Exit codes: 0 collected, 2 usage, 3 the TPM could not be read (the bundle is still written and\n"
      "says why).");
  cmd->add_option("-o,--output", o->output, "Bundle file, or - for stdout")->type_name("FILE")->required();
  cmd->add_option("--tpm", o->live.tpm_spec, "TPM to read: auto | device:PATH | tcp:HOST:PORT")
      ->type_name("SPEC")
      ->capture_default_str();
  cmd->add_flag("--power-on", o->live.transport.power_on, "tcp: only: send power-on/NV-on to the simulator first");
  cmd->add_option("--eventlog", o->eventlog, "Use this TCG boot log instead of the platform's")->type_name("FILE");
  add_redact_options(cmd, o->redact);
  auto* online = cmd->add_flag("--online", o->live.online,
                               "Also probe the attestation endpoints (as check --online) and keep the\n"
                               "result in the bundle");
  add_windows_events_option(cmd, online, o->windows_events);
  cmd->callback([&runner, o] { runner = [o] { return run_collect(*o); }; });
}

}  // namespace tpmready::cli
