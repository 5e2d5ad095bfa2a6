// placeholder, replaced by the TPM inventory command
#include <CLI/CLI.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"

namespace tpmready::cli {
void register_tpm(CLI::App& app, Runner& runner) {
  auto* cmd = app.add_subcommand("tpm", "Read-only inventory of a TPM 2.0");
  cmd->callback([&runner] { runner = [] { return static_cast<int>(kExitUndetermined); }; });
}
}  // namespace tpmready::cli
