#pragma once
/// The Windows EKCertStore as an EK certificate source, from a regedit `.reg` export (reader:
/// collect/offline/reg_file.h). Each `Certificates\<thumbprint>` subkey's `Blob` value is a
/// serialized certificate element (facts/windows.md §2.3) → source "registry:THUMBPRINT".
#include <string>
#include <vector>

#include "collect/offline/reg_file.h"
#include "evidence/ekcert_evidence.h"

namespace tpmready::collect {

/// facts/windows.md §2.3: RSA EK certificates in `EKCertStore`, ECC ones in `EkCertStoreECC`.
inline constexpr const char* kEkCertStoreKeys[] = {
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement\\EKCertStore\\Certificates",
    "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement\\EkCertStoreECC\\Certificates",
};

struct RegistryEkCerts {
  std::vector<EkCertBlob> certificates;
  bool store_present = false;  ///< the export covers an EK certificate store key
};

/// Pure. A Blob that is not a certificate element is an Error naming the registry key.
Result<RegistryEkCerts> ekcert_from_registry_export(const offline::RegistryExport& reg);

/// Reads and parses FILE.reg, then ekcert_from_registry_export. Errors name the file.
Result<RegistryEkCerts> ekcert_from_reg_file(const std::string& path);

}  // namespace tpmready::collect
