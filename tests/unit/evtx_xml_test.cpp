// The portable half of the .evtx reader: event XML as libevtx and EvtRender write it.
#include <gtest/gtest.h>

#include "collect/offline/evtx_reader.h"

using namespace tpmready;
using namespace tpmready::offline;

namespace {

// Shape of EvtRender(EvtRenderEventXml) output: 7 fraction digits, Qualifiers, unnamed Data.
constexpr const char* kRendered =
    "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System>"
    "<Provider Name='Microsoft-Windows-TPM-WMI' Guid='{7d5387b0-cbe0-11da-a94d-0800200c9a66}'/>"
    "<EventID Qualifiers='49152'>1026</EventID><Version>0</Version><Level>2</Level>"
    "<TimeCreated SystemTime='2024-05-01T10:02:03.1234567Z'/><EventRecordID>4711</EventRecordID>"
    "<Channel>System</Channel><Computer>PC</Computer></System>"
    "<EventData><Data>0x80290400</Data><Data>a &amp; b &lt;c&gt; &#x20AC;&#65;</Data></EventData></Event>";

TEST(EvtxXml, ReadsSystemAndUnnamedData) {
  auto ev = event_from_xml(kRendered);
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->provider, "Microsoft-Windows-TPM-WMI");
  EXPECT_EQ(ev->event_id, 1026u);
  EXPECT_EQ(ev->level, 2);
  EXPECT_EQ(ev->time, "2024-05-01T10:02:03.123Z");
  EXPECT_EQ(ev->record_id, 4711u);
  EXPECT_EQ(ev->channel, "System");
  EXPECT_EQ(ev->data.at("Data1"), "0x80290400");
  EXPECT_EQ(ev->data.at("Data2"), "a & b <c> \xE2\x82\xAC" "A");
}

TEST(EvtxXml, UserDataLeavesAndTimeWithoutFraction) {
  auto ev = event_from_xml(
      "<?xml version='1.0'?><Event><System><EventID>208</EventID>"
      "<TimeCreated SystemTime=\"2024-05-01T10:02:03Z\"/></System>"
      "<UserData><Info xmlns='x'><HResult>0x0</HResult><!-- c --><Url>https://a</Url></Info></UserData></Event>");
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->time, "2024-05-01T10:02:03.000Z");
  EXPECT_EQ(ev->data.at("HResult"), "0x0");
  EXPECT_EQ(ev->data.at("Url"), "https://a");
}

TEST(EvtxXml, MalformedXmlIsAnErrorWithOffset) {
  for (const char* bad : {"", "<Event>", "<Event><System></Event>", "<Other/>", "<Event a=b/>",
                          "<Event><System><EventID>x</EventID></System></Event>"}) {
    auto ev = event_from_xml(bad);
    EXPECT_FALSE(ev.ok()) << bad;
  }
  auto ev = event_from_xml("<Event><System></Event>");
  ASSERT_FALSE(ev.ok());
  EXPECT_NE(ev.error().what().find("@"), std::string::npos) << ev.error().what();
}

TEST(EvtxXml, BoundsDepthValueSizeAndDataCount) {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<a>";
  EXPECT_FALSE(event_from_xml("<Event>" + deep).ok());

  EvtxLimits small;
  small.max_value_bytes = 4;
  small.max_data_items = 2;
  auto ev = event_from_xml("<Event><System/><EventData><Data Name='a'>123456789</Data><Data Name='b'>x</Data>"
                           "<Data Name='c'>y</Data></EventData></Event>",
                           small);
  ASSERT_TRUE(ev.ok()) << ev.error().what();
  EXPECT_EQ(ev->data.at("a"), "1234");
  EXPECT_EQ(ev->data.size(), 2u);

  small.max_xml_bytes = 10;
  auto big = event_from_xml(kRendered, small);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind(), ErrorKind::Limit);
}

TEST(EvtxXml, AttestationChannels) {
  EXPECT_TRUE(is_attestation_channel("Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot", ""));
  EXPECT_TRUE(is_attestation_channel("microsoft-windows-moderndeployment-diagnostics-provider/managementservice", ""));
  EXPECT_TRUE(is_attestation_channel("Microsoft-Windows-TPM-WMI/Admin", ""));
  EXPECT_TRUE(is_attestation_channel("System", "Microsoft-Windows-TPM-WMI"));
  EXPECT_TRUE(is_attestation_channel("System", "TPM"));
  EXPECT_TRUE(is_attestation_channel("Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational", ""));
  EXPECT_TRUE(is_attestation_channel("Microsoft-Windows-User Device Registration/Admin", ""));
  EXPECT_TRUE(is_attestation_channel("Microsoft-Windows-AAD/Operational", ""));
  EXPECT_TRUE(is_attestation_channel("Microsoft-Windows-DeviceManagement-Enterprise-Diagnostics-Provider/Admin", ""));
  EXPECT_FALSE(is_attestation_channel("System", "Service Control Manager"));
  EXPECT_FALSE(is_attestation_channel("Microsoft-Windows-Shell-Core/Operational", "Microsoft-Windows-Shell-Core"));
  EXPECT_FALSE(is_attestation_channel("System", "TPMX"));
}

TEST(EvtxXml, KeepEventSetsSourceAndCounts) {
  EvtxReadResult out;
  EvtxLimits limits;
  limits.max_kept = 1;
  WindowsEvent a;
  a.channel = "Microsoft-Windows-TPM-WMI/Admin";
  a.record_id = 7;
  keep_event(a, "x.cab:t.evtx", limits, out);
  keep_event(a, "x.cab:t.evtx", limits, out);
  WindowsEvent other;
  other.channel = "Application";
  keep_event(other, "x.cab:t.evtx", limits, out);
  ASSERT_EQ(out.events.size(), 1u);
  EXPECT_EQ(out.events[0].source, "x.cab:t.evtx#record 7");
  EXPECT_EQ(out.other_channel, 1u);
  EXPECT_EQ(out.skipped, 1u);
  EXPECT_TRUE(out.truncated);
  EXPECT_EQ(out.issues.size(), 1u);
}

}  // namespace
