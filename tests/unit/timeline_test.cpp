// The attestation timeline from hand-built event records: ordering, summaries from the event
// table, codes extracted and explained, rule links, retries, unknown events, dropped channels.
#include <gtest/gtest.h>

#include <set>

#include "data/embedded.h"
#include "rules/table.h"
#include "timeline/codes.h"
#include "timeline/event_table.h"
#include "timeline/timeline.h"

using namespace tpmready;
using namespace tpmready::timeline;

namespace {

constexpr const char* kAutopilot = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot";
constexpr const char* kAutopilotProvider = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider";

WindowsEvent autopilot(std::string time, std::uint32_t id, std::map<std::string, std::string> data = {}) {
  WindowsEvent e;
  e.time = std::move(time);
  e.channel = kAutopilot;
  e.provider = kAutopilotProvider;
  e.event_id = id;
  e.data = std::move(data);
  e.source = "Autopilot.evtx#record " + std::to_string(id);
  return e;
}

WindowsEvent system_event(std::string time, std::string provider, std::uint32_t id,
                          std::map<std::string, std::string> data = {}) {
  WindowsEvent e;
  e.time = std::move(time);
  e.channel = "System";
  e.provider = std::move(provider);
  e.event_id = id;
  e.data = std::move(data);
  return e;
}

}  // namespace

TEST(EventTable, LoadsAndEveryRowCitesItsFactsAndNamesARealRule) {
  auto t = event_table();
  ASSERT_TRUE(t) << t.error().what();
  EXPECT_GE((*t)->events.size(), 80u);
  std::set<std::string> channel_names;
  for (const auto& c : (*t)->channels) channel_names.insert(c.name);
  for (const auto& e : (*t)->events) {
    EXPECT_FALSE(e.facts.empty()) << e.id;
    EXPECT_TRUE(channel_names.count(e.channel)) << e.id;
    if (!e.rule.empty()) {
      EXPECT_NE(rules::find_rule(e.rule), nullptr) << e.id << " → " << e.rule;
    }
  }
  EXPECT_NE(rules::find_rule((*t)->http.rule), nullptr);
  // 251 is in autopilotdiag.dll's message table: verified since the second fact pass.
  const EventInfo* e251 = (*t)->find("Autopilot", 251);
  ASSERT_NE(e251, nullptr);
  EXPECT_FALSE(e251->unverified);
  EXPECT_EQ(e251->sources.front(), "WKB-AP");
}

TEST(TimelineCodes, FindsHresultsHttpStatusesAndRetries) {
  EXPECT_EQ(find_hresult("AIK certificate acquisition task returned HRESULT = 0x81039023."), 0x81039023u);
  EXPECT_EQ(find_hresult("0x0x81039001"), 0x81039001u);  // the red screen's doubled prefix (seed 003)
  EXPECT_FALSE(find_hresult("0x8103902"));               // 7 digits
  EXPECT_FALSE(find_hresult("0x810390011"));             // 9 digits: not a 32-bit code
  EXPECT_EQ(find_http_status("failure in EncryptSecret HTTP 400 Bad Request"), 400);
  EXPECT_EQ(find_http_status("HTTP status: 503"), 503);
  EXPECT_FALSE(find_http_status("HTTPS 4000"));
  auto r = find_retry("AIK enrolment failed, Retry 2 of 3");
  ASSERT_TRUE(r);
  EXPECT_EQ(*r, std::make_pair(2, 3));
  EXPECT_FALSE(find_retry("retry soon"));
}

TEST(TimelineCodes, SignedDecimalHresultInANamedFieldIsRead) {
  auto ev = autopilot("2024-05-01T10:00:00Z", 251, {{"HResult", "-2126966783"}});
  auto c = extract_code(ev, "");
  ASSERT_TRUE(c.hresult);
  EXPECT_EQ(*c.hresult, static_cast<std::uint32_t>(-2126966783));
  auto plain = extract_code(autopilot("2024-05-01T10:00:00Z", 251, {{"Count", "3"}}), "");
  EXPECT_TRUE(plain.text.empty());  // a number in a field that is not an HRESULT is not a code
}

TEST(Timeline, OrdersByTimeSummarisesExplainsAndLinksRules) {
  std::vector<WindowsEvent> events = {
      autopilot("2024-05-01T10:05:00.5Z", 251, {{"Data1", "AIK certificate acquisition task returned HRESULT = 0x81039001"}}),
      autopilot("2024-05-01T10:05:00Z", 250),
      autopilot("2024-05-01T10:00:00.123Z", 208),
  };
  auto tl = build(events);
  ASSERT_EQ(tl.size(), 3u);
  EXPECT_EQ(tl[0].event_id, 208u);
  EXPECT_EQ(tl[0].rule, "ek.cert.present");
  EXPECT_EQ(tl[0].summary, "Windows EK certificate is present");
  EXPECT_EQ(tl[1].event_id, 250u);  // "…00Z" before "…00.5Z": fractions compare as numbers
  EXPECT_EQ(tl[2].event_id, 251u);
  EXPECT_EQ(tl[2].code, "0x81039001");
  EXPECT_EQ(tl[2].rule, "attestation.aik_enrolled");
  EXPECT_NE(tl[2].code_meaning.find("E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED"), std::string::npos);
  EXPECT_EQ(tl[2].summary, "AIK certificate acquisition task returned HRESULT = 0x81039001");
  EXPECT_EQ(tl[2].source, "Autopilot");
  EXPECT_FALSE(tl[2].unverified);  // 251 is in autopilotdiag.dll's message table
  EXPECT_EQ(tl[2].input, "Autopilot.evtx#record 251");
}

