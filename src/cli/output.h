#pragma once
/// Where commands write: stdout carries data only; stderr carries `tpmready: error: <chain>`.
#include <string>
#include <string_view>

#include "platform/console.h"
#include "util/result.h"

namespace tpmready::cli {

/// Prints "tpmready: error: <context chain>: <message>" on stderr, as one line with control
/// characters shown escaped and ill-formed UTF-8 replaced (util/utf8.h terminal_safe).
void print_error(const Error& error);
void print_error(std::string_view message);
/// Writes data to stdout; a closed pipe (e.g. `| head`) ends the process quietly with exit 0.
void write_stdout(std::string_view data);

/// What decides how text for people looks: main sets it once, after parsing the command line.
struct OutputSettings {
  platform::ConsoleState console;  ///< platform::prepare_console(), at start
  bool ascii = false;              ///< --ascii
  bool no_color = false;           ///< NO_COLOR
};
void set_output_settings(const OutputSettings& settings);

/// The style of text written to `path`: "" or "-" is stdout (the console decides), anything else a
/// file tpmready writes (UTF-8 unless --ascii, never colour).
platform::OutputStyle style_for(const std::string& path);

/// `text` (for people, already terminal-safe) as it is written to `path`: unchanged, or in ASCII
/// when that destination's style has no UTF-8 symbols (util/text_symbols.h ascii_text).
std::string styled_text(std::string text, const std::string& path = "");

}  // namespace tpmready::cli
