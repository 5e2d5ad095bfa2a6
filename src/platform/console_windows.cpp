#include <io.h>
#include <stdio.h>

#include "platform/console.h"

namespace tpmready::platform {
bool stdout_is_terminal() { return _isatty(_fileno(stdout)) != 0; }
}  // namespace tpmready::platform
