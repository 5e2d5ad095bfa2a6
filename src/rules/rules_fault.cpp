// The network path, the service, and what Windows' own AIK enrolment did: the rules that decide
// who has to act after a failed attestation, the device or the service/network. They
// read the timeline (Windows event logs) and the `check --online` probes (Evidence.network).
#include <algorithm>

#include "rules/check_util.h"
#include "rules/checks.h"
#include "timeline/aik_ca.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

using timeline::TimelineEntry;

bool is_aik_event(const TimelineEntry& t) {
  return t.role == "aik_start" || t.role == "aik_result" || t.role == "identity_confirmed";
}

/// The last AIK enrolment outcome in the timeline: "success", "failure", or "" when none.
/// 169 "TPM identity confirmed" and a 251 returning a non-failure HRESULT are successes
/// (facts/field-2026-12.md §A.1: autopilotdiag.dll's message table).
std::pair<std::string, const TimelineEntry*> last_aik_outcome(const std::vector<TimelineEntry>& tl) {
  for (auto it = tl.rbegin(); it != tl.rend(); ++it) {
    if (it->role == "identity_confirmed") return {"success", &*it};
    if (it->role == "aik_result" && !it->code.empty())
      return {timeline::is_failure_code(it->code) ? "failure" : "success", &*it};
  }
  return {"", nullptr};
}

/// Whether the last AIK outcome is a success logged after `entry`.
bool succeeded_after(const std::vector<TimelineEntry>& tl, const TimelineEntry* entry) {
  auto [outcome, at] = last_aik_outcome(tl);
  return outcome == "success" && at > entry;
}

void add_entry(Finding& f, const TimelineEntry& t) {
  std::string fact = "event " + std::to_string(t.event_id) + (t.time.empty() ? "" : " at " + t.time);
  std::string value = t.summary + (t.url.empty() ? "" : " at " + t.url) + (t.code_meaning.empty() ? "" : " — " + t.code_meaning);
  add_evidence(f, t.input.empty() ? "event log:" + t.channel : t.input, fact, value);
}

std::string codes_of(const std::vector<const TimelineEntry*>& entries) {
  std::vector<std::string> codes;
  for (const auto* t : entries)
    if (!t->code.empty() && std::find(codes.begin(), codes.end(), t->code) == codes.end()) codes.push_back(t->code);
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ", ") + c;
  return out.empty() ? "no code" : out;
}

/// The probe reached the server and TLS itself failed (handshake or certificate): what a
/// TLS-inspecting proxy causes.
bool tls_failed(const EndpointProbe& p) {
  return !p.reachable && (p.failed_step == "TLS handshake" || p.failed_step == "certificate verification");
}

bool not_probed(const EndpointProbe& p) { return p.failed_step == "not probed"; }

/// "url (DNS)", "url (not probed)": an endpoint with where its probe stopped.
std::string with_step(const EndpointProbe& p) {
  return p.url + " (" + (p.failed_step.empty() ? std::string("not reached") : p.failed_step) + ")";
}

std::string join_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + i;
  return out;
}

void add_probe(Finding& f, const EndpointProbe& p) {
  std::string value = p.reachable ? "reachable (HTTP " + std::to_string(p.http_status) + ")" : "unreachable: " + p.error;
  if (!p.answer.empty()) value += "; answer: " + join_list(p.answer);
  if (!p.tls_issuer.empty()) value += "; TLS issuer: " + p.tls_issuer;
  add_evidence(f, "online probe:" + p.url, p.purpose.empty() ? p.url : p.purpose, value);
}

void add_proxy(Finding& f, const Evidence& e) {
  if (e.network && e.network->proxy.value) add_evidence(f, e.network->proxy.source, "proxy", *e.network->proxy.value);
}

/// What `check --online` did not probe of the device's AIK CA, and why: no URL in its events, or
/// URLs it would not contact. "" when there is nothing to say.
std::string aik_ca_untested(Finding& f, const NetworkEvidence& n) {
  for (const auto& u : n.aik_ca_refused) add_evidence(f, "online probe:AIK CA", "not contacted: " + u.url, u.reason);
  if (n.aik_ca_not_probed.empty()) return "";
  add_evidence(f, "online probe:AIK CA", "the device's AIK CA", "not probed: " + n.aik_ca_not_probed);
  return " The device's AIK CA was not probed: " + n.aik_ca_not_probed + ".";
}

/// Offline: the AIK CA URLs the device's events name that `check --online` on the device would
/// probe, as a sentence; "" when none.
std::string aik_ca_to_probe(const std::vector<TimelineEntry>& tl) {
  std::vector<std::string> urls;
  for (const auto& u : timeline::aik_ca_urls(tl))
    if (u.refused.empty()) urls.push_back(u.url);
  if (urls.empty()) return "";
  return " The device's events name its AIK CA (" + join_list(urls) +
         "): tpmready check --online on the device probes it.";
}

