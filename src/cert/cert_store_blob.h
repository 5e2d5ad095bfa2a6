#pragma once
/// The Windows EKCertStore registry value
/// `HKLM\SYSTEM\CurrentControlSet\Services\TPM\WMI\Endorsement\EKCertStore\Certificates\<thumbprint>\Blob`
/// (facts/windows.md §2.3): a serialized certificate element, i.e. a sequence of property records
/// {DWORD prop-id, DWORD reserved (=1), DWORD length, length bytes}, little-endian; the record
/// with prop-id 32 (CERT_CERT_PROP_ID) carries the DER certificate.
#include <cstdint>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::cert {

struct CertStoreProperty {
  std::uint32_t id = 0;
  std::uint32_t reserved = 0;
  std::size_t offset = 0;  ///< offset of the value bytes in the blob
  ByteSpan value;
};

/// CERT_CERT_PROP_ID (facts/windows.md §2.3).
inline constexpr std::uint32_t kCertCertPropId = 32;

/// Splits the blob into its property records. A record whose length runs past the end of the
/// blob is an Error naming the record and the offset.
Result<std::vector<CertStoreProperty>> parse_cert_store_records(ByteSpan blob);

/// The DER certificate (property 32) of a store blob. NotFound when the blob has no property 32.
Result<Bytes> parse_cert_store_blob(ByteSpan blob);

}  // namespace tpmready::cert
