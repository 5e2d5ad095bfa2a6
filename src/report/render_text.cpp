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
  std::size_t width;       ///< columns every line keeps within
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
  /// The text is turned to ASCII after rendering when the symbols are: count its columns so.
  bool ascii() const { return sym.arrow != text_symbols(true).arrow; }
  /// `text` wrapped after `first`, continuation lines starting with `rest`.
  std::string wrap(std::string_view text, std::string_view first, std::string_view rest) const {
    return wrap_text(text, width, first, rest, ascii());
  }
  std::string wrap(const std::vector<std::string>& words, std::string_view first, std::string_view rest) const {
    return wrap_words(words, width, first, rest, ascii());
  }
  std::size_t columns(std::string_view s) const { return display_columns(s, ascii()); }
};

std::string spaces(std::size_t n) { return std::string(n, ' '); }

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> words;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t next = text.find(' ', pos);
    if (next == std::string_view::npos) next = text.size();
    if (next > pos) words.emplace_back(text.substr(pos, next - pos));
    pos = next + 1;
  }
  return words;
}

/// Appends `tag` (dimmed) to wrapped `lines`: two spaces after the last line's text when it fits
/// within the width, else on a line of its own starting with `rest`.
std::string with_tag(std::string lines, const std::string& tag, std::string_view rest, const Palette& p) {
  if (tag.empty()) return lines;
  lines.pop_back();  // the last '\n'
  const std::size_t start = lines.rfind('\n') == std::string::npos ? 0 : lines.rfind('\n') + 1;
  const std::string dimmed = p.dim() + tag + p.reset();
  if (p.columns(std::string_view(lines).substr(start)) + 2 + p.columns(tag) <= p.width) return lines + "  " + dimmed + "\n";
  return lines + "\n" + std::string(rest) + dimmed + "\n";
}

std::string verdict_line(const Report& r, const Palette& p) {
  const std::string label(verdict_label(r.verdict));
  switch (r.verdict) {
    case rules::Verdict::Ready: return p.green() + label + p.reset();
    case rules::Verdict::NotReady: return p.red() + label + p.reset();
    case rules::Verdict::Undetermined: return p.yellow() + label + p.reset();
  }
  return "";
}

/// Which device the report is about, at the top: the facts the evidence holds, then the ones it
/// does not (never guessed).
std::string device_block(const Report& r, const Palette& p) {
  const DeviceHeader h = device_header(r);
  if (h.known.empty()) return p.wrap("not identified by these inputs", "Device:  ", spaces(9));
  std::vector<std::string> words;
  for (std::size_t i = 0; i < h.known.size(); ++i) {
    for (auto& w : words_of(h.known[i].label)) words.push_back(std::move(w));
    // A value is one word: a model name or a serial is not broken across lines, and the scrub of
    // --redact finds it whole.
    words.push_back(h.known[i].value + (i + 1 < h.known.size() ? ";" : ""));
  }
  if (!h.unknown.empty()) {
    words.back() += ";";
    words.push_back("unknown:");
    for (std::size_t i = 0; i < h.unknown.size(); ++i)
      for (auto& w : words_of(h.unknown[i] + (i + 1 < h.unknown.size() ? "," : ""))) words.push_back(std::move(w));
  }
  return p.wrap(words, p.bold() + "Device:" + p.reset() + "  ", spaces(9));
}

