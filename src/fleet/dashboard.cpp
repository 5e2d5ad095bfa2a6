#include "fleet/dashboard.h"

#include <algorithm>
#include <cstdio>
#include <span>

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

// Text is HTML at the page's size everywhere (bar charts are HTML; the one SVG chart is drawn at
// its own pixel size and scrolls sideways instead of shrinking), so nothing gets smaller than
// 12 px on a phone. Narrow screens (under 40rem): chart labels above their bars, table rows as
// cards with the column names as labels. Words break only when one is wider than its line.
constexpr const char* kStyle =
    "body{font:14px/1.4 system-ui,sans-serif;margin:0 auto;padding:1rem;color:#222;max-width:1400px;"
    "overflow-wrap:break-word}*{box-sizing:border-box}"
    "h1{font-size:1.4rem}h2{font-size:1.1rem;margin-top:1.6rem}"
    ".cards{display:flex;flex-wrap:wrap;gap:.6rem}.card{border:1px solid #ccc;border-radius:6px;padding:.5rem .8rem;min-width:7rem}"
    ".card b{display:block;font-size:1.5rem}.ready b{color:#1a7f37}.not_ready b{color:#c62828}.undetermined b{color:#b26a00}"
    ".bars{display:grid;grid-template-columns:minmax(0,22rem) minmax(0,1fr) auto;gap:.35rem .6rem;align-items:center}"
    ".bar-row{display:contents}.bar-track{height:1.1rem;background:#f0f0f0;border-radius:3px}"
    ".bar{display:block;height:100%;border-radius:3px}.bar-n{text-align:right;font-variant-numeric:tabular-nums}"
    ".bar-label code{display:block;font-size:12px}code,.id{font-size:13px}"
    "table{border-collapse:collapse;width:100%;font-size:13px}th,td{border-bottom:1px solid #ddd;padding:.25rem .4rem;"
    "text-align:left;vertical-align:top}th{background:#f4f4f4;cursor:pointer;user-select:none}"
    "td.n,th.n{text-align:right;white-space:nowrap}.id,.nw{white-space:nowrap}.muted{color:#666}"
    "input{font:inherit;padding:.3rem;width:100%;max-width:24rem;margin:.3rem 0}"
    ".scroll{overflow-x:auto}#trend-chart{display:block;max-width:none}"
    "@media (max-width:40rem){body{padding:.75rem}"
    ".bars{grid-template-columns:minmax(0,1fr) auto;gap:.1rem .6rem}.bar-label{grid-column:1/-1;margin-top:.3rem}"
    "table,tbody,tr,td{display:block}thead,.table-only{display:none}"
    "tr{border:1px solid #ddd;border-radius:6px;padding:.4rem .6rem;margin:.5rem 0}"
    "td,td.n,td.nw{border:0;padding:.1rem 0 .1rem 7.5rem;position:relative;text-align:left;white-space:normal;"
    "min-height:1.4em}td:empty{display:none}"
    "td::before{position:absolute;left:0;width:7rem;color:#666}"
    "td:first-child{padding-left:0;font-weight:600}td:first-child::before{content:none}td:first-child .muted{font-weight:400}}";

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

/// One bar of a bar chart: what it counts (plain words), an ID shown small under it, the count.
struct Bar {
  std::string label;
  std::string id;
  std::int64_t value = 0;
  std::string colour;
};

