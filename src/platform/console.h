#pragma once
/// The console tpmready writes to. console_posix.cpp / console_windows.cpp.
namespace tpmready::platform {

/// True when stdout is a terminal (colour is used only then).
bool stdout_is_terminal();

}  // namespace tpmready::platform
