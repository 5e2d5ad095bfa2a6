// No libarchive in the MinGW build (Debian ships none for MinGW): say how to get at the members.
#include "util/archive.h"

namespace tpmready {

Result<std::vector<ArchiveMember>> read_archive(ByteSpan, const ArchiveLimits&, std::vector<std::string>*) {
  return make_error(ErrorKind::Unsupported,
                    "archives are read by the Linux build; on Windows expand it first "
                    "(expand.exe -F:* TrustedTpm.cab DIR) and give the folder");
}

}  // namespace tpmready
