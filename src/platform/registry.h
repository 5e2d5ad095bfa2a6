#pragma once
/// Reading HKLM, as plain values: the interface the live registry collector (collect/windows/
/// live_registry.h) and `fix` read through. Portable, so collectors are tested on Linux with a
/// fake reader; the Win32 reader is registry_windows.cpp.
#include <cstdint>
#include <string>
#include <vector>

#include "util/bytes.h"

namespace tpmready::platform {

struct RegistryValue {
  std::string name;
  std::uint32_t type = 0;  ///< REG_* number
  Bytes data;
};

enum class KeyStatus { Ok, NotFound, AccessDenied, Failed };

struct RegistryKey {
  KeyStatus status = KeyStatus::NotFound;
  std::string error;  ///< why not Ok ("access denied (error 5)")
  std::vector<RegistryValue> values;
  std::vector<std::string> subkeys;  ///< names of direct subkeys
};

/// Reads one key of HKLM, 64-bit view. `path` is below HKLM, e.g. "SYSTEM\\CurrentControlSet\\...".
struct RegistryReader {
  virtual ~RegistryReader();
  virtual RegistryKey read_key(const std::string& path) = 0;
};

}  // namespace tpmready::platform
