#include "util/private_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace tpmready {
namespace {

Error file_error(const std::string& path, const std::string& what) {
  return make_error(ErrorKind::Io, what + ": " + std::strerror(errno)).context("file " + path);
}

}  // namespace

Result<bool> create_private_file(const std::string& path, ByteSpan data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, S_IRUSR | S_IWUSR);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    return file_error(path, "cannot create");
  }
  bool ok = ::fchmod(fd, S_IRUSR | S_IWUSR) == 0;
  for (std::size_t done = 0; ok && done < data.size();) {
    const auto n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  auto error = ok ? std::optional<Error>() : file_error(path, "writing failed");
  if (::close(fd) != 0 && !error) error = file_error(path, "writing failed");
  if (error) {
    ::unlink(path.c_str());  // a half-written private file would be read back as a short one
    return std::move(*error);
  }
  return true;
}

Result<std::optional<std::string>> readable_by_others(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return file_error(path, "cannot read its permissions");
  if ((st.st_mode & (S_IRGRP | S_IROTH)) == 0) return std::optional<std::string>();
  char mode[16];
  std::snprintf(mode, sizeof mode, "mode %04o", static_cast<unsigned>(st.st_mode & 07777));
  return std::optional<std::string>(mode);
}

}  // namespace tpmready
