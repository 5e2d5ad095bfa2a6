#pragma once
/// Options `check` and `collect` share for `--online`.
#include <string>

namespace CLI {
class App;
class Option;
}  // namespace CLI

namespace tpmready::cli {

/// The hidden `--windows-events FILE` (needs `online`): the AIK CA's event records from a file
/// instead of this device's Application log, for tests and diagnostics (docs/online.md).
void add_windows_events_option(CLI::App* cmd, CLI::Option* online, std::string& path);

}  // namespace tpmready::cli