/// Horizontal bars in HTML (label, bar scaled to the largest value, count): the labels wrap and
/// keep the page's font size at any width.
std::string html_bars(const std::vector<Bar>& bars, const std::string& id) {
  std::int64_t max = 1;
  for (const auto& b : bars) max = std::max(max, b.value);
  std::string out = "<div class=\"bars\" id=\"" + id + "\">";
  for (const auto& b : bars) {
    char width[16];
    const double share = 100.0 * static_cast<double>(b.value) / static_cast<double>(max);
    std::snprintf(width, sizeof width, "%.1f%%", b.value > 0 ? std::max(share, 0.5) : 0.0);  // 1 of 10,000 shows
    out += "<div class=\"bar-row\"><span class=\"bar-label\">" + html_escape(b.label);
    if (!b.id.empty()) out += "<code class=\"id muted\">" + html_escape(b.id) + "</code>";
    out += std::string("</span><span class=\"bar-track\"><span class=\"bar\" style=\"width:") + width + ";background:" +
           b.colour + "\"></span></span><span class=\"bar-n\" data-bar-count=\"" + num(b.value) + "\">" + num(b.value) +
           "</span></div>";
  }
  return out + "</div>";
}

/// Stacked columns per day: ready / not ready / undetermined runs.
std::string svg_trend(const std::vector<TrendPoint>& trend) {
  const int h = 160, col_w = 28, gap = 6, top = 10, bottom = 40;
  const int width = std::max(200, static_cast<int>(trend.size()) * (col_w + gap) + 40);
  std::int64_t max = 1;
  for (const auto& t : trend) max = std::max(max, t.runs);
  // Its own size in CSS pixels (in a box that scrolls sideways): scaled to a phone, 30 days of
  // columns would shrink the date labels to a few pixels.
  const std::string w = num(width), ht = num(h + top + bottom);
  std::string svg = "<div class=\"scroll\"><svg id=\"trend-chart\" role=\"img\" width=\"" + w + "\" height=\"" + ht +
                    "\" viewBox=\"0 0 " + w + " " + ht + "\" xmlns=\"http://www.w3.org/2000/svg\">";
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
           "\" font-size=\"12\" text-anchor=\"end\" transform=\"rotate(-45 " + num(x + col_w / 2) + " " +
           num(top + h + 12) + ")\">" + html_escape(trend[i].date.substr(5)) + "</text>";
  }
  return svg + "</svg></div>";
}

/// The CSS class of a device row: only the three verdicts tpmready writes have a style. A database
/// is a file anyone can hand-make, so any other value gets the neutral class (its text is still
/// shown, escaped, in the verdict cell), never its own text inside the attribute.
const char* verdict_class(std::string_view verdict) {
  for (const char* v : {"ready", "not_ready", "undetermined"})
    if (verdict == v) return v;
  return "other";
}

/// How a table cell shows. In the table: Number right-aligned, Token (a serial, a time) on one
/// line, Text and Wide wrapped at spaces. On a narrow screen's card, where the header row is hidden
/// (see Column): the first column is the card's heading; Text, Number and Token cells sit beside
/// their column's name, Wide ones (lists of rule IDs, fix texts, commands) under it, on the card's
/// full width.
enum class Cell { Text, Number, Token, Wide };

std::string td(const std::string& s, Cell kind = Cell::Text) {
  const char* open = kind == Cell::Number ? "<td class=\"n\">" : kind == Cell::Token ? "<td class=\"nw\">" : "<td>";
  return open + html_escape(s) + "</td>";
}

/// A cell whose text may wrap after each comma (a list of rule IDs joined by ",") or, for a long
/// identifier without spaces (a 32-digit device ID), every `group` characters: the device table
/// then fits a 1280 px screen without breaking a rule ID, and the text stays the same for the
/// filter and a copy.
std::string td_breakable(const std::string& s, std::size_t group = 0) {
  std::string out = "<td>";
  std::size_t from = 0, run = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    run = s[i] == ' ' ? 0 : run + 1;
    const bool comma = s[i] == ',';
    if (!comma && !(group && run == group && i + 1 < s.size())) continue;
    out += html_escape(s.substr(from, i + 1 - from)) + "<wbr>";
    from = i + 1;
    run = 0;
  }
  return out + html_escape(s.substr(from)) + "</td>";
}

/// A table column: its header and the kind of its cells. The names reach the cards through CSS
/// (one nth-child rule per column), not through an attribute on each of thousands of device cells.
struct Column {
  const char* name;
  Cell kind = Cell::Text;
};

