// The event table's rows as Windows writes their records: every row recognised by provider and
// ID (never by message text), its insertion strings read from unnamed Data elements, named fields
// or the rendered message; clock skew times, the AIK CA's URL and answer, TPM-WMI 1026 flag
// names, TBS 16385's condition, Secure Boot servicing and Device Health Attestation events that
// must not count as attestation failures.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "collect/offline/evtx_reader.h"
#include "data/embedded.h"
#include "explain/error_codes.h"
#include "rules/table.h"
#include "timeline/event_table.h"
#include "timeline/insertions.h"
#include "timeline/timeline.h"

using namespace tpmready;
using namespace tpmready::timeline;

namespace {

/// Channel and provider of each kept channel as Windows writes them (facts/field-2026-12.md §A).
struct Origin {
  std::string channel, provider;
};
const std::map<std::string, Origin>& origins() {
  static const std::map<std::string, Origin> m = {
      {"Autopilot", {"Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot",
                     "Microsoft-Windows-ModernDeployment-Diagnostics-Provider"}},
      {"Autopilot (1803/1809)", {"Microsoft-Windows-Provisioning-Diagnostics-Provider/AutoPilot",
                                 "Microsoft-Windows-Provisioning-Diagnostics-Provider"}},
      {"TPM-WMI", {"System", "Microsoft-Windows-TPM-WMI"}},
      {"TPM", {"System", "TPM"}},
      {"TBS", {"System", "Microsoft-Windows-TBS"}},
      {"CertEnroll", {"Application", "Microsoft-Windows-CertificateServicesClient-CertEnroll"}},
      {"CertificateServicesClient", {"Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational",
                                     "Microsoft-Windows-CertificateServicesClient-Lifecycle-System"}},
      {"User Device Registration", {"Microsoft-Windows-User Device Registration/Admin",
                                    "Microsoft-Windows-User Device Registration"}},
      {"DeviceManagement-Enterprise", {"Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin",
                                       "Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider"}},
      {"Provisioning (ESP)", {"Microsoft-Windows-Provisioning-Diagnostics-Provider/Admin",
                              "Microsoft-Windows-Provisioning-Diagnostics-Provider"}},
      {"AAD", {"Microsoft-Windows-AAD/Operational", "Microsoft-Windows-AAD"}},
  };
  return m;
}

WindowsEvent record(const std::string& channel_name, std::uint32_t id, std::map<std::string, std::string> data = {},
                    std::string message = "") {
  const Origin& o = origins().at(channel_name);
  WindowsEvent e;
  e.time = "2026-11-27T10:00:00.000Z";
  e.channel = o.channel;
  e.provider = o.provider;
  e.event_id = id;
  e.data = std::move(data);
  e.message = std::move(message);
  e.source = "test.evtx#record " + std::to_string(id);
  return e;
}

/// Unnamed <Data> elements, as the evtx reader names them.
std::map<std::string, std::string> unnamed(const std::vector<std::string>& values) {
  std::map<std::string, std::string> m;
  for (std::size_t i = 0; i < values.size(); ++i) m["Data" + std::to_string(i + 1)] = values[i];
  return m;
}

TimelineEntry one(const WindowsEvent& e) {
  auto tl = build({e});
  EXPECT_EQ(tl.size(), 1u) << e.provider << " " << e.event_id;
  return tl.empty() ? TimelineEntry{} : tl.front();
}

nlohmann::json table_json(const char* file) {
  auto raw = data::file(file);
  EXPECT_TRUE(raw.has_value()) << file;
  return nlohmann::json::parse(raw.value_or("{}"));
}

}  // namespace

TEST(EventTableRows, EverySourceIsDefinedAndEveryRowSaysWhetherItIsVerified) {
  auto j = table_json("windows_events.json");
  for (const auto* section : {"channels", "events"})
    for (const auto& row : j.at(section)) {
      std::string what = std::string(section) + " " + row.value("name", row.value("channel", "")) + " " +
                         std::to_string(row.value("id", 0));
      ASSERT_TRUE(row.contains("verified") && row.at("verified").is_boolean()) << what;
      for (const auto& s : row.value("sources", std::vector<std::string>{}))
        EXPECT_NE(explain::find_source(s), nullptr) << what << ": source " << s;
      if (std::string(section) == "events") {
        EXPECT_FALSE(row.at("sources").empty()) << what;
        EXPECT_TRUE(row.contains("confidence")) << what;
      }
    }
}

