#pragma once
/// prepare_console's Win32 steps on a given console output handle, and the restore it registers
/// for exit, so that tests can run them on a console of their own. Windows-only header.
#include <windows.h>

#include "platform/console.h"

namespace tpmready::platform {

/// prepare_console on `out` (a console screen buffer, or any other handle: then nothing changes).
ConsoleState prepare_console_output(HANDLE out);

/// Puts back the code page and mode prepare_console_output changed (at most once per change).
void restore_console();

}  // namespace tpmready::platform
