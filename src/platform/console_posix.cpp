#include <sys/ioctl.h>
#include <unistd.h>

#include "platform/console.h"

namespace tpmready::platform {

ConsoleState prepare_console() {
  const bool tty = isatty(STDOUT_FILENO) == 1;
  ConsoleState s{tty, tty, true};
  if (tty) {
    winsize ws{};
    s.columns = ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0 ? ws.ws_col : columns_from_env();
  }
  return s;
}

bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }

bool write_console(ConsoleStream, std::string_view) { return false; }  // terminals take the bytes

}  // namespace tpmready::platform