TEST(EventTableRows, IntendedRulesDoNotExistYetAndExistingRulesAreInRule) {
  // A row records a rule that is still to come in intended_rule; once the rule exists, the row
  // must name it in `rule` (this test then fails and says which).
  std::set<std::string> intended;
  const auto events = table_json("windows_events.json");
  const auto codes = table_json("error_codes.json");
  for (const auto& row : events.at("events"))
    if (row.contains("intended_rule")) intended.insert(row.at("intended_rule").get<std::string>());
  for (const auto& row : codes.at("codes"))
    if (row.contains("intended_rule")) intended.insert(row.at("intended_rule").get<std::string>());
  EXPECT_TRUE(intended.empty()) << "every rule the tables named as still to come exists now";
  for (const auto& id : intended) EXPECT_EQ(rules::find_rule(id), nullptr) << id << " exists now: use it as the rule";
}

TEST(EventTableRows, EveryRowIsRecognisedByProviderAndIdAsWindowsWritesTheRecord) {
  auto t = event_table();
  ASSERT_TRUE(t) << t.error().what();
  for (const auto& c : (*t)->channels) {
    ASSERT_TRUE(origins().count(c.name)) << "no test origin for channel " << c.name;
    const Origin& o = origins().at(c.name);
    EXPECT_TRUE(offline::is_attestation_channel(o.channel, o.provider)) << "the .evtx reader drops " << c.name;
    const ChannelInfo* found = (*t)->channel_of(o.channel, o.provider);
    ASSERT_NE(found, nullptr) << c.name;
    EXPECT_EQ(found->name, c.name);
  }
  for (const auto& row : (*t)->events) {
    SCOPED_TRACE(row.channel + " " + std::to_string(row.id));
    auto e = one(record(row.channel, row.id));
    EXPECT_TRUE(e.known);
    EXPECT_EQ(e.source, row.channel);
    EXPECT_EQ(e.role, row.role);
    EXPECT_EQ(e.rule, row.rule);
    EXPECT_EQ(e.summary, row.summary);
    EXPECT_EQ(e.unverified, row.unverified);
  }
}

TEST(EventTableRows, TheSameIdFromAnotherProviderIsAnotherEvent) {
  // 27 is "TPM may be in failure mode" from tpm.sys; TPM-WMI has no 27.
  EXPECT_EQ(one(record("TPM", 27)).role, "tpm_failure_mode");
  EXPECT_FALSE(one(record("TPM-WMI", 27)).known);
  // The provisioning provider's ESP channel is not the 1803/1809 Autopilot channel.
  auto esp = one(record("Provisioning (ESP)", 177));
  EXPECT_EQ(esp.source, "Provisioning (ESP)");
  EXPECT_FALSE(esp.known);
  // A message text of another event does not change what the ID means.
  auto e209 = one(record("Autopilot", 209, {}, "Windows EK certificate is present."));
  EXPECT_EQ(e209.role, "ek_cert_missing");
  EXPECT_EQ(e209.rule, "ek.cert.present");
  // Only 150-184 were logged through provdiagnostics.dll.
  auto legacy209 = one(record("Autopilot (1803/1809)", 209));
  EXPECT_FALSE(legacy209.known);
}

TEST(AutopilotEvents, ClockSkewCarriesServerAndClientTimeForClockSane) {
  auto by_position = one(record("Autopilot", 753, unnamed({"2026-11-27T10:00:00Z", "2020-01-01T09:58:00Z", "1", "3"})));
  EXPECT_EQ(by_position.rule, "clock.sane");
  EXPECT_EQ(by_position.details.at("server_time"), "2026-11-27T10:00:00Z");
  EXPECT_EQ(by_position.details.at("client_time"), "2020-01-01T09:58:00Z");
  EXPECT_EQ(by_position.details.at("attempt"), "1");
  EXPECT_EQ(by_position.details.at("attempts_max"), "3");
  EXPECT_EQ(by_position.details.at("skew_seconds"), "-217900920");  // years behind
  EXPECT_NE(by_position.summary.find("server 2026-11-27T10:00:00Z, device 2020-01-01T09:58:00Z"), std::string::npos)
      << by_position.summary;

  auto named = one(record("Autopilot", 753, {{"ServerTime", "2026-11-27T10:00:00.000Z"}, {"ClientTime", "2026-11-27T09:40:00.000Z"}}));
  EXPECT_EQ(named.details.at("skew_seconds"), "-1200");

  // Only the rendered message: the message table's text, its %n as line breaks.
  auto rendered = one(record("Autopilot", 753, {},
                             "Autopilot downloader reported that the machine clock is too far off the server time and a "
                             "forced time sync will be attempted.\r\nServer time: 11/27/2026 10:00:00\r\nClient time: "
                             "01/01/2020 09:58:00\r\nSync attempt 2 of 3"));
  EXPECT_EQ(rendered.details.at("server_time"), "11/27/2026 10:00:00");
  EXPECT_EQ(rendered.details.at("client_time"), "01/01/2020 09:58:00");
  EXPECT_EQ(rendered.details.at("attempt"), "2");
  EXPECT_FALSE(rendered.details.count("skew_seconds"));  // not RFC 3339: no arithmetic on a guessed format

  auto e750 = one(record("Autopilot", 750));
  EXPECT_EQ(e750.rule, "clock.sane");
  EXPECT_EQ(e750.role, "clock_skew");
}

