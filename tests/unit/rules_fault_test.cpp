// The fault-side rules (network, TLS, service, Windows' AIK enrolment) over hand-built event
// records and online probes, each with a pass and a fail case; then the device/service/network
// decision and its precedence.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include "cert/chain.h"
#include "rules/table.h"
#include "rules/fault_side.h"
#include "rules/rules.h"

using namespace tpmready;
using namespace tpmready::rules;

namespace {

constexpr std::int64_t kNow = 1795000000;

WindowsEvent autopilot(std::string time, std::uint32_t id, std::string text = "") {
  WindowsEvent e;
  e.time = std::move(time);
  e.channel = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot";
  e.event_id = id;
  if (!text.empty()) e.data["Data1"] = std::move(text);
  e.source = "Autopilot.evtx#record " + std::to_string(id);
  return e;
}

/// Two attempts, both ending with `code`.
Evidence attempts_failing_with(const std::string& code) {
  Evidence e;
  e.events = {autopilot("2024-05-01T10:00:00Z", 250), autopilot("2024-05-01T10:05:00Z", 251, "HRESULT = " + code),
              autopilot("2024-05-01T10:06:00Z", 250), autopilot("2024-05-01T10:11:00Z", 251, "HRESULT = " + code)};
  return e;
}

Evidence with_success_after(Evidence e) {
  e.events.push_back(autopilot("2024-05-01T10:20:00Z", 250));
  e.events.push_back(autopilot("2024-05-01T10:21:00Z", 251, "HRESULT = 0x00000000"));
  e.events.push_back(autopilot("2024-05-01T10:21:01Z", 169));
  return e;
}

EndpointProbe probe(std::string url, bool reachable, std::string step = "", std::string error = "",
                    std::string issuer = "") {
  EndpointProbe p;
  p.url = std::move(url);
  p.purpose = "test";
  p.reachable = reachable;
  p.http_status = reachable ? 200 : 0;
  p.failed_step = std::move(step);
  p.error = std::move(error);
  p.tls_issuer = std::move(issuer);
  return p;
}

Evidence with_probes(std::vector<EndpointProbe> probes) {
  Evidence e;
  NetworkEvidence n;
  n.proxy = Fact<std::string>::known("http://proxy.corp:8080", "winhttp:proxy");
  n.probes = std::move(probes);
  e.network = n;
  return e;
}

/// Runs one rule's check through its table entry.
Finding run(std::string_view id, const Evidence& e) {
  cert::CaStore none;
  return run_check(*find_rule(id), e, make_context(e, none, kNow));
}

}  // namespace

TEST(RuleAikEnrolled, FailsOnTheLastFailedAttemptPassesOnSuccessNotApplicableWithoutEvents) {
  auto failed = run("attestation.aik_enrolled", attempts_failing_with("0x81039001"));
  EXPECT_EQ(failed.status, rules::Status::Fail);
  EXPECT_NE(failed.summary.find("0x81039001"), std::string::npos) << failed.summary;
  EXPECT_NE(failed.summary.find("tried 2 times"), std::string::npos) << failed.summary;
  EXPECT_EQ(run("attestation.aik_enrolled", with_success_after(attempts_failing_with("0x81039001"))).status, rules::Status::Pass);
  EXPECT_EQ(run("attestation.aik_enrolled", Evidence{}).status, rules::Status::NotApplicable);
}

TEST(RuleServiceAikResponded, FailsOnTimeoutsWarnsWhenALaterAttemptSucceeded) {
  // The OOBE page's 7-minute timer: no answer came (whose fault it was, the fault side decides).
  EXPECT_EQ(run("service.aik_responded", attempts_failing_with("0x800705B4")).status, rules::Status::Fail);
  EXPECT_EQ(run("service.aik_responded", attempts_failing_with("0x801901F7")).status, rules::Status::Fail);  // HTTP 503
  EXPECT_EQ(run("service.aik_responded", with_success_after(attempts_failing_with("0x800705B4"))).status, rules::Status::Warn);
  // An OS bug fixed by a Windows update (KB5013942/KB5013943) is not the service failing.
  EXPECT_EQ(run("service.aik_responded", attempts_failing_with("0x81039023")).status, rules::Status::NotApplicable);
  EXPECT_EQ(run("service.aik_responded", with_success_after(Evidence{})).status, rules::Status::Pass);
  // No answer because the device could not reach the service: fails too (network is its parent).
  EXPECT_EQ(run("service.aik_responded", attempts_failing_with("0x80072EE7")).status, rules::Status::Fail);
  // HTTP 400 without the service's answer text says nothing about the side.
  EXPECT_EQ(run("service.aik_responded", attempts_failing_with("0x80190190")).status, rules::Status::NotApplicable);
}

