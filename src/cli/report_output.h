#pragma once
/// What `check` and `analyze` share: trust anchors (--ca-store), the output format and file, and
/// the exit code that follows from the verdict.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "cert/chain.h"
#include "evidence/evidence.h"
#include "redact/redactor.h"
#include "report/report.h"

namespace CLI {
class App;
}

namespace tpmready::cli {

struct ReportOptions {
  std::string format = "text";  ///< text | json | html
  std::string output;           ///< file, or empty / "-" for stdout
  std::vector<std::string> ca_stores;
  bool no_default_cas = false;
};

void add_report_options(CLI::App* cmd, ReportOptions& o);

/// data/vendor-ca (embedded) unless --no-default-cas, plus every --ca-store DIR|FILE. Files of a
/// --ca-store DIR that are not certificates are skipped and, given `unused`, recorded there as
/// inputs not used (kind "ca_store").
Result<cert::CaStore> load_trust_anchors(const ReportOptions& o, std::vector<InputRecord>* unused = nullptr);

/// Evidence → rules → report (with the anchors and the current time; --ca-store files that are not
/// certificates are listed among the report's inputs as not used). A redacted bundle
/// (Evidence::redaction) gives the report computed on the device: its certificate bytes are gone.
Result<report::Report> build_report(const Evidence& e, const ReportOptions& o);

/// Renders and writes the report; returns the exit code for its verdict (0 ready, 1 not ready,
/// 3 undetermined), or 2 when the output file cannot be written. With a redactor the rendered
/// text is scrubbed (redact/evidence_redact.h layer b).
int emit_report(const report::Report& r, const ReportOptions& o, const redact::Redactor* redactor = nullptr);

/// build_report then emit_report: the exit code of the verdict, or 2 when the trust anchors
/// (--ca-store) or the output file are unusable. With a redactor: the evidence's sensitive values
/// are registered with it and the report's device block is redacted first.
int report_on(const Evidence& e, const ReportOptions& o, redact::Redactor* redactor = nullptr);

/// The evidence as a bundle (collect's output, analyze --save-evidence). Redacted: the report is
/// computed first from the real evidence with `o` (rules need the real keys and certificates) and
/// travels inside the redacted bundle.
Result<std::string> bundle_text(const Evidence& e, const ReportOptions& o, redact::Redactor* redactor);

/// Writes `data` to `path` ("" or "-" = stdout). Error names the file.
Status write_output(const std::string& path, const std::string& data);

/// True when `path` names a file (not "" or "-", which are stdout).
bool is_file_output(const std::string& path);

/// Columns the line that replaces a report written to a file may take.
inline constexpr std::size_t kWrittenLineColumns = 100;

/// What check, analyze and fix print on stdout when their output went to a file: the verdict, the
/// root causes and the file, one line within kWrittenLineColumns columns (root causes that do not
/// fit are counted instead: "+2 more"; a path longer than the line is still shown whole). In the
/// style of stdout (ASCII dash when it cannot show UTF-8), no line break at the end.
///   NOT READY: win.eula_accepted — report written to report.html
std::string written_line(rules::Verdict verdict, const std::vector<std::string>& root_causes, std::string_view what,
                         const std::string& path);

/// The rule IDs of a report's root causes, in order.
std::vector<std::string> root_cause_ids(const report::Report& r);

/// The exit code for a verdict: 0 ready, 1 not ready, 3 undetermined.
int exit_code_for(rules::Verdict v);

}  // namespace tpmready::cli