constexpr Column kRootCauseColumns[] = {{"root cause"}, {"devices", Cell::Number}, {"fix", Cell::Wide}};
constexpr Column kCaveatColumns[] = {
    {"requirement not shown"}, {"devices", Cell::Number}, {"check on the device", Cell::Wide}};
constexpr Column kBreakdownColumns[] = {
    {"manufacturer"}, {"model"}, {"TPM vendor"}, {"TPM firmware"}, {"devices", Cell::Number}, {"ready", Cell::Number},
    {"not ready", Cell::Number}, {"undetermined", Cell::Number}, {"top root cause", Cell::Wide}};
constexpr Column kDeviceColumns[] = {
    {"device"}, {"serial", Cell::Token}, {"manufacturer"}, {"model"}, {"TPM vendor"}, {"TPM firmware"}, {"verdict"},
    {"root causes", Cell::Wide}, {"caveats", Cell::Wide}, {"observed"}, {"runs", Cell::Number}};

/// The opening of a table (in a box that scrolls sideways on a wide screen) up to its body.
std::string table_start(const std::string& id, std::span<const Column> columns) {
  std::string out = "<div class=\"scroll\"><table id=\"" + id + "\"><thead><tr>";
  for (const auto& c : columns) out += std::string(c.kind == Cell::Number ? "<th class=\"n\">" : "<th>") + c.name + "</th>";
  return out + "</tr></thead><tbody>";
}

/// The CSS that labels a table's cells with their column names on a narrow screen's card.
std::string card_labels(const std::string& id, std::span<const Column> columns) {
  std::string css;
  for (std::size_t i = 1; i < columns.size(); ++i) {
    const std::string cell = "#" + id + " td:nth-child(" + std::to_string(i + 1) + ")";
    css += cell + "::before{content:\"" + columns[i].name + "\"}";
    if (columns[i].kind == Cell::Wide)
      css += cell + "{padding-left:0}" + cell + "::before{position:static;display:block;width:auto}";
  }
  return css;
}

/// A UTC time that may wrap between its date and its time of day, never inside either.
std::string td_time(std::int64_t t) {
  const std::string s = report::format_utc(t);
  const auto at = s.find('T');
  if (at == std::string::npos) return td(s, Cell::Token);
  return "<td><span class=\"nw\">" + html_escape(s.substr(0, at + 1)) + "</span><wbr><span class=\"nw\">" +
         html_escape(s.substr(at + 1)) + "</span></td>";
}

