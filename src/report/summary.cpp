#include "report/summary.h"

#include <vector>

namespace tpmready::report {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "none" : out;
}

/// Fix action IDs of every failing finding, first-seen order, each once.
std::vector<std::string> fix_actions(const Report& r) {
  std::vector<std::string> ids;
  for (const auto& f : r.findings) {
    if (f.status != rules::Status::Fail || !f.fix.action_id) continue;
    bool seen = false;
    for (const auto& id : ids) seen = seen || id == *f.fix.action_id;
    if (!seen) ids.push_back(*f.fix.action_id);
  }
  return ids;
}

}  // namespace

std::string summary_line(const Report& r) {
  std::vector<std::string> roots;
  for (const auto& rc : r.root_causes) roots.push_back(rc.id);
  std::string line = "tpmready: " + std::string(rules::verdict_name(r.verdict));
  if (r.verdict == rules::Verdict::Undetermined) line += "; undetermined by: " + join(r.undetermined_by);
  line += "; root causes: " + join(roots) + "; fix: " + join(fix_actions(r));
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';  // one line, whatever the IDs hold
  }
  if (line.size() > kMaxSummaryChars) line = line.substr(0, kMaxSummaryChars - 3) + "...";
  return line;
}

}  // namespace tpmready::report
