#pragma once
/// How subcommands plug into main: each `cmd_*.cpp` defines `register_<name>(CLI::App&, Runner&)`,
/// which adds its subcommand with an Options struct captured by the callback it stores in Runner.
/// main parses, then calls the stored runner, which returns an ExitCode.
#include <functional>

namespace CLI {
class App;
}

namespace tpmready::cli {

using Runner = std::function<int()>;

void register_tpm(CLI::App& app, Runner& runner);
void register_explain(CLI::App& app, Runner& runner);
void register_eventlog(CLI::App& app, Runner& runner);
void register_ekcert(CLI::App& app, Runner& runner);
void register_collect(CLI::App& app, Runner& runner);
void register_analyze(CLI::App& app, Runner& runner);
void register_check(CLI::App& app, Runner& runner);
void register_fix(CLI::App& app, Runner& runner);
void register_fleet(CLI::App& app, Runner& runner);

}  // namespace tpmready::cli
