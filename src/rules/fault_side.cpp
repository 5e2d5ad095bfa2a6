#include "rules/fault_side.h"

#include <algorithm>
#include <set>

#include "explain/error_codes.h"
#include "rules/check_util.h"
#include "rules/table.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

FaultSide side_of(const std::string& id) {
  const Rule* r = find_rule(id);
  return r ? r->side : FaultSide::Outcome;
}

std::vector<std::string> roots_on(const std::vector<RootCause>& roots, FaultSide side) {
  std::vector<std::string> out;
  for (const auto& r : roots)
    if (side_of(r.id) == side) out.push_back(r.id);
  return out;
}

/// A failing rule among `id`'s causal ancestors.
bool below_a_failure(const FindingSet& findings, const std::string& id) {
  std::vector<std::string> queue{id};
  std::set<std::string> seen{id};
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const Rule* r = find_rule(queue[i]);
    if (!r) continue;
    for (auto p : r->parents) {
      if (!seen.insert(std::string(p)).second) continue;
      const Finding* f = findings.find(p);
      if (f && f->status == Status::Fail) return true;
      queue.emplace_back(p);
    }
  }
  return false;
}

/// Codes in the timeline that point away from the device, or may (an undecided timeout), once each.
std::vector<std::string> off_device_codes(const std::vector<timeline::TimelineEntry>& tl) {
  std::vector<std::string> out;
  for (const auto& t : tl)
    if ((t.side == "service" || t.side == "network" || is_undecided_timeout(t.code)) &&
        std::find(out.begin(), out.end(), t.code) == out.end())
      out.push_back(t.code);
  return out;
}

/// Device rules the explain table names as usual causes of `codes` whose findings are unknown:
/// while they are, a timeout may still be the device's (0x800705B4 on a VM, facts §3). One below a
/// failing rule is not: its failure would be that rule's consequence (an EK certificate missing
/// because the firmware TPM's download failed), not a device fault of its own.
std::vector<std::string> undecided_device_causes(const FindingSet& findings, const std::vector<std::string>& codes) {
  std::vector<std::string> out;
  for (const auto& code : codes) {
    auto parsed = explain::parse_code(code);
    const explain::ErrorCodeInfo* row = parsed ? explain::find_code(parsed->value) : nullptr;
    if (!row) continue;
    for (const auto& id : row->root_causes) {
      const Finding* f = findings.find(id);
      if (f && f->status == Status::Unknown && side_of(id) == FaultSide::Device && !below_a_failure(findings, id) &&
          std::find(out.begin(), out.end(), id) == out.end())
        out.push_back(id);
    }
  }
  return out;
}

/// The advice points at the root cause's fix instead of repeating it: a report shows each fix
/// once, with its root cause.
std::string the_fix_for(const std::string& id) { return "the fix for " + id; }

FaultAnalysis off_device(const FindingSet& findings, const std::vector<std::string>& ids, std::string side,
                         const std::vector<timeline::TimelineEntry>& tl) {
  FaultAnalysis a;
  auto codes = off_device_codes(tl);
  // A wrong clock counts as network-side (table.cpp, clock.sane) but is named for what it is.
  const bool clock = ids.front() == "clock.sane";
  std::string what = clock ? "the device's time sync" : side == "network" ? "the network path" : "Microsoft's attestation service";
  a.reason = "Root cause on " + what + ": " + join(ids, ", ") +
             (codes.empty() ? "" : " (codes " + join(codes, ", ") + ")") +
             "; no device requirement fails.";
  auto undecided = undecided_device_causes(findings, codes);
  if (!undecided.empty()) {
    a.reason += " But these device causes of the same codes are unknown in the evidence: " + join(undecided, ", ") +
                " — the fault side stays open until they are checked.";
    a.advice = "Run tpmready check on the device (or give its tpmtool output and registry exports) to rule out: " +
               join(undecided, ", ") + ".";
    return a;
  }
  a.side = std::move(side);
  a.advice = clock                ? "Fix the clock: apply " + the_fix_for(ids.front()) + "."
             : a.side == "network" ? "Fix the proxy/network: apply " + the_fix_for(ids.front()) + "."
                                   : "Retry later: if it fails again, follow " + the_fix_for(ids.front()) + ".";
  return a;
}

}  // namespace

FaultAnalysis decide_fault_side(const FindingSet& findings, const std::vector<RootCause>& roots,
                                const std::vector<timeline::TimelineEntry>& timeline) {
  FaultAnalysis a;
  if (roots.empty()) {
    a.reason = "Nothing failed: there is no fault to attribute.";
    return a;
  }
  if (auto device = roots_on(roots, FaultSide::Device); !device.empty()) {
    a.side = "device";
    a.reason = "Root cause on the device: " + join(device, ", ") + ". A retry cannot help until it is fixed.";
    auto off = roots_on(roots, FaultSide::Service);
    auto net = roots_on(roots, FaultSide::Network);
    off.insert(off.end(), net.begin(), net.end());
    auto codes = off_device_codes(timeline);
    if (!off.empty() || !codes.empty())
      a.reason += " The evidence also points at the service or network (" + join(off.empty() ? codes : off, ", ") +
                  "), but a device root cause comes first: those errors can be its consequence, and they recur until "
                  "it is fixed.";
    a.advice = "Fix the device: apply " + the_fix_for(device.front()) + ", then try again.";
    return a;
  }
  // The tenant's Autopilot configuration next: without a registration and a profile there is no
  // attestation, and nothing on the network or the service can change that.
  if (auto config = roots_on(roots, FaultSide::Configuration); !config.empty()) {
    a.side = "configuration";
    a.reason = "Root cause in the Autopilot configuration (registration, profile assignment): " + join(config, ", ") +
               ". A retry cannot help until it is changed in Intune.";
    a.advice = "Fix the Autopilot configuration: apply " + the_fix_for(config.front()) + ", then start OOBE again.";
    return a;
  }
  if (auto net = roots_on(roots, FaultSide::Network); !net.empty()) return off_device(findings, net, "network", timeline);
  if (auto svc = roots_on(roots, FaultSide::Service); !svc.empty()) return off_device(findings, svc, "service", timeline);
  a.reason = "Windows' attempt failed (" + join(roots_on(roots, FaultSide::Outcome), ", ") +
             ") but no device, service or network finding explains it.";
  a.advice = "Follow " + the_fix_for(roots.front().id) + ".";
  return a;
}

}  // namespace tpmready::rules