TEST(RuleNetworkEndpointsReachable, FailsOnUnreachableProbesOrNetworkCodesPassesWhenAllAnswer) {
  auto down = run("network.endpoints_reachable",
                  with_probes({probe("https://ztd.dds.microsoft.com", true), probe("https://x.microsoftaik.azure.net", false, "connect", "connect: timed out")}));
  EXPECT_EQ(down.status, rules::Status::Fail);
  EXPECT_NE(down.summary.find("x.microsoftaik.azure.net"), std::string::npos);
  EXPECT_EQ(run("network.endpoints_reachable", attempts_failing_with("0x80072EE7")).status, rules::Status::Fail);
  EXPECT_EQ(run("network.endpoints_reachable", with_probes({probe("https://ztd.dds.microsoft.com", true)})).status,
            rules::Status::Pass);
  EXPECT_EQ(run("network.endpoints_reachable", Evidence{}).status, rules::Status::NotApplicable);
  // A TLS failure is the interception rule's, not an unreachable endpoint.
  EXPECT_EQ(run("network.endpoints_reachable",
                with_probes({probe("https://ztd.dds.microsoft.com", false, "certificate verification", "certificate verification: failed", "Corp Proxy CA")}))
                .status,
            rules::Status::Pass);
}

TEST(RuleNetworkTlsNotIntercepted, FailsWhenTheTlsStepFailsPassesWhenItCompletes) {
  auto f = run("network.tls_not_intercepted",
               with_probes({probe("https://ztd.dds.microsoft.com", false, "certificate verification", "certificate verification: failed", "Corp Proxy CA")}));
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("Corp Proxy CA"), std::string::npos);
  bool proxy_shown = false;
  for (const auto& ev : f.evidence) proxy_shown = proxy_shown || ev.value == "http://proxy.corp:8080";
  EXPECT_TRUE(proxy_shown);
  EXPECT_EQ(run("network.tls_not_intercepted", with_probes({probe("https://ztd.dds.microsoft.com", true)})).status,
            rules::Status::Pass);
  EXPECT_EQ(run("network.tls_not_intercepted", Evidence{}).status, rules::Status::NotApplicable);
}

TEST(RuleNetworkTlsNotIntercepted, UnknownWhenNoHandshakeHappenedNeverPass) {
  for (const char* step : {"DNS", "connect", "proxy", "timeout", "not probed", ""}) {  // "": an older bundle
    auto f = run("network.tls_not_intercepted",
                 with_probes({probe("https://ztd.dds.microsoft.com", true), probe("https://login.live.com", false, step)}));
    EXPECT_EQ(f.status, rules::Status::Unknown) << step;
    EXPECT_NE(f.summary.find("Not tested: no TLS handshake with https://login.live.com"), std::string::npos) << f.summary;
    EXPECT_NE(f.summary.find("TLS completed with https://ztd.dds.microsoft.com"), std::string::npos) << f.summary;
  }
}

TEST(RuleNetworkEndpointsReachable, ProbesSkippedBehindADeadProxyAreNamedNotCountedAsReached) {
  auto f = run("network.endpoints_reachable",
               with_probes({probe("https://ztd.dds.microsoft.com", false, "proxy", "connect: refused"),
                            probe("https://login.live.com", false, "not probed", "not probed: ...")}));
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_EQ(f.summary, "The device could not reach: https://ztd.dds.microsoft.com (proxy). Not probed, since the "
                       "proxy was unreachable: https://login.live.com.");
}

namespace {

constexpr const char* kIfxAikCa = "https://IFX-KeyId-0123456789abcdef.microsoftaik.azure.net/templates/Aik/scep";

/// CertEnroll 86/87 as the Application log holds it: unnamed insertion strings %1 (subject),
/// %2 (the AIK CA URL), %3 (the service's answer or the client's error) — facts/field-2026-12.md §A.5.
WindowsEvent certenroll(std::string time, std::uint32_t id, std::string answer) {
  WindowsEvent e;
  e.time = std::move(time);
  e.channel = "Application";
  e.provider = "Microsoft-Windows-CertificateServicesClient-CertEnroll";
  e.event_id = id;
  e.level = 2;
  e.data = {{"Data1", "Local system"}, {"Data2", kIfxAikCa}, {"Data3", std::move(answer)}};
  e.source = "application.evtx#record " + std::to_string(id);
  return e;
}

}  // namespace

