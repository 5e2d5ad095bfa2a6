#include "platform/registry.h"

namespace tpmready::platform {

RegistryReader::~RegistryReader() = default;

}  // namespace tpmready::platform
