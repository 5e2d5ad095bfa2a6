#pragma once
/// `tpmready fix`: the plan (pure, from a Report) and what applying it did. The plan lists the
/// safe automatic actions (the rule table's fix action IDs, rules/table.h kAction*) and, for root causes without one,
/// the manual fix text. Nothing here clears or resets a TPM.
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "report/report.h"

namespace tpmready::fix {

struct PlanStep {
  std::string action_id;              ///< empty for a manual step
  std::vector<std::string> findings;  ///< failing findings the step addresses
  std::string text;                   ///< what the step does / what to do
};

struct Plan {
  std::string verdict;  ///< the report's verdict
  std::vector<PlanStep> automatic;  ///< in the order they must run (EULA before Tpm-Maintenance)
  std::vector<PlanStep> manual;     ///< root causes no action can fix
};

Plan make_plan(const report::Report& r);

/// A change `--apply` made, printed "changed WHAT: BEFORE -> AFTER".
struct Change {
  std::string what;
  std::string before;  ///< "(absent)" when the value did not exist
  std::string after;
};

struct StepOutcome {
  std::string action_id;
  bool done = false;
  std::string detail;  ///< result, or why it was not done
  std::vector<Change> changes;
};

std::string plan_text(const Plan& p);
std::string outcome_text(const std::vector<StepOutcome>& outcomes);
void to_json(nlohmann::json& j, const PlanStep& s);
void to_json(nlohmann::json& j, const Plan& p);
void to_json(nlohmann::json& j, const StepOutcome& o);

}  // namespace tpmready::fix
