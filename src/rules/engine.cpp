#include "rules/engine.h"

#include <set>

#include "rules/table.h"

namespace tpmready::rules {
namespace {

bool fails(const std::vector<Finding>& findings, std::string_view id) {
  const Finding* f = find_finding(findings, id);
  return f && f->status == Status::Fail;
}

/// Parents as the finding states them (falls back to the rule table).
std::vector<std::string> parents_of(const std::vector<Finding>& findings, std::string_view id) {
  if (const Finding* f = find_finding(findings, id); f && !f->parents.empty()) return f->parents;
  std::vector<std::string> out;
  if (const Rule* r = find_rule(id))
    for (auto p : r->parents) out.emplace_back(p);
  return out;
}

bool has_failing_ancestor(const std::vector<Finding>& findings, const std::string& id, std::set<std::string>& seen) {
  for (const auto& p : parents_of(findings, id)) {
    if (!seen.insert(p).second) continue;
    if (fails(findings, p) || has_failing_ancestor(findings, p, seen)) return true;
  }
  return false;
}

}  // namespace

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Ready: return "ready";
    case Verdict::NotReady: return "not_ready";
    case Verdict::Undetermined: return "undetermined";
  }
  return "undetermined";
}

std::vector<std::string> chain_from(const std::string& root, const std::vector<Finding>& findings) {
  std::vector<std::string> chain{root};
  std::set<std::string> seen{root};
  std::string at = root;
  for (;;) {
    auto kids = children_of(at);
    std::string next;
    for (auto k : kids) {  // a failing child first: that is the path the failure travelled
      if (!seen.count(std::string(k)) && fails(findings, k)) {
        next = std::string(k);
        break;
      }
    }
    if (next.empty()) {  // else towards the symptom, but an outcome rule only when it failed
      for (auto k : kids) {
        const Rule* info = find_rule(k);
        if (!seen.count(std::string(k)) && !(info && info->side == FaultSide::Outcome)) {
          next = std::string(k);
          break;
        }
      }
    }
    if (next.empty()) return chain;
    chain.push_back(next);
    seen.insert(next);
    at = next;
  }
}

Status derive_from_parents(std::span<const Status> parents) {
  bool unknown = false;
  for (Status s : parents) {
    if (s == Status::Fail) return Status::Fail;
    unknown = unknown || s == Status::Unknown;
  }
  return unknown ? Status::Unknown : Status::Pass;
}

Analysis analyze(const std::vector<Finding>& findings) {
  Analysis a;
  bool any_fail = false;
  for (const auto& f : findings) {
    if (f.status == Status::Fail) {
      any_fail = true;
      std::set<std::string> seen;
      if (!has_failing_ancestor(findings, f.id, seen)) a.root_causes.push_back({f.id, chain_from(f.id, findings)});
    } else if (f.status == Status::Unknown) {
      a.undetermined_by.push_back(f.id);
    }
  }
  a.verdict = any_fail ? Verdict::NotReady : (a.undetermined_by.empty() ? Verdict::Ready : Verdict::Undetermined);
  return a;
}

}  // namespace tpmready::rules
