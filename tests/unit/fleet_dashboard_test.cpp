// Fleet report renderers: the JSON contract, CSV quoting, and HTML escaping of device-supplied text.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fleet/dashboard.h"

namespace tpmready::fleet {
namespace {

FleetReport sample() {
  FleetReport r;
  r.devices = 3;
  r.runs = 4;
  r.verdicts = {{"ready", 1}, {"not_ready", 2}, {"undetermined", 0}};
  r.root_causes = {{"win.eula_accepted", "EULA", "Set SetupDisplayedEula", "set_setup_displayed_eula", 2}};
  r.breakdown = {{"Lenovo", "<script>alert(1)</script>", "IFX", "7.85", 3, 1, 2, 0, "win.eula_accepted"}};
  r.trends = {{"2026-11-26", 4, 1, 3, 0}};
  r.device_list = {{"d1", "S\"1", "Lenovo", "<b>x</b>", "IFX", "7.85", "not_ready", "win.eula_accepted", 0, 2}};
  return r;
}

TEST(FleetDashboard, JsonHasTheContractFields) {
  auto j = to_json(sample());
  EXPECT_EQ(j.at("devices"), 3);
  EXPECT_EQ(j.at("verdicts").at("ready"), 1);
  EXPECT_EQ(j.at("verdicts").at("not_ready"), 2);
  EXPECT_EQ(j.at("verdicts").at("undetermined"), 0);
  ASSERT_EQ(j.at("root_causes").size(), 1u);
  EXPECT_EQ(j["root_causes"][0].at("id"), "win.eula_accepted");
  EXPECT_EQ(j["root_causes"][0].at("devices"), 2);
  EXPECT_EQ(j["root_causes"][0].at("fix_action"), "set_setup_displayed_eula");
  EXPECT_EQ(j.at("breakdown")[0].at("not_ready"), 2);
  EXPECT_EQ(j.at("trends")[0].at("runs"), 4);
}

TEST(FleetDashboard, HtmlEscapesDeviceTextAndCarriesCounts) {
  auto html = render_html(sample());
  EXPECT_EQ(html.find("<script>alert(1)"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_NE(html.find("&lt;b&gt;x&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(html.find("id=\"devices\" data-count=\"3\""), std::string::npos);
  EXPECT_NE(html.find("id=\"verdict-not_ready\" data-count=\"2\""), std::string::npos);
  EXPECT_NE(html.find("data-root-cause=\"win.eula_accepted\""), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
}

TEST(FleetDashboard, CaveatsAreCountedWithTheirCheckAndReadyDevicesKeepThem) {
  auto r = sample();
  r.ready_with_caveats = 1;
  r.caveats = {{"ek.cert.matches_ek", "The EK certificate certifies the EK Windows uses", "offline <why>", "tpmready ekcert", 1}};
  r.device_list.push_back({"d9", "S9", "HP", "EliteBook", "STM", "1.0", "ready", "", 0, 1, "ek.cert.matches_ek"});
  auto j = to_json(r);
  EXPECT_EQ(j.at("ready_with_caveats"), 1);
  EXPECT_EQ(j.at("caveats")[0].at("id"), "ek.cert.matches_ek");
  EXPECT_EQ(j.at("caveats")[0].at("devices"), 1);
  EXPECT_EQ(j.at("caveats")[0].at("check"), "tpmready ekcert");
  auto html = render_html(r);
  EXPECT_NE(html.find("id=\"ready-with-caveats\" data-count=\"1\""), std::string::npos);
  EXPECT_NE(html.find("data-caveat=\"ek.cert.matches_ek\""), std::string::npos);
  EXPECT_NE(html.find("<code>tpmready ekcert</code>"), std::string::npos);
  EXPECT_NE(html.find("offline &lt;why&gt;"), std::string::npos);
  EXPECT_NE(render_text(r).find("check: tpmready ekcert"), std::string::npos);
}

TEST(FleetDashboard, CsvQuotesAndDefusesFormulas) {
  EXPECT_EQ(csv_field("plain"), "plain");
  EXPECT_EQ(csv_field("a,b"), "\"a,b\"");
  EXPECT_EQ(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(csv_field("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(csv_field("+1"), "'+1");
  RootCauseDevice d{"ek.cert.present", "Ask the OEM, then retry", "d1", "S1", "Dell", "Latitude 7440", "NTC", "7.2", 0};
  EXPECT_EQ(root_cause_csv_row(d),
            "ek.cert.present,\"Ask the OEM, then retry\",d1,S1,Dell,Latitude 7440,NTC,7.2,1970-01-01T00:00:00Z\r\n");
  EXPECT_EQ(root_cause_csv_header().substr(0, 22), "root_cause,fix,device_");
}

TEST(FleetDashboard, CsvDefusesLeadingTabCrAndLfToo) {
  // OWASP CSV injection: TAB and CR (and LF, a new line in a quoted cell) before a formula.
  EXPECT_EQ(csv_field("\t=1+1"), "'\t=1+1");
  EXPECT_EQ(csv_field("\r=1+1"), "\"'\r=1+1\"");
  EXPECT_EQ(csv_field("\n=1+1"), "\"'\n=1+1\"");
  EXPECT_EQ(csv_field("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(csv_field("-2"), "'-2");
  EXPECT_EQ(csv_field("a\t=1"), "a\t=1");  // not leading: not a formula
  EXPECT_EQ(csv_field("Model \xFF"), "Model \xEF\xBF\xBD");
}

TEST(FleetDashboard, ChartsAreHtmlWithPlainWordsAndTheTableFitsAPhone) {
  auto r = sample();
  r.root_causes[0].title = "SetupDisplayedEula is not set: Windows never recorded the EULA as accepted";
  r.device_list.push_back({"09d3c701620887fdca5089dfa74306ea", "PF-00014", "Dell", "Latitude 7440", "NTC", "1.0",
                           "not_ready", "ek.cert.service_compatible,tpm.not_virtual", 1796511600, 1});
  auto html = render_html(r);
  // Bar charts in HTML (their labels wrap at the page's font size), the failure title with the ID
  // under it; only the trend chart is SVG, at its own pixel size with 12 px labels.
  EXPECT_NE(html.find("<div class=\"bars\" id=\"root-cause-chart\"><div class=\"bar-row\"><span class=\"bar-label\">"
                      "SetupDisplayedEula is not set: Windows never recorded the EULA as accepted<code class=\"id muted\">"
                      "win.eula_accepted</code>"),
            std::string::npos);
  EXPECT_NE(html.find("<span class=\"bar-label\">not ready</span>"), std::string::npos);
  EXPECT_EQ(html.find("<svg", html.find("<svg") + 1), std::string::npos);
  EXPECT_NE(html.find("<svg id=\"trend-chart\" role=\"img\" width=\""), std::string::npos);
  EXPECT_EQ(html.find("font-size=\"9\""), std::string::npos);
  // Narrow screens: one media query, rows as cards labelled with the column names.
  EXPECT_NE(html.find("@media (max-width:40rem)"), std::string::npos);
  EXPECT_NE(html.find("#device-table td:nth-child(2)::before{content:\"serial\"}"), std::string::npos);
  // Long values wrap between their parts only: a device ID in halves, a list after its commas, a
  // time between date and time of day.
  EXPECT_NE(html.find("<td>09d3c701620887fd<wbr>ca5089dfa74306ea</td>"), std::string::npos);
  EXPECT_NE(html.find("<td>ek.cert.service_compatible,<wbr>tpm.not_virtual</td>"), std::string::npos);
  EXPECT_NE(html.find("<td><span class=\"nw\">2026-12-05T</span><wbr><span class=\"nw\">"), std::string::npos);
}

TEST(FleetDashboard, UnknownVerdictGetsANeutralClassAndEscapedText) {
  // A hand-made database: the verdict column holds anything.
  auto r = sample();
  r.device_list.push_back({"d2", "S2", "HP", "EliteBook", "STM", "1.0", "x\" onmouseover=\"alert(1)", "", 0, 1});
  auto html = render_html(r);
  EXPECT_EQ(html.find("onmouseover=\"alert"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"other\"><td>d2</td>"), std::string::npos) << html;
  EXPECT_NE(html.find("<td>x&quot; onmouseover=&quot;alert(1)</td>"), std::string::npos);
  EXPECT_NE(html.find("<tr class=\"not_ready\"><td>d1</td>"), std::string::npos);  // the known ones keep theirs
  for (const char* v : {"ready", "undetermined"}) {
    auto one = sample();
    one.device_list[0].verdict = v;
    EXPECT_NE(render_html(one).find(std::string("<tr class=\"") + v + "\"><td>d1</td>"), std::string::npos) << v;
  }
}

TEST(FleetDashboard, TextShowsDeviceControlCharactersEscaped) {
  auto r = sample();
  r.breakdown[0].model = "Model\x1b]0;owned\x07";
  auto text = render_text(r);
  EXPECT_NE(text.find("Model\\x1b]0;owned\\x07"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos);
}

TEST(FleetDashboard, TextListsRootCausesWithFix) {
  auto text = render_text(sample());
  EXPECT_NE(text.find("Fleet: 3 devices (4 runs kept)"), std::string::npos) << text;
  EXPECT_NE(text.find("win.eula_accepted"), std::string::npos);
  EXPECT_NE(text.find("fix: Set SetupDisplayedEula [set_setup_displayed_eula]"), std::string::npos) << text;
}

}  // namespace
}  // namespace tpmready::fleet
