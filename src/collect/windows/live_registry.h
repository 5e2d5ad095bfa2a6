#pragma once
/// Live registry → RegistryEvidence, the same evidence the offline `.reg` reader produces: the
/// keys are read into an offline::RegistryExport and offline::apply_registry turns it into facts.
/// Pure (portable, tested on Linux with a fake reader); the Win32 reader is platform/registry_windows.cpp.
///
/// Sources read "registry:HKLM\<key>\<value>". A key that cannot be opened for lack of rights
/// (WMI\Admin is readable by administrators and SYSTEM only, facts/windows.md §2.2 key 5) makes
/// its facts unknown with the reason, never "absent".
#include <cstdint>
#include <string>
#include <vector>

#include "evidence/windows_evidence.h"
#include "platform/registry.h"

namespace tpmready::collect {

/// Reads every key tpmready uses (with EKCertStore\Certificates\* and TaskStates\AttestationInfo)
/// and returns the evidence; `notes` gets one line per key that could not be read.
RegistryEvidence read_live_registry(platform::RegistryReader& reader, std::vector<std::string>& notes);

/// HKLM\HARDWARE\DESCRIPTION\System\BIOS (kBiosKey) → the device identity, mapped by the same
/// offline::apply_bios the .reg reader uses; an unreadable key makes both facts unknown with why.
BiosEvidence read_live_bios(platform::RegistryReader& reader, std::vector<std::string>& notes);


}  // namespace tpmready::collect
