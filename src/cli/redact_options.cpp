#include "cli/redact_options.h"

#include <CLI/CLI.hpp>

namespace tpmready::cli {

void add_redact_options(CLI::App* cmd, RedactOptions& o) {
  cmd->add_flag("--redact", o.redact,
                "Replace identifying values (device serial, host name, device ID, EK/SRK public keys, EK certificate\n"
                "serials, fingerprints and thumbprints, folders of input paths, host names in event text) with tokens\n"
                "redacted-<12 hex> = HMAC-SHA256(salt, value). Without --redact-salt-file the salt is random for this\n"
                "run: tokens then link nothing, not even two runs on one device. Bundles drop raw certificate/registry\n"
                "bytes and keep the report computed on the device. TPM vendor, firmware version, device model and the\n"
                "public attestation service names (ztd.dds.microsoft.com, ...) stay.");
  cmd->add_option("--redact-salt-file", o.salt_file,
                  "Salt for --redact, created with 32 random bytes (mode 0600) when FILE does not exist. Share one file\n"
                  "across a fleet so one device gets the same tokens in every run (fleet still groups its bundles); keep\n"
                  "it private: whoever has it can test a guessed serial against a token (a FILE others can read is\n"
                  "refused).")
      ->needs(cmd->get_option("--redact"));
}

Result<std::unique_ptr<redact::Redactor>> make_redactor(const RedactOptions& o) {
  if (!o.redact) return std::unique_ptr<redact::Redactor>();
  auto salt = o.salt_file.empty() ? redact::random_salt() : redact::load_or_create_salt(o.salt_file);
  if (!salt) return std::move(salt).error();
  return std::make_unique<redact::Redactor>(std::move(*salt));
}

}  // namespace tpmready::cli