TEST(AutopilotEvents, AttemptCounterIsReadFromBothBuildsTexts) {
  auto current = one(record("Autopilot", 177, {}, "Configuring TPM for attestation.  Current attempt 2 of 3 maximum."));
  EXPECT_EQ(current.details.at("attempt"), "2");
  EXPECT_EQ(current.summary, "Configuring TPM for attestation: attempt 2 of 3");
  // Windows 10 1809 logged it through provdiagnostics.dll with another text (ITPRO-2360).
  auto legacy = one(record("Autopilot (1803/1809)", 177, {},
                           "TPM attestation retry is being attempted.  Current retry attempt 3 of 3 maximum"));
  EXPECT_TRUE(legacy.known);
  EXPECT_EQ(legacy.source, "Autopilot (1803/1809)");
  EXPECT_EQ(legacy.rule, "attestation.aik_enrolled");
  EXPECT_EQ(legacy.summary, "Configuring TPM for attestation: attempt 3 of 3");
  auto positional = one(record("Autopilot (1803/1809)", 177, unnamed({"1", "3"})));
  EXPECT_EQ(positional.summary, "Configuring TPM for attestation: attempt 1 of 3");
  // A text of a build the table does not know: the event is still 177, without the numbers.
  auto other = one(record("Autopilot", 177, {}, "TPM-Konfiguration für den Nachweis. Versuch 1 von 3."));
  EXPECT_EQ(other.summary, "Configuring TPM for attestation");
  EXPECT_TRUE(other.details.empty());
}

TEST(AutopilotEvents, KeyStateDurationAndAikResultTimesAreKeptAsLogged) {
  auto ks = one(record("Autopilot", 176, {},
                       "MSA TPM keystate has been updated.  New server state = 3, new client state = 6"));
  EXPECT_EQ(ks.details.at("server_state"), "3");
  EXPECT_EQ(ks.details.at("client_state"), "6");
  EXPECT_EQ(ks.summary, "MSA TPM key state updated: server state 3, client state 6");
  auto d = one(record("Autopilot", 157, unnamed({"418000000"})));
  EXPECT_EQ(d.summary, "TPM attestation lasted 418000000 microseconds");
  // 251: Data1 is the HRESULT (signed decimal here), then elapsed microseconds and the limit.
  auto r = one(record("Autopilot", 251, unnamed({"-2147023436", "420001000", "420000"})));
  EXPECT_EQ(r.code, "0x800705B4");
  EXPECT_EQ(r.details.at("elapsed_us"), "420001000");
  EXPECT_EQ(r.details.at("max_ms"), "420000");
  EXPECT_EQ(r.summary, "AIK certificate acquisition task returned HRESULT = 0x800705B4");
  EXPECT_EQ(r.side, "");  // the 7-minute timer says no answer came, not whose fault it was
}

