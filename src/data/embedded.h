#pragma once
/// Facts shipped as data (error codes, vendor EK CA certificates, ...), compiled into the binary
/// from the repository's data/ folder by cmake/embed_data.cmake. Paths are relative to data/,
/// with forward slashes ("error_codes.json", "vendor-ca/kl-IFX1.pem").
#include <optional>
#include <string_view>
#include <vector>

namespace tpmready::data {

struct EmbeddedFile {
  std::string_view path;
  std::string_view content;
};

/// Every embedded file, sorted by path.
const std::vector<EmbeddedFile>& all_files();
/// One file by path, or nullopt.
std::optional<std::string_view> file(std::string_view path);
/// Files whose path starts with `prefix` (e.g. "vendor-ca/").
std::vector<EmbeddedFile> files_under(std::string_view prefix);

}  // namespace tpmready::data
