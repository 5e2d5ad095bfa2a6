#include "cli/redact_options.h"

#include <CLI/CLI.hpp>

namespace tpmready::cli {

void add_redact_options(CLI::App* cmd, RedactOptions& o) {
  cmd->add_flag("--redact", o.redact,
                "Replace identifying values (device serial, host name, device ID,\n"
                "EK/SRK public keys, EK certificate serials, fingerprints, thumbprints,\n"
                "folders of input paths, host names in event text) with tokens\n"
                "redacted-<12 hex> = HMAC-SHA256(salt, value). Without\n"
                "--redact-salt-file the salt is random for this run: tokens then link\n"
                "nothing, not even two runs on one device. Bundles drop raw\n"
                "certificate/registry bytes and keep the report computed on the\n"
                "device. TPM vendor, firmware version, device model and the public\n"
                "attestation service names (ztd.dds.microsoft.com, ...) stay.");
  cmd->add_option("--redact-salt-file", o.salt_file,
                  "Salt for --redact, created with 32 random bytes (mode 0600) when FILE\n"
                  "does not exist. Share one file across a fleet so that one device gets\n"
                  "the same tokens in every run (fleet still groups its bundles); keep it\n"
                  "private: whoever has it can test a guessed serial against a token (a\n"
                  "FILE others can read is refused)")
      ->type_name("FILE")
      ->needs(cmd->get_option("--redact"));
}

Result<std::unique_ptr<redact::Redactor>> make_redactor(const RedactOptions& o) {
  if (!o.redact) return std::unique_ptr<redact::Redactor>();
  auto salt = o.salt_file.empty() ? redact::random_salt() : redact::load_or_create_salt(o.salt_file);
  if (!salt) return std::move(salt).error();
  return std::make_unique<redact::Redactor>(std::move(*salt));
}

}  // namespace tpmready::cli
