// prepare_console's Win32 steps on the process's console (on Windows, or under Wine on a pseudo
// terminal: the CTest test windows.console runs these so, with TPMREADY_TEST_NEED_CONSOLE=1 making
// a missing console a failure instead of a skip): the output code page becomes UTF-8, VT
// processing is on, restore_console puts back the code page and mode it found, and write_console
// writes UTF-8 text as UTF-16. A pipe or file is left alone.
#include <gtest/gtest.h>

#include <windows.h>

#include <cstdlib>

#include "platform/console_windows.h"

using namespace tpmready::platform;

namespace {
/// A console screen buffer: the process's console (AllocConsole when it has none).
struct Console {
  HANDLE out = INVALID_HANDLE_VALUE;
  Console() {
    if (GetConsoleOutputCP() == 0) AllocConsole();
    out = CreateFileW(L"CONOUT$", GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE, nullptr,
                      OPEN_EXISTING, 0, nullptr);
  }
  ~Console() {
    if (out != INVALID_HANDLE_VALUE) CloseHandle(out);
  }
};
}  // namespace

TEST(ConsoleWindows, Utf8CodePageAndVtThenRestored) {
  Console console;
  DWORD mode = 0;
  if (console.out == INVALID_HANDLE_VALUE || !GetConsoleMode(console.out, &mode)) {
    if (std::getenv("TPMREADY_TEST_NEED_CONSOLE")) FAIL() << "no console";
    GTEST_SKIP() << "no console (headless Wine: run on a pseudo terminal)";
  }
  ASSERT_TRUE(SetConsoleOutputCP(437));
  ASSERT_TRUE(SetConsoleMode(console.out, mode & ~static_cast<DWORD>(ENABLE_VIRTUAL_TERMINAL_PROCESSING)));
  DWORD before = 0;
  ASSERT_TRUE(GetConsoleMode(console.out, &before));

  const ConsoleState s = prepare_console_output(console.out);
  EXPECT_TRUE(s.is_terminal);
  EXPECT_TRUE(s.utf8_output);
  EXPECT_EQ(GetConsoleOutputCP(), static_cast<UINT>(CP_UTF8));
  DWORD now = 0;
  ASSERT_TRUE(GetConsoleMode(console.out, &now));
  EXPECT_EQ(s.vt_enabled, (now & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0);

  restore_console();
  EXPECT_EQ(GetConsoleOutputCP(), 437u);
  ASSERT_TRUE(GetConsoleMode(console.out, &now));
  EXPECT_EQ(now, before);
}

TEST(ConsoleWindows, APipeIsNotAConsoleAndNothingChanges) {
  HANDLE read = nullptr, write = nullptr;
  ASSERT_TRUE(CreatePipe(&read, &write, nullptr, 0));
  const UINT code_page = GetConsoleOutputCP();
  const ConsoleState s = prepare_console_output(write);
  EXPECT_FALSE(s.is_terminal);
  EXPECT_FALSE(s.vt_enabled);
  EXPECT_FALSE(s.utf8_output);
  EXPECT_EQ(GetConsoleOutputCP(), code_page);
  CloseHandle(read);
  CloseHandle(write);
}

TEST(ConsoleWindows, WriteConsoleTakesUtf8WhenStdoutIsAConsole) {
  const ConsoleState s = prepare_console();
  if (!s.is_terminal) {
    EXPECT_FALSE(write_console(ConsoleStream::Out, "x"));  // redirected: the caller writes bytes
    if (std::getenv("TPMREADY_TEST_NEED_CONSOLE")) FAIL() << "stdout is not a console";
    return;
  }
  EXPECT_EQ(GetConsoleOutputCP(), static_cast<UINT>(CP_UTF8));
  EXPECT_TRUE(write_console(ConsoleStream::Out, "write_console: a \u2192 b \u2014 c \U0001F511\n"));
  EXPECT_TRUE(write_console(ConsoleStream::Out, std::string(20000, 'x') + "\n"));  // more than one piece
  restore_console();
}
