#include "cli/output.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "util/utf8.h"

namespace tpmready::cli {

void print_error(const Error& error) { print_error(error.what()); }

void print_error(std::string_view message) {
  std::string line = "tpmready: error: ";
  // Messages quote inputs, file names and servers' replies: one line, no control characters.
  line += terminal_safe(message, LineBreaks::Escape);
  line.push_back('\n');
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void write_stdout(std::string_view data) {
  if (std::fwrite(data.data(), 1, data.size(), stdout) != data.size() || std::fflush(stdout) != 0) {
    // Reader went away (broken pipe): the data is not wanted any more; that is not an error.
    std::_Exit(0);
  }
}

}  // namespace tpmready::cli
