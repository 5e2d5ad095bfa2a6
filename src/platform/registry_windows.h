#pragma once
/// The Win32 registry behind live_registry.h, and the one write `fix --apply` makes.
/// Windows-only header.
#include <cstdint>
#include <memory>
#include <string>

#include "platform/registry.h"
#include "util/result.h"

namespace tpmready::platform {

/// HKLM reader, 64-bit view.
std::unique_ptr<RegistryReader> make_registry_reader();

/// Creates HKLM\<path> if needed and sets `name` = `value` (REG_DWORD), 64-bit view.
Status set_dword(const std::string& path, const std::string& name, std::uint32_t value);

}  // namespace tpmready::platform
