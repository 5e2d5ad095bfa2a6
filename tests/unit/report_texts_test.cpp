// What reaches a reader of the report: no internal references in any rule's text (titles, failure
// titles, summaries, fixes, what a fact is implied by: documents, sections and field reports go in
// the finding's `reference`, the JSON and the HTML "Source"), and every line of the text report
// within its width. The texts come from the rule table and from evaluating real inputs: every
// offline sample, every example and the EK certificates of the test corpus.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "cert/chain.h"
#include "collect/offline_pipeline.h"
#include "report/build.h"
#include "report/render.h"
#include "rules/table.h"
#include "util/text.h"
#include "util/text_symbols.h"

using namespace tpmready;

namespace {

// A document of the project, a section sign, or a field report by its number.
const std::regex kInternal(R"((facts/|windows\.md|tcg\.md|field-2026|§|\bseeds? [0-9]))");

constexpr std::int64_t kNow = 1800000000;  // 2027-01-15: after the examples' EK certificates were issued

void expect_no_reference(const std::string& where, const std::string& text) {
  EXPECT_FALSE(std::regex_search(text, kInternal)) << where << ": " << text;
}

/// Every string of a report a reader sees (not `reference`, the sources, and not the inputs' names).
void expect_no_references(const std::string& name, const report::Report& r) {
  for (const auto& f : r.findings) {
    const std::string at = name + " " + f.id;
    for (const auto* s : {&f.title, &f.failure_title, &f.summary, &f.explanation, &f.fix.text}) expect_no_reference(at, *s);
    for (const auto& e : f.evidence) {
      expect_no_reference(at + " evidence", e.fact + " = " + e.value);
      if (e.implied_by) expect_no_reference(at + " implied by", *e.implied_by);
    }
  }
  for (const auto& rc : r.root_causes)
    for (const auto& lc : rc.likely_causes) {
      expect_no_reference(name + " likely cause", lc.title + " " + lc.why + " " + lc.confirm);
    }
  for (const auto& c : r.caveats) expect_no_reference(name + " caveat", c.title + " " + c.why + " " + c.check);
  expect_no_reference(name + " fault side", r.fault.reason + " " + r.fault.advice);
  for (const auto& n : r.notes) expect_no_reference(name + " note", n);
  for (const auto& i : r.inputs) expect_no_reference(name + " input", i.detail);
  for (const auto& t : r.timeline) expect_no_reference(name + " timeline", t.summary + " " + t.code_meaning);
}

/// Lines longer than `width` columns; a line may be longer only by holding one word (a URL, a
/// path, a rule ID) that no line of the report could hold beside its label.
std::vector<std::string> too_long(const std::string& text, std::size_t width, bool ascii = false) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    if (display_columns(line, ascii) <= width) continue;
    bool unbreakable = false;
    for (std::size_t pos = 0; pos < line.size();) {
      std::size_t next = line.find(' ', pos);
      if (next == std::string::npos) next = line.size();
      unbreakable = unbreakable || display_columns(line.substr(pos, next - pos), ascii) + 17 > width;
      pos = next + 1;
    }
    if (!unbreakable) out.push_back(line);
  }
  return out;
}

std::vector<std::pair<std::string, report::Report>> reports_of_real_inputs() {
  namespace fs = std::filesystem;
  const fs::path data(TPMREADY_TEST_DATA);
  std::vector<std::vector<std::string>> inputs;
  for (const auto& entry : fs::directory_iterator(data / "offline"))
    if (entry.is_regular_file()) inputs.push_back({entry.path().string()});
  for (const auto& entry : fs::directory_iterator(data / "cert"))
    if (entry.is_regular_file()) inputs.push_back({entry.path().string()});
  for (const auto& entry : fs::directory_iterator(data / ".." / ".." / "examples"))
    if (entry.is_directory() && entry.path().filename() != "tools") inputs.push_back({entry.path().string()});
  std::vector<std::pair<std::string, report::Report>> out;
  cert::CaStore anchors;
  for (const auto& in : inputs) {
    auto e = collect::collect_offline(in);
    if (!e) continue;  // nothing usable in it: analyze says so in one line, no report
    auto r = report::build_report(*e, anchors, kNow);
    if (r) out.emplace_back(fs::path(in.front()).filename().string(), std::move(*r));
  }
  return out;
}

}  // namespace

