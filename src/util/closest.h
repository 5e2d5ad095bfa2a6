#pragma once
/// "Did you mean ...?": the known name a mistyped one most likely stands for.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tpmready {

/// Edits between `a` and `b` (insert, delete, replace one character, or swap two neighbours), ASCII
/// case ignored: the optimal string alignment distance.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate `typed` most likely stands for: the one candidate it starts (two characters at
/// least), else the nearest by edit_distance within a typo's reach (none for one or two characters
/// but their case, 1 edit up to 4, 2 up to 7, 3 beyond). nullopt when nothing is that close, or two
/// candidates are equally close.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates);

}  // namespace tpmready