std::string html_cards(const FleetReport& r) {
  std::string out = "<div class=\"cards\"><div class=\"card\">devices<b id=\"devices\" data-count=\"" + num(r.devices) +
                    "\">" + num(r.devices) + "</b></div>";
  for (const char* v : {"ready", "not_ready", "undetermined"}) {
    auto n = r.verdicts.at(v);
    const std::string shown = v == std::string_view("not_ready") ? "not ready" : v;
    out += std::string("<div class=\"card ") + v + "\">" + shown + "<b id=\"verdict-" + v + "\" data-count=\"" + num(n) +
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
  std::vector<Bar> bars;
  for (const auto& rc : r.root_causes) bars.push_back({rc.title.empty() ? rc.id : rc.title, rc.id, rc.devices, "#c62828"});
  out += html_bars(bars, "root-cause-chart");
  out += table_start("root-cause-table", kRootCauseColumns);
  for (const auto& rc : r.root_causes) {
    out += "<tr data-root-cause=\"" + html_escape(rc.id) + "\"><td>" + html_escape(rc.title.empty() ? rc.id : rc.title) +
           "<br><code class=\"id muted\">" + html_escape(rc.id) + "</code></td><td class=\"n\" data-count=\"" +
           num(rc.devices) + "\">" + num(rc.devices) + "</td>" +
           "<td>" + report::html_breakable(rc.fix + (rc.fix_action.empty() ? "" : " (tpmready fix: " + rc.fix_action + ")")) +
           "</td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::string html_caveats(const FleetReport& r) {
  std::string out = "<h2>Caveats</h2>";
  if (r.caveats.empty()) return out + "<p>No device's evidence left a requirement unchecked.</p>";
  out += "<p class=\"muted\">Requirements the devices' evidence could not show. They do not stop a device from being "
         "counted ready; check them on the device with the command given.</p>" +
         table_start("caveat-table", kCaveatColumns);
  for (const auto& c : r.caveats) {
    out += "<tr data-caveat=\"" + html_escape(c.id) + "\"><td>" + html_escape(c.title.empty() ? c.id : c.title) +
           "<br><code class=\"id muted\">" + html_escape(c.id) + "</code><br><span class=\"muted\">" + report::html_breakable(c.why) +
           "</span></td><td class=\"n\" data-count=\"" + num(c.devices) + "\">" + num(c.devices) + "</td><td><code>" +
           html_escape(c.check) + "</code></td></tr>";
  }
  return out + "</tbody></table></div>";
}

std::string html_breakdown(const FleetReport& r) {
  std::string out = "<h2>By model × TPM vendor × TPM firmware</h2>" + table_start("breakdown-table", kBreakdownColumns);
  for (const auto& b : r.breakdown) {
    out += "<tr>" + td(or_unknown(b.manufacturer)) + td(or_unknown(b.model)) + td(or_unknown(b.tpm_vendor)) +
           td(or_unknown(b.tpm_firmware)) + td(num(b.devices), Cell::Number) + td(num(b.ready), Cell::Number) +
           td(num(b.not_ready), Cell::Number) + td(num(b.undetermined), Cell::Number) + td(b.top_root_cause) + "</tr>";
  }
  return out + "</tbody></table></div>";
}

std::string html_devices(const FleetReport& r) {
  std::string out = "<h2>Devices</h2><p class=\"muted\">Current run of each device, not-ready first. "
                    "<span class=\"table-only\">Click a column to sort. </span>Showing <span id=\"device-shown\">" + num(static_cast<std::int64_t>(r.device_list.size())) +
                    "</span> of " + num(static_cast<std::int64_t>(r.device_list.size())) + " listed";
  if (r.device_list_truncated)
    out += " (the list stops at " + num(static_cast<std::int64_t>(r.device_list.size())) + " of " + num(r.devices) +
           " devices: use <code>tpmready fleet report --format csv</code> for all)";
  out += ".</p><input id=\"device-filter\" type=\"search\" placeholder=\"filter: model, root cause, serial…\" "
         "aria-label=\"filter devices\">" + table_start("device-table", kDeviceColumns);
  for (const auto& d : r.device_list) {
    out += std::string("<tr class=\"") + verdict_class(d.verdict) + "\">" + td_breakable(d.id, 16) + td(d.serial, Cell::Token) +
           td(d.manufacturer) + td(d.model) + td(d.tpm_vendor) + td(d.tpm_firmware) + td(d.verdict) +
           td_breakable(d.root_causes) + td_breakable(d.caveats) + td_time(d.observed_at) +
           td(num(d.runs), Cell::Number) + "</tr>";
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
                    " devices</title><style>" + kStyle + "@media (max-width:40rem){" +
                    card_labels("root-cause-table", kRootCauseColumns) + card_labels("caveat-table", kCaveatColumns) +
                    card_labels("breakdown-table", kBreakdownColumns) + card_labels("device-table", kDeviceColumns) +
                    "}</style></head><body><h1>tpmready fleet dashboard</h1>";
  out += html_cards(r);
  out += "<h2>Verdicts</h2>" + html_bars({{"ready", "", r.verdicts.at("ready"), "#1a7f37"},
                                         {"not ready", "", r.verdicts.at("not_ready"), "#c62828"},
                                         {"undetermined", "", r.verdicts.at("undetermined"), "#b26a00"}},
                                        "verdict-chart");
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
