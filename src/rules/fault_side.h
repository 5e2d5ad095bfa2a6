#pragma once
/// Device fault or service/network fault: who has to act after a failed attestation.
///
/// Precedence (documented in docs/timeline.md):
///  1. a root cause on the device wins: a retry cannot help until it is fixed, and service-side
///     symptoms (timeouts, HTTP 400) are often its consequence (0x800705B4 on a VM, HTTP 400 for
///     an RSA-3072 EK; facts/windows.md §3, §9, §11);
///  2. else a configuration root cause (no Autopilot registration or profile: changed in Intune,
///     and no attestation happens until it is);
///  3. else a network root cause (the service cannot answer a device that cannot reach it);
///  4. else a service root cause (retry later);
///  5. else "unknown": nothing failed, or Windows' attempt failed and nothing explains it.
/// A network/service verdict becomes "unknown" when the error codes' usual device causes (the
/// explain table's root_causes) are themselves unknown in the evidence.
#include <string>
#include <vector>

#include "rules/engine.h"
#include "rules/finding.h"
#include "timeline/timeline.h"

namespace tpmready::rules {

struct FaultAnalysis {
  std::string side = "unknown";  ///< "device", "configuration", "service", "network", "unknown"
  std::string reason;            ///< why, naming the findings and timeline codes used
  std::string advice;            ///< what to do: fix the device / fix the proxy or network / retry later
};

FaultAnalysis decide_fault_side(const FindingSet& findings, const std::vector<RootCause>& roots,
                                const std::vector<timeline::TimelineEntry>& timeline);

}  // namespace tpmready::rules
