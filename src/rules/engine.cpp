#include "rules/engine.h"

#include <algorithm>
#include <map>
#include <set>

#include "rules/table.h"
#include "util/text.h"

namespace tpmready::rules {
namespace {

std::size_t position_in_table(const Rule& r) { return static_cast<std::size_t>(&r - rule_table().data()); }

bool fails(const FindingSet& findings, std::string_view id) {
  const Finding* f = findings.find(id);
  return f && f->status == Status::Fail;
}

/// Parents as the finding states them (falls back to the rule table).
std::vector<std::string> parents_of(const FindingSet& findings, std::string_view id) {
  if (const Finding* f = findings.find(id); f && !f->parents.empty()) return f->parents;
  std::vector<std::string> out;
  if (const Rule* r = find_rule(id))
    for (auto p : r->parents) out.emplace_back(p);
  return out;
}

bool has_failing_ancestor(const FindingSet& findings, const std::string& id, std::set<std::string>& seen) {
  for (const auto& p : parents_of(findings, id)) {
    if (!seen.insert(p).second) continue;
    if (fails(findings, p) || has_failing_ancestor(findings, p, seen)) return true;
  }
  return false;
}

bool has_failing_ancestor(const FindingSet& findings, const std::string& id) {
  std::set<std::string> seen;
  return has_failing_ancestor(findings, id, seen);
}

/// The rule table's position of an ID (causal order); IDs not in the table sort last.
std::size_t table_rank(std::string_view id) {
  const Rule* r = find_rule(id);
  return r ? position_in_table(*r) : rule_table().size();
}

WhenUnknown when_unknown(std::string_view id) {
  const Rule* r = find_rule(id);
  return r ? r->when_unknown : WhenUnknown::Undetermined;
}

}  // namespace

FindingSet::FindingSet(const std::vector<Finding>& findings) : by_rank_(rule_table().size()) {
  all_.reserve(findings.size());
  for (const auto& f : findings) add(f);
}

FindingSet::FindingSet(const std::vector<Finding>& findings, std::string_view flow) : by_rank_(rule_table().size()) {
  for (const auto& f : findings) {
    const Rule* r = find_rule(f.id);
    if (r && std::find(r->flows.begin(), r->flows.end(), flow) != r->flows.end()) add(f);
  }
}

void FindingSet::add(const Finding& f) {
  all_.push_back(&f);
  const Rule* r = find_rule(f.id);
  if (!r) {
    unlisted_.push_back(&f);
    return;
  }
  const Finding*& slot = by_rank_[position_in_table(*r)];
  if (!slot) slot = &f;  // the first of an ID, as a scan would find
}

const Finding* FindingSet::find(std::string_view id) const {
  if (const Rule* r = find_rule(id)) return by_rank_.empty() ? nullptr : by_rank_[position_in_table(*r)];
  for (const Finding* f : unlisted_)
    if (f->id == id) return f;
  return nullptr;
}

std::string_view verdict_name(Verdict v) {
  switch (v) {
    case Verdict::Ready: return "ready";
    case Verdict::NotReady: return "not_ready";
    case Verdict::Undetermined: return "undetermined";
  }
  return "undetermined";
}

std::vector<std::string> chain_from(const std::string& root, const FindingSet& findings) {
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
  if (parents.empty()) return Status::Unknown;  // nothing to derive from
  bool all_hold = true;
  for (Status s : parents) {
    if (s == Status::Fail) return Status::Fail;
    all_hold = all_hold && (s == Status::Pass || s == Status::Warn);
  }
  return all_hold ? Status::Pass : Status::Unknown;
}

std::vector<LikelyCause> likely_causes(const std::string& root, const FindingSet& findings) {
  // Breadth-first up the parents through unknown findings only; `via` remembers the child each
  // unknown ancestor was reached from, to say how it leads to the root.
  std::map<std::string, std::string> via;
  std::vector<std::string> queue{root}, found;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    for (const auto& p : parents_of(findings, queue[i])) {
      const Finding* pf = findings.find(p);
      if (!pf || pf->status != Status::Unknown || via.count(p) || p == root) continue;
      via[p] = queue[i];
      queue.push_back(p);
      // A derived rule is walked through, not named: it is no cause of its own, its unknown
      // parents are (the same reason the verdict lists them, not it).
      if (when_unknown(p) != WhenUnknown::FromParents) found.push_back(p);
    }
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return table_rank(a) < table_rank(b); });
  std::vector<LikelyCause> out;
  for (const auto& id : found) {
    std::vector<std::string> path{id};
    while (path.back() != root) path.push_back(via[path.back()]);
    const Finding* f = findings.find(id);
    const Rule* r = find_rule(id);
    LikelyCause c;
    c.id = id;
    c.title = !f->failure_title.empty() ? f->failure_title : r ? r->failure_title : f->title;
    std::string shown = f->summary.empty() ? std::string("Nothing in the evidence shows it.") : f->summary;
    if (shown.back() != '.') shown += '.';  // a check's summary may end without one
    c.why = shown + " Its failure would explain what was found: " + join(path, " → ") + ".";
    c.confirm = r ? r->verify : "";
    out.push_back(std::move(c));
  }
  return out;
}

Analysis analyze(const FindingSet& findings) {
  Analysis a;
  bool any_fail = false;
  for (const Finding* found : findings.all()) {
    const Finding& f = *found;
    if (f.status == Status::Fail) {
      any_fail = true;
      if (!has_failing_ancestor(findings, f.id))
        a.root_causes.push_back({f.id, chain_from(f.id, findings), likely_causes(f.id, findings)});
      continue;
    }
    if (f.status != Status::Unknown && f.status != Status::NotApplicable) continue;
    switch (when_unknown(f.id)) {
      case WhenUnknown::Undetermined:
        if (f.status == Status::Unknown) a.undetermined_by.push_back(f.id);
        break;
      case WhenUnknown::InputCaveat:
        if (f.status == Status::NotApplicable) break;  // the input was not given
        [[fallthrough]];
      case WhenUnknown::Caveat:
        // Not checked because something upstream failed: that failure is the story, not a caveat.
        if (!has_failing_ancestor(findings, f.id)) {
          const Rule* r = find_rule(f.id);
          a.caveats.push_back({f.id, f.title, r->caveat_why, r->verify});
        }
        break;
      case WhenUnknown::FromParents:
        break;  // its unknown parents are listed themselves
    }
  }
  a.verdict = any_fail ? Verdict::NotReady : (a.undetermined_by.empty() ? Verdict::Ready : Verdict::Undetermined);
  return a;
}

FlowAnswer answer_flow(std::string_view flow, const std::vector<Finding>& findings) {
  const FindingSet own(findings, flow);
  return answer_flow_from(flow, own, analyze(own));
}

FlowAnswer answer_flow_from(std::string_view flow, const FindingSet& own, Analysis a) {
  FlowAnswer out;
  out.id = std::string(flow);
  if (const Flow* info = find_flow(flow)) out.title = info->title;
  out.verdict = a.verdict;
  for (const Finding* f : own.all()) out.findings.push_back(f->id);
  for (auto& rc : a.root_causes) out.root_causes.push_back(std::move(rc.id));
  out.undetermined_by = std::move(a.undetermined_by);
  out.caveats = std::move(a.caveats);
  return out;
}

}  // namespace tpmready::rules
