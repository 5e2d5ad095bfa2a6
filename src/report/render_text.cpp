#include <algorithm>

#include "report/render.h"
#include "rules/table.h"
#include "util/json_text.h"
#include "util/text.h"
#include "util/text_symbols.h"
#include "util/utf8.h"

namespace tpmready::report {
namespace {

struct Palette {
  bool on;
  const TextSymbols& sym;  ///< arrows and dashes: UTF-8 or ASCII
  std::string red() const { return on ? "\033[1;31m" : ""; }
  std::string green() const { return on ? "\033[1;32m" : ""; }
  std::string yellow() const { return on ? "\033[1;33m" : ""; }
  std::string dim() const { return on ? "\033[2m" : ""; }
  std::string bold() const { return on ? "\033[1m" : ""; }
  std::string reset() const { return on ? "\033[0m" : ""; }
  std::string status(rules::Status s) const {
    switch (s) {
      case rules::Status::Pass: return green() + "PASS" + reset();
      case rules::Status::Fail: return red() + "FAIL" + reset();
      case rules::Status::Warn: return yellow() + "WARN" + reset();
      case rules::Status::Unknown: return yellow() + "????" + reset();
      case rules::Status::NotApplicable: return dim() + "n/a " + reset();
    }
    return "";
  }
};

std::string verdict_line(const Report& r, const Palette& p) {
  const std::string label(verdict_label(r.verdict));
  switch (r.verdict) {
    case rules::Verdict::Ready: return p.green() + label + p.reset();
    case rules::Verdict::NotReady: return p.red() + label + p.reset();
    case rules::Verdict::Undetermined: return p.yellow() + label + p.reset();
  }
  return "";
}

/// `check --online`: the proxy and one line per endpoint, so a TLS-intercepting proxy (issuer not
/// the service's) or an unreachable vendor service is visible next to the verdict.
std::string network_text(const NetworkEvidence& n, const Palette& p) {
  std::string out = "\n" + p.bold() + "Network (--online)" + p.reset() + "\n";
  out += "  proxy: " + n.proxy.value.value_or("unknown") + (n.proxy.source.empty() ? "" : " (" + n.proxy.source + ")") + "\n";
  for (const auto& probe : n.probes) {
    out += "  " + (probe.reachable ? p.green() + "OK  " : p.red() + "FAIL") + p.reset() + "  " + probe.url;
    if (probe.reachable) {
      out += "  HTTP " + std::to_string(probe.http_status) + (probe.tls_issuer.empty() ? "" : ", TLS issuer " + probe.tls_issuer);
    } else {
      out += "  " + probe.error;
    }
    out += "\n";
  }
  return out;
}

/// What Windows shows for a chain of findings: tpmtool lines and flags in order, then the error
/// codes once each.
std::string symptoms_text(const std::vector<const rules::Finding*>& chain) {
  std::vector<std::string> parts, codes;
  auto add = [](std::vector<std::string>& v, const std::string& x) {
    if (!x.empty() && std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
  };
  for (const auto* f : chain) {
    add(parts, f->symptom.tpmtool_line);
    if (f->symptom.tpmtool_line.find(f->symptom.information_flag) == std::string::npos) add(parts, f->symptom.information_flag);
    for (const auto& c : f->symptom.error_codes) add(codes, c);
  }
  std::string out;
  for (const auto& part : parts) out += (out.empty() ? "" : "; ") + part;
  if (!codes.empty()) {
    out += out.empty() ? "error " : "; error ";
    for (std::size_t i = 0; i < codes.size(); ++i) out += (i ? ", " : "") + codes[i];
  }
  return out;
}

std::string evidence_lines(const rules::Finding& f, const Palette& p, const std::string& indent) {
  std::string out;
  for (const auto& e : f.evidence) {
    out += indent + (e.fact.empty() ? "" : e.fact + " = ") + e.value + "  " + p.dim() + "[" + e.source + "]" + p.reset() + "\n";
    if (e.implied_by) out += indent + "  " + p.dim() + "(implied: " + *e.implied_by + ")" + p.reset() + "\n";
  }
  return out;
}

/// Text lines fit in this many columns where the report controls their length (titles, IDs).
constexpr std::size_t kColumns = 100;

/// Columns `s` takes on a terminal: one per code point (the report's text has no wide characters).
std::size_t columns(std::string_view s) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < s.size(); i += utf8_sequence_length(s, i)) ++n;
  return n;
}

/// `text` (starting at `column`) and then its rule ID in parentheses, dimmed: the title says it,
/// the ID is for looking it up. On the same line when both fit in 100 columns, else on the next
/// line under the text.
std::string with_id(const std::string& text, std::size_t column, const std::string& id, const Palette& p,
                    std::string_view status = {}, bool bold = false) {
  const std::string tag = "(" + id + (status.empty() ? "" : ", " + std::string(status)) + ")";
  const std::string shown = bold ? p.bold() + text + p.reset() : text;
  if (column + columns(text) + 2 + tag.size() <= kColumns) return shown + "  " + p.dim() + tag + p.reset();
  return shown + "\n" + std::string(column, ' ') + p.dim() + tag + p.reset();
}

/// A chain member: the problem it states when it failed, or would state when it is unknown (what
/// follows if the root cause is real); the requirement when it holds or does not apply.
std::string chain_item(const Report& r, const std::string& id, std::size_t column, const Palette& p) {
  const rules::Finding* f = find_finding(r, id);
  if (!f) return id;
  if (f->status == rules::Status::Fail) return with_id(failure_title(*f), column, id, p);
  const bool open = f->status == rules::Status::Unknown;
  return with_id(open ? failure_title(*f) : f->title, column, id, p, rules::status_name(f->status));
}

std::string likely_cause_lines(const rules::LikelyCause& c, const Palette& p) {
  return "  " + p.bold() + "Likely cause:" + p.reset() + " " + with_id(c.title, 16, c.id, p) + "\n          " + c.why +
         "\n          Confirm with: " + c.confirm + "\n";
}

std::string caveats_block(const Report& r, const Palette& p) {
  std::string out = p.bold() + "Caveats" + p.reset() + " (not shown by these inputs; the verdict stands, check them on the " +
                    "device)\n";
  for (const auto& c : r.caveats)
    out += "  - " + with_id(c.title, 4, c.id, p) + "\n      " + c.why + "\n      Check: " + c.check + "\n";
  return out;
}

std::string root_cause_block(const Report& r, const rules::RootCause& rc, std::size_t n, const Palette& p) {
  const rules::Finding* f = find_finding(r, rc.id);
  const std::string lead = "Root cause " + std::to_string(n) + ": ";
  std::string out = p.bold() + lead + p.reset() + with_id(f ? failure_title(*f) : rc.id, lead.size(), rc.id, p, {}, true) + "\n";
  if (f && !f->summary.empty()) out += "  Why:    " + f->summary + "\n";
  for (const auto& c : rc.likely_causes) out += likely_cause_lines(c, p);
  // Each step's text starts at column 10, under the first one's, whatever the arrow's width.
  const std::string arrow(p.sym.arrow);
  const std::string next = std::string(9 - std::min<std::size_t>(columns(arrow), 8), ' ') + arrow + " ";
  for (std::size_t i = 0; i < rc.chain.size(); ++i)
    out += (i == 0 ? "  Chain:  " : next) + chain_item(r, rc.chain[i], 10, p) + "\n";
  // The root cause and the symptom the user sees; when the chain ends at Windows' failed attempt
  // (an outcome rule, from the event log), also the readiness symptom just before it.
  std::vector<std::string> shown{rc.chain.front()};
  const rules::Rule* last = rules::find_rule(rc.chain.back());
  if (last && last->side == rules::FaultSide::Outcome && rc.chain.size() > 2) shown.push_back(rc.chain[rc.chain.size() - 2]);
  shown.push_back(rc.chain.back());
  std::vector<const rules::Finding*> ends;
  for (const auto& id : shown)
    if (const auto* x = find_finding(r, id)) ends.push_back(x);
  std::string shows = symptoms_text(ends);
  if (!shows.empty()) out += "  Windows shows: " + shows + "\n";
  if (f) {
    out += "  Fix:    " + f->fix.text + "\n";
    if (f->fix.action_id) out += "          (tpmready fix --apply can do this: " + *f->fix.action_id + ")\n";
    out += evidence_lines(*f, p, "  Evidence: ");
  }
  return out;
}

std::string upper(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
  return s;
}

std::string fault_block(const Report& r, const Palette& p) {
  std::string out = p.bold() + "Fault side: " + upper(r.fault.side) + p.reset() + "\n";
  if (!r.fault.reason.empty()) out += "  Why:    " + r.fault.reason + "\n";
  if (!r.fault.advice.empty()) out += "  Advice: " + r.fault.advice + "\n";
  return out;
}

/// One line per event; an error code's meaning once, under its first occurrence, and so is the
/// URL and answer an event carries (the AIK CA's, CertEnroll 86/87); unverified event meanings
/// marked with '*'.
std::string timeline_block(const Report& r, const Palette& p) {
  std::string out = p.bold() + "Timeline" + p.reset() + " (Windows event logs, oldest first)\n";
  std::vector<std::string> explained, answered;
  bool any_unverified = false;
  for (const auto& t : r.timeline) {
    std::string where = t.source + " " + std::to_string(t.event_id) + (t.unverified ? "*" : "");
    any_unverified = any_unverified || t.unverified;
    out += "  " + (t.time.empty() ? std::string("(no time)") : t.time) + "  " + where;
    out += std::string(where.size() < 16 ? 16 - where.size() : 1, ' ') + t.summary;
    if (!t.rule.empty()) out += "  " + p.dim() + std::string(p.sym.arrow) + " " + t.rule + p.reset();
    out += "\n";
    if (!t.code_meaning.empty() && std::find(explained.begin(), explained.end(), t.code) == explained.end()) {
      explained.push_back(t.code);
      out += "      " + p.dim() + t.code + " = " + t.code_meaning + p.reset() + "\n";
    }
    const std::string said = t.url + "\n" + t.service_text;
    if ((!t.url.empty() || !t.service_text.empty()) &&
        std::find(answered.begin(), answered.end(), said) == answered.end()) {
      answered.push_back(said);
      if (!t.url.empty()) out += "      URL:    " + t.url + "\n";
      if (!t.service_text.empty())
        out += wrap_text(t.service_text + (t.side.empty() ? "" : " (points to: " + t.side + ")"), 100,
                         "      Answer: ", "              ");
    }
  }
  if (any_unverified)
    out += "  " + p.dim() + "* event meaning not verified against Windows' own message tables" + p.reset() + "\n";
  return out;
}

/// One line per Autopilot flow: its verdict, then the rule IDs that decide it (root causes when not
/// ready, what is not shown when undetermined, the caveats when ready), wrapped under the line when
/// they do not fit in 100 columns. The attestation flow's verdict is the VERDICT line above.
std::string flows_block(const Report& r, const Palette& p) {
  std::string out;
  for (const auto& f : r.flows) {
    const std::string label(verdict_label(f.verdict));
    const std::string head = "  " + f.title + ": ";
    const std::string colour = f.verdict == rules::Verdict::Ready      ? p.green()
                               : f.verdict == rules::Verdict::NotReady ? p.red()
                                                                       : p.yellow();
    out += head + colour + label + p.reset();
    std::string ids;
    if (f.verdict == rules::Verdict::NotReady) ids = "root cause: " + join(f.root_causes, ", ");
    else if (f.verdict == rules::Verdict::Undetermined) ids = "not shown: " + join(f.undetermined_by, ", ");
    else if (!f.caveats.empty()) {
      std::vector<std::string> caveats;
      for (const auto& c : f.caveats) caveats.push_back(c.id);
      ids = "caveats: " + join(caveats, ", ");
    }
    if (ids.empty()) out += "\n";
    else if (columns(head) + label.size() + 3 + ids.size() <= kColumns) out += "  " + p.dim() + ids + p.reset() + "\n";
    else out += "\n" + p.dim() + wrap_text(ids, kColumns, "      ", "      ") + p.reset();
  }
  return out;
}

std::string render(const Report& r, const Palette& p) {
  std::string out = "tpmready " + r.tool_version + " " + std::string(p.sym.dash) +
                    " TPM readiness for Windows Autopilot attestation\n";
  out += p.bold() + "VERDICT: " + p.reset() + verdict_line(r, p) + "   (scope: " + r.scope + ")\n";
  if (!r.scope_note.empty()) out += p.dim() + r.scope_note + p.reset() + "\n";
  out += flows_block(r, p);
  out += "\n";
  // Caveats qualify a ready (or open) verdict, so they come right under it; a not-ready report
  // leads with its root causes.
  const bool caveats_first = r.verdict != rules::Verdict::NotReady;
  if (caveats_first && !r.caveats.empty()) out += caveats_block(r, p) + "\n";
  std::size_t n = 0;
  for (const auto& rc : r.root_causes) out += root_cause_block(r, rc, ++n, p) + "\n";
  if (r.verdict == rules::Verdict::Undetermined && !r.undetermined_by.empty()) {
    out += p.bold() + "Undetermined" + p.reset() + ": nothing in these inputs shows or implies\n";
    for (const auto& id : r.undetermined_by) {
      const rules::Finding* f = find_finding(r, id);
      const rules::Rule* rule = rules::find_rule(id);
      out += "  - " + with_id(f ? f->title : id, 4, id, p) + "\n";
      if (f && !f->summary.empty()) out += "      " + f->summary + "\n";
      if (rule && !rule->verify.empty()) out += "      On the device: " + rule->verify + "\n";
    }
    out += "\n";
  }
  if (!caveats_first && !r.caveats.empty()) out += caveats_block(r, p) + "\n";
  if (!r.root_causes.empty() || !r.timeline.empty()) out += fault_block(r, p) + "\n";
  if (!r.timeline.empty()) out += timeline_block(r, p) + "\n";
  std::size_t width = 0;
  for (const auto& f : r.findings) width = std::max(width, f.id.size());
  out += p.bold() + "Findings" + p.reset() + "\n";
  for (const auto& f : r.findings) {
    out += "  " + p.status(f.status) + "  " + f.id + std::string(width - f.id.size() + 2, ' ') + f.title + "\n";
    if (f.status != rules::Status::Pass && !f.summary.empty()) out += "        " + f.summary + "\n";
  }
  if (!r.notes.empty()) {
    out += "\n" + p.bold() + "Notes" + p.reset() + "\n";
    for (const auto& note : r.notes) out += "  - " + note + "\n";
  }
  if (r.network) out += network_text(*r.network, p);
  bool any_problem_input = std::any_of(r.inputs.begin(), r.inputs.end(), [](const InputRecord& i) { return i.status != InputStatus::Read; });
  if (!r.inputs.empty()) {
    out += "\n" + p.bold() + "Inputs" + p.reset() + "\n";
    for (const auto& i : r.inputs) {
      if (!any_problem_input && r.inputs.size() > 12) break;
      out += "  " + std::string(to_string(i.status)) + "  " + i.name + " (" + i.kind + ")" + (i.detail.empty() ? "" : ": " + i.detail) + "\n";
    }
  }
  return out;
}

}  // namespace

std::string_view verdict_label(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::Ready: return "READY";
    case rules::Verdict::NotReady: return "NOT READY";
    case rules::Verdict::Undetermined: return "UNDETERMINED";
  }
  return "UNDETERMINED";
}

// A report's strings come from devices, files and the network. Without colour the whole text is
// made terminal-safe at once. With colour the palette's escape sequences must get through, so the
// report's own strings are made safe first, through its JSON form so that no field (today's or a
// later one) is missed; the round trip is the one redacted bundles already rely on.
std::string render_text(const Report& r, const TextOptions& opt) {
  const TextSymbols& sym = text_symbols(opt.utf8);
  if (opt.color) {
    auto j = to_json(r);
    make_strings_terminal_safe(j);
    if (auto safe = report_from_json(j)) return render(*safe, Palette{true, sym});
  }
  return terminal_safe(render(r, Palette{false, sym}));
}

std::string render_json(const Report& r) { return json_text(to_json(r), 2) + "\n"; }

}  // namespace tpmready::report