TEST(AutopilotEvents, FailureEventsCarryTheirHresultAndRule) {
  auto e211 = one(record("Autopilot", 211, unnamed({"0x80090030"})));
  EXPECT_EQ(e211.rule, "win.ready_for_attestation");
  EXPECT_EQ(e211.code, "0x80090030");
  EXPECT_NE(e211.code_meaning.find("NTE_DEVICE_NOT_READY"), std::string::npos);
  auto e171 = one(record("Autopilot", 171, {}, "AutopilotManager failed to set TPM identity confirmed.  HRESULT = 0x81039001."));
  EXPECT_EQ(e171.role, "identity_failed");
  EXPECT_EQ(e171.code, "0x81039001");
  auto e202 = one(record("Autopilot", 202, {{"HRESULT", "0x80072F8F"}}));
  EXPECT_EQ(e202.side, "network");
  EXPECT_EQ(e202.rule, "network.tls_not_intercepted");
  auto e100 = one(record("Autopilot", 100, unnamed({"AutopilotPolicy"})));
  EXPECT_EQ(e100.role, "policy_not_found");
  EXPECT_EQ(e100.rule, "");
  EXPECT_EQ(e100.side, "");
}

TEST(TpmWmiEvents, ProvisioningFlagsNameTheirRules) {
  auto both = one(record("TPM-WMI", 1026, unnamed({"0x80290400", "EkProvisioningNotComplete, TcgEventLogUnreadableOrEmpty"})));
  EXPECT_EQ(both.rule, "ek.cert.present");  // the first flag with a rule, in table order
  EXPECT_EQ(both.details.at("flags"), "EkProvisioningNotComplete, TcgEventLogUnreadableOrEmpty");
  EXPECT_EQ(both.code, "0x80290400");
  auto log = one(record("TPM-WMI", 1026, {{"AdditionalInformation", "TcgEventLogUnreadableOrEmpty"}}));
  EXPECT_EQ(log.rule, "eventlog.present");
  // A number: the flags' bit values are not in the sources, so nothing is decoded.
  auto number = one(record("TPM-WMI", 1026, unnamed({"0x80290400", "0x40000"})));
  EXPECT_EQ(number.rule, "tpm.owned");
  EXPECT_FALSE(number.details.count("flags"));
  // A flag name inside a longer word is not the flag.
  auto longer = one(record("TPM-WMI", 1026, unnamed({"0", "NotEkProvisioningNotComplete"})));
  EXPECT_FALSE(longer.details.count("flags"));
  auto cleared = one(record("TPM-WMI", 519, unnamed({"Reset"})));
  EXPECT_EQ(cleared.role, "tpm_cleared");
  EXPECT_EQ(cleared.details.at("reason"), "Reset");
}

TEST(TpmWmiEvents, SecureBootServicingAndHealthAttestationAreNotAttestationFailures) {
  for (std::uint32_t id : {1032u, 1033u, 1036u, 1037u, 1043u, 1044u, 1045u, 1795u, 1796u, 1797u, 1798u, 1799u, 1800u,
                           1801u, 1802u, 1803u, 1808u}) {
    SCOPED_TRACE(id);
    auto e = one(record("TPM-WMI", id, unnamed({"0x80070005", "HTTP 503"})));
    EXPECT_EQ(e.role, "secure_boot_servicing");
    EXPECT_EQ(e.rule, "");
    EXPECT_EQ(e.side, "");
  }
  auto dha = one(record("TPM-WMI", 1538, unnamed({"https://has.spserv.microsoft.com", "0x80072EE7"})));
  EXPECT_EQ(dha.side, "");  // another service's path: weak evidence only
  EXPECT_EQ(dha.role, "health_cert_connect_failed");
  EXPECT_EQ(dha.service_text, "0x80072EE7");
}

