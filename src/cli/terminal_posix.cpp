#include <unistd.h>

#include "cli/output.h"

namespace tpmready::cli {
bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }
}  // namespace tpmready::cli
