#include "cli/report_output.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "cert/ca_embedded.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "redact/evidence_redact.h"
#include "report/render.h"
#include "report/build.h"
#include "util/json_text.h"
#include "util/text_symbols.h"
#include "util/utf8.h"


namespace tpmready::cli {

void add_report_options(CLI::App* cmd, ReportOptions& o) {
  cmd->add_option("--format", o.format, "text (for people), json (for scripts), html (one self-contained file)")
      ->check(CLI::IsMember({"text", "json", "html"}));
  cmd->add_option("-o,--output", o.output,
                  "Write the report to FILE instead of stdout; stdout then gets one line:\n"
                  "the verdict, the root causes and the file written")
      ->type_name("FILE");
  cmd->add_option("--ca-store", o.ca_stores,
                  "Extra trust anchors for the EK certificate chain (repeatable): a\n"
                  "folder of PEM/DER certificates (its other files are listed among the\n"
                  "inputs as not used), one certificate file, or a .cab/.zip such as\n"
                  "Microsoft's TrustedTpm.cab")
      ->type_name("PATH");
  cmd->add_flag("--no-default-cas", o.no_default_cas, "Do not trust the vendor CAs built into tpmready");
}

Result<cert::CaStore> load_trust_anchors(const ReportOptions& o, std::vector<InputRecord>* unused) {
  cert::CaStore store;
  if (!o.no_default_cas) TRY(cert::load_embedded_vendor_cas(store));
  std::vector<cert::UnusedCaFile> skipped;
  for (const auto& p : o.ca_stores) TRY(cert::load_ca_path(p, store, &skipped));
  if (unused) {
    for (const auto& s : skipped)
      unused->push_back({"file:" + s.path, "ca_store", InputStatus::NotUsed, "not a certificate: " + s.reason});
  }
  return store;
}

Result<report::Report> build_report(const Evidence& e, const ReportOptions& o) {
  std::vector<InputRecord> unused_ca_files;
  auto anchors = TRY(load_trust_anchors(o, &unused_ca_files));
  auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto report = TRY(report::build_report(e, anchors, now));
  for (auto& in : unused_ca_files) report.inputs.push_back(std::move(in));
  return report;
}

Status write_output(const std::string& path, const std::string& data) {
  if (path.empty() || path == "-") {
    write_stdout(data);
    return ok_status();
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return make_error(ErrorKind::Io, "cannot write " + path);
  out.write(data.data(), static_cast<std::streamsize>(data.size()));
  if (!out) return make_error(ErrorKind::Io, "writing " + path + " failed");
  return ok_status();
}

bool is_file_output(const std::string& path) { return !path.empty() && path != "-"; }

namespace {
std::size_t columns(std::string_view s) {  // code points: the text is terminal-safe UTF-8
  std::size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}
}  // namespace

std::string written_line(rules::Verdict verdict, const std::vector<std::string>& root_causes, std::string_view what,
                         const std::string& path) {
  const std::string head(report::verdict_label(verdict));
  const std::string tail = " " + std::string(text_symbols(true).dash) + " " + std::string(what) + " written to " +
                           terminal_safe(path, LineBreaks::Escape);
  // As many root causes as fit, the rest counted; with none shown, the count alone.
  std::string line;
  for (std::size_t shown = root_causes.size() + 1; shown-- > 0;) {
    std::string roots;
    for (std::size_t i = 0; i < shown; ++i) roots += (i ? ", " : "") + root_causes[i];
    const std::size_t rest = root_causes.size() - shown;
    if (rest > 0) {
      roots += shown > 0 ? " +" + std::to_string(rest) + " more"
                         : std::to_string(rest) + (rest == 1 ? " root cause" : " root causes");
    }
    line = head + (roots.empty() ? "" : ": " + roots) + tail;
    if (columns(styled_text(line)) <= kWrittenLineColumns) break;
  }
  return styled_text(line);
}

std::vector<std::string> root_cause_ids(const report::Report& r) {
  std::vector<std::string> ids;
  for (const auto& rc : r.root_causes) ids.push_back(rc.id);
  return ids;
}

int exit_code_for(rules::Verdict v) {
  switch (v) {
    case rules::Verdict::Ready: return kExitReady;
    case rules::Verdict::NotReady: return kExitNotReady;
    case rules::Verdict::Undetermined: return kExitUndetermined;
  }
  return kExitUndetermined;
}

int emit_report(const report::Report& r, const ReportOptions& o, const redact::Redactor* redactor) {
  std::string text;
  if (o.format == "json") {
    text = report::render_json(r);
  } else if (o.format == "html") {
    text = report::render_html(r);
  } else {
    const auto style = style_for(o.output);
    text = report::render_text(r, {style.colour, style.utf8_symbols, style.width});
  }
  if (redactor) text = redactor->scrub(text);
  // ASCII after redaction: the redactor must see the values as they were.
  if (o.format == "text") text = styled_text(std::move(text), o.output);
  auto st = write_output(o.output, text);
  if (!st) {
    print_error(st.error());
    return kExitUsage;
  }
  // The report went to a file: the verdict still shows where the command was run.
  if (is_file_output(o.output)) write_stdout(written_line(r.verdict, root_cause_ids(r), "report", o.output) + "\n");
  return exit_code_for(r.verdict);
}

int report_on(const Evidence& e, const ReportOptions& o, redact::Redactor* redactor) {
  auto report = build_report(e, o);
  if (!report) {
    print_error(report.error());
    return kExitUsage;
  }
  if (redactor) {
    redact::collect_sensitive(e, *redactor);
    redact::redact_report_device(*report, *redactor);
  }
  return emit_report(*report, o, redactor);
}

Result<std::string> bundle_text(const Evidence& e, const ReportOptions& o, redact::Redactor* redactor) {
  if (!redactor) return json_text(nlohmann::json(e), 2) + "\n";
  auto report = TRY(build_report(e, o));
  redact::collect_sensitive(e, *redactor);
  auto redacted = redact::redact_evidence(e, *redactor, report);
  return redactor->scrub(json_text(nlohmann::json(redacted), 2) + "\n");
}

}  // namespace tpmready::cli
