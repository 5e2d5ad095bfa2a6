#pragma once
/// Where commands write: stdout carries data only; stderr carries `tpmready: error: <chain>`.
#include <string_view>

#include "util/result.h"

namespace tpmready::cli {

/// Prints "tpmready: error: <context chain>: <message>" on stderr, as one line with control
/// characters shown escaped and ill-formed UTF-8 replaced (util/utf8.h terminal_safe).
void print_error(const Error& error);
void print_error(std::string_view message);
/// Writes data to stdout; a closed pipe (e.g. `| head`) ends the process quietly with exit 0.
void write_stdout(std::string_view data);

}  // namespace tpmready::cli
