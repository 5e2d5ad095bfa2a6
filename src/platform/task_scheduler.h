#pragma once
/// A scheduled task as read live (Task Scheduler 2.0 COM API or the TaskCache registry keys,
/// task_scheduler_windows.cpp), as plain values (facts/windows.md §5). collect/windows/task_info.h
/// turns it into evidence; `fix --apply` starts the task.
#include <cstdint>
#include <optional>
#include <string>

namespace tpmready::platform {

/// \Microsoft\Windows\TPM\Tpm-Maintenance (facts/windows.md §5).
inline constexpr const char* kTpmMaintenanceFolder = "\\Microsoft\\Windows\\TPM";
inline constexpr const char* kTpmMaintenanceName = "Tpm-Maintenance";

struct TaskQuery {
  std::string reader;          ///< "Task Scheduler COM", "TaskCache registry"
  std::optional<bool> found;   ///< nullopt: the query itself failed (see error)
  std::string error;           ///< why the query failed, or why the task was not found
  std::optional<bool> enabled;
  std::optional<int> state;    ///< TASK_STATE: 0 unknown, 1 disabled, 2 queued, 3 ready, 4 running
  std::optional<std::string> last_run_time;  ///< "2026-11-26 13:52:56" (local), "never"
  std::optional<std::string> next_run_time;
  std::optional<std::uint32_t> last_result;  ///< HRESULT (0x00041303 = never ran, §5)
};

/// "Ready", "Running", "Disabled", "Queued", "Unknown" (the words schtasks prints for the states).
std::string task_state_name(int state);

/// OLE automation DATE (days since 1899-12-30, fraction = time of day) as "YYYY-MM-DD HH:MM:SS";
/// "never" for 0 (the Task Scheduler's value for a task that has not run).
std::string ole_date_text(double date);

}  // namespace tpmready::platform
