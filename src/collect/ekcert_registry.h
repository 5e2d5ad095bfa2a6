#pragma once
/// The Windows EK certificate stores in a registry export (facts/windows.md §2.1, §2.3): each
/// `...\Endorsement\EKCertStore\Certificates\<thumbprint>` (RSA) or `EkCertStoreECC\...` (ECC)
/// subkey's `Blob` value is a serialized certificate element (parser: cert/cert_store_blob.h).
/// This is the one walk of the stores: the offline and live Windows readers
/// (offline::apply_registry) and `ekcert --registry` all use it, and evidence/ek_store.h turns its
/// entries into certificates and notes the same way for all of them.
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/reg_file.h"
#include "evidence/windows_evidence.h"

namespace tpmready::collect {

/// facts/windows.md §2.3: RSA EK certificates in `EKCertStore`, ECC ones in `EkCertStoreECC`.
struct EkCertStoreKey {
  const char* name;
  const char* certificates;  ///< the key holding one subkey per certificate
};
inline constexpr EkCertStoreKey kEkCertStores[] = {
    {"EKCertStore",
     "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement\\EKCertStore\\Certificates"},
    {"EkCertStoreECC",
     "HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Services\\TPM\\WMI\\Endorsement\\EkCertStoreECC\\Certificates"},
};

/// Every certificate subkey of both stores, in export order: thumbprint (the subkey name,
/// upper-case), Blob bytes, the DER of its property 32 or, when there is none, a note why. Sources
/// as offline::reg_source with `source_prefix`. Pure.
std::vector<EkStoreCertificate> read_ek_cert_stores(const offline::RegistryExport& reg,
                                                    std::string_view source_prefix = offline::kFileSourcePrefix);

struct RegistryEkCerts {
  std::vector<EkStoreCertificate> store;  ///< read_ek_cert_stores
  bool store_present = false;             ///< the export covers a store's Certificates key
};

/// The stores of an export already parsed.
RegistryEkCerts ekcert_from_registry_export(const offline::RegistryExport& reg);
/// Reads and parses FILE.reg as `analyze` does (sources name the file by its base name), then
/// ekcert_from_registry_export. Errors (unreadable file, not a .reg export) name the file; a bad
/// blob is not an error but an entry with a note.
Result<RegistryEkCerts> ekcert_from_reg_file(const std::string& path);

}  // namespace tpmready::collect
