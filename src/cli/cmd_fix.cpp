// tpmready fix: the plan from a live check (default: changes nothing), or --apply: the safe actions
// with an action ID (SetupDisplayedEula = 1, start Tpm-Maintenance), each change printed, then the
// check again with the verdict before and after. Never clears or resets the TPM.
#include <cstdio>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "cli/progress_line.h"
#include "cli/report_output.h"
#include "collect/evidence_live.h"
#include "platform/console.h"
#include "fix/apply.h"
#include "fix/plan.h"
#include "tpm/tpm_service.h"
#include "util/json_text.h"
#include "util/utf8.h"

namespace tpmready::cli {
namespace {

struct FixOptions {
  collect::LiveOptions live;
  std::string eventlog;
  ReportOptions report;
  bool apply = false;
  int task_timeout_s = 120;
};

Result<report::Report> live_report(FixOptions& o) {
  if (!o.eventlog.empty()) o.live.eventlog_path = o.eventlog;
  if (o.live.tpm_spec == "auto") TRY(tpm::platform_tpm_service());  // Windows without TBS: exit 3
  ProgressLine progress(platform::stderr_is_terminal());
  o.live.progress = &progress;
  auto evidence = collect::collect_live(o.live);
  o.live.progress = nullptr;
  if (!evidence) return std::move(evidence).error();
  return build_report(*evidence, o.report);
}

std::string roots_of(const report::Report& r) {
  std::string out;
  for (const auto& id : root_cause_ids(r)) out += (out.empty() ? "" : ", ") + id;
  return out.empty() ? "none" : out;
}

/// Writes the plan or the outcome; to a file, a line on stdout says where, with the verdict of
/// `shown` (before the fix for a plan, after it for --apply).
int emit(const FixOptions& o, const nlohmann::json& j, const std::string& text, const report::Report& shown) {
  const auto& path = o.report.output;
  auto status = write_output(path, o.report.format == "json" ? json_text(j, 2) + "\n"
                                                             : styled_text(terminal_safe(text), path));
  if (!status.ok()) {
    print_error(status.error());
    return kExitUsage;
  }
  if (is_file_output(path))
    write_stdout(written_line(shown.verdict, root_cause_ids(shown), o.apply ? "fix result" : "fix plan", path) + "\n");
  return kExitReady;
}

int run_fix(FixOptions& o) {
  auto before = live_report(o);
  if (!before) {
    print_error(before.error());
    return before.error().kind() == ErrorKind::Usage ? kExitUsage : kExitUndetermined;
  }
  const fix::Plan plan = fix::make_plan(*before);
  nlohmann::json j = {{"plan", plan}};
  if (!o.apply) return emit(o, j, fix::plan_text(plan), *before);

  auto system = fix::make_system();
  if (!system) {
    print_error(system.error());
    return kExitUsage;
  }
  // Each change is shown as it is made: on stdout when the text report goes there (the plan first,
  // so the steps have their context), else on stderr (stdout then carries JSON, or only the line
  // naming the file).
  const bool steps_on_stdout = o.report.format != "json" && !is_file_output(o.report.output);
  if (steps_on_stdout) write_stdout(styled_text(terminal_safe(fix::plan_text(plan))));
  const auto show_step = [&](const fix::StepOutcome& step) {
    const std::string line = styled_text(terminal_safe(fix::outcome_text({step})));
    if (steps_on_stdout) write_stdout(line);
    else if (!platform::write_console(platform::ConsoleStream::Err, line)) std::fwrite(line.data(), 1, line.size(), stderr);
  };
  ProgressLine progress(platform::stderr_is_terminal());
  auto outcomes = fix::apply_plan(plan, **system, o.task_timeout_s * 1000, show_step, progress);
  if (!outcomes) {
    print_error(outcomes.error());
    return kExitUsage;
  }
  auto after = live_report(o);
  if (!after) {
    print_error(after.error().context("re-running the check after the fix"));
    return kExitUndetermined;
  }
  j["applied"] = *outcomes;
  j["before"] = {{"verdict", rules::verdict_name(before->verdict)}, {"root_causes", root_cause_ids(*before)}};
  j["after"] = {{"verdict", rules::verdict_name(after->verdict)}, {"root_causes", root_cause_ids(*after)}};
  std::string text = (steps_on_stdout ? "" : fix::plan_text(plan) + fix::outcome_text(*outcomes)) + "before: " +
                     std::string(rules::verdict_name(before->verdict)) + " (root causes: " + roots_of(*before) + ")\n" +
                     "after:  " + std::string(rules::verdict_name(after->verdict)) + " (root causes: " + roots_of(*after) + ")\n";
  int rc = emit(o, j, text, *after);
  return rc == kExitReady ? exit_code_for(after->verdict) : rc;
}

}  // namespace

void register_fix(CLI::App& app, Runner& runner) {
  auto o = std::make_shared<FixOptions>();
  auto* cmd = app.add_subcommand(
      "fix",
      "The fix plan for this device; --apply performs the safe fixes\n"
      "Prints the fix plan from a live check and changes nothing. With --apply (elevated, Windows only):\n"
      "performs the safe actions only (sets SetupDisplayedEula = 1, starts the Tpm-Maintenance task and\n"
      "waits for its result), prints each change, then runs the check again and shows the verdict before\n"
      "and after. Never clears or resets the TPM.");
  cmd->footer(
      "Examples:\n"
      "  tpmready fix                              the plan; changes nothing\n"
      "  tpmready fix --apply                      elevated, on Windows: perform the safe fixes\n"
      "  tpmready fix --format json -o plan.json\n"
      "\n"
      "Exit codes: the plan 0; --apply: the verdict after (0 ready, 1 not ready, 3 undetermined);\n"
      "2 usage, not elevated, or not Windows.");
  cmd->add_flag("--apply", o->apply, "Perform the safe actions (needs an elevated prompt)");
  cmd->add_option("--tpm", o->live.tpm_spec, "TPM to read: auto | device:PATH | tcp:HOST:PORT")
      ->type_name("SPEC")
      ->capture_default_str();
  cmd->add_flag("--power-on", o->live.transport.power_on, "tcp: only: send power-on/NV-on to the simulator first");
  cmd->add_option("--eventlog", o->eventlog, "Use this TCG boot log instead of the platform's")->type_name("FILE");
  cmd->add_option("--task-timeout", o->task_timeout_s, "Seconds to wait for Tpm-Maintenance")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->add_option("--ca-store", o->report.ca_stores,
                  "Extra EK CA certificates, as for check: a folder, a file, a .cab/.zip")
      ->type_name("PATH");
  cmd->add_flag("--no-default-cas", o->report.no_default_cas, "Do not trust the vendor CAs built into tpmready");
  cmd->add_option("--format", o->report.format, "text | json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", o->report.output, "Write to this file instead of stdout")->type_name("FILE");
  cmd->callback([&runner, o] { runner = [o] { return run_fix(*o); }; });
}

}  // namespace tpmready::cli