TEST(RuleNetworkTlsNotIntercepted, WindowsOwnTlsFailureAtTheAikCaFailsItNotReachability) {
  Evidence e;
  e.events = {certenroll("2024-05-01T10:00:00Z", 86, "0x80072f8f (WinHttp: 12175 ERROR_WINHTTP_SECURE_FAILURE)")};
  auto tls = run("network.tls_not_intercepted", e);
  EXPECT_EQ(tls.status, rules::Status::Fail);
  EXPECT_NE(tls.summary.find(kIfxAikCa), std::string::npos) << tls.summary;
  EXPECT_NE(tls.summary.find("0x80072F8F"), std::string::npos) << tls.summary;
  // The device reached the AIK CA: reachability is not what failed.
  EXPECT_EQ(run("network.endpoints_reachable", e).status, rules::Status::NotApplicable);
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  ASSERT_EQ(r.root_causes.size(), 1u);
  EXPECT_EQ(r.root_causes[0].id, "network.tls_not_intercepted");
  EXPECT_EQ(r.fault.side, "network");
  // A later successful enrolment turns it into a remark.
  EXPECT_EQ(run("network.tls_not_intercepted", with_success_after(e)).status, rules::Status::Warn);
}

TEST(RuleNetworkEndpointsReachable, AikCaConnectionErrorsNameTheUrl) {
  Evidence e;
  e.events = {certenroll("2026-11-27T10:00:00Z", 87, "0x80072efd (WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT)")};
  auto f = run("network.endpoints_reachable", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find(kIfxAikCa), std::string::npos) << f.summary;
  EXPECT_EQ(run("network.tls_not_intercepted", e).status, rules::Status::NotApplicable);
}

TEST(RuleNetworkTlsNotIntercepted, AWrongClockIsTheRootOfTheTlsFailure) {
  // Events stamped before the EK certificate was issued (a reset RTC) and a TLS failure at the AIK CA.
  std::ifstream in(std::string(TPMREADY_TEST_DATA) + "/cert/hirs-stm-nuc1-ek_cert_7_byte_header_removed.der",
                   std::ios::binary);
  Bytes der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(der.empty());
  Evidence e;
  e.ek.certificates.push_back({"file:ek.der", der, std::nullopt});
  e.events = {certenroll("2009-01-01T00:05:00Z", 86, "0x80072f8f (WinHttp: 12175 ERROR_WINHTTP_SECURE_FAILURE)")};
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  std::vector<std::string> roots;
  for (const auto& rc : r.root_causes) roots.push_back(rc.id);
  EXPECT_NE(std::find(roots.begin(), roots.end(), "clock.sane"), roots.end());
  EXPECT_EQ(std::find(roots.begin(), roots.end(), "network.tls_not_intercepted"), roots.end());
}

namespace {

Finding finding(std::string id, rules::Status s) {
  Finding f = [&] {
    Finding x;
    x.id = id;
    if (const Rule* r = find_rule(id)) x.fix.text = r->fix;
    return x;
  }();
  f.status = s;
  return f;
}

timeline::TimelineEntry coded(std::string code, std::string side) {
  timeline::TimelineEntry t;
  t.code = std::move(code);
  t.side = std::move(side);
  return t;
}

}  // namespace

TEST(FaultSide, DeviceRootCauseWinsOverServiceErrors) {
  std::vector<Finding> fs = {finding("win.eula_accepted", rules::Status::Fail), finding("service.aik_responded", rules::Status::Fail)};
  std::vector<RootCause> roots = {{"win.eula_accepted", {}}, {"service.aik_responded", {}}};
  auto a = decide_fault_side(fs, roots, {coded("0x801901F7", "service")});
  EXPECT_EQ(a.side, "device");
  EXPECT_NE(a.reason.find("service.aik_responded"), std::string::npos) << a.reason;
  EXPECT_EQ(a.advice, "Fix the device: apply the fix for win.eula_accepted, then try again.");
}