/// The rule the error-code table makes TLS validation failures evidence for (0x80072F8F:
/// facts/field-2026-12.md §B, §C.2). Windows reached the server there: not an unreachable endpoint.
constexpr std::string_view kTlsRule = "network.tls_not_intercepted";

/// Timeline entries whose code points to `side`.
std::vector<const TimelineEntry*> entries_on_side(const std::vector<TimelineEntry>& tl, std::string_view side) {
  std::vector<const TimelineEntry*> out;
  for (const auto& t : tl)
    if (t.side == side) out.push_back(&t);
  return out;
}

/// Where the entries failed, for the summary: the AIK CA URLs they name (CertEnroll 86/87, read
/// as the AIK CA probe reads them), then any other URL an entry names (Autopilot 710's target).
std::string urls_of(const std::vector<const TimelineEntry*>& entries) {
  std::vector<std::string> urls;
  for (const auto& u : timeline::aik_ca_urls(entries)) urls.push_back(u.url);
  for (const auto* t : entries)
    if (!t->url.empty() && std::none_of(urls.begin(), urls.end(), [&](const std::string& u) { return iequals(u, t->url); }))
      urls.push_back(t->url);
  return join_list(urls);
}

}  // namespace

Finding check_network_endpoints_reachable(Finding f, const Evidence& e, const RuleContext& ctx) {
  add_proxy(f, e);
  std::vector<std::string> down, skipped;
  bool probed = e.network && !e.network->probes.empty();
  if (probed) {
    for (const auto& p : e.network->probes) {
      add_probe(f, p);
      if (not_probed(p)) skipped.push_back(p.url);
      else if (!p.reachable && !tls_failed(p)) down.push_back(with_step(p));
    }
  }
  const std::string untested_aik_ca = e.network ? aik_ca_untested(f, *e.network) : "";
  // Events whose code points to the network (the WinINet/WinHTTP codes, facts/windows.md §9). TPM-WMI
  // 1538 is Device Health Attestation's path, not the AIK CA's: it does not count (field-2026-12.md §A.10).
  auto failed = entries_on_side(ctx.timeline, "network");
  std::erase_if(failed, [](const TimelineEntry* t) { return t->rule == kTlsRule; });
  for (const auto* t : failed) add_entry(f, *t);
  if (!down.empty()) {
    std::string summary = "The device could not reach: " + join_list(down) + ".";
    if (!skipped.empty()) summary += " Not probed, since the proxy was unreachable: " + join_list(skipped) + ".";
    return conclude(std::move(f), Status::Fail, summary);
  }
  if (!failed.empty()) {
    if (succeeded_after(ctx.timeline, failed.back()))
      return conclude(std::move(f), Status::Warn,
                      "Windows logged network errors (" + codes_of(failed) + ") but a later AIK enrolment succeeded.");
    const std::string where = urls_of(failed);
    return conclude(std::move(f), Status::Fail,
                    "Windows could not reach the attestation services (" + codes_of(failed) +
                        (where.empty() ? ", event log)." : " at " + where + ", event log)."));
  }
  if (probed) return conclude(std::move(f), Status::Pass, "Every attestation endpoint probed answered." + untested_aik_ca);
  const std::string hint = e.network ? "" : aik_ca_to_probe(ctx.timeline);
  if (last_aik_outcome(ctx.timeline).first == "success")
    return conclude(std::move(f), Status::Pass,
                    "Implied by the event log: Windows' AIK enrolment reached the service." + hint);
  return conclude(std::move(f), Status::NotApplicable,
                  "Not tested: no online probes (tpmready check --online) and no network errors in the event logs." +
                      hint);
}

