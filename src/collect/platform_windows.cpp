// Windows platform facts. The live Windows collectors (registry, scheduled tasks) arrive with the
// Windows issue; until then Windows evidence is collected offline from exports (tpmready analyze).
#include "collect/platform.h"

namespace tpmready::collect {

std::string platform_name() { return "windows"; }

DeviceInfo device_info() { return DeviceInfo{}; }

std::optional<WindowsEvidence> windows_evidence() { return std::nullopt; }

}  // namespace tpmready::collect
