#include "cli/output.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "util/text_symbols.h"
#include "util/utf8.h"

namespace tpmready::cli {
namespace {
// Until main has looked at the console: UTF-8 without colour, as on POSIX with output redirected.
OutputSettings g_settings{platform::ConsoleState{false, false, true}, false, false};
}  // namespace

void print_error(const Error& error) { print_error(error.what()); }

void print_error(std::string_view message) {
  std::string line = "tpmready: error: ";
  // Messages quote inputs, file names and servers' replies: one line, no control characters.
  line += terminal_safe(message, LineBreaks::Escape);
  line.push_back('\n');
  // stderr is the console stdout was prepared for, or shares its fate when stdout is redirected.
  line = styled_text(std::move(line));
  if (!platform::write_console(platform::ConsoleStream::Err, line)) std::fwrite(line.data(), 1, line.size(), stderr);
}

void write_stdout(std::string_view data) {
  std::fflush(stdout);  // what the C runtime still holds goes first
  if (platform::write_console(platform::ConsoleStream::Out, data)) return;
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() || std::fflush(stdout) != 0) {
    // Reader went away (broken pipe): the data is not wanted any more; that is not an error.
    std::_Exit(0);
  }
}

void set_output_settings(const OutputSettings& settings) { g_settings = settings; }

platform::OutputStyle style_for(const std::string& path) {
  const bool to_stdout = path.empty() || path == "-";
  const platform::ConsoleState file{false, false, true};
  return platform::output_style(to_stdout ? g_settings.console : file, g_settings.ascii, g_settings.no_color);
}

std::string styled_text(std::string text, const std::string& path) {
  return style_for(path).utf8_symbols ? text : ascii_text(text);
}

}  // namespace tpmready::cli
