// tpmready: is this device's TPM ready for Windows Autopilot attestation, and if not, why?
#include <CLI/CLI.hpp>

#include <csignal>
#include <cstdio>
#include <exception>

#include "cli/build_info.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/help_format.h"
#include "cli/output.h"
#include "cli/usage_error.h"
#include "platform/console.h"

namespace {

void ignore_sigpipe() {
#ifdef SIGPIPE
  std::signal(SIGPIPE, SIG_IGN);  // a closed stdout shows up as a write error, handled in write_stdout
#endif
}

}  // namespace

int main(int argc, char** argv) {
  using namespace tpmready::cli;
  ignore_sigpipe();
  // First, so that even --help and parse errors reach a Windows console as UTF-8.
  const auto console = tpmready::platform::prepare_console();
  CLI::App app{
      "tpmready: is this device's TPM ready for Windows Autopilot attestation? If not: the root cause,\n"
      "the chain from it to what Windows reports, and the fix.",
      "tpmready"};
  app.formatter(help_formatter());  // before the commands: they inherit it
  app.set_version_flag("--version", std::string(version_text()));
  bool ascii = false;
  app.add_flag("--ascii", ascii,
               "Plain ASCII text, no colour (\"->\" for arrows): for consoles that show\n"
               "the report's symbols as garbage; chosen automatically when needed");
  app.require_subcommand(1);
  // Global options (--ascii) may also follow the subcommand: `tpmready check --ascii`.
  app.fallthrough(true);
  app.footer(
      "Examples:\n"
      "  tpmready check                     this device, live\n"
      "  tpmready analyze C:\\diag\\          files from a device (tpmtool output, .reg, .evtx, .cab)\n"
      "  tpmready explain 0x81039001        what an error code means\n"
      "  tpmready check --help              the options and examples of one command\n"
      "\n"
      "Exit codes: 0 ready/ok, 1 not ready, 2 usage or bad input, 3 undetermined/TPM unreadable.");

  // The order of the command list in --help: the main command first, then by how often needed.
  Runner runner;
  register_check(app, runner);
  register_analyze(app, runner);
  register_explain(app, runner);
  register_fix(app, runner);
  register_collect(app, runner);
  register_fleet(app, runner);
  register_ekcert(app, runner);
  register_eventlog(app, runner);
  register_tpm(app, runner);
  for (auto* cmd : app.get_subcommands([](CLI::App*) { return true; })) {
    cmd->group("Commands");
    for (auto* sub : cmd->get_subcommands([](CLI::App*) { return true; })) sub->group("Commands");
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    print_error(usage_error_text(app, e));  // one line: what was typed, and what it may stand for
    return kExitUsage;
  }
  set_output_settings({console, ascii, tpmready::platform::no_color_requested()});
  if (!runner) {
    print_error("no command given; see tpmready --help");
    return kExitUsage;
  }
  try {
    return runner();
  } catch (const std::exception& e) {
    print_error(std::string("internal error: ") + e.what());
    return kExitUndetermined;
  }
}
