#pragma once
/// `--redact` and `--redact-salt-file` for collect, check and analyze (redact/evidence_redact.h).
#include <memory>
#include <string>

#include "redact/redactor.h"

namespace CLI {
class App;
}

namespace tpmready::cli {

struct RedactOptions {
  bool redact = false;
  std::string salt_file;
};

void add_redact_options(CLI::App* cmd, RedactOptions& o);

/// The redactor for this run: salt from --redact-salt-file (created when missing) or random;
/// nullptr when --redact was not given.
Result<std::unique_ptr<redact::Redactor>> make_redactor(const RedactOptions& o);

}  // namespace tpmready::cli
