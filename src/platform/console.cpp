#include "platform/console.h"

#include <cstdlib>

namespace tpmready::platform {

OutputStyle output_style(const ConsoleState& console, bool ascii, bool no_color) {
  OutputStyle s;
  s.colour = !ascii && !no_color && console.is_terminal && console.vt_enabled;
  s.utf8_symbols = !ascii && console.utf8_output && (!console.is_terminal || console.vt_enabled);
  if (console.is_terminal && console.columns > 0) s.width = console.columns < kMinColumns ? kMinColumns : console.columns;
  return s;
}

std::size_t columns_from_env() {
  const char* v = std::getenv("COLUMNS");
  if (v == nullptr) return 0;
  std::size_t n = 0;
  for (const char* p = v; *p != '\0'; ++p) {
    if (*p < '0' || *p > '9' || n > 10000) return 0;
    n = n * 10 + static_cast<std::size_t>(*p - '0');
  }
  return n <= 10000 ? n : 0;
}

bool no_color_requested() {
  const char* v = std::getenv("NO_COLOR");
  return v != nullptr && *v != '\0';
}

}  // namespace tpmready::platform