/// `check --online`: the proxy and one line per endpoint, so a TLS-intercepting proxy (issuer not
/// the service's) or an unreachable vendor service is visible next to the verdict.
std::string network_text(const NetworkEvidence& n, const Palette& p) {
  std::string out = "\n" + p.bold() + "Network (--online)" + p.reset() + "\n";
  std::vector<std::string> proxy{n.proxy.value.value_or("unknown")};
  if (!n.proxy.source.empty()) proxy.push_back("(" + n.proxy.source + ")");
  out += p.wrap(proxy, "  proxy: ", spaces(9));
  for (const auto& probe : n.probes) {
    // The URL beside the status (one word, never broken), what happened after it.
    const std::string lead = "  " + (probe.reachable ? p.green() + "OK  " : p.red() + "FAIL") + p.reset() + "  " +
                             probe.url + "  ";
    std::vector<std::string> words;
    if (probe.reachable) {
      words.push_back("HTTP");
      words.push_back(std::to_string(probe.http_status) + (probe.tls_issuer.empty() && probe.answer.empty() ? "" : ","));
      if (!probe.answer.empty()) {
        words.push_back("answer:");
        for (std::size_t i = 0; i < probe.answer.size(); ++i) {
          const bool last = i + 1 == probe.answer.size();
          words.push_back(probe.answer[i] + (!last ? "," : probe.tls_issuer.empty() ? "" : ";"));
        }
      }
      if (!probe.tls_issuer.empty())
        for (auto& w : words_of("TLS issuer " + probe.tls_issuer)) words.push_back(std::move(w));
    } else {
      for (auto& w : words_of(probe.error)) words.push_back(std::move(w));
    }
    if (probe.aik_ca)
      for (auto& w : words_of("(" + probe.purpose + ")")) words.push_back(std::move(w));
    out += p.wrap(words, lead, spaces(8));
  }
  // The device's own AIK CA, when it was not probed: its URL comes only from its events.
  for (const auto& u : n.aik_ca_refused)
    out += p.wrap(words_of("not contacted: " + u.reason), "  SKIP  " + u.url + "  ", spaces(8));
  if (!n.aik_ca_not_probed.empty())
    out += p.wrap(words_of("not probed: " + n.aik_ca_not_probed), "  AIK CA  ", spaces(8));
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

/// "fact = value  [source]", wrapped under the label; the source is one word (a path with a space
/// in it stays whole), on the last line when it fits.
std::string evidence_lines(const rules::Finding& f, const Palette& p, const std::string& label) {
  std::string out;
  const std::string rest = spaces(p.columns(label));
  for (const auto& e : f.evidence) {
    out += with_tag(p.wrap((e.fact.empty() ? "" : e.fact + " = ") + e.value, label, rest), "[" + e.source + "]", rest, p);
    if (e.implied_by) out += p.dim() + p.wrap("(implied: " + *e.implied_by + ")", rest + "  ", rest + "  ") + p.reset();
  }
  return out;
}

/// `first` and `text`, wrapped (continuation lines start with `rest`), then the rule ID in
/// parentheses, dimmed: the text says it, the ID is for looking it up. The ID goes on the last
/// line when it fits, else on a line of its own under the text.
std::string with_id(std::string_view first, const std::string& text, std::string_view rest, const std::string& id,
                    const Palette& p, std::string_view status = {}, bool bold = false) {
  const std::string tag = "(" + id + (status.empty() ? "" : ", " + std::string(status)) + ")";
  auto words = words_of(text);
  if (bold && !words.empty()) {
    words.front() = p.bold() + words.front();
    words.back() += p.reset();
  }
  return with_tag(p.wrap(words, first, rest), tag, rest, p);
}

/// A chain member: the problem it states when it failed, or would state when it is unknown (what
/// follows if the root cause is real); the requirement when it holds or does not apply.
std::string chain_item(const Report& r, const std::string& id, std::string_view first, std::string_view rest,
                       const Palette& p) {
  const rules::Finding* f = find_finding(r, id);
  if (!f) return p.wrap(std::vector<std::string>{id}, first, rest);
  if (f->status == rules::Status::Fail) return with_id(first, failure_title(*f), rest, id, p);
  const bool open = f->status == rules::Status::Unknown;
  return with_id(first, open ? failure_title(*f) : f->title, rest, id, p, rules::status_name(f->status));
}

/// "Label: command": the command stays on one line when a line can hold it (it is copied as it
/// stands): after the label, else under it, else from the line's start; only a command longer
/// than a line is broken at spaces.
std::string command_line(std::string_view label, const std::string& command, std::string_view indent, const Palette& p) {
  auto words = words_of(label);
  if (p.columns(indent) + p.columns(label) + 1 + p.columns(command) <= p.width ||
      p.columns(indent) + p.columns(command) <= p.width) {
    words.push_back(command);
    return p.wrap(words, indent, indent);
  }
  if (2 + p.columns(command) <= p.width) return p.wrap(words, indent, indent) + "  " + command + "\n";
  for (auto& w : words_of(command)) words.push_back(std::move(w));
  return p.wrap(words, indent, indent);
}

std::string likely_cause_lines(const rules::LikelyCause& c, const Palette& p) {
  std::string out = with_id("  " + p.bold() + "Likely cause:" + p.reset() + " ", c.title, spaces(16), c.id, p);
  out += p.wrap(c.why, spaces(10), spaces(10));
  return out + command_line("Confirm with:", c.confirm, spaces(10), p);
}

std::string caveats_block(const Report& r, const Palette& p) {
  std::string out = p.wrap("(not shown by these inputs; the verdict stands, check them on the device)",
                           p.bold() + "Caveats" + p.reset() + " ", "  ");
  for (const auto& c : r.caveats) {
    out += with_id("  - ", c.title, spaces(4), c.id, p);
    out += p.wrap(c.why, spaces(6), spaces(6));
    out += command_line("Check:", c.check, spaces(6), p);
  }
  return out;
}

std::string root_cause_block(const Report& r, const rules::RootCause& rc, std::size_t n, const Palette& p) {
  const rules::Finding* f = find_finding(r, rc.id);
  const std::string lead = "Root cause " + std::to_string(n) + ": ";
  std::string out = with_id(p.bold() + lead + p.reset(), f ? failure_title(*f) : rc.id, spaces(lead.size()), rc.id, p,
                            {}, true);
  const std::string under = spaces(10);  // text of the labelled lines starts at column 10
  if (f && !f->summary.empty()) out += p.wrap(f->summary, "  Why:    ", under);
  for (const auto& c : rc.likely_causes) out += likely_cause_lines(c, p);
  // Each step's text starts at column 10, under the first one's, whatever the arrow's width.
  const std::string arrow(p.sym.arrow);
  const std::string next = spaces(9 - std::min<std::size_t>(p.columns(arrow), 8)) + arrow + " ";
  for (std::size_t i = 0; i < rc.chain.size(); ++i) out += chain_item(r, rc.chain[i], i == 0 ? "  Chain:  " : next, under, p);
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
  if (!shows.empty()) out += p.wrap(shows, "  Windows shows: ", spaces(17));
  if (f) {
    // The fix once: its text, and on the next line the action that does it, when there is one.
    out += p.wrap(f->fix.text, "  Fix:    ", under);
    if (f->fix.action_id)
      out += p.wrap(std::vector<std::string>{"tpmready", "fix", "--apply", "does", "this", "(action",
                                             *f->fix.action_id + ")"},
                    under, under);
    out += evidence_lines(*f, p, "  Evidence: ");
  }
  return out;
}

std::string fault_block(const Report& r, const Palette& p) {
  std::string out = p.bold() + "Fault side: " + ascii_upper(r.fault.side) + p.reset() + "\n";
  if (!r.fault.reason.empty()) out += p.wrap(r.fault.reason, "  Why:    ", spaces(10));
  if (!r.fault.advice.empty()) out += p.wrap(r.fault.advice, "  Advice: ", spaces(10));
  return out;
}

/// One entry per event: time, source and what happened (continuation lines under the text, or
/// the text on lines of its own when the terminal is too narrow for the columns); an error code's
/// meaning once, under its first occurrence, and so is the URL and answer an event carries (the
/// AIK CA's, CertEnroll 86/87); unverified event meanings marked with '*'.
std::string timeline_block(const Report& r, const Palette& p) {
  std::string out = p.bold() + "Timeline" + p.reset() + " (Windows event logs, oldest first)\n";
  std::vector<std::string> explained, answered;
  bool any_unverified = false;
  for (const auto& t : r.timeline) {
    std::string where = t.source + " " + std::to_string(t.event_id) + (t.unverified ? "*" : "");
    any_unverified = any_unverified || t.unverified;
    const std::string head = "  " + (t.time.empty() ? std::string("(no time)") : t.time) + "  " + where +
                             spaces(where.size() < 16 ? 16 - where.size() : 1);
    const std::string tag = t.rule.empty() ? "" : std::string(p.sym.arrow) + " " + t.rule;
    constexpr std::size_t kNarrowest = 30;  // columns the summary needs beside the time and source
    const std::size_t head_columns = p.columns(head);
    if (head_columns + kNarrowest <= p.width) {
      out += with_tag(p.wrap(t.summary, head, spaces(head_columns)), tag, spaces(head_columns), p);
    } else {
      out += "  " + std::string(trim(head)) + "\n";
      out += with_tag(p.wrap(t.summary, spaces(6), spaces(6)), tag, spaces(6), p);
    }
    if (!t.code_meaning.empty() && std::find(explained.begin(), explained.end(), t.code) == explained.end()) {
      explained.push_back(t.code);
      out += p.dim() + p.wrap(t.code + " = " + t.code_meaning, spaces(6), spaces(8)) + p.reset();
    }
    const std::string said = t.url + "\n" + t.service_text;
    if ((!t.url.empty() || !t.service_text.empty()) &&
        std::find(answered.begin(), answered.end(), said) == answered.end()) {
      answered.push_back(said);
      if (!t.url.empty()) out += p.wrap(std::vector<std::string>{t.url}, "      URL:    ", spaces(14));
      if (!t.service_text.empty())
        out += p.wrap(t.service_text + (t.side.empty() ? "" : " (points to: " + t.side + ")"), "      Answer: ",
                      spaces(14));
    }
  }
  if (any_unverified)
    out += p.dim() + p.wrap("* event meaning not verified against Windows' own message tables", "  ", "    ") + p.reset();
  return out;
}

/// "  PASS  rule.id   title": the titles in a column when the width leaves them room, else each
/// title on the line under its ID; what a finding that did not pass found, under it.
std::string findings_block(const Report& r, const Palette& p) {
  std::size_t id_width = 0;
  for (const auto& f : r.findings) id_width = std::max(id_width, f.id.size());
  const std::size_t title_column = 8 + id_width + 2;
  constexpr std::size_t kNarrowest = 30;
  const bool beside = title_column + kNarrowest <= p.width;
  std::string out = p.bold() + "Findings" + p.reset() + "\n";
  for (const auto& f : r.findings) {
    const std::string head = "  " + p.status(f.status) + "  " + f.id;
    if (beside) {
      out += p.wrap(f.title, head + spaces(id_width - f.id.size() + 2), spaces(title_column));
    } else {
      out += head + "\n" + p.wrap(f.title, spaces(8), spaces(8));
    }
    if (f.status != rules::Status::Pass && !f.summary.empty()) out += p.wrap(f.summary, spaces(8), spaces(8));
  }
  return out;
}

/// One line per Autopilot flow: its verdict, then the rule IDs that decide it (root causes when not
/// ready, what is not shown when undetermined, the caveats when ready), wrapped under the line when
/// they do not fit in the width. The attestation flow's verdict is the VERDICT line above.
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
    else if (p.columns(head) + p.columns(label) + 2 + p.columns(ids) <= p.width) out += "  " + p.dim() + ids + p.reset() + "\n";
    else out += "\n" + p.dim() + p.wrap(ids, "      ", "      ") + p.reset();
  }
  return out;
}

