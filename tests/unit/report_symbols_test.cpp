// The text report takes its arrows and dashes from util/text_symbols.h: ASCII when asked.
#include <gtest/gtest.h>

#include "report/render.h"
#include "rules/table.h"

using namespace tpmready;

namespace {
report::Report eula_report() {
  report::Report r;
  r.tool_version = "0.1.0";
  r.scope = "windows+tpm";
  for (const char* id : {"win.eula_accepted", "win.maintenance_task_ran"}) {
    const auto* info = rules::find_rule(id);
    rules::Finding f;
    f.id = id;
    f.title = std::string(info->title);
    f.status = rules::Status::Fail;
    for (auto p : info->parents) f.parents.emplace_back(p);
    r.findings.push_back(f);
  }
  auto a = rules::analyze(r.findings);
  r.verdict = a.verdict;
  r.root_causes = a.root_causes;
  return r;
}
}  // namespace

TEST(RenderTextSymbols, Utf8ByDefaultAsciiWhenAsked) {
  const auto r = eula_report();
  const auto utf8 = report::render_text(r);
  EXPECT_NE(utf8.find("tpmready 0.1.0 \u2014 TPM readiness"), std::string::npos);
  // The chain's steps after the first start with an arrow, their text under the first step's.
  EXPECT_NE(utf8.find("(win.eula_accepted)\n        \u2192 The Tpm-Maintenance task"), std::string::npos) << utf8;

  const auto ascii = report::render_text(r, {false, false});
  EXPECT_NE(ascii.find("tpmready 0.1.0 -- TPM readiness"), std::string::npos);
  EXPECT_NE(ascii.find("Root cause 1: SetupDisplayedEula is not set"), std::string::npos) << ascii;
  EXPECT_NE(ascii.find("(win.eula_accepted)\n       -> The Tpm-Maintenance task"), std::string::npos) << ascii;
  EXPECT_EQ(ascii.find("\u2192"), std::string::npos);
  EXPECT_EQ(ascii.find("\u2014"), std::string::npos);
}

TEST(RenderTextSymbols, VerdictLabels) {
  EXPECT_EQ(report::verdict_label(rules::Verdict::Ready), "READY");
  EXPECT_EQ(report::verdict_label(rules::Verdict::NotReady), "NOT READY");
  EXPECT_EQ(report::verdict_label(rules::Verdict::Undetermined), "UNDETERMINED");
  EXPECT_NE(report::render_text(eula_report()).find("VERDICT: NOT READY"), std::string::npos);
}
