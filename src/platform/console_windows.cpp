#include "platform/console_windows.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include "util/win_text_windows.h"

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

// The consoles prepare_console found behind stdout and stderr, for write_console.
HANDLE g_console[2] = {nullptr, nullptr};

HANDLE console_behind(DWORD std_handle) {
  HANDLE h = GetStdHandle(std_handle);
  DWORD mode = 0;
  return h != nullptr && h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode) ? h : nullptr;
}

}  // namespace

ConsoleState prepare_console_output(HANDLE out) {
  ConsoleState s;
  DWORD mode = 0;
  // A file, a pipe, or no console at all (an Intune script, a service): nothing to prepare.
  if (out == nullptr || out == INVALID_HANDLE_VALUE || !GetConsoleMode(out, &mode)) return s;
  s.is_terminal = true;
  CONSOLE_SCREEN_BUFFER_INFO info{};
  if (GetConsoleScreenBufferInfo(out, &info) && info.srWindow.Right >= info.srWindow.Left) {
    s.columns = static_cast<std::size_t>(info.srWindow.Right - info.srWindow.Left + 1);
  } else {
    s.columns = columns_from_env();
  }
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

ConsoleState prepare_console() {
  g_console[0] = console_behind(STD_OUTPUT_HANDLE);
  g_console[1] = console_behind(STD_ERROR_HANDLE);
  return prepare_console_output(GetStdHandle(STD_OUTPUT_HANDLE));
}

bool stderr_is_terminal() { return console_behind(STD_ERROR_HANDLE) != nullptr; }

bool write_console(ConsoleStream stream, std::string_view utf8) {
  HANDLE h = g_console[stream == ConsoleStream::Out ? 0 : 1];
  if (h == nullptr) return false;
  const std::wstring wide = win::widen(std::string(utf8));
  // In pieces: older consoles refuse one large write (their buffer is about 64 KB). A piece never
  // ends between the two halves of a surrogate pair.
  constexpr std::size_t kPiece = 8192;
  for (std::size_t at = 0; at < wide.size();) {
    std::size_t n = std::min(kPiece, wide.size() - at);
    if (at + n < wide.size() && IS_HIGH_SURROGATE(wide[at + n - 1])) --n;
    DWORD written = 0;
    if (!WriteConsoleW(h, wide.data() + at, static_cast<DWORD>(n), &written, nullptr) || written == 0)
      return at > 0;  // nothing written yet: the caller writes the bytes instead
    at += written;
  }
  return true;
}

}  // namespace tpmready::platform
