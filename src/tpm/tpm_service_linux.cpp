#include "tpm/tpm_service.h"

namespace tpmready::tpm {

Status platform_tpm_service() { return ok_status(); }

}  // namespace tpmready::tpm
