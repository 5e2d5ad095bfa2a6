// The real Win32 readers (run under Wine by scripts/wine-ctest.sh, or on Windows): registry
// round trip through set_dword / the 64-bit-view reader, TBS context creation, Task Scheduler COM.
#include <gtest/gtest.h>

#include <windows.h>

#include "platform/registry_windows.h"
#include "platform/task_scheduler_windows.h"
#include "tpm/tbs_windows.h"

using namespace tpmready;
using namespace tpmready::platform;

namespace {
const std::string kTestKey = "SOFTWARE\\tpmready-unit-test";

struct TestKey {
  bool writable;
  TestKey() : writable(set_dword(kTestKey, "Probe", 7).ok()) {}
  ~TestKey() { RegDeleteKeyExW(HKEY_LOCAL_MACHINE, L"SOFTWARE\\tpmready-unit-test", KEY_WOW64_64KEY, 0); }
};
}  // namespace

TEST(Win32Registry, SetDwordThenReadBackThroughTheReader) {
  TestKey key;
  if (!key.writable) GTEST_SKIP() << "HKLM not writable (not elevated)";
  ASSERT_TRUE(set_dword(kTestKey, "SetupDisplayedEula", 1).ok());
  auto reader = make_registry_reader();
  platform::RegistryKey k = reader->read_key(kTestKey);
  ASSERT_EQ(k.status, platform::KeyStatus::Ok) << k.error;
  bool found = false;
  for (const auto& v : k.values) {
    if (v.name != "SetupDisplayedEula") continue;
    found = true;
    EXPECT_EQ(v.type, static_cast<std::uint32_t>(REG_DWORD));
    EXPECT_EQ(v.data, (Bytes{1, 0, 0, 0}));
  }
  EXPECT_TRUE(found);
}

TEST(Win32Registry, MissingKeyIsNotFoundNotAnError) {
  auto reader = make_registry_reader();
  platform::RegistryKey k = reader->read_key("SOFTWARE\\tpmready-no-such-key\\below");
  EXPECT_EQ(k.status, platform::KeyStatus::NotFound);
  EXPECT_FALSE(k.error.empty());
}

TEST(Tbs, ContextEitherOpensOrSaysWhyByName) {
  auto ctx = tpm::TbsContext::open();
  if (ctx) SUCCEED() << "this machine has a TPM 2.0 behind TBS";
  else {
    // A PC without a TPM: TBS_E_TPM_NOT_FOUND (NotFound); Wine: no TBS at all (Unsupported). Both
    // with the tcp: hint.
    EXPECT_TRUE(ctx.error().kind() == ErrorKind::NotFound || ctx.error().kind() == ErrorKind::Unsupported);
    EXPECT_NE(ctx.error().what().find("--tpm tcp:"), std::string::npos) << ctx.error().what();
  }
}

TEST(TaskScheduler, MissingTaskIsTheFactNotFound) {
  // Windows answers through COM; under Wine ITaskService::Connect fails and the TaskCache
  // registry keys answer. Either way a task that does not exist is the fact "not found".
  TaskQuery q = query_task("\\tpmready-no-such-folder", "No-Such-Task");
  EXPECT_TRUE(q.reader == "Task Scheduler COM" || q.reader == "TaskCache registry") << q.reader;
  ASSERT_TRUE(q.found.has_value()) << q.error;
  EXPECT_FALSE(*q.found);
  auto run = run_task_and_wait("\\tpmready-no-such-folder", "No-Such-Task", 1000);
  ASSERT_FALSE(run.ok());
  EXPECT_NE(run.error().what().find("start \\tpmready-no-such-folder\\No-Such-Task"), std::string::npos)
      << run.error().what();
}
