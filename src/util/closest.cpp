#include "util/closest.h"

#include <algorithm>

#include "util/text.h"

namespace tpmready {

std::size_t edit_distance(std::string_view a_in, std::string_view b_in) {
  const std::string a = ascii_lower(a_in), b = ascii_lower(b_in);
  // d[i][j]: edits from a[0..i) to b[0..j); three rows are enough for the swap.
  std::vector<std::size_t> before(b.size() + 1), prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], before[j - 2] + 1);
    }
    before.swap(prev);
    prev.swap(cur);
  }
  return prev[b.size()];
}

std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates) {
  if (typed.size() >= 2) {
    const std::string* only = nullptr;
    std::size_t starts = 0;
    for (const auto& c : candidates) {
      if (c.size() > typed.size() && starts_with_icase(c, typed)) {
        only = &c;
        ++starts;
      }
    }
    if (starts == 1) return *only;
  }
  const std::size_t reach = typed.size() <= 2 ? 0 : typed.size() <= 4 ? 1 : typed.size() <= 7 ? 2 : 3;
  const std::string* best = nullptr;
  std::size_t best_distance = reach + 1;
  bool tie = false;
  for (const auto& c : candidates) {
    const std::size_t d = edit_distance(typed, c);
    if (d < best_distance) {
      best = &c;
      best_distance = d;
      tie = false;
    } else if (d == best_distance && best != nullptr && *best != c) {
      tie = true;
    }
  }
  if (best == nullptr || tie) return std::nullopt;
  return *best;
}

}  // namespace tpmready
