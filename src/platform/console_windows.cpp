#include "platform/console_windows.h"

#include <cstdlib>

namespace tpmready::platform {
namespace {

// What prepare_console_output changed, for restore_console. Process-wide like the console itself.
UINT g_original_code_page = 0;  // 0: not changed
HANDLE g_changed_mode_handle = nullptr;
DWORD g_original_mode = 0;

BOOL WINAPI restore_on_ctrl(DWORD) {
  restore_console();
  return FALSE;  // the default handler still ends the process
}

bool g_restore_registered = false;

}  // namespace

ConsoleState prepare_console_output(HANDLE out) {
  ConsoleState s;
  DWORD mode = 0;
  // A file, a pipe, or no console at all (an Intune script, a service): nothing to prepare.
  if (out == nullptr || out == INVALID_HANDLE_VALUE || !GetConsoleMode(out, &mode)) return s;
  s.is_terminal = true;
  if (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) {
    s.vt_enabled = true;
  } else if (SetConsoleMode(out, mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING)) {  // fails on old conhost
    s.vt_enabled = true;
    g_changed_mode_handle = out;
    g_original_mode = mode;
  }
  const UINT code_page = GetConsoleOutputCP();
  if (code_page == CP_UTF8) {
    s.utf8_output = true;
  } else if (code_page != 0 && SetConsoleOutputCP(CP_UTF8)) {
    s.utf8_output = true;
    g_original_code_page = code_page;
  }
  // The console outlives tpmready (cmd.exe in OOBE): leave its code page and mode as they were.
  if ((g_original_code_page != 0 || g_changed_mode_handle != nullptr) && !g_restore_registered) {
    g_restore_registered = true;
    std::atexit(restore_console);
    SetConsoleCtrlHandler(restore_on_ctrl, TRUE);
  }
  return s;
}

void restore_console() {
  if (g_original_code_page != 0) {
    SetConsoleOutputCP(g_original_code_page);
    g_original_code_page = 0;
  }
  if (g_changed_mode_handle != nullptr) {
    SetConsoleMode(g_changed_mode_handle, g_original_mode);
    g_changed_mode_handle = nullptr;
  }
}

ConsoleState prepare_console() { return prepare_console_output(GetStdHandle(STD_OUTPUT_HANDLE)); }

}  // namespace tpmready::platform
