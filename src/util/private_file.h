#pragma once
/// Files only their owner may read (the `--redact-salt-file` salt: whoever has it can test a
/// guessed serial number against a token). private_file_posix.cpp / private_file_windows.cpp.
#include <optional>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready {

/// Creates `path` holding `data`, readable and writable by its owner only: POSIX mode 0600 from
/// the moment it exists (O_CREAT|O_EXCL, then fchmod, so the umask cannot widen or narrow it).
/// Returns false without writing when `path` already exists; an existing file, or a link placed
/// there, is never written through. Windows: the file gets the folder's inherited ACL.
Result<bool> create_private_file(const std::string& path, ByteSpan data);

/// How `path` is open to other users ("mode 0644") when its group or others may read it, or
/// nullopt when only its owner can. Windows: always nullopt (access there is the ACL's, which the
/// mode bits do not show).
Result<std::optional<std::string>> readable_by_others(const std::string& path);

}  // namespace tpmready
