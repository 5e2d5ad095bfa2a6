#include <gtest/gtest.h>

#include "report/html.h"
#include "report/render.h"
#include "rules/table.h"

using namespace tpmready;

namespace {
report::Report seed_like_report() {
  report::Report r;
  r.tool_version = "0.1.0";
  r.scope = "windows+tpm";
  for (const char* id : {"win.eula_accepted", "win.maintenance_task_ran", "win.taskstates.ek_certificate_present",
                         "win.ready_for_attestation", "ek.cert.present"}) {
    rules::Finding f = rules::find_rule(id)->finding();
    f.status = std::string(id) == "ek.cert.present" ? rules::Status::Pass : rules::Status::Fail;
    r.findings.push_back(f);
  }
  r.findings[0].evidence.push_back({"file:oobe.reg:3", "SetupDisplayedEula", "absent <script>", std::nullopt});
  auto a = rules::analyze(r.findings);
  r.verdict = a.verdict;
  r.root_causes = a.root_causes;
  return r;
}
}  // namespace

TEST(RenderText, VerdictFirstThenRootCauseWithChainAndFix) {
  auto text = report::render_text(seed_like_report());
  auto verdict = text.find("VERDICT: NOT READY");
  // The headline states the problem; the rule ID follows it, on the next line when the line would
  // not fit in 100 columns.
  auto root = text.find("Root cause 1: SetupDisplayedEula is not set: Windows never recorded the EULA as accepted\n"
                        "              (win.eula_accepted)\n");
  ASSERT_NE(verdict, std::string::npos);
  ASSERT_NE(root, std::string::npos) << text;
  EXPECT_LT(verdict, root);
  // The chain in failure titles, one step a line, each with its ID after it (or under it).
  EXPECT_NE(text.find("  Chain:  SetupDisplayedEula is not set: Windows never recorded the EULA as accepted\n"
                      "          (win.eula_accepted)\n        → The Tpm-Maintenance task has not run successfully  "
                      "(win.maintenance_task_ran)\n        → EkCertificatePresent is not set"),
            std::string::npos)
      << text;
  // Every line up to the fix (headline, chain, IDs) fits in 100 columns.
  const auto fix = text.find("  Fix:");
  ASSERT_NE(fix, std::string::npos);
  std::size_t start = root;
  while (start < fix) {
    auto end = text.find('\n', start);
    const std::string line = text.substr(start, end - start);
    if (line.rfind("  Why:", 0) != 0 && line.rfind("  Windows shows:", 0) != 0) {
      std::size_t cols = 0;
      for (unsigned char c : line) cols += (c & 0xC0) != 0x80;
      EXPECT_LE(cols, 100u) << line;
    }
    start = end + 1;
  }
  // The findings list keeps the requirement titles.
  EXPECT_GT(text.find("The Windows EULA is recorded as accepted"), text.find("Findings")) << text;
  EXPECT_NE(text.find("SetupDisplayedEula = 1"), std::string::npos);  // the fix text
  EXPECT_EQ(text.find("\033["), std::string::npos);                    // no colour unless asked
  EXPECT_NE(report::render_text(seed_like_report(), {true}).find("\033[1;31m"), std::string::npos);
}

TEST(RenderJson, RoundTripsTheContractFields) {
  auto r = seed_like_report();
  r.caveats.push_back({"ek.cert.matches_ek", "The EK certificate certifies the EK Windows uses", "why", "tpmready ekcert"});
  r.root_causes[0].likely_causes.push_back({"x.y", "X is broken", "because", "reg query X"});
  auto j = nlohmann::json::parse(report::render_json(r));
  EXPECT_EQ(j["verdict"], "not_ready");
  EXPECT_EQ(j["root_causes"][0]["id"], "win.eula_accepted");
  EXPECT_EQ(j["root_causes"][0]["title"], "SetupDisplayedEula is not set: Windows never recorded the EULA as accepted");
  EXPECT_EQ(j["root_causes"][0]["likely_causes"][0]["confirm"], "reg query X");
  EXPECT_EQ(j["caveats"][0]["check"], "tpmready ekcert");
  EXPECT_EQ(j["findings"][0]["failure_title"], j["root_causes"][0]["title"]);
  EXPECT_EQ(j["root_causes"][0]["chain"].back(), "win.ready_for_attestation");
  EXPECT_EQ(j["findings"][0]["evidence"][0]["source"], "file:oobe.reg:3");
  EXPECT_EQ(j["findings"][0]["fix_action"], "set_setup_displayed_eula");
  auto back = report::report_from_json(j);
  ASSERT_TRUE(back.ok()) << back.error().what();
  EXPECT_EQ(report::to_json(*back), j);
}

