#include "util/private_file.h"

#include <fcntl.h>
#include <io.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace tpmready {

Result<bool> create_private_file(const std::string& path, ByteSpan data) {
  // _O_EXCL: an existing file is never overwritten. Access is the folder's inherited ACL (a
  // user profile folder is the user's own); there are no mode bits to set.
  const int fd = ::_open(path.c_str(), _O_WRONLY | _O_CREAT | _O_EXCL | _O_BINARY, _S_IREAD | _S_IWRITE);
  if (fd < 0) {
    if (errno == EEXIST) return false;
    return make_error(ErrorKind::Io, std::string("cannot create: ") + std::strerror(errno)).context("file " + path);
  }
  bool ok = true;
  for (std::size_t done = 0; ok && done < data.size();) {
    const int n = ::_write(fd, data.data() + done, static_cast<unsigned>(data.size() - done));
    ok = n > 0;
    if (ok) done += static_cast<std::size_t>(n);
  }
  ok = ::_close(fd) == 0 && ok;
  if (!ok) {
    ::_unlink(path.c_str());
    return make_error(ErrorKind::Io, "writing failed").context("file " + path);
  }
  return true;
}

Result<std::optional<std::string>> readable_by_others(const std::string&) { return std::optional<std::string>(); }

}  // namespace tpmready
