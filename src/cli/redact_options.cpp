#include "cli/redact_options.h"

#include <CLI/CLI.hpp>

namespace tpmready::cli {

void add_redact_options(CLI::App* cmd, RedactOptions& o) {
  cmd->add_flag("--redact", o.redact,
                "Replace identifying values (device serial, host name, device ID, EK/SRK public keys, EK certificate\n"
                "serials, fingerprints and thumbprints, folders of input paths) with tokens redacted-<12 hex> =\n"
                "HMAC-SHA256(salt, value). Without --redact-salt-file the salt is random for this run: tokens then\n"
                "link nothing, not even two runs on one device. Bundles drop raw certificate/registry bytes and keep\n"
                "the report computed on the device. TPM vendor, firmware version and device model stay.");
  cmd->add_option("--redact-salt-file", o.salt_file,
                  "Salt for --redact, created with 32 random bytes when FILE does not exist. Share one file across a\n"
                  "fleet so one device gets the same tokens in every run (fleet still groups its bundles); keep it\n"
                  "private: whoever has it can test a guessed serial against a token.")
      ->needs(cmd->get_option("--redact"));
}

Result<std::unique_ptr<redact::Redactor>> make_redactor(const RedactOptions& o) {
  if (!o.redact) return std::unique_ptr<redact::Redactor>();
  auto salt = o.salt_file.empty() ? redact::random_salt() : redact::load_or_create_salt(o.salt_file);
  if (!salt) return std::move(salt).error();
  return std::make_unique<redact::Redactor>(std::move(*salt));
}

}  // namespace tpmready::cli
