#pragma once
/// A scheduled task as read live (platform/task_scheduler.h) → the ScheduledTaskEvidence the
/// offline schtasks reader also fills (facts/windows.md §5). Pure and portable.
#include <string>

#include "evidence/windows_evidence.h"
#include "platform/task_scheduler.h"

namespace tpmready::collect {

/// The evidence for `task_path`; facts the reader could not give are unknown with the reason.
ScheduledTaskEvidence task_evidence(const std::string& task_path, const platform::TaskQuery& q);

}  // namespace tpmready::collect
