#pragma once
/// Task Scheduler 2.0 COM (taskschd.h) for the TPM tasks of facts/windows.md §5: read a task's
/// state, or start it and wait for its result. Windows-only header.
#include <cstdint>
#include <string>

#include "platform/task_scheduler.h"
#include "util/result.h"

namespace tpmready::platform {

/// Reads `folder`\`name` through COM; when COM itself fails, whether the task exists from the
/// TaskCache registry keys (facts/windows.md §5). `reader` says which was used.
TaskQuery query_task(const std::string& folder, const std::string& name);

/// IRegisteredTask::Run, then polls until the task is no longer running or `timeout_ms` passes.
/// Returns the task's LastTaskResult (an HRESULT). Errors name the step (not found, access
/// denied, timeout).
Result<std::uint32_t> run_task_and_wait(const std::string& folder, const std::string& name, int timeout_ms);

}  // namespace tpmready::platform
