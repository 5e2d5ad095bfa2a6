#include "collect/offline/text_lines.h"

namespace tpmready::offline {

UnrecognisedLine unrecognised(std::size_t line, std::string_view text, std::string reason) {
  constexpr std::size_t kMaxText = 120;  // enough to recognise the line, bounded for reports
  return UnrecognisedLine{line, std::string(text.substr(0, kMaxText)), std::move(reason)};
}

}  // namespace tpmready::offline