std::string render(const Report& r, const Palette& p) {
  std::string out = p.wrap("tpmready " + r.tool_version + " " + std::string(p.sym.dash) +
                               " TPM readiness for Windows Autopilot attestation",
                           "", "");
  out += device_block(r, p);
  // The scope beside the verdict, or under it on a narrow terminal.
  const std::string verdict = p.bold() + "VERDICT: " + p.reset() + verdict_line(r, p), scope = "(scope: " + r.scope + ")";
  out += verdict + (p.columns(verdict) + 3 + p.columns(scope) <= p.width ? "   " : "\n  ") + scope + "\n";
  if (!r.scope_note.empty()) out += p.dim() + p.wrap(r.scope_note, "", "") + p.reset();
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
      out += with_id("  - ", f ? f->title : id, spaces(4), id, p);
      if (f && !f->summary.empty()) out += p.wrap(f->summary, spaces(6), spaces(6));
      if (rule && !rule->verify.empty()) out += command_line("On the device:", rule->verify, spaces(6), p);
    }
    out += "\n";
  }
  if (!caveats_first && !r.caveats.empty()) out += caveats_block(r, p) + "\n";
  if (!r.root_causes.empty() || !r.timeline.empty()) out += fault_block(r, p) + "\n";
  if (!r.timeline.empty()) out += timeline_block(r, p) + "\n";
  out += findings_block(r, p);
  if (!r.notes.empty()) {
    out += "\n" + p.bold() + "Notes" + p.reset() + "\n";
    for (const auto& note : r.notes) out += p.wrap(note, "  - ", "    ");
  }
  if (r.network) out += network_text(*r.network, p);
  bool any_problem_input = std::any_of(r.inputs.begin(), r.inputs.end(), [](const InputRecord& i) { return i.status != InputStatus::Read; });
  if (!r.inputs.empty()) {
    out += "\n" + p.bold() + "Inputs" + p.reset() + "\n";
    for (const auto& i : r.inputs) {
      if (!any_problem_input && r.inputs.size() > 12) break;
      // The name is one word: a path with spaces in it stays whole (and --redact finds its folders).
      std::vector<std::string> words{i.name, "(" + i.kind + ")" + (i.detail.empty() ? "" : ":")};
      for (auto& w : words_of(i.detail)) words.push_back(std::move(w));
      out += p.wrap(words, "  " + std::string(to_string(i.status)) + "  ", "      ");
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
    if (auto safe = report_from_json(j)) return render(*safe, Palette{true, sym, opt.width});
  }
  return terminal_safe(render(r, Palette{false, sym, opt.width}));
}

std::string render_json(const Report& r) { return json_text(to_json(r), 2) + "\n"; }

}  // namespace tpmready::report
