// fix plan (pure), fix apply over a fake System, and the Intune summary line.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "fix/apply.h"
#include "fix/plan.h"
#include "util/progress.h"
#include "report/summary.h"
#include "rules/table.h"

using namespace tpmready;

namespace {

rules::Finding finding(const char* id, rules::Status status) {
  rules::Finding f = rules::find_rule(id)->finding();
  f.status = status;
  return f;
}

/// The seed story: EULA value missing → Tpm-Maintenance never ran → no EkCertificatePresent.
report::Report seed_report() {
  report::Report r;
  // Report order puts the maintenance finding before the EULA one to prove the plan reorders.
  r.findings = {finding("win.maintenance_task_ran", rules::Status::Fail), finding("win.eula_accepted", rules::Status::Fail),
                finding("win.taskstates.ek_certificate_present", rules::Status::Fail),
                finding("win.ready_for_attestation", rules::Status::Fail), finding("tpm.not_virtual", rules::Status::Fail),
                finding("ek.cert.present", rules::Status::Pass)};
  auto a = rules::analyze(r.findings);
  r.verdict = a.verdict;
  r.root_causes = a.root_causes;
  return r;
}

struct FakeSystem : fix::System {
  bool elevated = true;
  bool eula_fails = false;
  std::optional<std::uint32_t> task_result = 0;
  std::vector<std::string> calls;
  bool is_elevated() override { return elevated; }
  Result<std::vector<fix::Change>> set_dword(const RegistryLocation& at, std::uint32_t value) override {
    calls.push_back(std::string(at.value) + "=" + std::to_string(value));
    if (eula_fails) return make_error(ErrorKind::Io, "set HKLM\\...\\OOBE SetupDisplayedEula: Access is denied (error 5)");
    return std::vector<fix::Change>{{"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE\\SetupDisplayedEula", "(absent)", "1"}};
  }
  Result<std::uint32_t> run_tpm_maintenance(int timeout_ms) override {
    calls.push_back("task:" + std::to_string(timeout_ms));
    if (!task_result) return make_error(ErrorKind::NotFound, "start \\Microsoft\\Windows\\TPM\\Tpm-Maintenance: not found");
    return *task_result;
  }
};

}  // namespace

TEST(FixPlan, SeedStoryRunsEulaBeforeTpmMaintenance) {
  auto plan = fix::make_plan(seed_report());
  EXPECT_EQ(plan.verdict, "not_ready");
  ASSERT_EQ(plan.automatic.size(), 2u);
  EXPECT_EQ(plan.automatic[0].action_id, "set_setup_displayed_eula");
  EXPECT_EQ(plan.automatic[0].text,
            "set HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE SetupDisplayedEula = 1 (REG_DWORD)");
  EXPECT_EQ(plan.automatic[1].action_id, "run_tpm_maintenance");
  // Both failing findings with run_tpm_maintenance are folded into one step.
  EXPECT_EQ(plan.automatic[1].findings, (std::vector<std::string>{"win.maintenance_task_ran", "win.taskstates.ek_certificate_present"}));
  ASSERT_EQ(plan.manual.size(), 1u);  // the software TPM: a root cause no action fixes
  EXPECT_EQ(plan.manual[0].findings[0], "tpm.not_virtual");
  auto text = fix::plan_text(plan);
  EXPECT_NE(text.find("1. [set_setup_displayed_eula]"), std::string::npos) << text;
  EXPECT_NE(text.find("2. [run_tpm_maintenance]"), std::string::npos) << text;
  nlohmann::json j = plan;
  EXPECT_EQ(j["automatic"][0]["action_id"], "set_setup_displayed_eula");
  EXPECT_TRUE(j["manual"][0]["action_id"].is_null());
}

TEST(FixPlan, NothingToDoWhenEverythingPasses) {
  report::Report r;
  r.findings = {finding("win.eula_accepted", rules::Status::Pass)};
  r.verdict = rules::Verdict::Ready;
  auto plan = fix::make_plan(r);
  EXPECT_TRUE(plan.automatic.empty());
  EXPECT_EQ(fix::plan_text(plan), "Verdict: ready\nNothing to fix.\n");
}