TEST(Timeline, CodesTakeTheirSideAndRuleFromTheErrorCodeTable) {
  auto tl = build({autopilot("2024-05-01T10:00:00Z", 251, {{"Data1", "HRESULT = 0x81039023"}}),
                   autopilot("2024-05-01T10:01:00Z", 251, {{"Data1", "HRESULT = 0x80072EE7"}}),
                   autopilot("2024-05-01T10:02:00Z", 251, {{"Data1", "HRESULT = 0x801901F7"}}),
                   autopilot("2024-05-01T10:03:00Z", 251, {{"Data1", "HRESULT = 0x80190190"}}),
                   autopilot("2024-05-01T10:04:00Z", 251, {{"Data1", "HRESULT = 0x800705B4"}})});
  ASSERT_EQ(tl.size(), 5u);
  EXPECT_EQ(tl[0].side, "device");  // an OS bug fixed by KB5013942/KB5013943, not the service
  EXPECT_EQ(tl[0].rule, "os.attestation_fixes_installed");  // the rule that checks the OS build
  EXPECT_EQ(tl[1].side, "network");
  EXPECT_EQ(tl[1].rule, "network.endpoints_reachable");
  EXPECT_EQ(tl[2].side, "service");  // HTTP_E_STATUS 503: the service's own failure
  EXPECT_EQ(tl[2].rule, "service.aik_responded");
  EXPECT_EQ(tl[3].side, "");  // HTTP 400 without the service's answer: the side is not known
  EXPECT_EQ(tl[4].side, "");  // the OOBE 7-minute timer: the side is decided by other evidence
  EXPECT_EQ(tl[4].rule, "attestation.aik_enrolled");
}

TEST(Timeline, TpmWmiAndTbsEventsFromTheSystemLogAreKept) {
  auto tl = build({system_event("2024-05-01T09:00:00Z", "Microsoft-Windows-TPM-WMI", 1794),
                   system_event("2024-05-01T09:00:01Z", "Microsoft-Windows-TPM-WMI", 1539, {{"Data1", "https://x"}, {"Data2", "503"}}),
                   system_event("2024-05-01T09:00:02Z", "TBS", 16385, {{"Data1", "0x80070032"}}),
                   system_event("2024-05-01T09:00:03Z", "Service Control Manager", 7036),
                   system_event("2024-05-01T09:00:04Z", "TBS", 16385, {{"Data1", "0x80280400"}})});
  ASSERT_EQ(tl.size(), 4u);  // the Service Control Manager record is not in a kept channel
  EXPECT_EQ(tl[0].rule, "tpm.firmware_not_vulnerable");
  EXPECT_EQ(tl[1].code, "HTTP 503");
  EXPECT_EQ(tl[1].side, "");  // Device Health Attestation's answer, not the AIK service's
  EXPECT_EQ(tl[1].url, "https://x");
  EXPECT_EQ(tl[2].rule, "eventlog.present");  // TBS 16385 means "no TCG log" only with 0x80070032
  EXPECT_EQ(tl[2].role, "no_tcg_log");
  EXPECT_EQ(tl[3].rule, "");
  EXPECT_EQ(tl[3].role, "tbs_error");
}

TEST(Timeline, UnknownEventsOfKeptChannelsGetAGenericSummary) {
  auto tl = build({autopilot("2024-05-01T10:00:00Z", 4242)});
  ASSERT_EQ(tl.size(), 1u);
  EXPECT_FALSE(tl[0].known);
  EXPECT_EQ(tl[0].summary, "Event 4242 (not in tpmready's event table)");
  EXPECT_TRUE(tl[0].rule.empty());
}

TEST(Timeline, RetriesAreVisible) {
  auto tl = build({autopilot("2024-05-01T10:00:00Z", 250), autopilot("2024-05-01T10:01:00Z", 251, {{"Data1", "HRESULT = 0x81039023"}}),
                   autopilot("2024-05-01T10:02:00Z", 250),
                   autopilot("2024-05-01T10:03:00Z", 251, {{"Data1", "HRESULT = 0x81039023, retry 2 of 3"}})});
  ASSERT_EQ(tl.size(), 4u);
  EXPECT_NE(tl[0].summary.find("(attempt 1 of 2)"), std::string::npos) << tl[0].summary;
  EXPECT_NE(tl[2].summary.find("(attempt 2 of 2)"), std::string::npos) << tl[2].summary;
  EXPECT_NE(tl[3].summary.find("(retry 2 of 3)"), std::string::npos) << tl[3].summary;
}

TEST(Timeline, RecordsWithoutTimeGoLastInSourceOrder) {
  auto tl = build({autopilot("", 169), autopilot("", 208), autopilot("2024-05-01T10:00:00Z", 250)});
  ASSERT_EQ(tl.size(), 3u);
  EXPECT_EQ(tl[0].event_id, 250u);
  EXPECT_EQ(tl[1].event_id, 169u);
  EXPECT_EQ(tl[2].event_id, 208u);
}

TEST(Timeline, FailureCodes) {
  EXPECT_TRUE(is_failure_code("0x81039001"));
  EXPECT_FALSE(is_failure_code("0x00000000"));
  EXPECT_TRUE(is_failure_code("HTTP 503"));
  EXPECT_FALSE(is_failure_code("HTTP 200"));
  EXPECT_FALSE(is_failure_code(""));
}