TEST(RuleTexts, TheTableNamesNoDocumentsOrSections) {
  for (const auto& r : rules::rule_table()) {
    const std::string at(r.id);
    for (const auto* s : {&r.title, &r.failure_title, &r.fix, &r.verify, &r.caveat_why}) expect_no_reference(at, *s);
    expect_no_reference(at + " symptom", r.symptom.tpmtool_line + " " + r.symptom.information_flag);
    EXPECT_FALSE(r.source.empty()) << at << ": the sources go in `source`";
  }
}

TEST(RuleTexts, ReportsOfRealInputsNameNoDocumentsAndCiteTheirSources) {
  const auto reports = reports_of_real_inputs();
  ASSERT_GT(reports.size(), 30u);
  bool cited = false;
  for (const auto& [name, r] : reports) {
    expect_no_references(name, r);
    for (const auto& f : r.findings) cited = cited || f.reference.find("tcg.md §3.5") != std::string::npos ||
                                             f.reference.find("seed 003") != std::string::npos;
  }
  EXPECT_TRUE(cited) << "the references moved out of the text are in the findings' sources";
}

TEST(RuleTexts, EveryRuleFailingFitsTheWidth) {
  // Every rule as a failing root cause, with its fix, caveat and symptoms: the longest texts.
  report::Report r;
  r.tool_version = "0.1.0";
  r.scope = "windows+tpm";
  r.verdict = rules::Verdict::NotReady;
  r.device = {{"hostname", "WKS-0142"}, {"manufacturer", "LENOVO"}, {"model", "21KC0001US"},
              {"os_build", "Windows 22631.4460"}};
  for (const auto& rule : rules::rule_table()) {
    rules::Finding f = rule.finding();
    f.status = rules::Status::Fail;
    f.summary = rule.caveat_why.empty() ? rule.title : rule.caveat_why;
    f.evidence.push_back({"file:C:\\Users\\Jo Doe\\Desktop\\diag\\tpm.reg:12", "value", "absent", rule.verify});
    r.findings.push_back(f);
    r.root_causes.push_back({f.id, {f.id}, {}});
    if (!rule.caveat_why.empty()) r.caveats.push_back({f.id, rule.title, rule.caveat_why, rule.verify});
  }
  r.fault = {"device", "Root cause on the device: win.eula_accepted. A retry cannot help until it is fixed.",
             "Fix the device: apply the fix for win.eula_accepted, then try again."};
  for (std::size_t width : {100u, 80u, 60u, 40u}) {
    for (bool utf8 : {true, false}) {
      std::string text = report::render_text(r, {false, utf8, width});
      if (!utf8) text = ascii_text(text);
      for (const auto& line : too_long(text, width)) ADD_FAILURE() << "width " << width << ": " << line;
    }
  }
  // At 100 columns nothing needs the allowance for unbreakable words.
  const std::string text = report::render_text(r);
  for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
    end = text.find('\n', start);
    EXPECT_LE(display_columns(text.substr(start, end - start)), 100u) << text.substr(start, end - start);
  }
}

TEST(RuleTexts, ReportsOfRealInputsFitTheWidth) {
  for (const auto& [name, r] : reports_of_real_inputs()) {
    for (std::size_t width : {100u, 72u}) {
      for (const auto& line : too_long(report::render_text(r, {false, true, width}), width))
        ADD_FAILURE() << name << " at width " << width << ": " << line;
    }
  }
}

TEST(RuleTexts, EachFixOnce) {
  for (const auto& [name, r] : reports_of_real_inputs()) {
    const std::string text = report::render_text(r, {false, true, 1000});  // unwrapped: whole sentences
    for (const auto& rc : r.root_causes) {
      const rules::Finding* f = report::find_finding(r, rc.id);
      if (!f || f->fix.text.empty()) continue;
      std::size_t count = 0;
      for (std::size_t at = text.find(f->fix.text); at != std::string::npos; at = text.find(f->fix.text, at + 1)) ++count;
      EXPECT_EQ(count, 1u) << name << " " << rc.id << ": " << f->fix.text;
      if (f->fix.action_id) {
        std::size_t apply = 0;
        for (std::size_t at = text.find("fix --apply"); at != std::string::npos; at = text.find("fix --apply", at + 1)) ++apply;
        EXPECT_LE(apply, r.root_causes.size()) << name;
      }
    }
  }
}
