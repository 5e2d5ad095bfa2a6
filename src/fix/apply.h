#pragma once
/// Applying a fix plan: only the automatic steps, in order, through a System (the real one is
/// system_windows.cpp; tests use a fake). Refuses without elevation.
#include <functional>
#include <memory>
#include <vector>

#include "evidence/windows_evidence.h"
#include "fix/plan.h"
#include "util/progress.h"
#include "util/result.h"

namespace tpmready::fix {

/// The machine operations `fix --apply` needs.
struct System {
  virtual ~System();
  virtual bool is_elevated() = 0;
  /// Sets the REG_DWORD at `at` to `value`; the change (none when it already had it), or why it failed.
  virtual Result<std::vector<Change>> set_dword(const RegistryLocation& at, std::uint32_t value) = 0;
  /// Starts Tpm-Maintenance and waits (bounded); the task's last result (HRESULT).
  virtual Result<std::uint32_t> run_tpm_maintenance(int timeout_ms) = 0;
};

/// The platform's System; Error (Unsupported) on Linux: "fix --apply runs on Windows only".
Result<std::unique_ptr<System>> make_system();

/// Error (Usage) naming the reason when not elevated. Otherwise one outcome per automatic step;
/// a failed step is "not done" with the reason and the later steps still run (the EULA step's
/// failure is noted on Tpm-Maintenance, which would do nothing without it). Each outcome goes to
/// `on_step` as soon as its step ends, so the user sees each change as it is made; the wait for
/// Tpm-Maintenance is a step of `progress`.
using StepSink = std::function<void(const StepOutcome&)>;
Result<std::vector<StepOutcome>> apply_plan(const Plan& plan, System& system, int task_timeout_ms,
                                            const StepSink& on_step = {}, Progress& progress = no_progress());

}  // namespace tpmready::fix
