#pragma once
/// Platform facts for live collection: which OS, this device's identity, and (on Windows) the
/// Windows state. One implementation per platform: platform_linux.cpp, platform_windows.cpp.
#include <optional>
#include <string>

#include "evidence/evidence.h"

namespace tpmready::collect {

/// "linux" or "windows".
std::string platform_name();
/// Serial, manufacturer, model, firmware, host name (Linux: /sys/class/dmi/id; Windows: registry).
DeviceInfo device_info();
/// The live Windows evidence (registry, tasks), each source it read added to `inputs`; nullopt on
/// Linux.
std::optional<WindowsEvidence> windows_evidence(std::vector<InputRecord>& inputs);

}  // namespace tpmready::collect