TEST(FaultSide, TheAdviceNamesTheFixWithoutRepeatingIt) {
  // The report shows each fix once, under its root cause: the advice points there.
  std::vector<Finding> fs = {finding("win.eula_accepted", rules::Status::Fail)};
  auto a = decide_fault_side(fs, {{"win.eula_accepted", {}}}, {});
  ASSERT_FALSE(fs[0].fix.text.empty());
  EXPECT_EQ(a.advice.find(fs[0].fix.text), std::string::npos) << a.advice;
  EXPECT_NE(a.advice.find("win.eula_accepted"), std::string::npos) << a.advice;
}

TEST(FaultSide, ServiceWhenTheDeviceIsOtherwiseFine) {
  std::vector<Finding> fs = {finding("tpm.version_2_0", rules::Status::Pass), finding("tpm.not_virtual", rules::Status::Pass),
                             finding("service.aik_responded", rules::Status::Fail)};
  // The timeline leaves the 7-minute timer's side open (""): the evidence decides.
  auto a = decide_fault_side(fs, {{"service.aik_responded", {}}}, {coded("0x800705B4", "")});
  EXPECT_EQ(a.side, "service");
  EXPECT_EQ(a.advice.rfind("Retry later: ", 0), 0u) << a.advice;
}

TEST(FaultSide, ServiceErrorWithTheDeviceCauseUndecidedIsUnknown) {
  // 0x800705B4 in self-deploying mode is often a device without TPM 2.0 (facts/windows.md §3).
  std::vector<Finding> fs = {finding("tpm.version_2_0", rules::Status::Unknown), finding("service.aik_responded", rules::Status::Fail)};
  auto a = decide_fault_side(fs, {{"service.aik_responded", {}}}, {coded("0x800705B4", "")});
  EXPECT_EQ(a.side, "unknown");
  EXPECT_NE(a.reason.find("tpm.version_2_0"), std::string::npos) << a.reason;
}

TEST(FaultSide, NetworkBeforeServiceAndNothingFailedIsUnknown) {
  std::vector<Finding> fs = {finding("network.endpoints_reachable", rules::Status::Fail), finding("service.aik_responded", rules::Status::Fail)};
  auto a = decide_fault_side(fs, {{"network.endpoints_reachable", {}}, {"service.aik_responded", {}}}, {});
  EXPECT_EQ(a.side, "network");
  EXPECT_EQ(a.advice.rfind("Fix the proxy/network: ", 0), 0u) << a.advice;
  EXPECT_EQ(decide_fault_side({}, {}, {}).side, "unknown");
  const std::vector<rules::Finding> outcome{finding("attestation.aik_enrolled", rules::Status::Fail)};
  auto outcome_only = decide_fault_side(outcome, {{"attestation.aik_enrolled", {}}}, {});
  EXPECT_EQ(outcome_only.side, "unknown");
}

TEST(FaultSide, AWrongClockIsFixedByATimeSyncNotByTheOem) {
  std::vector<Finding> fs = {finding("tpm.not_virtual", rules::Status::Pass), finding("clock.sane", rules::Status::Fail),
                             finding("attestation.aik_enrolled", rules::Status::Fail)};
  auto a = decide_fault_side(fs, {{"clock.sane", {}}}, {coded("0x81039001", "unknown")});
  EXPECT_EQ(a.side, "network");
  EXPECT_NE(a.reason.find("time sync"), std::string::npos) << a.reason;
  EXPECT_EQ(a.advice, "Fix the clock: apply the fix for clock.sane.");
}

TEST(FaultSide, EveryCatalogueRuleHasASide) {
  int network = 0, service = 0, outcome = 0;
  for (const auto& r : rule_table()) {
    network += r.side == FaultSide::Network;
    service += r.side == FaultSide::Service;
    outcome += r.side == FaultSide::Outcome;
  }
  EXPECT_EQ(network, 4);  // network.endpoints_reachable, network.tls_not_intercepted, clock.sane, ek.cert.downloaded
  EXPECT_EQ(service, 1);
  EXPECT_EQ(outcome, 1);
  EXPECT_EQ(fault_side_name(FaultSide::Outcome), "unknown");
}

namespace {

/// The evidence values of a finding, one string, to search in.
std::string evidence_text(const Finding& f) {
  std::string out;
  for (const auto& ev : f.evidence) out += ev.source + " | " + ev.fact + " | " + ev.value + "\n";
  return out;
}

}  // namespace

