// Measured-boot log and clock rules.
#include <ctime>
#include <optional>

#include "rules/check_util.h"
#include "util/utc_time.h"
#include "rules/checks.h"

namespace tpmready::rules {

Finding check_eventlog_present(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.eventlog && e.eventlog->present.value) {
    const auto& p = e.eventlog->present;
    add_evidence(f, p.source, "TCG event log", *p.value ? "present" : "absent");
    if (*p.value && e.eventlog->parses.value && !*e.eventlog->parses.value) {
      add_evidence(f, e.eventlog->parses.source, "parses", "no: " + e.eventlog->parse_error);
      return conclude(std::move(f), Status::Fail, "A TCG log exists but is structurally broken: " + e.eventlog->parse_error);
    }
    if (*p.value) return conclude(std::move(f), Status::Pass, "The measured-boot log is present and parses.");
    return conclude(std::move(f), Status::Fail,
                    "No measured-boot log: Windows reports INFORMATION_TCG_EVENT_LOG and is not ready for attestation." +
                        (p.unknown_reason ? " " + *p.unknown_reason : std::string()));
  }
  if (e.windows) {
    const auto& wbcl = e.windows->registry.wbcl;
    if (wbcl.exists.value) {
      add_evidence(f, wbcl.exists.source, "HKLM\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices WBCL", reg_text(wbcl));
      return conclude(std::move(f), *wbcl.exists.value ? Status::Pass : Status::Fail,
                      *wbcl.exists.value ? "Windows holds the current boot's TCG log (WBCL)."
                                         : "The WBCL value is missing: Windows reports INFORMATION_TCG_EVENT_LOG.");
    }
    if (tpmtool_flag(e, "INFORMATION_TCG_EVENT_LOG")) {
      add_evidence(f, e.windows->tpmtool.information_flags.source, "Information Flags", "INFORMATION_TCG_EVENT_LOG");
      return conclude(std::move(f), Status::Fail, "tpmtool reports INFORMATION_TCG_EVENT_LOG: the TCG log is empty or unreadable.");
    }
    if (tpmtool_flags_exclude(e, "INFORMATION_TCG_EVENT_LOG")) {
      add_evidence(f, e.windows->tpmtool.information_flags.source, "Information Flags", "no INFORMATION_TCG_EVENT_LOG",
                   "Windows lists INFORMATION_TCG_EVENT_LOG when it cannot read the log");
      cite(f, "facts/windows.md §1, §4.1");
      return conclude(std::move(f), Status::Pass, "Implied by tpmtool: its information flags do not report a missing log.");
    }
    const auto& rfa = e.windows->tpmtool.ready_for_attestation;
    if (rfa.value && *rfa.value) {
      add_evidence(f, rfa.source, "Ready For Attestation", "True",
                   "IsReadyForAttestation fails when Tbsi_Get_TCG_Log returns no log");
      cite(f, "facts/windows.md §1");
      return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
    }
  }
  if (e.eventlog && e.eventlog->present.unknown_reason) {
    add_evidence(f, e.eventlog->present.source, "TCG event log", "unknown");
    return conclude(std::move(f), Status::Unknown, *e.eventlog->present.unknown_reason);
  }
  return conclude(std::move(f), Status::Unknown, "No measured-boot log evidence was given.");
}

Finding check_eventlog_replay_matches(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (!e.eventlog || !e.eventlog->replay_matches.value) {
    return conclude(std::move(f), Status::NotApplicable,
                    "No log and PCR values to compare in the evidence (the attestation service does this comparison; "
                    "run tpmready eventlog --live --replay on the device to check it).");
  }
  const auto& m = e.eventlog->replay_matches;
  std::string pcrs;
  for (unsigned p : e.eventlog->mismatched_pcrs) pcrs += (pcrs.empty() ? "" : ", ") + std::to_string(p);
  add_evidence(f, m.source, "replay equals PCRs", *m.value ? "yes" : "no (PCR " + pcrs + ")");
  return conclude(std::move(f), *m.value ? Status::Pass : Status::Fail,
                  *m.value ? "The log replays to the TPM's PCR values."
                           : "The log does not replay to the TPM's PCRs " + pcrs + ": the attestation service would reject it.");
}

namespace {

/// Offline there is no device clock, but event records carry it: an event stamped before the EK
/// certificate was issued was logged by a clock that was behind (facts/windows.md §3, clock skew).
std::optional<Finding> clock_from_events(Finding& f, const RuleContext& ctx) {
  for (const auto& t : ctx.timeline) {
    auto logged = parse_utc_rfc3339(t.time.substr(0, 19) + "Z");
    if (!logged) continue;
    for (const auto& c : ctx.ek.certificates) {
      if (!c.cert || *logged >= c.cert->not_before) continue;
      add_evidence(f, t.input.empty() ? "event log:" + t.channel : t.input, "event " + std::to_string(t.event_id) + " logged at", t.time);
      add_evidence(f, c.blob.source, "EK certificate notBefore", utc_rfc3339(c.cert->not_before));
      return conclude(std::move(f), Status::Fail,
                      "Windows logged events at " + t.time + ", before the EK certificate was issued (" +
                          utc_rfc3339(c.cert->not_before) + "): the device clock was wrong.");
    }
    break;  // the earliest timed event decides
  }
  return std::nullopt;
}

}  // namespace

Finding check_clock_sane(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (!e.system_time.value) {
    if (auto from_events = clock_from_events(f, ctx)) return std::move(*from_events);
    return conclude(std::move(f), Status::NotApplicable,
                    "The device's clock at collection time is not in the evidence (offline files carry none).");
  }
  std::int64_t now = *e.system_time.value;
  add_evidence(f, e.system_time.source, "system time (UTC)", std::to_string(now));
  // A clock before this build of tpmready existed is certainly wrong; one before the EK
  // certificate was issued is too (its notBefore is the issuer's clock, usually years earlier).
  constexpr std::int64_t kBuildEpoch = 1764115200;  // 2025-11-26T00:00:00Z, a date before this build
  if (now < kBuildEpoch) {
    return conclude(std::move(f), Status::Fail, "The system clock is before this tpmready build was made: it is wrong.");
  }
  for (const auto& c : ctx.ek.certificates) {
    if (c.cert && now < c.cert->not_before) {
      add_evidence(f, c.blob.source, "EK certificate notBefore", utc_rfc3339(c.cert->not_before));
      return conclude(std::move(f), Status::Fail, "The system clock is before the EK certificate's issue date: it is wrong.");
    }
  }
  return conclude(std::move(f), Status::Pass, "The system clock is plausible.");
}

Finding check_secureboot_state_recorded(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.eventlog && e.eventlog->secure_boot_enabled.value) {
    const auto& sb = e.eventlog->secure_boot_enabled;
    const bool on = *sb.value;
    add_evidence(f, sb.source, "SecureBoot variable (PCR 7)", on ? "1 (on)" : "0 (off)");
    return conclude(std::move(f), Status::Pass,
                    std::string("Secure Boot is ") + (on ? "on" : "off") +
                        " (the boot log's SecureBoot variable). Device association binds the device's identity: "
                        "turning Secure Boot " +
                        (on ? "off" : "on") +
                        " or resetting the firmware settings changes it, and the device must be pre-associated "
                        "again.");
  }
  const bool log_read = e.eventlog && e.eventlog->present.value && *e.eventlog->present.value;
  return conclude(std::move(f), Status::Unknown,
                  log_read ? "The boot log has no SecureBoot variable event, so the Secure Boot state is not recorded."
                           : "The Secure Boot state is not in the evidence (the measured-boot log records it).");
}

}  // namespace tpmready::rules
