#include "collect/offline/schtasks_text.h"
#include "util/text.h"

#include <algorithm>
#include <cstdint>

namespace tpmready::offline {
namespace {

// Longest label first, so "Repeat: Until: Time" wins over a shorter prefix.
const std::vector<std::string_view>& labels_longest_first() {
  static const std::vector<std::string_view> sorted = [] {
    auto v = schtasks_columns();
    std::stable_sort(v.begin(), v.end(), [](auto a, auto b) { return a.size() > b.size(); });
    return v;
  }();
  return sorted;
}

// "Label:   value" → label and value, when the line starts with a known label and ':'.
std::optional<SchtasksField> match_list_line(std::string_view line, std::size_t lineno) {
  for (auto label : labels_longest_first()) {
    if (line.size() > label.size() && starts_with_icase(line, label) && line[label.size()] == ':') {
      return SchtasksField{std::string(label), std::string(trim(line.substr(label.size() + 1))), lineno};
    }
  }
  return std::nullopt;
}

void parse_list(const TextLines& text, SchtasksOutput& out) {
  SchtasksRecord* current = nullptr;
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    const std::size_t lineno = i + 1;
    const std::string& raw = text.lines[i];
    const std::string_view line = trim(raw);
    if (line.empty()) {
      current = nullptr;  // a blank line ends a record
      continue;
    }
    auto field = match_list_line(line, lineno);
    if (!field) {
      if (current && !current->fields.empty() && (raw[0] == ' ' || raw[0] == '\t')) {
        std::string& v = current->fields.back().value;  // wrapped value
        v.push_back(' ');
        v.append(line);
      } else {
        out.unrecognised.push_back(unrecognised(lineno, raw, "not a known schtasks field"));
      }
      continue;
    }
    // A repeated HostName/TaskName starts the next record even without a blank line.
    if (current && current->find(field->label)) current = nullptr;
    if (!current) {
      out.tasks.emplace_back();
      current = &out.tasks.back();
      current->line = lineno;
    }
    current->fields.push_back(std::move(*field));
  }
}

bool is_english_header(const std::vector<std::string>& row) {
  return !row.empty() && iequals(row[0], schtasks_columns()[0]) && row.size() >= 2 &&
         iequals(row[1], schtasks_columns()[1]);
}

void parse_csv(const TextLines& text, SchtasksOutput& out) {
  std::vector<std::string> header;
  const auto& cols = schtasks_columns();
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    const std::size_t lineno = i + 1;
    const std::string_view line = trim(text.lines[i]);
    if (line.empty()) continue;
    auto row = split_csv_line(line);
    if (!row) {
      out.unrecognised.push_back(unrecognised(lineno, line, "unterminated quote in CSV line"));
      continue;
    }
    if (header.empty()) {
      if (!is_english_header(*row)) {
        // §5: the header is localized on non-English Windows; the column order is not.
        if (row->size() < cols.size() - 1) {
          out.unrecognised.push_back(unrecognised(lineno, line, "CSV header with " + std::to_string(row->size()) +
                                                                     " columns, expected at least " +
                                                                     std::to_string(cols.size() - 1)));
          continue;
        }
        out.localized_header = true;
      }
      header = *row;
      continue;
    }
    if (*row == header) continue;  // schtasks repeats the header per task folder
    if (row->size() != header.size()) {
      out.unrecognised.push_back(unrecognised(lineno, line, std::to_string(row->size()) + " fields, header has " +
                                                                 std::to_string(header.size())));
      continue;
    }
    SchtasksRecord rec;
    rec.line = lineno;
    for (std::size_t c = 0; c < row->size(); ++c) {
      const std::string label = out.localized_header ? (c < cols.size() ? std::string(cols[c]) : header[c]) : header[c];
      rec.fields.push_back(SchtasksField{label, (*row)[c], lineno});
    }
    out.tasks.push_back(std::move(rec));
  }
}

}  // namespace

const std::vector<std::string_view>& schtasks_columns() {
  // facts/windows.md §5, `schtasks /query /v /fo csv` header; "PID" appended on newer builds.
  static const std::vector<std::string_view> kColumns = {
      "HostName", "TaskName", "Next Run Time", "Status", "Logon Mode", "Last Run Time", "Last Result", "Author",
      "Task To Run", "Start In", "Comment", "Scheduled Task State", "Idle Time", "Power Management", "Run As User",
      "Delete Task If Not Rescheduled", "Stop Task If Runs X Hours and X Mins", "Schedule", "Schedule Type",
      "Start Time", "Start Date", "End Date", "Days", "Months", "Repeat: Every", "Repeat: Until: Time",
      "Repeat: Until: Duration", "Repeat: Stop If Still Running", "PID",
  };
  return kColumns;
}

const SchtasksField* SchtasksRecord::find(std::string_view label) const {
  for (const auto& f : fields) {
    if (iequals(f.label, label)) return &f;
  }
  return nullptr;
}

const SchtasksRecord* SchtasksOutput::find_task(std::string_view task_path) const {
  for (const auto& t : tasks) {
    const SchtasksField* name = t.find("TaskName");
    if (name && iequals(name->value, task_path)) return &t;
  }
  return nullptr;
}

std::optional<std::uint32_t> parse_last_result(std::string_view text) {
  text = trim(text);
  if (text.empty()) return std::nullopt;
  if (starts_with_icase(text, "0x")) {
    text.remove_prefix(2);
    if (text.empty() || text.size() > 8) return std::nullopt;
    std::uint32_t v = 0;
    for (char c : text) {
      int d = (c >= '0' && c <= '9') ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
      if (d < 0) return std::nullopt;
      v = (v << 4) | static_cast<std::uint32_t>(d);
    }
    return v;
  }
  const bool negative = text[0] == '-';
  if (negative) text.remove_prefix(1);
  if (text.empty() || text.size() > 10) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (negative) {
    if (v > 0x80000000ull) return std::nullopt;
    return static_cast<std::uint32_t>((~v + 1) & 0xFFFFFFFFull);
  }
  if (v > 0xFFFFFFFFull) return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

Result<SchtasksOutput> parse_schtasks(const TextLines& text) {
  SchtasksOutput out;
  out.file = text.name;
  std::size_t first = 0;
  while (first < text.lines.size() && trim(text.lines[first]).empty()) ++first;
  out.format = (first < text.lines.size() && trim(text.lines[first]).front() == '"') ? "csv" : "list";
  if (out.format == "csv") {
    parse_csv(text, out);
  } else {
    parse_list(text, out);
  }
  if (out.tasks.empty()) {
    std::string why = "no scheduled task record found in schtasks " + out.format + " output";
    if (!out.unrecognised.empty()) {
      why += " (first unrecognised line " + std::to_string(out.unrecognised.front().line) + ": " +
             out.unrecognised.front().reason + ")";
    }
    return make_error(ErrorKind::Parse, why).context("file " + text.name);
  }
  return out;
}

Result<SchtasksOutput> parse_schtasks_bytes(ByteSpan data, std::string_view name) {
  const TextLines text = TRY(decode_text(data, name));
  return parse_schtasks(text);
}

}  // namespace tpmready::offline
