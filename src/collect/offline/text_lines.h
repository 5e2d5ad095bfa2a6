#pragma once
/// Pieces shared by the line-oriented offline readers (tpmtool, schtasks, PowerShell lists).
#include <cstddef>
#include <string>
#include <string_view>

namespace tpmready::offline {

/// A line a reader could not use, kept as data with its 1-based number (not an error: the rest
/// of the file is still read). The text is cut to 120 bytes.
struct UnrecognisedLine {
  std::size_t line = 0;
  std::string text;
  std::string reason;
  bool operator==(const UnrecognisedLine&) const = default;
};

UnrecognisedLine unrecognised(std::size_t line, std::string_view text, std::string reason);

}  // namespace tpmready::offline