Finding check_network_tls_not_intercepted(Finding f, const Evidence& e, const RuleContext& ctx) {
  // Windows' own TLS failures: the codes the error-code table makes evidence for this rule
  // (0x80072F8F, WinHTTP's "secure failure": a TLS-inspecting proxy or a wrong clock, MS-HAADJ),
  // in the AIK CA's CertEnroll 86/87 answers and Autopilot's AIK results.
  std::vector<const TimelineEntry*> tls;
  for (const auto& t : ctx.timeline)
    if (t.rule == f.id) tls.push_back(&t);
  const bool probed = e.network && !e.network->probes.empty();
  if (!probed && tls.empty())
    return conclude(std::move(f), Status::NotApplicable,
                    "Not tested: no online probes (tpmready check --online) and no TLS failures in the event logs.");
  add_proxy(f, e);
  // Only a completed handshake shows TLS was not intercepted; a probe that stopped before TLS
  // (DNS, connect, a dead proxy) or did not run tested nothing.
  std::vector<std::string> broken, completed, untested;
  if (probed) {
    for (const auto& p : e.network->probes) {
      add_probe(f, p);
      if (tls_failed(p)) broken.push_back(p.url + (p.tls_issuer.empty() ? "" : " (issuer " + p.tls_issuer + ")"));
      else if (p.reachable) completed.push_back(p.url);
      else untested.push_back(with_step(p));
    }
  }
  const std::string untested_aik_ca = probed ? aik_ca_untested(f, *e.network) : "";
  for (const auto* t : tls) add_entry(f, *t);
  if (!broken.empty())
    return conclude(std::move(f), Status::Fail,
                    "TLS to " + join_list(broken) +
                        " failed: a proxy presenting its own certificate (TLS inspection) is the usual cause.");
  if (!tls.empty()) {
    const std::string where = urls_of(tls);
    const std::string what = "Windows rejected the TLS certificate of " +
                             (where.empty() ? std::string("the attestation service") : where) + " (" + codes_of(tls) + ")";
    if (succeeded_after(ctx.timeline, tls.back()))
      return conclude(std::move(f), Status::Warn, what + ", but a later AIK enrolment succeeded.");
    return conclude(std::move(f), Status::Fail,
                    what + ": a proxy inspecting TLS (it presents its own certificate), or a device clock so wrong "
                           "that valid certificates fail to verify.");
  }
  if (untested.empty())
    return conclude(std::move(f), Status::Pass, "TLS to every probed endpoint completed." + untested_aik_ca);
  std::string summary = "Not tested: no TLS handshake with " + join_list(untested) + ".";
  if (!completed.empty()) summary += " TLS completed with " + join_list(completed) + ".";
  return conclude(std::move(f), Status::Unknown, summary);
}

Finding check_service_aik_responded(Finding f, const Evidence&, const RuleContext& ctx) {
  // A device that cannot reach the service gets no answer either: network errors count here
  // too, so the chain runs network → service → Windows' failed attempt. A timeout whose side the
  // code alone does not decide (0x800705B4) counts as no answer; the fault side then weighs the
  // device causes of the same code before blaming the service.
  std::vector<const TimelineEntry*> failed;
  for (const auto& t : ctx.timeline)
    if (t.side == "service" || t.side == "network" || is_undecided_timeout(t.code))
      failed.push_back(&t);
  for (const auto* t : failed) add_entry(f, *t);
  if (!failed.empty()) {
    if (succeeded_after(ctx.timeline, failed.back()))
      return conclude(std::move(f), Status::Warn,
                      "The service failed earlier attempts (" + codes_of(failed) + ") but a later AIK enrolment succeeded.");
    return conclude(std::move(f), Status::Fail,
                    "The attestation service timed out or failed (" + codes_of(failed) + ") on " +
                        std::to_string(failed.size()) + " attempt(s), and no later attempt succeeded.");
  }
  if (last_aik_outcome(ctx.timeline).first == "success")
    return conclude(std::move(f), Status::Pass, "Windows' AIK enrolment got its certificate from the service.");
  return conclude(std::move(f), Status::NotApplicable, "The event logs show no timeout or HTTP 5xx from the service.");
}

Finding check_attestation_aik_enrolled(Finding f, const Evidence&, const RuleContext& ctx) {
  std::vector<const TimelineEntry*> aik;
  for (const auto& t : ctx.timeline)
    if (is_aik_event(t)) aik.push_back(&t);
  if (aik.empty())
    return conclude(std::move(f), Status::NotApplicable,
                    "No Autopilot AIK enrolment events in the evidence (MdmDiagnosticsTool -area Autopilot;TPM collects them).");
  for (const auto* t : aik) add_entry(f, *t);
  auto attempts = std::count_if(aik.begin(), aik.end(), [](const auto* t) { return t->role == "aik_start"; });
  std::string tries = attempts > 1 ? " Windows tried " + std::to_string(attempts) + " times." : "";
  auto [outcome, last] = last_aik_outcome(ctx.timeline);
  if (outcome == "success") return conclude(std::move(f), Status::Pass, "Windows enrolled its AIK certificate." + tries);
  if (outcome == "failure") {
    std::string meaning = last->code_meaning;
    if (!meaning.empty() && meaning.back() == '.') meaning.pop_back();
    if (!meaning.empty()) meaning = " (" + meaning + ")";
    return conclude(std::move(f), Status::Fail, "Windows' AIK enrolment failed: the last attempt returned " + last->code +
                                                    meaning + "." + tries);
  }
  return conclude(std::move(f), Status::Warn, "Windows started AIK enrolment but the logs hold no result." + tries);
}

}  // namespace tpmready::rules
