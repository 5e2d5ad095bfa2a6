// Test helper for tests/windows/test_wine.py: prints the console's output code page and whether
// virtual-terminal processing is on, so a test can see what tpmready leaves behind in a console.
#include <windows.h>

#include <cstdio>

int main() {
  DWORD mode = 0;
  const bool console = GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode) != 0;
  std::printf("console=%d output-cp=%u vt=%d\n", console ? 1 : 0, GetConsoleOutputCP(),
              (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) ? 1 : 0);
  return 0;
}
