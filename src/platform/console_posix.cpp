#include <unistd.h>

#include "platform/console.h"

namespace tpmready::platform {

ConsoleState prepare_console() {
  const bool tty = isatty(STDOUT_FILENO) == 1;
  return {tty, tty, true};
}

}  // namespace tpmready::platform
