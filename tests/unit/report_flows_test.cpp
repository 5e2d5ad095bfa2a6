// Each Autopilot flow's answer in the report: JSON (`.flows[]`, and each finding's flows) read back
// as written, one text line per flow near the top, a small HTML section with the IDs linked.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "report/render.h"
#include "report/report.h"
#include "rules/table.h"

using namespace tpmready;
using namespace tpmready::rules;

namespace {

/// A device whose attestation fails at the service while device association is ready, with one of
/// association's caveats.
report::Report service_side_report() {
  report::Report r;
  r.tool_version = "0.1.0";
  r.scope = "windows+tpm";
  for (const auto& rule : rule_table()) {
    Finding f = rule.finding();
    f.status = rule.id == "service.aik_responded" || rule.id == "attestation.aik_enrolled" ? rules::Status::Fail
               : rule.id == "secureboot.state_recorded" ? rules::Status::Unknown
                                                        : rules::Status::Pass;
    r.findings.push_back(std::move(f));
  }
  const auto a = analyze(FindingSet(r.findings, kFlowAttestation));
  r.verdict = a.verdict;
  r.root_causes = a.root_causes;
  for (const auto& flow : flow_table()) r.flows.push_back(answer_flow(flow.id, r.findings));
  return r;
}

std::size_t columns(const std::string& line) {
  std::size_t n = 0;
  for (unsigned char c : line) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

TEST(ReportFlows, JsonCarriesEachFlowAndEachFindingsFlowsAndReadsBack) {
  const auto r = service_side_report();
  const auto j = report::to_json(r);
  ASSERT_EQ(j["flows"].size(), 2u);
  EXPECT_EQ(j["flows"][0]["id"], "autopilot.tpm_attestation");
  EXPECT_EQ(j["flows"][0]["verdict"], j["verdict"]);  // the top-level verdict is attestation's
  EXPECT_EQ(j["flows"][0]["root_causes"], nlohmann::json::array({"service.aik_responded"}));
  EXPECT_EQ(j["flows"][1]["id"], "autopilot.device_association");
  EXPECT_EQ(j["flows"][1]["verdict"], "ready");
  EXPECT_EQ(j["flows"][1]["root_causes"], nlohmann::json::array());
  EXPECT_EQ(j["flows"][1]["caveats"][0]["id"], "secureboot.state_recorded");
  EXPECT_EQ(j["flows"][1]["caveats"][0]["check"], "powershell -NoProfile -Command Confirm-SecureBootUEFI");
  for (const auto& f : j["findings"]) {
    if (f["id"] == "tpm.not_virtual") {
      EXPECT_EQ(f["flows"], nlohmann::json::array({"autopilot.tpm_attestation", "autopilot.device_association"}));
    }
    if (f["id"] == "service.aik_responded") {
      EXPECT_EQ(f["flows"], nlohmann::json::array({"autopilot.tpm_attestation"}));
    }
  }

  auto back = report::report_from_json(j);
  ASSERT_TRUE(back) << back.error().message();
  EXPECT_EQ(report::to_json(*back), j);

  // A report from a tpmready that knew no flows still reads, with none.
  auto old = j;
  old.erase("flows");
  for (auto& f : old["findings"]) f.erase("flows");
  auto read = report::report_from_json(old);
  ASSERT_TRUE(read);
  EXPECT_TRUE(read->flows.empty());
  EXPECT_EQ(report::render_text(*read).find("device association"), std::string::npos);

  // A flow with a verdict this tpmready does not know is an error naming where it is.
  auto bad = j;
  bad["flows"][1]["verdict"] = "maybe";
  auto err = report::report_from_json(bad);
  ASSERT_FALSE(err);
  EXPECT_NE(err.error().message().find("flows"), std::string::npos) << err.error().message();
}

TEST(ReportFlows, TextHasOneLinePerFlowUnderTheVerdict) {
  const auto text = report::render_text(service_side_report());
  const auto verdict = text.find("VERDICT: NOT READY");
  const auto attestation = text.find("  Autopilot TPM attestation: NOT READY  root cause: service.aik_responded\n");
  const auto association = text.find("  Autopilot device association: READY  caveats: secureboot.state_recorded\n");
  ASSERT_NE(verdict, std::string::npos);
  ASSERT_NE(attestation, std::string::npos) << text;
  ASSERT_NE(association, std::string::npos) << text;
  EXPECT_LT(verdict, attestation);
  EXPECT_LT(attestation, association);
  EXPECT_LT(association, text.find("Root cause 1:"));
  // IDs that do not fit go on the lines under the flow's, within 100 columns.
  auto r = service_side_report();
  r.flows[1].verdict = Verdict::Undetermined;
  r.flows[1].undetermined_by = {"tpm.present", "tpm.version_2_0", "tpm.enabled", "tpm.not_virtual",
                                "tpm.not_reduced_functionality"};
  const auto wrapped = report::render_text(r);
  const auto at = wrapped.find("  Autopilot device association: UNDETERMINED\n      not shown: ");
  ASSERT_NE(at, std::string::npos) << wrapped;
  for (std::size_t start = at, n = 0; n < 3; ++n) {
    const auto end = wrapped.find('\n', start);
    EXPECT_LE(columns(wrapped.substr(start, end - start)), 100u) << wrapped.substr(start, end - start);
    start = end + 1;
  }
  EXPECT_NE(wrapped.find("tpm.not_reduced_functionality", at), std::string::npos);
}

TEST(ReportFlows, HtmlHasASmallSectionWithEachFlowsVerdictAndLinkedIds) {
  const auto html = report::render_html(service_side_report());
  const auto section = html.find("<section id=\"flows\">");
  ASSERT_NE(section, std::string::npos);
  EXPECT_LT(html.find("id=\"verdict\""), section);
  EXPECT_NE(html.find("<li data-flow=\"autopilot.tpm_attestation\" data-verdict=\"not_ready\"><span class=\"fv "
                      "v-not_ready\">NOT READY</span> Autopilot TPM attestation"),
            std::string::npos)
      << html;
  EXPECT_NE(html.find("<li data-flow=\"autopilot.device_association\" data-verdict=\"ready\">"), std::string::npos);
  EXPECT_NE(html.find("<a class=\"id\" href=\"#rule-service.aik_responded\">service.aik_responded</a>", section),
            std::string::npos);
  EXPECT_NE(html.find("<a class=\"id\" href=\"#rule-secureboot.state_recorded\">", section), std::string::npos);
  // What the association answer does not check is said where it is given.
  EXPECT_NE(html.find("Not checked: what its TPM attestation checks (Microsoft does not say), the Windows 11", section), std::string::npos);
  // The linked findings exist in the page.
  EXPECT_NE(html.find("id=\"rule-secureboot.state_recorded\""), std::string::npos);
}
