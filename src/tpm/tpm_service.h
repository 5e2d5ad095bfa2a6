#pragma once
/// Whether this platform has the OS service `--tpm auto` talks through. On Windows that is TBS:
/// without it (before Windows 8, or Wine's stub tbs.dll) nothing can be said about the TPM, so
/// `check` and `fix` stop with exit 3 and the `--tpm tcp:` hint instead of judging without a TPM.
/// Linux needs no service (a missing /dev/tpmrm0 is the fact "no TPM").
#include "util/result.h"

namespace tpmready::tpm {

Status platform_tpm_service();

}  // namespace tpmready::tpm
