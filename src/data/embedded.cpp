#include "data/embedded.h"

namespace tpmready::data {

std::optional<std::string_view> file(std::string_view path) {
  for (const auto& f : all_files()) {
    if (f.path == path) return f.content;
  }
  return std::nullopt;
}

std::vector<EmbeddedFile> files_under(std::string_view prefix) {
  std::vector<EmbeddedFile> out;
  for (const auto& f : all_files()) {
    if (f.path.substr(0, prefix.size()) == prefix) out.push_back(f);
  }
  return out;
}

}  // namespace tpmready::data
