#include "tpm/tbs_windows.h"
#include "tpm/tpm_service.h"

namespace tpmready::tpm {

Status platform_tpm_service() {
  auto lib = TbsLibrary::get();
  if (!lib) return std::move(lib).error();
  return ok_status();
}

}  // namespace tpmready::tpm
