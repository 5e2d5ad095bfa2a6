#include <io.h>
#include <stdio.h>

#include "cli/output.h"

namespace tpmready::cli {
bool stdout_is_terminal() { return _isatty(_fileno(stdout)) != 0; }
}  // namespace tpmready::cli
