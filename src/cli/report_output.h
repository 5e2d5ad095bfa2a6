#pragma once
/// What `check` and `analyze` share: trust anchors (--ca-store), the output format and file, and
/// the exit code that follows from the verdict.
#include <string>
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

/// data/vendor-ca (embedded) unless --no-default-cas, plus every --ca-store DIR|FILE.
Result<cert::CaStore> load_trust_anchors(const ReportOptions& o);

/// Evidence → rules → report (with the anchors and the current time). A redacted bundle
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

}  // namespace tpmready::cli
