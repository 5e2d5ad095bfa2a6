// The device's AIK CA URL as its CertEnroll events name it (timeline/aik_ca.h), and the rule that
// decides whether `check --online` may contact it: event records are untrusted input.
#include <gtest/gtest.h>

#include <string>

#include "collect/aik_ca_events.h"
#include "timeline/aik_ca.h"
#include "timeline/timeline.h"

using namespace tpmready;
using namespace tpmready::timeline;

namespace {

constexpr const char* kIfx = "https://IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net/templates/Aik/scep";
constexpr const char* kAmd = "https://AMD-keyid-5e34b2d4a0c7f1.microsoftaik.azure.net/templates/Aik/scep";

/// CertEnroll 86/87/88 as the Application log holds them (facts/field-2026-12.md §A.5): unnamed
/// insertion strings %1 subject, %2 the AIK CA URL, %3 the answer — a bundle's events[] keeps them
/// as Data1, Data2, Data3.
WindowsEvent certenroll(std::string time, std::uint32_t id, std::string url, std::string answer = "") {
  WindowsEvent e;
  e.time = std::move(time);
  e.channel = "Application";
  e.provider = "Microsoft-Windows-CertificateServicesClient-CertEnroll";
  e.event_id = id;
  e.level = id == 88 ? 4 : 2;
  e.data = {{"Data1", "Local system"}, {"Data2", std::move(url)}};
  if (!answer.empty()) e.data["Data3"] = std::move(answer);
  e.source = "bundle#record " + std::to_string(id);
  return e;
}

std::vector<AikCaUrl> urls_of(const std::vector<WindowsEvent>& events) { return aik_ca_urls(build(events)); }

}  // namespace

TEST(AikCaUrls, FromCertEnrollEventsNewestFirstEachOnce) {
  auto urls = urls_of({
      certenroll("2026-12-06T10:00:00Z", 87, kIfx, "No valid TPM EK/Platform Certificate provided. 0x80190190"),
      certenroll("2026-12-06T10:05:00Z", 86, kAmd, "0x80072efd (WinHttp: 12029 ERROR_WINHTTP_CANNOT_CONNECT)"),
      // The same URL in another case: one AIK CA.
      certenroll("2026-12-06T10:10:00Z", 88, "https://ifx-keyid-0d5f3a91c2e74b68.MICROSOFTAIK.azure.net/templates/Aik/scep"),
  });
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls[0].url, "https://ifx-keyid-0d5f3a91c2e74b68.MICROSOFTAIK.azure.net/templates/Aik/scep");
  EXPECT_EQ(urls[0].event_id, 88u);
  EXPECT_EQ(urls[0].input, "bundle#record 88");
  EXPECT_EQ(urls[0].refused, "");
  EXPECT_EQ(urls[1].url, kAmd);
  EXPECT_EQ(urls[1].event_id, 86u);
  EXPECT_EQ(urls[1].refused, "");
}

TEST(AikCaUrls, FromTheRenderedMessageWhenTheDataHasNone) {
  // The Event Log API renders the message; a record may come with it only.
  WindowsEvent e = certenroll("2026-12-06T10:00:00Z", 86, "");
  e.data.clear();
  e.message = std::string("SCEP Certificate enrollment initialization for Local system via ") + kIfx +
              " failed:\r\n\r\nGetCACaps: Not Found (404). 0x80190194\r\nMethod: GET(16ms)\r\nStage: GetCACaps\r\n";
  auto urls = urls_of({e});
  ASSERT_EQ(urls.size(), 1u);
  EXPECT_EQ(urls[0].url, kIfx);
}

TEST(AikCaUrls, OnlyTheAikCasEventsCount) {
  // Autopilot 710 names the MSA ticket's target URL, TPM-WMI 1537 the health-attestation service:
  // neither is the AIK CA. Another provider's event 87 is not CertEnroll's.
  WindowsEvent ticket;
  ticket.channel = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot";
  ticket.provider = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider";
  ticket.event_id = 710;
  ticket.data = {{"hresult", "0x80072EE7"}, {"url", "https://x.microsoftaik.azure.net/templates/Aik/scep"}};
  WindowsEvent other = certenroll("2026-12-06T10:00:00Z", 87, kIfx);
  other.provider = "Some-Other-Provider";
  other.channel = "Application";
  EXPECT_TRUE(urls_of({ticket, other}).empty());
  EXPECT_TRUE(urls_of({}).empty());
}

TEST(AikCaUrls, HostileUrlsInTheEventsAreKeptWithWhyTheyAreNotProbed) {
  auto urls = urls_of({certenroll("2026-12-06T10:00:00Z", 87, "http://IFX-KeyId-1.microsoftaik.azure.net/templates/Aik/scep"),
                       certenroll("2026-12-06T10:01:00Z", 87, "https://microsoftaik.azure.net.evil.example/scep")});
  ASSERT_EQ(urls.size(), 2u);
  EXPECT_EQ(urls[0].refused, "the host microsoftaik.azure.net.evil.example is not under .microsoftaik.azure.net");
  EXPECT_EQ(urls[1].refused, "not https");
}

TEST(AikCaRefusal, AcceptsTheFieldShapeOnly) {
  EXPECT_EQ(aik_ca_refusal(kIfx), "");
  EXPECT_EQ(aik_ca_refusal(kAmd), "");
  EXPECT_EQ(aik_ca_refusal("HTTPS://STM-KeyId-AB.MicrosoftAIK.Azure.NET/templates/Aik/scep"), "");  // case-insensitive
  EXPECT_EQ(aik_ca_refusal("https://INTC-KeyId-1.microsoftaik.azure.net:443/templates/Aik/scep"), "");
  EXPECT_EQ(aik_ca_refusal("https://a.b.microsoftaik.azure.net"), "");
}

