#pragma once
/// What a refused command line is told: one line naming what was typed and, for a mistyped
/// command or option, the one it most likely stands for.
#include <string>

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace tpmready::cli {

/// The message (print_error adds "tpmready: error: ") for `e`, thrown by `app.parse`:
///   unknown command "tpmready chek"; did you mean "tpmready check"?
///   tpmready check: unknown option "--formt"; did you mean "--format"?
///   tpmready explain: unexpected argument "2"; see tpmready explain --help
std::string usage_error_text(const CLI::App& app, const CLI::ParseError& e);

}  // namespace tpmready::cli
