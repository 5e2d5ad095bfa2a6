#include "fix/plan.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "evidence/windows_evidence.h"
#include "rules/table.h"

namespace tpmready::fix {
namespace {

// The EULA gate comes first: Tpm-Maintenance does nothing until the EULA is recorded as accepted
// (facts/windows.md §0, §5).
int action_order(const std::string& id) {
  if (id == rules::kActionSetSetupDisplayedEula) return 0;
  if (id == rules::kActionRunTpmMaintenance) return 1;
  return 2;
}

std::string action_text(const std::string& id) {
  if (id == rules::kActionSetSetupDisplayedEula) return "set " + kSetupDisplayedEula.text() + " = 1 (REG_DWORD)";
  if (id == rules::kActionRunTpmMaintenance) return "start \\Microsoft\\Windows\\TPM\\Tpm-Maintenance and wait for its result";
  return "action " + id;
}

bool is_root_cause(const report::Report& r, const std::string& id) {
  return std::any_of(r.root_causes.begin(), r.root_causes.end(), [&](const auto& rc) { return rc.id == id; });
}

}  // namespace

Plan make_plan(const report::Report& r) {
  Plan p;
  p.verdict = std::string(rules::verdict_name(r.verdict));
  for (const auto& f : r.findings) {
    if (f.status != rules::Status::Fail) continue;
    if (f.fix.action_id) {
      auto it = std::find_if(p.automatic.begin(), p.automatic.end(),
                             [&](const PlanStep& s) { return s.action_id == *f.fix.action_id; });
      if (it == p.automatic.end()) {
        p.automatic.push_back(PlanStep{*f.fix.action_id, {}, action_text(*f.fix.action_id)});
        it = p.automatic.end() - 1;
      }
      it->findings.push_back(f.id);
    } else if (is_root_cause(r, f.id)) {
      p.manual.push_back(PlanStep{"", {f.id}, f.fix.text});
    }
  }
  std::stable_sort(p.automatic.begin(), p.automatic.end(),
                   [](const PlanStep& a, const PlanStep& b) { return action_order(a.action_id) < action_order(b.action_id); });
  return p;
}

std::string plan_text(const Plan& p) {
  std::string out = "Verdict: " + p.verdict + "\n";
  if (p.automatic.empty() && p.manual.empty()) return out + "Nothing to fix.\n";
  if (!p.automatic.empty()) out += "Safe actions (tpmready fix --apply, elevated):\n";
  int n = 0;
  for (const auto& s : p.automatic) {
    std::string ids;
    for (const auto& f : s.findings) ids += (ids.empty() ? "" : ", ") + f;
    out += "  " + std::to_string(++n) + ". [" + s.action_id + "] " + s.text + "  (fixes: " + ids + ")\n";
  }
  if (!p.manual.empty()) out += "Manual (tpmready does not do these):\n";
  for (const auto& s : p.manual) out += "  - " + s.findings.front() + ": " + s.text + "\n";
  return out;
}

std::string outcome_text(const std::vector<StepOutcome>& outcomes) {
  std::string out;
  for (const auto& o : outcomes) {
    for (const auto& c : o.changes) out += "changed " + c.what + ": " + c.before + " -> " + c.after + "\n";
    out += (o.done ? "done " : "not done ") + o.action_id + ": " + o.detail + "\n";
  }
  return out;
}

void to_json(nlohmann::json& j, const PlanStep& s) {
  j = {{"action_id", s.action_id.empty() ? nlohmann::json(nullptr) : nlohmann::json(s.action_id)},
       {"findings", s.findings},
       {"text", s.text}};
}

void to_json(nlohmann::json& j, const Plan& p) {
  j = {{"verdict", p.verdict}, {"automatic", p.automatic}, {"manual", p.manual}};
}

void to_json(nlohmann::json& j, const StepOutcome& o) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& c : o.changes) changes.push_back({{"what", c.what}, {"before", c.before}, {"after", c.after}});
  j = {{"action_id", o.action_id}, {"done", o.done}, {"detail", o.detail}, {"changes", changes}};
}

}  // namespace tpmready::fix