TEST(AikCaRefusal, RefusesEveryOtherHostSchemePortAndShape) {
  const std::pair<std::string, std::string> cases[] = {
      {"", "empty"},
      {"http://IFX-KeyId-1.microsoftaik.azure.net/templates/Aik/scep", "not https"},
      {"ftp://IFX-KeyId-1.microsoftaik.azure.net/", "not https"},
      {"//IFX-KeyId-1.microsoftaik.azure.net/", "not https"},
      {"https://ztd.dds.microsoft.com/", "the host ztd.dds.microsoft.com is not under .microsoftaik.azure.net"},
      {"https://microsoftaik.azure.net/templates/Aik/scep", "the host microsoftaik.azure.net is not under .microsoftaik.azure.net"},
      {"https://evilmicrosoftaik.azure.net/scep", "the host evilmicrosoftaik.azure.net is not under .microsoftaik.azure.net"},
      {"https://x.microsoftaik.azure.net.evil.com/scep", "the host x.microsoftaik.azure.net.evil.com is not under .microsoftaik.azure.net"},
      {"https://x.microsoftaik.azure.net./scep", "the host is not a DNS name"},
      {"https://127.0.0.1/scep", "the host 127.0.0.1 is not under .microsoftaik.azure.net"},
      {"https://[::1]/scep", "the host is not a DNS name"},
      // User info: the host would be what follows '@'.
      {"https://x.microsoftaik.azure.net@evil.com/scep", "carries user info ('@')"},
      {"https://evil.com@x.microsoftaik.azure.net/scep", "carries user info ('@')"},
      {"https://evil.com\\@x.microsoftaik.azure.net/scep", "carries user info ('@')"},
      {"https://evil.com\\.microsoftaik.azure.net/scep", "the host is not a DNS name"},
      {"https://evil.com%2f.microsoftaik.azure.net/scep", "the host is not a DNS name"},
      {"https://x.microsoftaik.azure.net:8443/scep", "names port 8443, not 443"},
      {"https://x.microsoftaik.azure.net:80/scep", "names port 80, not 443"},
      {"https://x.microsoftaik.azure.net:0/scep", "the host or port cannot be read"},
      {"https://x.microsoftaik.azure.net:99999/scep", "the host or port cannot be read"},
      // Only GetCACaps is ever sent: a query of the event's own (PKIOperation) is refused.
      {"https://x.microsoftaik.azure.net/scep?operation=PKIOperation&message=AAAA", "carries a query ('?')"},
      {"https://x.microsoftaik.azure.net/scep#frag", "carries a fragment ('#')"},
      {"https://evil.com#.microsoftaik.azure.net", "carries a fragment ('#')"},
      {"https://evil.com?.microsoftaik.azure.net", "the host evil.com is not under .microsoftaik.azure.net"},
      {"https://x.microsoftaik.azure.net/a b", "contains a space, a control character or a non-ASCII character"},
      {"https://x.microsoftaik.azure.net/\r\nHost: evil.com", "contains a space, a control character or a non-ASCII character"},
      {"https://x.micros\xc3\xb6" "ftaik.azure.net/", "contains a space, a control character or a non-ASCII character"},
  };
  for (const auto& [url, why] : cases) EXPECT_EQ(aik_ca_refusal(url), why) << url;
}

TEST(AikCaRefusal, VeryLongInputIsRefusedByLengthAlone) {
  const std::string prefix = "https://";
  const std::string suffix = ".microsoftaik.azure.net/templates/Aik/scep";
  const std::string at_limit = prefix + std::string(kMaxAikCaUrl - prefix.size() - suffix.size(), 'a') + suffix;
  ASSERT_EQ(at_limit.size(), kMaxAikCaUrl);
  // A label longer than DNS allows is still a DNS name to this rule; the resolver refuses it.
  EXPECT_EQ(aik_ca_refusal(at_limit), "");
  EXPECT_EQ(aik_ca_refusal(at_limit + "x"), "longer than 256 characters");
  EXPECT_EQ(aik_ca_refusal(std::string(1 << 20, 'h')), "longer than 256 characters");
  // Through the timeline: an insertion string is cut at 1,024 characters, then refused.
  auto urls = urls_of({certenroll("2026-12-06T10:00:00Z", 87, prefix + std::string(100000, 'a') + suffix)});
  ASSERT_EQ(urls.size(), 1u);
  EXPECT_LE(urls[0].url.size(), 1024u);
  EXPECT_EQ(urls[0].refused, "longer than 256 characters");
}

TEST(AikCaRefusal, GetCaCapsIsTheOnlyRequest) {
  EXPECT_EQ(get_ca_caps_url(kIfx), std::string(kIfx) + "?operation=GetCACaps");
  EXPECT_EQ(aik_ca_refusal(get_ca_caps_url(kIfx)), "carries a query ('?')");  // never chained
}

TEST(AikCaEventSource, TheEventTableNamesCertEnroll86To88) {
  auto source = aik_ca_event_source();
  EXPECT_EQ(source.event_ids, (std::vector<std::uint32_t>{86, 87, 88}));
  EXPECT_NE(std::find(source.providers.begin(), source.providers.end(),
                      "Microsoft-Windows-CertificateServicesClient-CertEnroll"),
            source.providers.end());
  EXPECT_EQ(collect::aik_ca_event_xpath(source),
            "*[System[Provider[@Name='Microsoft-Windows-CertificateServicesClient-CertEnroll' or "
            "@Name='CertEnroll'] and (EventID=86 or EventID=87 or EventID=88)]]");
  EXPECT_EQ(collect::aik_ca_event_xpath({{"it's"}, {86}}), "");
  EXPECT_EQ(collect::aik_ca_event_xpath({}), "");
}