TEST(RuleNetworkEndpointsReachable, OfflineTheAikCaTheEventsNameIsLeftForCheckOnline) {
  // analyze of files never probes: the report names the AIK CA the device's events name, and
  // how to probe it.
  Evidence e;
  WindowsEvent ok = certenroll("2026-11-27T10:00:00Z", 88, "");
  ok.data.erase("Data3");
  e.events = {ok};
  auto f = run("network.endpoints_reachable", e);
  EXPECT_EQ(f.status, rules::Status::NotApplicable);
  EXPECT_NE(f.summary.find(std::string("The device's events name its AIK CA (") + kIfxAikCa +
                           "): tpmready check --online on the device probes it."),
            std::string::npos)
      << f.summary;
  // A URL check --online would not contact is not promised to be probed.
  e.events[0].data["Data2"] = "http://IFX-KeyId-1.microsoftaik.azure.net.evil.example/scep";
  f = run("network.endpoints_reachable", e);
  EXPECT_EQ(f.summary.find("probes it"), std::string::npos) << f.summary;
  // Nor when the check was online: the probes speak then.
  e.events[0].data["Data2"] = kIfxAikCa;
  e.network = NetworkEvidence{};
  EXPECT_EQ(run("network.endpoints_reachable", e).summary.find("probes it"), std::string::npos);
}

TEST(RuleNetworkEndpointsReachable, TheAikCaProbeCountsLikeTheOthersWithItsAnswer) {
  EndpointProbe aik = probe(std::string(kIfxAikCa) + "?operation=GetCACaps", true, "", "", "CN=Microsoft Azure RSA TLS Issuing CA 03");
  aik.aik_ca = true;
  aik.answer = {"POSTPKIOperation", "SHA-256", "AES"};
  auto e = with_probes({probe("https://ztd.dds.microsoft.com", true), aik});
  auto f = run("network.endpoints_reachable", e);
  EXPECT_EQ(f.status, rules::Status::Pass);
  EXPECT_EQ(f.summary, "Every attestation endpoint probed answered.");
  EXPECT_NE(evidence_text(f).find("reachable (HTTP 200); answer: POSTPKIOperation, SHA-256, AES; TLS issuer: "
                                  "CN=Microsoft Azure RSA TLS Issuing CA 03"),
            std::string::npos)
      << evidence_text(f);
  EXPECT_EQ(run("network.tls_not_intercepted", e).status, rules::Status::Pass);
  // Unreachable: the AIK CA fails reachability with its step; a TLS failure there fails interception.
  auto down = probe(aik.url, false, "connect", "connect: connection refused");
  down.aik_ca = true;
  f = run("network.endpoints_reachable", with_probes({probe("https://ztd.dds.microsoft.com", true), down}));
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find(aik.url + " (connect)"), std::string::npos) << f.summary;
  auto tls = probe(aik.url, false, "certificate verification", "certificate verification: unable to get issuer",
                   "CN=Corp TLS Inspection CA");
  tls.aik_ca = true;
  auto t = run("network.tls_not_intercepted", with_probes({probe("https://ztd.dds.microsoft.com", true), tls}));
  EXPECT_EQ(t.status, rules::Status::Fail);
  EXPECT_NE(t.summary.find("(issuer CN=Corp TLS Inspection CA)"), std::string::npos) << t.summary;
}

TEST(RuleNetworkEndpointsReachable, AnAikCaNotProbedIsSaidNeverPassedOver) {
  auto e = with_probes({probe("https://ztd.dds.microsoft.com", true)});
  e.network->aik_ca_not_probed = "no AIK CA URL in the device's events";
  e.network->aik_ca_refused = {{"http://evil.example/scep", "not https"}};
  auto f = run("network.endpoints_reachable", e);
  EXPECT_EQ(f.status, rules::Status::Pass);
  EXPECT_EQ(f.summary, "Every attestation endpoint probed answered. The device's AIK CA was not probed: no AIK CA URL "
                       "in the device's events.");
  EXPECT_NE(evidence_text(f).find("online probe:AIK CA | not contacted: http://evil.example/scep | not https"),
            std::string::npos)
      << evidence_text(f);
  auto t = run("network.tls_not_intercepted", e);
  EXPECT_EQ(t.status, rules::Status::Pass);
  EXPECT_NE(t.summary.find("The device's AIK CA was not probed"), std::string::npos) << t.summary;
}
