#include "util/file.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace tpmready {

namespace {

std::size_t env_limit(const char* name, std::size_t fallback) {
  const char* env = std::getenv(name);
  if (env == nullptr) return fallback;
  char* end = nullptr;
  unsigned long long v = std::strtoull(env, &end, 10);
  return (end != env && *end == '\0' && v > 0) ? static_cast<std::size_t>(v) : fallback;
}

}  // namespace

std::size_t input_limit(std::size_t default_bytes) { return env_limit("TPMREADY_MAX_INPUT_BYTES", default_bytes); }

std::size_t input_count_limit(std::size_t default_count) {
  return env_limit("TPMREADY_MAX_INPUT_COUNT", default_count);
}

Result<Bytes> read_file(const std::string& path, std::size_t max_bytes) {
  auto fail = [&](ErrorKind kind, const std::string& what) { return make_error(kind, what).context("file " + path); };
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return fail(ErrorKind::NotFound, "does not exist");
  if (std::filesystem::is_directory(path, ec)) return fail(ErrorKind::Io, "is a directory");
  std::uintmax_t size = std::filesystem::is_regular_file(path, ec) ? std::filesystem::file_size(path, ec) : 0;
  if (ec) size = 0;
  if (size > max_bytes) {
    return fail(ErrorKind::Limit, std::to_string(size) + " bytes exceed the limit of " + std::to_string(max_bytes) +
                                      " bytes (TPMREADY_MAX_INPUT_BYTES raises it)");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(ErrorKind::Io, "cannot open (permission denied?)");
  Bytes out(static_cast<std::size_t>(size));
  if (size > 0) {
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(size));
    out.resize(static_cast<std::size_t>(in.gcount()));
    return out;
  }
  // Size unknown: read in chunks, never beyond the limit.
  char chunk[1 << 16];
  while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
    out.insert(out.end(), chunk, chunk + in.gcount());
    if (out.size() > max_bytes) {
      return fail(ErrorKind::Limit, "more than the limit of " + std::to_string(max_bytes) + " bytes");
    }
  }
  return out;
}

}  // namespace tpmready
