#include <unistd.h>

#include "platform/console.h"

namespace tpmready::platform {

ConsoleState prepare_console() {
  const bool tty = isatty(STDOUT_FILENO) == 1;
  return {tty, tty, true};
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

bool write_console(ConsoleStream, std::string_view) { return false; }  // terminals take the bytes

}  // namespace tpmready::platform
