// What the CLI writes: the style per destination and the line that replaces a report written to a
// file (verdict, root causes, file; within 100 columns).
#include <gtest/gtest.h>

#include "cli/output.h"
#include "cli/report_output.h"

using namespace tpmready;
using namespace tpmready::cli;

namespace {
/// Sets the process's output settings for one test and puts the default back.
struct Settings {
  explicit Settings(OutputSettings s) { set_output_settings(s); }
  ~Settings() { set_output_settings({platform::ConsoleState{false, false, true}, false, false}); }
};

std::size_t columns(const std::string& s) {
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

TEST(OutputStyleFor, StdoutFollowsTheConsoleFilesAreUtf8WithoutColour) {
  {
    Settings s({{true, true, true}, false, false});  // a modern terminal
    EXPECT_TRUE(style_for("").colour);
    EXPECT_TRUE(style_for("-").utf8_symbols);
    EXPECT_FALSE(style_for("report.txt").colour);
    EXPECT_TRUE(style_for("report.txt").utf8_symbols);
  }
  {
    Settings s({{false, false, false}, false, false});  // Windows, output redirected
    EXPECT_FALSE(style_for("").utf8_symbols);
    EXPECT_EQ(styled_text("a \u2192 b"), "a -> b");
    EXPECT_TRUE(style_for("report.txt").utf8_symbols);
    EXPECT_EQ(styled_text("a \u2192 b", "report.txt"), "a \u2192 b");
  }
  {
    Settings s({{true, true, true}, true, false});  // --ascii: files too
    EXPECT_FALSE(style_for("report.txt").utf8_symbols);
    EXPECT_EQ(styled_text("\u00A76 \u2014 x", "report.txt"), "section 6 -- x");
  }
}

TEST(WrittenLine, VerdictRootCausesAndFile) {
  EXPECT_EQ(written_line(rules::Verdict::NotReady, {"win.eula_accepted"}, "report", "report.html"),
            "NOT READY: win.eula_accepted \u2014 report written to report.html");
  EXPECT_EQ(written_line(rules::Verdict::Ready, {}, "report", "r.json"), "READY \u2014 report written to r.json");
  EXPECT_EQ(written_line(rules::Verdict::NotReady, {"a.b", "c.d"}, "fix plan", "plan.txt"),
            "NOT READY: a.b, c.d \u2014 fix plan written to plan.txt");
  Settings ascii({{false, false, false}, false, false});
  EXPECT_EQ(written_line(rules::Verdict::Undetermined, {}, "report", "x.html"), "UNDETERMINED -- report written to x.html");
}

TEST(WrittenLine, StaysWithin100ColumnsByCountingRootCausesThatDoNotFit) {
  std::vector<std::string> roots;
  for (int i = 0; i < 12; ++i) roots.push_back("rule.number_" + std::to_string(i));
  const std::string path = "E:\\report.html";
  auto line = written_line(rules::Verdict::NotReady, roots, "report", path);
  EXPECT_LE(columns(line), kWrittenLineColumns) << line;
  EXPECT_EQ(line.rfind("NOT READY: rule.number_0, rule.number_1", 0), 0u) << line;
  EXPECT_NE(line.find(" more \u2014 report written to " + path), std::string::npos) << line;
  // The count it gives and the names it shows add up to all of them.
  auto more = line.find(" +");
  ASSERT_NE(more, std::string::npos);
  const int hidden = std::stoi(line.substr(more + 2));
  const auto shown = static_cast<int>(std::count(line.begin(), line.begin() + static_cast<long>(more), ',')) + 1;
  EXPECT_EQ(shown + hidden, 12) << line;

  // A path too long for any root cause: the count alone, the path whole.
  const std::string long_path(90, 'p');
  line = written_line(rules::Verdict::NotReady, {"win.eula_accepted", "tpm.not_virtual"}, "report", long_path);
  EXPECT_EQ(line, "NOT READY: 2 root causes \u2014 report written to " + long_path);
  line = written_line(rules::Verdict::NotReady, {"win.eula_accepted"}, "report", long_path);
  EXPECT_EQ(line, "NOT READY: 1 root cause \u2014 report written to " + long_path);
}

TEST(WrittenLine, PathWithControlCharactersIsShownEscaped) {
  auto line = written_line(rules::Verdict::Ready, {}, "report", "a\nb\x1b.html");
  EXPECT_EQ(line.find('\n'), std::string::npos);
  EXPECT_EQ(line.find('\x1b'), std::string::npos);
}
