#pragma once
/// Offline: the files an admin already has → Evidence (the same Evidence a live check produces).
/// Windows exports (regedit, tpmtool, schtasks, PowerShell) go through collect/offline; EK
/// certificate files through the certificate layer; TCG logs (files, MeasuredBoot folders, or the
/// WBCL value of a registry export) through the event-log layer; a bundle is the Evidence itself.
#include <string>
#include <vector>

#include "evidence/evidence.h"

namespace tpmready::collect {

/// Error (kind Usage/Parse) only when nothing usable was given; partial and unreadable inputs
/// are listed in Evidence::inputs with their reasons.
Result<Evidence> collect_offline(const std::vector<std::string>& paths);

}  // namespace tpmready::collect
