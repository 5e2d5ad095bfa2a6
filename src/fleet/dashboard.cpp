#include "fleet/dashboard.h"

#include <algorithm>
#include <cstdio>

#include "report/html.h"
#include "report/summary.h"
#include "util/utf8.h"

namespace tpmready::fleet {
namespace {


std::string num(std::int64_t v) { return std::to_string(v); }

std::string or_unknown(const std::string& s) { return s.empty() ? "(unknown)" : s; }

std::string pct(std::int64_t part, std::int64_t whole) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f%%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
  return buf;
}

std::string pad(std::string s, std::size_t width) {
  if (s.size() < width) s.resize(width, ' ');
  return s;
}

// --- HTML pieces ---------------------------------------------------------------------------------

constexpr const char* kStyle =
    "body{font:14px/1.4 system-ui,sans-serif;margin:1rem;color:#222;max-width:1100px}"
    "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}"
    ".cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem;min-width:7rem}"
    ".card b{display:block;font-size:1.5rem}.ready b{color:#1a7f37}.not_ready b{color:#c62828}.undetermined b{color:#b26a00}"
    "table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #ddd;padding:.25rem .4rem;"
    "text-align:left;vertical-align:top;overflow-wrap:anywhere}th{background:#f4f4f4;cursor:pointer;user-select:none}"
    "td.n,th.n{text-align:right;white-space:nowrap}svg{max-width:100%;height:auto;display:block}.muted{color:#666}"
    "input{font:inherit;padding:.3rem;width:100%;max-width:24rem;box-sizing:border-box;margin:.3rem 0}"
    ".scroll{overflow-x:auto}";

constexpr const char* kScript = R"JS(
(function(){
  var table=document.getElementById('device-table');
  if(!table)return;
  var body=table.tBodies[0];
  document.getElementById('device-filter').addEventListener('input',function(e){
    var q=e.target.value.toLowerCase(),shown=0;
    Array.prototype.forEach.call(body.rows,function(row){
      var hit=row.textContent.toLowerCase().indexOf(q)>=0;row.hidden=!hit;if(hit)shown++;});
    document.getElementById('device-shown').textContent=shown;
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells,function(th,col){
    th.addEventListener('click',function(){
      var asc=th.getAttribute('data-dir')!=='asc';th.setAttribute('data-dir',asc?'asc':'desc');
      var numeric=th.classList.contains('n');
      var rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[col].textContent,y=b.cells[col].textContent;
        var c=numeric?(parseFloat(x)-parseFloat(y)):x.localeCompare(y);
        return asc?c:-c;});
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
})();
)JS";

/// Horizontal bars: one row per (label, value), scaled to the largest value.
std::string svg_bars(const std::vector<std::pair<std::string, std::int64_t>>& rows, const std::vector<std::string>& colours,
                     const std::string& id) {
  const int label_w = 280, bar_w = 360, row_h = 24, width = label_w + bar_w + 80;
  std::int64_t max = 1;
  for (const auto& r : rows) max = std::max(max, r.second);
  std::string svg = "<svg id=\"" + id + "\" role=\"img\" viewBox=\"0 0 " + num(width) + " " +
                    num(static_cast<std::int64_t>(rows.size()) * row_h + 4) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (std::size_t i = 0; i < rows.size(); ++i) {
    int y = 2 + static_cast<int>(i) * row_h;
    auto w = static_cast<int>(static_cast<double>(bar_w) * static_cast<double>(rows[i].second) / static_cast<double>(max));
    const auto& colour = colours.empty() ? std::string("#5b7bd5") : colours[i % colours.size()];
    svg += "<text x=\"" + num(label_w - 6) + "\" y=\"" + num(y + 16) + "\" text-anchor=\"end\" font-size=\"12\">" +
           html_escape(rows[i].first) + "</text>";
    svg += "<rect x=\"" + num(label_w) + "\" y=\"" + num(y + 3) + "\" width=\"" + num(std::max(w, 1)) +
           "\" height=\"" + num(row_h - 6) + "\" fill=\"" + colour + "\"/>";
    svg += "<text x=\"" + num(label_w + std::max(w, 1) + 6) + "\" y=\"" + num(y + 16) + "\" font-size=\"12\">" +
           num(rows[i].second) + "</text>";
  }
  return svg + "</svg>";
}

/// Stacked columns per day: ready / not ready / undetermined runs.
std::string svg_trend(const std::vector<TrendPoint>& trend) {
  const int h = 160, col_w = 28, gap = 6, top = 10, bottom = 40;
  const int width = std::max(200, static_cast<int>(trend.size()) * (col_w + gap) + 40);
  std::int64_t max = 1;
  for (const auto& t : trend) max = std::max(max, t.runs);
  std::string svg = "<svg id=\"trend-chart\" role=\"img\" style=\"max-width:" + num(width) + "px\" viewBox=\"0 0 " +
                    num(width) + " " + num(h + top + bottom) + "\" xmlns=\"http://www.w3.org/2000/svg\">";
  for (std::size_t i = 0; i < trend.size(); ++i) {
    int x = 30 + static_cast<int>(i) * (col_w + gap);
    double y = top + h;
    const std::pair<std::int64_t, const char*> parts[] = {
        {trend[i].ready, "#1a7f37"}, {trend[i].not_ready, "#c62828"}, {trend[i].undetermined, "#b26a00"}};
    for (const auto& [n, colour] : parts) {
      double ph = static_cast<double>(h) * static_cast<double>(n) / static_cast<double>(max);
      y -= ph;
      char rect[200];
      std::snprintf(rect, sizeof rect, "<rect x=\"%d\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\"/>", x, y,
                    col_w, ph, colour);
      svg += rect;
    }
    svg += "<text x=\"" + num(x + col_w / 2) + "\" y=\"" + num(top + h + 12) +
           "\" font-size=\"9\" text-anchor=\"end\" transform=\"rotate(-45 " + num(x + col_w / 2) + " " +
           num(top + h + 12) + ")\">" + html_escape(trend[i].date.substr(5)) + "</text>";
  }
  return svg + "</svg>";
}

/// The CSS class of a device row: only the three verdicts tpmready writes have a style. A database
/// is a file anyone can hand-make, so any other value gets the neutral class (its text is still
/// shown, escaped, in the verdict cell), never its own text inside the attribute.
const char* verdict_class(std::string_view verdict) {
  for (const char* v : {"ready", "not_ready", "undetermined"})
    if (verdict == v) return v;
  return "other";
}

std::string td(const std::string& s, bool numeric = false) {
  return std::string(numeric ? "<td class=\"n\">" : "<td>") + html_escape(s) + "</td>";
}

std::string html_cards(const FleetReport& r) {
  std::string out = "<div class=\"cards\"><div class=\"card\">devices<b id=\"devices\" data-count=\"" + num(r.devices) +
                    "\">" + num(r.devices) + "</b></div>";
  for (const char* v : {"ready", "not_ready", "undetermined"}) {
    auto n = r.verdicts.at(v);
    out += std::string("<div class=\"card ") + v + "\">" + v + "<b id=\"verdict-" + v + "\" data-count=\"" + num(n) +
           "\">" + num(n) + "</b><span class=\"muted\">" + pct(n, r.devices) + "</span></div>";
  }
  out += "<div class=\"card ready\">ready with caveats<b id=\"ready-with-caveats\" data-count=\"" +
         num(r.ready_with_caveats) + "\">" + num(r.ready_with_caveats) + "</b><span class=\"muted\">counted ready</span></div>";
  return out + "<div class=\"card\">runs (history)<b id=\"runs\" data-count=\"" + num(r.runs) + "\">" + num(r.runs) +
         "</b></div></div>";
}

std::string html_root_causes(const FleetReport& r) {
  std::string out = "<h2>Root causes</h2>";
  if (r.root_causes.empty()) return out + "<p>No device has a failing root cause.</p>";
  std::vector<std::pair<std::string, std::int64_t>> bars;
  for (const auto& rc : r.root_causes) bars.emplace_back(rc.id, rc.devices);
  out += svg_bars(bars, {"#c62828"}, "root-cause-chart");
  out += "<div class=\"scroll\"><table id=\"root-cause-table\"><thead><tr><th>root cause</th><th class=\"n\">devices</th>"
         "<th>fix</th></tr></thead><tbody>";
  for (const auto& rc : r.root_causes) {
    out += "<tr data-root-cause=\"" + html_escape(rc.id) + "\"><td>" + html_escape(rc.title.empty() ? rc.id : rc.title) +
           "<br><code class=\"muted\">" + html_escape(rc.id) + "</code></td><td class=\"n\" data-count=\"" +
           num(rc.devices) + "\">" + num(rc.devices) + "</td>" +
           td(rc.fix + (rc.fix_action.empty() ? "" : " (tpmready fix: " + rc.fix_action + ")")) + "</tr>";
  }
  return out + "</tbody></table></div>";
}

std::string html_caveats(const FleetReport& r) {
  std::string out = "<h2>Caveats</h2>";
  if (r.caveats.empty()) return out + "<p>No device's evidence left a requirement unchecked.</p>";
  out += "<p class=\"muted\">Requirements the devices' evidence could not show. They do not stop a device from being "
         "counted ready; check them on the device with the command given.</p>"
         "<div class=\"scroll\"><table id=\"caveat-table\"><thead><tr><th>requirement not shown</th>"
         "<th class=\"n\">devices</th><th>check on the device</th></tr></thead><tbody>";
  for (const auto& c : r.caveats) {
    out += "<tr data-caveat=\"" + html_escape(c.id) + "\"><td>" + html_escape(c.title.empty() ? c.id : c.title) +
           "<br><code class=\"muted\">" + html_escape(c.id) + "</code><br><span class=\"muted\">" + html_escape(c.why) +
           "</span></td><td class=\"n\" data-count=\"" + num(c.devices) + "\">" + num(c.devices) + "</td><td><code>" +
           html_escape(c.check) + "</code></td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::string html_breakdown(const FleetReport& r) {
  std::string out = "<h2>By model × TPM vendor × TPM firmware</h2><div class=\"scroll\"><table id=\"breakdown-table\"><thead><tr>"
                    "<th>manufacturer</th><th>model</th><th>TPM vendor</th><th>TPM firmware</th><th class=\"n\">devices</th>"
                    "<th class=\"n\">ready</th><th class=\"n\">not ready</th><th class=\"n\">undetermined</th>"
                    "<th>top root cause</th></tr></thead><tbody>";
  for (const auto& b : r.breakdown) {
    out += "<tr>" + td(or_unknown(b.manufacturer)) + td(or_unknown(b.model)) + td(or_unknown(b.tpm_vendor)) +
           td(or_unknown(b.tpm_firmware)) + td(num(b.devices), true) + td(num(b.ready), true) + td(num(b.not_ready), true) +
           td(num(b.undetermined), true) + td(b.top_root_cause) + "</tr>";
  }
  return out + "</tbody></table></div>";
}

std::string html_devices(const FleetReport& r) {
  std::string out = "<h2>Devices</h2><p class=\"muted\">Current run of each device, not-ready first. Click a column to "
                    "sort. Showing <span id=\"device-shown\">" + num(static_cast<std::int64_t>(r.device_list.size())) +
                    "</span> of " + num(static_cast<std::int64_t>(r.device_list.size())) + " listed";
  if (r.device_list_truncated)
    out += " (the list stops at " + num(static_cast<std::int64_t>(r.device_list.size())) + " of " + num(r.devices) +
           " devices: use <code>tpmready fleet report --format csv</code> for all)";
  out += ".</p><input id=\"device-filter\" type=\"search\" placeholder=\"filter: model, root cause, serial…\" "
         "aria-label=\"filter devices\"><div class=\"scroll\"><table id=\"device-table\"><thead><tr><th>device</th>"
         "<th>serial</th><th>manufacturer</th><th>model</th><th>TPM vendor</th><th>TPM firmware</th><th>verdict</th>"
         "<th>root causes</th><th>caveats</th><th>observed</th><th class=\"n\">runs</th></tr></thead><tbody>";
  for (const auto& d : r.device_list) {
    out += std::string("<tr class=\"") + verdict_class(d.verdict) + "\">" + td(d.id) + td(d.serial) + td(d.manufacturer) + td(d.model) + td(d.tpm_vendor) +
           td(d.tpm_firmware) + td(d.verdict) + td(d.root_causes) + td(d.caveats) + td(report::format_utc(d.observed_at)) +
           td(num(d.runs), true) + "</tr>";
  }
  return out + "</tbody></table></div>";
}

}  // namespace

nlohmann::json to_json(const FleetReport& r) {
  nlohmann::json j;
  j["schema_version"] = 1;
  j["devices"] = r.devices;
  j["runs"] = r.runs;
  j["verdicts"] = r.verdicts;
  auto& rc = j["root_causes"] = nlohmann::json::array();
  for (const auto& c : r.root_causes)
    rc.push_back({{"id", c.id}, {"devices", c.devices}, {"title", c.title}, {"requirement", c.requirement},
                  {"fix", c.fix},
                  {"fix_action", c.fix_action.empty() ? nlohmann::json(nullptr) : nlohmann::json(c.fix_action)}});
  j["ready_with_caveats"] = r.ready_with_caveats;
  auto& cv = j["caveats"] = nlohmann::json::array();
  for (const auto& c : r.caveats)
    cv.push_back({{"id", c.id}, {"devices", c.devices}, {"title", c.title}, {"why", c.why}, {"check", c.check}});
  auto& b = j["breakdown"] = nlohmann::json::array();
  for (const auto& g : r.breakdown)
    b.push_back({{"manufacturer", g.manufacturer}, {"model", g.model}, {"tpm_vendor", g.tpm_vendor},
                 {"tpm_firmware", g.tpm_firmware}, {"devices", g.devices}, {"ready", g.ready}, {"not_ready", g.not_ready},
                 {"undetermined", g.undetermined}, {"top_root_cause", g.top_root_cause}});
  auto& t = j["trends"] = nlohmann::json::array();
  for (const auto& p : r.trends)
    t.push_back({{"date", p.date}, {"runs", p.runs}, {"ready", p.ready}, {"not_ready", p.not_ready}, {"undetermined", p.undetermined}});
  return j;
}

std::string render_text(const FleetReport& r) {
  std::string out = "Fleet: " + num(r.devices) + " devices (" + num(r.runs) + " runs kept)\n";
  for (const char* v : {"ready", "not_ready", "undetermined"})
    out += "  " + pad(v, 14) + pad(num(r.verdicts.at(v)), 9) + pct(r.verdicts.at(v), r.devices) + "\n";
  out += "\nRoot causes (devices whose current run has it):\n";
  if (r.root_causes.empty()) out += "  none\n";
  for (const auto& rc : r.root_causes) {
    out += "  " + pad(num(rc.devices), 9) + (rc.title.empty() ? rc.id : rc.title + "  (" + rc.id + ")") + "\n";
    if (!rc.fix.empty()) out += "           fix: " + rc.fix + (rc.fix_action.empty() ? "" : " [" + rc.fix_action + "]") + "\n";
  }
  if (!r.caveats.empty()) {
    out += "\nCaveats (not shown by the evidence; " + num(r.ready_with_caveats) + " ready devices have one):\n";
    for (const auto& c : r.caveats)
      out += "  " + pad(num(c.devices), 9) + (c.title.empty() ? c.id : c.title + "  (" + c.id + ")") + "\n" +
             "           check: " + c.check + "\n";
  }
  out += "\nBy manufacturer / model / TPM vendor / TPM firmware:\n";
  for (const auto& b : r.breakdown) {
    out += "  " + pad(num(b.devices), 9) + or_unknown(b.manufacturer) + " / " + or_unknown(b.model) + " / " +
           or_unknown(b.tpm_vendor) + " / " + or_unknown(b.tpm_firmware) + ": " + num(b.ready) + " ready, " +
           num(b.not_ready) + " not ready, " + num(b.undetermined) + " undetermined" +
           (b.top_root_cause.empty() ? "" : "; top root cause " + b.top_root_cause) + "\n";
  }
  out += "\nRuns by date (UTC):\n";
  for (const auto& t : r.trends)
    out += "  " + t.date + "  " + pad(num(t.runs), 9) + num(t.ready) + " ready, " + num(t.not_ready) + " not ready, " +
           num(t.undetermined) + " undetermined\n";
  return terminal_safe(out);  // manufacturer, model and firmware strings come from the devices
}

std::string render_html(const FleetReport& r) {
  std::string out = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" "
                    "content=\"width=device-width,initial-scale=1\"><title>tpmready fleet: " + num(r.devices) +
                    " devices</title><style>" + kStyle + "</style></head><body><h1>tpmready fleet dashboard</h1>";
  out += html_cards(r);
  out += "<h2>Verdicts</h2>" +
         svg_bars({{"ready", r.verdicts.at("ready")}, {"not_ready", r.verdicts.at("not_ready")},
                   {"undetermined", r.verdicts.at("undetermined")}},
                  {"#1a7f37", "#c62828", "#b26a00"}, "verdict-chart");
  out += html_root_causes(r);
  out += html_caveats(r);
  out += html_breakdown(r);
  out += "<h2>Runs by date (UTC)</h2><p class=\"muted\">ready (green), not ready (red), undetermined (amber), all runs "
         "kept.</p>" + svg_trend(r.trends);
  out += html_devices(r);
  out += std::string("<script>") + kScript + "</script></body></html>\n";
  return out;
}

std::string csv_field(std::string_view s) {
  std::string v = valid_utf8(s);
  // OWASP "CSV Injection": a cell starting with = + - @, TAB or CR is run as a formula by
  // spreadsheets; LF too, since a quoted field may start a new line in the cell.
  if (!v.empty() && std::string_view("=+-@\t\r\n").find(v[0]) != std::string_view::npos) v.insert(v.begin(), '\'');
  if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
  std::string out = "\"";
  for (char c : v) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string root_cause_csv_header() {
  return "root_cause,fix,device_id,serial,manufacturer,model,tpm_vendor,tpm_firmware,observed_at\r\n";
}

std::string root_cause_csv_row(const RootCauseDevice& d) {
  std::string out;
  for (const auto* f : {&d.root_cause, &d.fix, &d.device_id, &d.serial, &d.manufacturer, &d.model, &d.tpm_vendor, &d.tpm_firmware})
    out += csv_field(*f) + ",";
  return out + report::format_utc(d.observed_at) + "\r\n";
}

}  // namespace tpmready::fleet