TEST(FixApply, RefusesWithoutElevationAndTouchesNothing) {
  FakeSystem sys;
  sys.elevated = false;
  auto out = fix::apply_plan(fix::make_plan(seed_report()), sys, 1000);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.error().kind(), ErrorKind::Usage);
  EXPECT_NE(out.error().what().find("elevated"), std::string::npos);
  EXPECT_TRUE(sys.calls.empty());
}

TEST(FixApply, PrintsTheChangeAndTheTaskResult) {
  FakeSystem sys;
  auto out = fix::apply_plan(fix::make_plan(seed_report()), sys, 5000);
  ASSERT_TRUE(out.ok()) << out.error().what();
  EXPECT_EQ(sys.calls, (std::vector<std::string>{"SetupDisplayedEula=1", "task:5000"}));
  EXPECT_EQ(fix::outcome_text(*out),
            "changed HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE\\SetupDisplayedEula: (absent) -> 1\n"
            "done set_setup_displayed_eula: SetupDisplayedEula is 1\n"
            "done run_tpm_maintenance: Tpm-Maintenance finished with 0x00000000\n");
}

/// Records what the fix told the user, in order, with what the machine had been asked by then.
struct RecordingProgress final : Progress {
  const FakeSystem* sys = nullptr;
  std::vector<std::string> events;
  void begin(std::string what) override { events.push_back("begin " + what + " after " + std::to_string(sys->calls.size())); }
  void end() override { events.push_back("end after " + std::to_string(sys->calls.size())); }
};

TEST(FixApply, EachStepIsShownWhenItEndsAndTheTaskWaitIsAProgressStep) {
  FakeSystem sys;
  RecordingProgress progress;
  progress.sys = &sys;
  const fix::StepSink sink = [&](const fix::StepOutcome& step) {
    progress.events.push_back("step " + step.action_id + " after " + std::to_string(sys.calls.size()));
  };
  auto out = fix::apply_plan(fix::make_plan(seed_report()), sys, 7000, sink, progress);
  ASSERT_TRUE(out.ok()) << out.error().what();
  // The EULA step is shown before the task starts, not after everything.
  EXPECT_EQ(progress.events, (std::vector<std::string>{"step set_setup_displayed_eula after 1",
                                                        "begin waiting for Tpm-Maintenance (at most 7 s) after 1",
                                                        "end after 2", "step run_tpm_maintenance after 2"}));
}

TEST(FixApply, FailedStepsAreReportedNotDoneAndLaterStepsStillRun) {
  FakeSystem sys;
  sys.eula_fails = true;
  sys.task_result = std::nullopt;  // as under Wine: the TPM task folder does not exist
  auto out = fix::apply_plan(fix::make_plan(seed_report()), sys, 1000);
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->size(), 2u);
  EXPECT_FALSE((*out)[0].done);
  EXPECT_NE((*out)[0].detail.find("Access is denied"), std::string::npos);
  EXPECT_FALSE((*out)[1].done);
  EXPECT_NE((*out)[1].detail.find("not found"), std::string::npos);
  EXPECT_NE((*out)[1].detail.find("does nothing without it"), std::string::npos);
}

TEST(FixApply, NonZeroTaskResultIsNotDone) {
  FakeSystem sys;
  sys.task_result = 0x00041303;  // SCHED_S_TASK_HAS_NOT_RUN (facts/windows.md §5)
  auto out = fix::apply_plan(fix::make_plan(seed_report()), sys, 1000);
  ASSERT_TRUE(out.ok());
  EXPECT_FALSE((*out)[1].done);
  EXPECT_NE((*out)[1].detail.find("0x00041303"), std::string::npos);
}

TEST(SummaryLine, NamesVerdictRootCausesAndActions) {
  EXPECT_EQ(report::summary_line(seed_report(), std::nullopt),
            "tpmready: not_ready; root=win.eula_accepted,tpm.not_virtual; fix=set_setup_displayed_eula; device=unknown");
}

TEST(SummaryLine, StaysUnder2048CharactersAndOnOneLine) {
  report::Report r = seed_report();
  for (int i = 0; i < 500; ++i) r.root_causes.push_back({"x.rule_" + std::to_string(i) + "\nnext", {}});
  auto line = report::summary_line(r, std::nullopt);
  EXPECT_LE(line.size(), 2047u);
  EXPECT_EQ(line.substr(line.size() - 3), "...");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}