TEST(RenderHtml, SelfContainedEscapedWithVerdictRootCauseAndChainSvg) {
  auto html = report::render_html(seed_like_report());
  EXPECT_NE(html.find("data-verdict=\"not_ready\""), std::string::npos);
  EXPECT_NE(html.find("data-root-cause=\"win.eula_accepted\""), std::string::npos);
  EXPECT_NE(html.find("<svg class=\"chain\""), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);  // evidence text is escaped
  EXPECT_NE(html.find("absent &lt;script&gt;"), std::string::npos);
  for (const char* external : {"http://", "https://", "src=", "<link"}) {
    auto at = html.find(external);
    // the only URL allowed is the SVG namespace, which loads nothing
    while (at != std::string::npos && html.compare(at, 26, "http://www.w3.org/2000/svg") == 0) at = html.find(external, at + 1);
    EXPECT_EQ(at, std::string::npos) << external;
  }
}

namespace {
/// Seed 000 through tpmtool alone: the task did not run, the EULA value is not in the evidence.
report::Report likely_cause_report() {
  report::Report r;
  r.tool_version = "0.1.0";
  r.scope = "windows+tpm";
  for (const char* id : {"win.eula_accepted", "win.maintenance_task_ran"}) {
    rules::Finding f = rules::find_rule(id)->finding();
    f.status = std::string(id) == "win.eula_accepted" ? rules::Status::Unknown : rules::Status::Fail;
    r.findings.push_back(f);
  }
  auto a = rules::analyze(r.findings);
  r.verdict = a.verdict;
  r.root_causes = a.root_causes;
  return r;
}

report::Report ready_with_caveats() {
  report::Report r;
  r.tool_version = "0.1.0";
  r.scope = "windows+tpm";
  r.verdict = rules::Verdict::Ready;
  r.caveats.push_back({"ek.cert.matches_ek", "The EK certificate certifies the EK Windows uses",
                       "Only the TPM can say <so>.", "tpmready ekcert"});
  return r;
}
}  // namespace

TEST(RenderText, LikelyCauseWithTheCommandThatConfirmsIt) {
  auto text = report::render_text(likely_cause_report());
  auto root = text.find("Root cause 1: The Tpm-Maintenance task has not run successfully");
  auto likely = text.find("Likely cause: SetupDisplayedEula is not set: Windows never recorded the EULA as accepted\n"
                          "                (win.eula_accepted)");
  ASSERT_NE(root, std::string::npos) << text;
  ASSERT_NE(likely, std::string::npos) << text;
  EXPECT_LT(root, likely);
  // The command on a line of its own, whole, under its label: it is copied as it stands.
  EXPECT_NE(text.find("          Confirm with:\n  reg query \"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup"
                      "\\OOBE\" /v SetupDisplayedEula\n"),
            std::string::npos)
      << text;
}

TEST(RenderText, CaveatsComeRightUnderAReadyVerdict) {
  auto text = report::render_text(ready_with_caveats());
  auto verdict = text.find("VERDICT: READY");
  auto caveats = text.find("Caveats");
  ASSERT_NE(verdict, std::string::npos);
  ASSERT_NE(caveats, std::string::npos) << text;
  EXPECT_LT(verdict, caveats);
  EXPECT_LT(caveats, text.find("Findings"));
  EXPECT_NE(text.find("Check: tpmready ekcert"), std::string::npos);
}

