#include "cli/online_options.h"

#include <CLI/CLI.hpp>

namespace tpmready::cli {

void add_windows_events_option(CLI::App* cmd, CLI::Option* online, std::string& path) {
  cmd->add_option("--windows-events", path,
                  "with --online: the AIK CA's event records from FILE (a bundle, an .evtx,\n"
                  "a folder) instead of this device's Application log (tests, diagnostics)")
      ->type_name("FILE")
      ->needs(online)
      ->group("");
}

}  // namespace tpmready::cli
