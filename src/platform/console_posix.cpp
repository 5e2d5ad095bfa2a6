#include <unistd.h>

#include "platform/console.h"

namespace tpmready::platform {
bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }
}  // namespace tpmready::platform
