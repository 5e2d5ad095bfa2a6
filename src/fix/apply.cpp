#include "fix/apply.h"

#include <string>

#include "rules/table.h"
#include "util/bytes.h"

namespace tpmready::fix {
namespace {

const std::string kEulaName(kSetupDisplayedEula.value);

StepOutcome set_eula(System& system) {
  StepOutcome o{std::string(rules::kActionSetSetupDisplayedEula), false, "", {}};
  auto changes = system.set_dword(kSetupDisplayedEula, 1);
  if (!changes) {
    o.detail = changes.error().what();
    return o;
  }
  o.done = true;
  o.changes = std::move(*changes);
  o.detail = kEulaName + (o.changes.empty() ? " was already 1" : " is 1");
  return o;
}

StepOutcome run_maintenance(System& system, int timeout_ms, bool eula_failed, Progress& progress) {
  StepOutcome o{std::string(rules::kActionRunTpmMaintenance), false, "", {}};
  auto result = [&] {
    const ProgressStep step(progress, "waiting for Tpm-Maintenance (at most " + std::to_string(timeout_ms / 1000) + " s)");
    return system.run_tpm_maintenance(timeout_ms);
  }();
  if (!result) {
    o.detail = result.error().what();
  } else if (*result != 0) {
    o.detail = "Tpm-Maintenance finished with " + hex32(*result) + " (tpmready explain " + hex32(*result) + ")";
  } else {
    o.done = true;
    o.detail = "Tpm-Maintenance finished with 0x00000000";
  }
  if (eula_failed) o.detail += "; " + kEulaName + " could not be set, and the task does nothing without it";
  return o;
}

}  // namespace

System::~System() = default;

Result<std::vector<StepOutcome>> apply_plan(const Plan& plan, System& system, int task_timeout_ms,
                                            const StepSink& on_step, Progress& progress) {
  if (!system.is_elevated()) {
    return make_error(ErrorKind::Usage,
                      "fix --apply changes HKLM and starts a SYSTEM task: run it from an elevated prompt "
                      "(Run as administrator; in OOBE, Shift+F10 already is)");
  }
  std::vector<StepOutcome> out;
  bool eula_failed = false;
  for (const auto& step : plan.automatic) {
    if (step.action_id == rules::kActionSetSetupDisplayedEula) {
      out.push_back(set_eula(system));
      eula_failed = !out.back().done;
    } else if (step.action_id == rules::kActionRunTpmMaintenance) {
      out.push_back(run_maintenance(system, task_timeout_ms, eula_failed, progress));
    } else {
      out.push_back(StepOutcome{step.action_id, false, "tpmready does not know this action", {}});
    }
    if (on_step) on_step(out.back());
  }
  return out;
}

}  // namespace tpmready::fix