TEST(RenderHtml, CaveatsUnderTheVerdictAndLikelyCausesInTheRootCause) {
  auto html = report::render_html(ready_with_caveats());
  auto verdict = html.find("id=\"verdict\"");
  auto caveat = html.find("data-caveat=\"ek.cert.matches_ek\"");
  ASSERT_NE(caveat, std::string::npos);
  EXPECT_LT(verdict, caveat);
  EXPECT_NE(html.find("<code>tpmready ekcert</code>"), std::string::npos);
  EXPECT_NE(html.find("Only the TPM can say &lt;so&gt;."), std::string::npos);
  auto likely = report::render_html(likely_cause_report());
  EXPECT_NE(likely.find("data-likely-cause=\"win.eula_accepted\""), std::string::npos);
  EXPECT_NE(likely.find("Root cause: The Tpm-Maintenance task has not run successfully"), std::string::npos);
  // The chain boxes carry the failure titles, IDs under them.
  EXPECT_NE(likely.find(">The Tpm-Maintenance task has not run"), std::string::npos);
}

TEST(HtmlEscape, EscapesAllFive) { EXPECT_EQ(html_escape("<a href=\"x\">'&'"), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;"); }

TEST(HtmlBreakable, LetsPathsAndUrlsWrapBetweenTheirPartsOnly) {
  using report::html_breakable;
  EXPECT_EQ(html_breakable("Set HKLM\\SOFTWARE\\Setup\\OOBE SetupDisplayedEula = 1"),
            "Set HKLM\\<wbr>SOFTWARE\\<wbr>Setup\\<wbr>OOBE SetupDisplayedEula = 1");
  EXPECT_EQ(html_breakable("allow https://ekop.intel.com/ekcertservice and https://a.b/c/"),
            "allow https://ekop.intel.com/<wbr>ekcertservice and https://a.b/<wbr>c/");
  EXPECT_EQ(html_breakable("<a>/\"b\""), "&lt;a&gt;/<wbr>&quot;b&quot;");  // escaped on both sides
  EXPECT_EQ(html_breakable("EK/ Platform \\\\server"), "EK/ Platform \\\\server");
  EXPECT_EQ(html_breakable(""), "");
}

TEST(SvgChain, DrawnAtItsOwnSizeWithReadableTextAndWrappedIds) {
  auto svg = report::svg_chain({{"SetupDisplayedEula is not set: Windows never recorded the EULA as accepted",
                                 "win.eula_accepted", true},
                                {"EkCertificatePresent is not set", "win.taskstates.ek_certificate_present (not_applicable)",
                                 false}});
  // Width and height in CSS pixels: the page never scales it (and its text) down.
  EXPECT_NE(svg.find("<svg class=\"chain\" role=\"img\" width=\"304\" height=\""), std::string::npos) << svg;
  EXPECT_EQ(svg.find("font-size=\"10\""), std::string::npos);
  EXPECT_NE(svg.find("font-size=\"14\" font-family=\"sans-serif\">SetupDisplayedEula is not set:</text>"),
            std::string::npos);
  EXPECT_NE(svg.find("font-size=\"12\" font-family=\"monospace\" fill=\"#5d6d7e\">win.eula_accepted</text>"),
            std::string::npos);
  // An ID with its status is wider than the box in 12 px monospace: it wraps at the space.
  EXPECT_NE(svg.find(">win.taskstates.ek_certificate_present</text>"), std::string::npos);
  EXPECT_NE(svg.find(">(not_applicable)</text>"), std::string::npos);
}

namespace {
report::Report with_timeline() {
  auto r = seed_like_report();
  timeline::TimelineEntry t;
  t.time = "2024-05-01T10:05:00Z";
  t.source = "Autopilot";
  t.event_id = 251;
  t.summary = "AIK certificate acquisition task returned HRESULT = 0x81039001 <b>";
  t.code = "0x81039001";
  t.code_meaning = "E_AUTOPILOT_CLIENT_TPM_MAX_ATTESTATION_RETRY_EXCEEDED: retries exhausted";
  t.rule = "win.ready_for_attestation";
  t.unverified = true;
  r.timeline = {t};
  r.fault = {"device", "Root cause on the device: win.eula_accepted.", "Fix the device: set SetupDisplayedEula."};
  return r;
}
}  // namespace

TEST(RenderText, PrintsTheFaultSideAndTheTimelineWithCodeMeaningsOnce) {
  auto r = with_timeline();
  r.timeline.push_back(r.timeline.front());
  auto text = report::render_text(r);
  auto fault = text.find("Fault side: DEVICE");
  auto tl = text.find("Timeline");
  ASSERT_NE(fault, std::string::npos) << text;
  ASSERT_NE(tl, std::string::npos);
  EXPECT_LT(fault, tl);
  EXPECT_LT(tl, text.find("Findings"));
  EXPECT_NE(text.find("2024-05-01T10:05:00Z  Autopilot 251*"), std::string::npos) << text;
  auto meaning = text.find("0x81039001 = E_AUTOPILOT");
  ASSERT_NE(meaning, std::string::npos);
  EXPECT_EQ(text.find("0x81039001 = E_AUTOPILOT", meaning + 1), std::string::npos);  // once
  EXPECT_NE(text.find("* event meaning not verified"), std::string::npos);
}

namespace {
/// CertEnroll 87 from the Application log: the AIK CA's URL and its answer.
timeline::TimelineEntry aik_ca_answer() {
  timeline::TimelineEntry t;
  t.time = "2024-05-01T10:04:59Z";
  t.source = "CertEnroll";
  t.event_id = 87;
  t.summary = "AIK enrollment at the AIK CA (SCEP) failed (0x80190190)";
  t.code = "0x80190190";
  t.side = "service";
  t.rule = "service.aik_responded";
  t.url = "https://IFX-KeyId-0d5f.microsoftaik.azure.net/templates/Aik/scep";
  t.service_text = "No valid TPM EK/Platform Certificate provided in the TPM identity request message. <i>0x80190190";
  return t;
}
}  // namespace

TEST(RenderText, ShowsTheAikCaUrlAndAnswerOnceWithinTheWidth) {
  auto r = with_timeline();
  r.timeline = {aik_ca_answer(), aik_ca_answer()};
  auto text = report::render_text(r);
  auto url = text.find("      URL:    https://IFX-KeyId-0d5f.microsoftaik.azure.net/templates/Aik/scep\n");
  ASSERT_NE(url, std::string::npos) << text;
  EXPECT_EQ(text.find("URL:    https://IFX", url + 7), std::string::npos);  // the same answer once
  auto answer = text.find("      Answer: No valid TPM EK/Platform Certificate provided");
  ASSERT_NE(answer, std::string::npos) << text;
  EXPECT_NE(text.find("(points to: service)", answer), std::string::npos);
  auto end = text.find("\n", answer);
  EXPECT_LE(end - answer, 100u);
}

TEST(RenderHtml, ShowsTheAikCaUrlAndAnswerEscaped) {
  auto r = with_timeline();
  r.timeline = {aik_ca_answer()};
  auto html = report::render_html(r);
  EXPECT_NE(html.find("URL: https://IFX-KeyId-0d5f.microsoftaik.azure.net/templates/Aik/scep"), std::string::npos);
  EXPECT_NE(html.find("data-side=\"service\">Answer: No valid TPM EK/Platform Certificate"), std::string::npos);
  EXPECT_NE(html.find("message. &lt;i&gt;0x80190190"), std::string::npos);
}

TEST(RenderJson, TimelineAndFaultSideRoundTrip) {
  auto r = with_timeline();
  auto j = nlohmann::json::parse(report::render_json(r));
  EXPECT_EQ(j["fault_side"], "device");
  EXPECT_EQ(j["timeline"][0]["event_id"], 251);
  EXPECT_EQ(j["timeline"][0]["code"], "0x81039001");
  EXPECT_EQ(j["timeline"][0]["rule"], "win.ready_for_attestation");
  auto back = report::report_from_json(j);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->fault.side, "device");
  EXPECT_EQ(back->fault.advice, r.fault.advice);
  ASSERT_EQ(back->timeline.size(), 1u);
  EXPECT_EQ(back->timeline[0].summary, r.timeline[0].summary);
}

TEST(RenderHtml, TimelineRowsLinkToTheirRuleSectionsEscaped) {
  auto html = report::render_html(with_timeline());
  EXPECT_NE(html.find("data-fault-side=\"device\""), std::string::npos);
  EXPECT_NE(html.find("<table id=\"timeline\">"), std::string::npos);
  EXPECT_NE(html.find("href=\"#rule-win.ready_for_attestation\""), std::string::npos);
  EXPECT_NE(html.find("id=\"rule-win.ready_for_attestation\""), std::string::npos);  // the link target exists
  EXPECT_EQ(html.find("0x81039001 <b>"), std::string::npos);
  EXPECT_NE(html.find("0x81039001 &lt;b&gt;"), std::string::npos);
}

TEST(RenderText, ReadyReportWithoutEventsHasNoFaultOrTimelineSection) {
  report::Report r;
  r.tool_version = "0.1.0";
  r.verdict = rules::Verdict::Ready;
  auto text = report::render_text(r);
  EXPECT_EQ(text.find("Fault side"), std::string::npos);
  EXPECT_EQ(text.find("Timeline"), std::string::npos);
}

namespace {
/// A report whose strings came from hostile inputs: an evidence value from a file, a network
/// probe's error quoting a proxy's reason phrase, a timeline summary with a broken UTF-8 byte.
report::Report with_hostile_text() {
  auto r = with_timeline();
  r.findings[0].evidence.push_back({"file:tpmtool.txt:5", "tpm.firmware", "7.2\x1b]0;owned\x07\x1b[2J", std::nullopt});
  r.timeline[0].summary += " \xFF\xC2\x9B" "6n";
  NetworkEvidence n;
  n.proxy = Fact<std::string>::known("http://127.0.0.1:3128", "env:https_proxy");
  EndpointProbe p;
  p.url = "https://ztd.dds.microsoft.com";
  p.error = "proxy: refused CONNECT: HTTP 403 Forbidden\x1b[31m\r\nX";
  n.probes = {p};
  r.network = n;
  return r;
}

std::string without_sgr(std::string s) {  // drops the palette's "\033[...m" sequences
  for (auto at = s.find("\033["); at != std::string::npos; at = s.find("\033[", at)) s.erase(at, s.find('m', at) - at + 1);
  return s;
}
}  // namespace

TEST(RenderText, ControlCharactersFromInputsAreShownEscapedWithAndWithoutColour) {
  auto r = with_hostile_text();
  for (bool colour : {false, true}) {
    auto text = report::render_text(r, {colour});
    SCOPED_TRACE(colour ? "colour" : "plain");
    EXPECT_NE(text.find("tpm.firmware = 7.2\\x1b]0;owned\\x07\\x1b[2J"), std::string::npos) << text;
    EXPECT_NE(text.find("HTTP 403 Forbidden\\x1b[31m\\r\nX"), std::string::npos) << text;  // LF keeps the line
    EXPECT_NE(text.find("<b> \xEF\xBF\xBD\\u009b6n"), std::string::npos) << text;
    EXPECT_EQ(text.find('\x07'), std::string::npos);
    EXPECT_EQ(text.find('\r'), std::string::npos);
    EXPECT_EQ(text.find("\xC2\x9B"), std::string::npos);
    EXPECT_EQ(text.find("\033]"), std::string::npos);
    EXPECT_EQ(text.find("\033[2J"), std::string::npos);
    EXPECT_EQ(text.find("\033[31m"), std::string::npos);  // the palette never uses 31 without bold
  }
}

TEST(RenderText, ColourOnlyAddsThePaletteToTheSameText) {
  // The coloured text is rendered from a terminal-safe copy of the report (through its JSON form):
  // nothing else may change.
  for (const auto& r : {seed_like_report(), with_timeline(), with_hostile_text()}) {
    auto coloured = report::render_text(r, {true});
    EXPECT_NE(coloured.find("\033[1;31m"), std::string::npos);
    EXPECT_EQ(without_sgr(coloured), report::render_text(r, {false}));
  }
}

TEST(RenderJson, IllFormedUtf8IsReplacedNotThrown) {
  auto r = with_hostile_text();
  std::string text;
  ASSERT_NO_THROW(text = report::render_json(r));
  auto j = nlohmann::json::parse(text);
  const auto summary = j["timeline"][0]["summary"].get<std::string>();
  EXPECT_EQ(summary.substr(summary.size() - 8), " \xEF\xBF\xBD\xC2\x9B" "6n");  // JSON keeps the (valid) C1 character
  EXPECT_EQ(j["findings"][0]["evidence"].back()["value"], "7.2\x1b]0;owned\x07\x1b[2J");
}
