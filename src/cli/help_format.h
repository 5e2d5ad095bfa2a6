#pragma once
/// How --help looks: within kHelpColumns columns; a list of commands shows each command's first
/// description line (its summary), and that command's own --help the whole description.
#include <cstddef>
#include <memory>

namespace CLI {
class Formatter;
}

namespace tpmready::cli {

/// The width every help text keeps to (tests/integration/test_cli.py checks each command's).
inline constexpr std::size_t kHelpColumns = 100;

/// The formatter main gives the program before the commands are added (they inherit it).
std::shared_ptr<CLI::Formatter> help_formatter();

}  // namespace tpmready::cli
