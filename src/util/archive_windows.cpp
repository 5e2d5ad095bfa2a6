// No libarchive in the MinGW build (Debian ships none for MinGW): say how to get at the members.
#include "util/archive.h"

namespace tpmready {
namespace {
Error unsupported() {
  return make_error(ErrorKind::Unsupported,
                    "archives are read by the Linux build; on Windows expand it first "
                    "(expand.exe -F:* FILE.cab DIR, or Expand-Archive for a .zip) and give the folder");
}
}  // namespace

Result<ArchiveListing> read_archive_members(ByteSpan, ArchiveBudget&) { return unsupported(); }

}  // namespace tpmready
