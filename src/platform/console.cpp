#include "platform/console.h"

#include <cstdlib>

namespace tpmready::platform {

OutputStyle output_style(const ConsoleState& console, bool ascii, bool no_color) {
  OutputStyle s;
  s.colour = !ascii && !no_color && console.is_terminal && console.vt_enabled;
  s.utf8_symbols = !ascii && console.utf8_output && (!console.is_terminal || console.vt_enabled);
  return s;
}

bool no_color_requested() {
  const char* v = std::getenv("NO_COLOR");
  return v != nullptr && *v != '\0';
}

}  // namespace tpmready::platform
