#pragma once
/// Live registry → RegistryEvidence, the same evidence the offline `.reg` reader produces: the
/// keys are read into an offline::RegistryExport and offline::apply_registry turns it into facts.
/// Pure (portable, tested on Linux with a fake reader); the Win32 reader is registry_windows.cpp.
///
/// Sources read "registry:HKLM\<key>\<value>". A key that cannot be opened for lack of rights
/// (WMI\Admin is readable by administrators and SYSTEM only, facts/windows.md §2.2 key 5) makes
/// its facts unknown with the reason, never "absent".
#include <cstdint>
#include <string>
#include <vector>

#include "evidence/windows_evidence.h"
#include "util/bytes.h"

namespace tpmready::collect::win {

struct LiveRegValue {
  std::string name;
  std::uint32_t type = 0;  ///< REG_* number (offline::RegType)
  Bytes data;
};

enum class KeyStatus { Ok, NotFound, AccessDenied, Failed };

struct LiveKey {
  KeyStatus status = KeyStatus::NotFound;
  std::string error;  ///< why not Ok ("access denied (error 5)")
  std::vector<LiveRegValue> values;
  std::vector<std::string> subkeys;  ///< names of direct subkeys
};

/// Reads one key of HKLM, 64-bit view. `path` is below HKLM, e.g. "SYSTEM\\CurrentControlSet\\...".
struct RegistryReader {
  virtual ~RegistryReader();
  virtual LiveKey read_key(const std::string& path) = 0;
};

/// The keys of facts/windows.md §2.1/§2.2 that RegistryEvidence holds (below HKLM).
const std::vector<std::string>& live_registry_keys();

/// Reads every key tpmready uses (with EKCertStore\Certificates\* and TaskStates\AttestationInfo)
/// and returns the evidence; `notes` gets one line per key that could not be read.
RegistryEvidence read_live_registry(RegistryReader& reader, std::vector<std::string>& notes);

}  // namespace tpmready::collect::win
