// A refused command line gets one line naming what was typed and, for a typo, what it stands for.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>

#include "cli/usage_error.h"

using tpmready::cli::usage_error_text;

namespace {

/// A program shaped like tpmready: global --ascii falling through, commands, one with commands.
struct Program {
  CLI::App app{"test", "tpmready"};
  bool ascii = false, online = false;
  std::string format, output, db, hidden;
  std::vector<std::string> words;
  Program() {
    app.add_flag("--ascii", ascii);
    app.require_subcommand(1);
    app.fallthrough(true);
    auto* check = app.add_subcommand("check", "c");
    check->add_option("--format", format);
    check->add_option("-o,--output", output);
    check->add_flag("--online", online);
    check->add_option("--now", hidden)->group("");
    auto* explain = app.add_subcommand("explain", "e");
    explain->add_option("code", words)->required();
    app.add_subcommand("analyze", "a");
    auto* fleet = app.add_subcommand("fleet", "f");
    fleet->require_subcommand(1);
    fleet->add_subcommand("report", "r")->add_option("--db", db);
    fleet->add_subcommand("ingest", "i");
  }
  /// The message for `args`, or "parsed" when CLI11 took them.
  std::string refuse(std::vector<std::string> args) {
    std::reverse(args.begin(), args.end());  // CLI11 takes them last first
    try {
      app.parse(args);
    } catch (const CLI::ParseError& e) {
      return usage_error_text(app, e);
    }
    return "parsed";
  }
};

std::string refuse(std::vector<std::string> args) { return Program().refuse(std::move(args)); }

}  // namespace

TEST(UsageError, AMistypedCommandGetsTheCommandItStandsFor) {
  EXPECT_EQ(refuse({"chek"}), "unknown command \"chek\"; did you mean \"check\"?");
  EXPECT_EQ(refuse({"anal", "x.txt"}), "unknown command \"anal\"; did you mean \"analyze\"?");
  EXPECT_EQ(refuse({"fleet", "reprt"}), "unknown command \"fleet reprt\"; did you mean \"fleet report\"?");
  EXPECT_EQ(refuse({"install"}), "unknown command \"install\"; one of: check, explain, analyze, fleet");
}

TEST(UsageError, AMistypedOptionGetsTheOptionItStandsFor) {
  EXPECT_EQ(refuse({"check", "--formt", "json"}), "check: unknown option \"--formt\"; did you mean \"--format\"?");
  EXPECT_EQ(refuse({"check", "--formt=json"}), "check: unknown option \"--formt\"; did you mean \"--format\"?");
  EXPECT_EQ(refuse({"check", "-format", "json"}), "check: unknown option \"-format\"; did you mean \"--format\"?");
  EXPECT_EQ(refuse({"check", "--asci"}), "check: unknown option \"--asci\"; did you mean \"--ascii\"?");
  EXPECT_EQ(refuse({"fleet", "report", "--dbb", "x"}),
            "fleet report: unknown option \"--dbb\"; did you mean \"--db\"?");
  EXPECT_EQ(refuse({"check", "--xyz"}), "check: unknown option \"--xyz\"; see tpmready check --help");
  // Hidden options are not offered.
  EXPECT_EQ(refuse({"check", "--nw"}), "check: unknown option \"--nw\"; see tpmready check --help");
}

TEST(UsageError, AnOptionBeforeItsCommandIsToldWhereItGoes) {
  EXPECT_EQ(refuse({"--format", "json", "check"}),
            "option \"--format\" goes after the command: tpmready check --format ...");
}

TEST(UsageError, MissingCommandsAndArgumentsAndExtraWordsAreNamed) {
  EXPECT_EQ(refuse({}), "no command given; one of: check, explain, analyze, fleet");
  EXPECT_EQ(refuse({"fleet"}), "fleet: no command given; one of: report, ingest");
  EXPECT_EQ(refuse({"check", "json"}), "check: unexpected argument \"json\"; see tpmready check --help");
  EXPECT_EQ(refuse({"explain"}), "explain: code is required; see tpmready explain --help");
  EXPECT_EQ(refuse({"explain", "-2130472959"}), "parsed");  // a negative number is not an option
  EXPECT_EQ(refuse({"check", "--format"}).rfind("check: --format: ", 0), 0u);
}