TEST(CertEnrollEvents, TheAikCaUrlAndAnswerDecideTheSide) {
  const std::string url = "https://IFX-KeyId-5e34b2d4a0c7f1.microsoftaik.azure.net/templates/Aik/scep";
  auto binding = one(record("CertEnroll", 87, unnamed({"Local system", url,
      "TPM 2.0: Public and sensitive portions of an object are not cryptographically bound. 0x802800a5 "
      "(-2144862043 TPM_20_E_BINDING)", "GetCACaps", "1"})));
  EXPECT_EQ(binding.url, url);
  EXPECT_EQ(binding.code, "0x802800A5");
  EXPECT_EQ(binding.side, "device");
  EXPECT_NE(binding.service_text.find("not cryptographically bound"), std::string::npos);
  EXPECT_EQ(binding.role, "aik_ca_failed");

  auto chain = one(record("CertEnroll", 86, unnamed({"Local system", url,
      "No valid TPM EK/Platform Certificate provided in the TPM identity request message. HTTP_E_STATUS_BAD_REQUEST "
      "0x80190190", "Enroll", "2", ""})));
  EXPECT_EQ(chain.side, "service");
  EXPECT_EQ(chain.rule, "service.aik_responded");
  auto rsa = one(record("CertEnroll", 87, unnamed({"Local system", url,
      "Client challenge cannot be created due to failure in EncryptSecret 0x80190190"})));
  EXPECT_EQ(rsa.side, "device");
  EXPECT_EQ(rsa.rule, "ek.cert.service_compatible");
  auto tls = one(record("CertEnroll", 86, unnamed({"Local system", url, "0x80072f8f (WinHttp: 12175 ERROR_WINHTTP_SECURE_FAILURE)"})));
  EXPECT_EQ(tls.side, "network");
  EXPECT_EQ(tls.rule, "network.tls_not_intercepted");

  // Rendered message only (Event Viewer copy): the layout of the message table.
  auto rendered = one(record("CertEnroll", 86, {},
      "SCEP Certificate enrollment initialization for Local system via " + url +
          " failed:\r\n\r\nGetCACaps: Not Found (404). 0x80190194\r\nMethod: GET(16ms)\r\nStage: GetCACaps\r\n"));
  EXPECT_EQ(rendered.url, url);
  EXPECT_EQ(rendered.service_text, "GetCACaps: Not Found (404). 0x80190194");
  EXPECT_EQ(rendered.details.at("stage"), "GetCACaps");
  EXPECT_EQ(rendered.code, "0x80190194");

  auto ok = one(record("CertEnroll", 88, unnamed({"Local system", url})));
  EXPECT_EQ(ok.role, "aik_ca_succeeded");
  EXPECT_EQ(ok.url, url);
  // The classic source name in the Application log.
  WindowsEvent classic = record("CertEnroll", 87, unnamed({"Local system", url, "0x802800a5"}));
  classic.provider = "CertEnroll";
  EXPECT_EQ(one(classic).source, "CertEnroll");
}

TEST(TpmDriverAndRegistrationEvents, FailureModeAndTpmValidationAreDeviceEvidence) {
  auto fm = one(record("TPM", 27));
  EXPECT_EQ(fm.role, "tpm_failure_mode");
  EXPECT_FALSE(fm.unverified);
  for (std::uint32_t id : {14u, 15u}) EXPECT_EQ(one(record("TPM", id)).role, "tpm_hardware_failure");
  EXPECT_EQ(one(record("TPM", 17)).role, "tpm_command_failed");

  auto udr = one(record("User Device Registration", 204, unnamed({"0x801c0003", "400",
      R"({"Code":"AuthorizationError","SubCode":"MsaTicketTpmValidationFailed","Message":"..."})"})));
  EXPECT_EQ(udr.code, "0x801C0003");
  EXPECT_EQ(udr.side, "device");
  EXPECT_EQ(udr.rule, "tpm.firmware_not_vulnerable");
  auto other = one(record("User Device Registration", 204, unnamed({"0x801c0003", "400", R"({"Code":"AuthorizationError"})"})));
  EXPECT_EQ(other.side, "");
  for (std::uint32_t id : {201u, 220u, 304u, 305u}) EXPECT_TRUE(one(record("User Device Registration", id)).known) << id;
}

TEST(MessageTemplates, InsertionStringsComeFromTheTemplatesShape) {
  auto m = match_message("Autopilot failed to acquire a device ticket for target URL %2.%nHRESULT = %1.",
                         "Autopilot failed to acquire a device ticket for target URL https://x/y.\r\nHRESULT = 0x80072ee7.");
  ASSERT_TRUE(m);
  EXPECT_EQ(m->at(1), "0x80072ee7");
  EXPECT_EQ(m->at(2), "https://x/y");
  EXPECT_FALSE(match_message("Windows AIK key could not be opened. HRESULT = %1", "Something else 0x1"));
  EXPECT_FALSE(match_message("%1%2", "ab"));  // adjacent insertions cannot be told apart
  auto fmt = match_message("Value %1!s! done", "Value 42 done");
  ASSERT_TRUE(fmt);
  EXPECT_EQ(fmt->at(1), "42");
  auto big = match_message("x %1", "x " + std::string(5000, 'a'));
  ASSERT_TRUE(big);
  EXPECT_EQ(big->at(1).size(), kMaxInsertion);
  EXPECT_EQ(find_url("via 'https://a.b/c' failed"), "https://a.b/c");
  EXPECT_EQ(find_url("no url, only http"), "");
}
