#include "report/html.h"
#include "report/render.h"
#include "rules/table.h"

namespace tpmready::report {
namespace {

// Wide screens: tables, each in a box that scrolls sideways should one be wider than the page.
// Narrow screens (phones, under 40rem): one column; every table row becomes a card with its
// column names as labels, the timeline a card per event. Words break only when one is wider than
// its line (overflow-wrap: break-word, which never narrows a table column below its longest word;
// "anywhere" only for URLs, so that a long one does not widen the timeline); codes and rule IDs
// never break.
const char* kStyle = R"css(
:root{--fail:#c0392b;--pass:#1e8449;--warn:#b9770e;--muted:#5d6d7e;--line:#d5dbdb}
*{box-sizing:border-box}body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0 auto;
padding:1rem;max-width:60rem;line-height:1.4;color:#1c2833;overflow-wrap:break-word}
h1{font-size:1.2rem;margin:.2rem 0}h2{font-size:1.05rem;margin:1.2rem 0 .4rem}
.verdict{font-size:1.6rem;font-weight:700;padding:.6rem 1rem;border-radius:8px;color:#fff;display:inline-block}
.v-ready{background:var(--pass)}.v-not_ready{background:var(--fail)}.v-undetermined{background:var(--warn)}
.scope{color:var(--muted);font-size:.9rem}
.rootcause{border:2px solid var(--fail);border-radius:8px;padding:.6rem .8rem;margin:.8rem 0}
.fault{border:2px solid var(--muted);border-radius:8px;padding:.6rem .8rem;margin:.8rem 0}
.likely{background:#fef5e7;border-left:4px solid var(--warn);padding:.4rem .6rem;margin:.4rem 0}
.caveats{border:2px solid var(--warn);border-radius:8px;padding:.2rem .8rem;margin:.8rem 0}
.rootcause .fix,.fault .fix{background:#eafaf1;border-left:4px solid var(--pass);padding:.4rem .6rem;margin:.4rem 0}
svg.chain{display:block;max-width:100%;height:auto;margin:.4rem 0}
details{border:1px solid var(--line);border-radius:6px;margin:.3rem 0;padding:.3rem .6rem}
summary{cursor:pointer;display:flex;gap:.1rem .6rem;align-items:baseline;flex-wrap:wrap}summary>span{min-width:0}
.st{font-weight:700;font-size:.8rem;min-width:3.4rem;text-transform:uppercase}
.st-pass{color:var(--pass)}.st-fail{color:var(--fail)}.st-warn,.st-unknown{color:var(--warn)}.st-not_applicable{color:var(--muted)}
code,.id{font-family:ui-monospace,monospace;font-size:.85rem}.id,.code,.t-time,.t-event{white-space:nowrap}
.url{overflow-wrap:anywhere}.tbl{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:.85rem}
td,th{border-bottom:1px solid #eee;padding:.2rem .3rem;text-align:left;vertical-align:top}
.muted{color:var(--muted)}
.flows{list-style:none;padding:0;margin:.4rem 0}.flows li{margin:.3rem 0}
.fv{display:inline-block;font-weight:700;font-size:.8rem;color:#fff;padding:0 .4rem;border-radius:4px;white-space:nowrap}
@media (max-width:40rem){
body{padding:.75rem}.rootcause,.fault,.caveats{padding:.5rem .6rem}ul{padding-left:1.2rem}
table,tbody,tr,td{display:block}thead{display:none}
tr{border:1px solid var(--line);border-radius:8px;padding:.4rem .6rem;margin:.5rem 0}
td{border:0;padding:.1rem 0}td:empty{display:none}
td[data-label]::before{content:attr(data-label);display:block;font-size:.8rem;color:var(--muted)}
#timeline tr{display:flex;flex-wrap:wrap;align-items:baseline;gap:.1rem .8rem}#timeline td{min-width:0}
#timeline .t-what{flex:1 1 100%}#timeline td::before{display:inline;margin-right:.3rem}
#timeline .t-time::before,#timeline .t-source::before,#timeline .t-what::before{content:none}
}
)css";

/// Which device the report is about: the facts the evidence holds, then the ones it does not.
std::string device_html(const Report& r) {
  const DeviceHeader h = device_header(r);
  std::string out = "<p id=\"device\" class=\"device\"><strong>Device:</strong> ";
  if (h.known.empty()) return out + "not identified by these inputs</p>";
  for (std::size_t i = 0; i < h.known.size(); ++i)
    out += std::string(i ? "; " : "") + "<span data-device-field=\"" + html_escape(h.known[i].key) + "\">" +
           html_escape(h.known[i].label) + " <code>" + html_escape(h.known[i].value) + "</code></span>";
  std::string unknown;
  for (const auto& u : h.unknown) unknown += (unknown.empty() ? "" : ", ") + u;
  if (!unknown.empty()) out += "; <span class=\"muted\">unknown: " + html_escape(unknown) + "</span>";
  return out + "</p>";
}

std::string status_span(rules::Status s) {
  std::string name(rules::status_name(s));
  return "<span class=\"st st-" + name + "\">" + html_escape(name == "not_applicable" ? "n/a" : name) + "</span>";
}

std::string evidence_table(const rules::Finding& f) {
  if (f.evidence.empty()) return "<p class=\"muted\">No evidence recorded.</p>";
  std::string out = "<div class=\"tbl\"><table><thead><tr><th>fact</th><th>value</th><th>source</th></tr></thead><tbody>";
  for (const auto& e : f.evidence) {
    out += "<tr><td>" + html_breakable(e.fact) + "</td><td data-label=\"value\">" + html_escape(e.value);
    if (e.implied_by) out += "<br><span class=\"muted\">implied: " + html_escape(*e.implied_by) + "</span>";
    out += "</td><td data-label=\"source\"><code>" + html_escape(e.source) + "</code></td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::string likely_cause_html(const rules::LikelyCause& c) {
  return "<div class=\"likely\" data-likely-cause=\"" + html_escape(c.id) + "\"><strong>Likely cause:</strong> " +
         html_escape(c.title) + " <span class=\"id muted\">" + html_escape(c.id) + "</span><br>" + html_breakable(c.why) +
         "<br>Confirm with: <code>" + html_escape(c.confirm) + "</code></div>";
}

std::string caveats_html(const Report& r) {
  std::string out = "<section class=\"caveats\" id=\"caveats\"><h2>Caveats</h2><p class=\"muted\">Not shown by "
                    "these inputs: the verdict stands; check them on the device.</p><ul>";
  for (const auto& c : r.caveats)
    out += "<li data-caveat=\"" + html_escape(c.id) + "\">" + html_escape(c.title) + " <span class=\"id muted\">" +
           html_escape(c.id) + "</span><br>" + html_breakable(c.why) + "<br>Check: <code>" + html_escape(c.check) +
           "</code></li>";
  return out + "</ul></section>";
}

/// Each Autopilot flow's answer: its verdict, what it covers, and the rule IDs that decide it,
/// linked to their findings. The attestation flow's verdict is the big one above.
std::string flows_html(const Report& r) {
  std::string out = "<section id=\"flows\"><h2>Autopilot flows</h2><ul class=\"flows\">";
  auto ids = [](const char* what, const std::vector<std::string>& list) {
    std::string x = "<br><span class=\"muted\">" + std::string(what) + ":</span> ";
    for (std::size_t i = 0; i < list.size(); ++i)
      x += (i ? ", " : "") + std::string("<a class=\"id\" href=\"#rule-") + html_escape(list[i]) + "\">" +
           html_escape(list[i]) + "</a>";
    return x;
  };
  for (const auto& f : r.flows) {
    const std::string verdict(rules::verdict_name(f.verdict));
    out += "<li data-flow=\"" + html_escape(f.id) + "\" data-verdict=\"" + verdict + "\"><span class=\"fv v-" +
           verdict + "\">" + html_escape(verdict_label(f.verdict)) + "</span> " + html_escape(f.title);
    if (const rules::Flow* info = rules::find_flow(f.id); info && !info->covers.empty())
      out += "<br><span class=\"muted\">" + html_escape(info->covers) + "</span>";
    if (f.verdict == rules::Verdict::NotReady) out += ids("Root cause", f.root_causes);
    else if (f.verdict == rules::Verdict::Undetermined) out += ids("Not shown by these inputs", f.undetermined_by);
    else if (!f.caveats.empty()) {
      std::vector<std::string> caveats;
      for (const auto& c : f.caveats) caveats.push_back(c.id);
      out += ids("Caveats", caveats);
    }
    out += "</li>";
  }
  return out + "</ul></section>";
}

std::string root_cause_html(const Report& r, const rules::RootCause& rc) {
  const rules::Finding* f = find_finding(r, rc.id);
  std::vector<ChainBox> boxes;
  for (const auto& id : rc.chain) {
    const rules::Finding* x = find_finding(r, id);
    bool failed = x && x->status == rules::Status::Fail;
    std::string shown = x && !failed ? id + " (" + std::string(rules::status_name(x->status)) + ")" : id;
    boxes.push_back({x ? failure_title(*x) : id, shown, failed});
  }
  std::string out = "<section class=\"rootcause\" data-root-cause=\"" + html_escape(rc.id) + "\"><h2>Root cause: " +
                    html_escape(f ? failure_title(*f) : rc.id) + " <span class=\"id muted\">" + html_escape(rc.id) +
                    "</span></h2>";
  if (f) out += "<p>" + html_breakable(f->summary) + "</p>";
  for (const auto& c : rc.likely_causes) out += likely_cause_html(c);
  out += svg_chain(boxes);
  if (f) {
    out += "<div class=\"fix\"><strong>Fix:</strong> " + html_breakable(f->fix.text);
    if (f->fix.action_id) out += " <span class=\"muted\">(tpmready fix --apply: " + html_escape(*f->fix.action_id) + ")</span>";
    out += "</div>" + evidence_table(*f);
  }
  return out + "</section>";
}

std::string finding_html(const rules::Finding& f) {
  std::string out = "<details id=\"rule-" + html_escape(f.id) + "\" data-finding=\"" + html_escape(f.id) + "\" data-status=\"" +
                    std::string(rules::status_name(f.status)) + "\"" +
                    (f.status == rules::Status::Fail ? " open" : "") + "><summary>" + status_span(f.status) +
                    "<span class=\"id\">" + html_escape(f.id) + "</span><span>" + html_escape(f.title) + "</span></summary>";
  if (!f.summary.empty()) out += "<p>" + html_breakable(f.summary) + "</p>";
  out += evidence_table(f);
  if (f.status == rules::Status::Fail || f.status == rules::Status::Warn)
    out += "<p><strong>Fix:</strong> " + html_breakable(f.fix.text) + "</p>";
  if (!f.parents.empty()) {
    out += "<p class=\"muted\">Caused by: ";
    for (const auto& p : f.parents) out += "<span class=\"id\">" + html_escape(p) + "</span> ";
    out += "</p>";
  }
  out += "<p class=\"muted\">Source: " + html_escape(f.reference) + "</p>";
  return out + "</details>";
}

std::string fault_html(const Report& r) {
  std::string out = "<section class=\"fault\" id=\"fault-side\" data-fault-side=\"" + html_escape(r.fault.side) +
                    "\"><h2>Fault side: " + html_escape(r.fault.side) + "</h2>";
  if (!r.fault.reason.empty()) out += "<p>" + html_breakable(r.fault.reason) + "</p>";
  if (!r.fault.advice.empty()) out += "<div class=\"fix\"><strong>Advice:</strong> " + html_breakable(r.fault.advice) + "</div>";
  return out + "</section>";
}

/// The timeline as a table (a card per event on narrow screens); each entry links to the finding of
/// the rule it supports.
std::string timeline_html(const Report& r) {
  std::string out = "<h2>Timeline</h2><p class=\"muted\">What Windows tried, from its event logs, oldest first. "
                    "* marks event meanings not verified against Windows' own message tables.</p>"
                    "<div class=\"tbl\"><table id=\"timeline\"><thead><tr><th>time</th><th>source</th><th>event</th><th>what happened</th>"
                    "<th>code</th><th>rule</th></tr></thead><tbody>";
  for (const auto& t : r.timeline) {
    out += "<tr data-event-id=\"" + std::to_string(t.event_id) + "\"><td class=\"t-time\">" + html_escape(t.time) +
           "</td><td class=\"t-source\">" + html_escape(t.source) + "</td><td class=\"t-event\" data-label=\"event\">" +
           std::to_string(t.event_id) + (t.unverified ? "*" : "") + "</td><td class=\"t-what\">" + html_escape(t.summary);
    // The URL and answer the event carries (CertEnroll 86/87: the AIK CA and its answer).
    if (!t.url.empty()) out += "<br><span class=\"muted url\">URL: " + html_escape(t.url) + "</span>";
    if (!t.service_text.empty())
      out += "<br><span class=\"muted answer\" data-side=\"" + html_escape(t.side) + "\">Answer: " +
             html_escape(t.service_text) + "</span>";
    // No whitespace inside the code and rule cells: an empty one is :empty and hidden on a card.
    out += "</td><td class=\"t-code\" data-label=\"code\">";
    if (!t.code.empty())
      out += "<code class=\"code\" title=\"" + html_escape(t.code_meaning) + "\">" + html_escape(t.code) + "</code>";
    out += "</td><td class=\"t-rule\" data-label=\"rule\">";
    if (!t.rule.empty()) out += "<a class=\"id\" href=\"#rule-" + html_escape(t.rule) + "\">" + html_escape(t.rule) + "</a>";
    out += "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

}  // namespace

std::string render_html(const Report& r) {
  std::string verdict(rules::verdict_name(r.verdict));
  std::string out = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>tpmready: " + verdict + "</title><style>" + kStyle + "</style></head><body>";
  out += "<h1>tpmready " + html_escape(r.tool_version) + " — TPM readiness for Windows Autopilot attestation</h1>";
  out += device_html(r);
  out += "<div id=\"verdict\" class=\"verdict v-" + verdict + "\" data-verdict=\"" + verdict + "\">" +
         html_escape(verdict == "not_ready" ? "NOT READY" : verdict == "ready" ? "READY" : "UNDETERMINED") + "</div>";
  out += "<p class=\"scope\">Scope: " + html_escape(r.scope) + ". " + html_escape(r.scope_note) + "</p>";
  if (!r.flows.empty()) out += flows_html(r);
  // As in the text report: caveats under a ready (or open) verdict, after the root causes otherwise.
  const bool caveats_first = r.verdict != rules::Verdict::NotReady;
  if (caveats_first && !r.caveats.empty()) out += caveats_html(r);
  for (const auto& rc : r.root_causes) out += root_cause_html(r, rc);
  if (!r.undetermined_by.empty() && r.verdict == rules::Verdict::Undetermined) {
    out += "<section id=\"undetermined\"><h2>Undetermined</h2><p>Nothing in these inputs shows or implies:</p><ul>";
    for (const auto& id : r.undetermined_by) {
      const rules::Finding* f = find_finding(r, id);
      const rules::Rule* rule = rules::find_rule(id);
      out += "<li data-undetermined=\"" + html_escape(id) + "\">" + html_escape(f ? f->title : id) +
             " <span class=\"id muted\">" + html_escape(id) + "</span>";
      if (f && !f->summary.empty()) out += "<br>" + html_breakable(f->summary);
      if (rule && !rule->verify.empty()) out += "<br>On the device: <code>" + html_escape(rule->verify) + "</code>";
      out += "</li>";
    }
    out += "</ul></section>";
  }
  if (!caveats_first && !r.caveats.empty()) out += caveats_html(r);
  if (!r.root_causes.empty() || !r.timeline.empty()) out += fault_html(r);
  if (!r.timeline.empty()) out += timeline_html(r);
  out += "<h2>All findings</h2>";
  for (const auto& f : r.findings) out += finding_html(f);
  if (!r.notes.empty()) {
    out += "<h2>Notes</h2><ul>";
    for (const auto& n : r.notes) out += "<li>" + html_escape(n) + "</li>";
    out += "</ul>";
  }
  if (!r.inputs.empty()) {
    out += "<h2>Inputs</h2><div class=\"tbl\"><table><thead><tr><th>input</th><th>kind</th><th>status</th><th>detail</th></tr></thead><tbody>";
    for (const auto& i : r.inputs)
      out += "<tr><td><code>" + html_escape(i.name) + "</code></td><td data-label=\"kind\">" +
             html_escape(i.kind) + "</td><td data-label=\"status\">" + html_escape(to_string(i.status)) +
             "</td><td data-label=\"detail\">" + html_escape(i.detail) + "</td></tr>";
    out += "</tbody></table></div>";
  }
  return out + "</body></html>\n";
}

}  // namespace tpmready::report
