#pragma once
/// Win32_Tpm::IsReadyInformation through WMI COM (namespace root\CIMV2\Security\MicrosoftTpm,
/// facts/windows.md §4, §4.1). Admin-only; absent in WinPE without WMI and under Wine
/// (WBEM_E_INVALID_NAMESPACE): then an error saying so. Windows-only header.
#include <cstdint>

#include "util/result.h"

namespace tpmready::platform {

struct IsReadyInformation {
  bool is_ready = false;
  std::uint32_t information = 0;  ///< §4.1 INFORMATION_* bits
};

Result<IsReadyInformation> query_is_ready_information();

}  // namespace tpmready::platform
