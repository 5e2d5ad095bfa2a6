// `tpmready tpm`: read-only inventory of a TPM 2.0 (identity, state, keys, NV, PCRs).
#include <CLI/CLI.hpp>

#include <fstream>
#include <memory>

#include <nlohmann/json.hpp>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/output.h"
#include "collect/tpm_collector.h"
#include "report/tpm_text.h"
#include "tpm/replay_transport.h"
#include "tpm/transport.h"
#include "util/json_text.h"

namespace tpmready::cli {
namespace {

struct TpmOptions {
  std::string tpm = "auto";
  std::string format = "text";
  bool power_on = false;
  std::string record;
};

constexpr const char* kFooter = R"(Only read-only commands are sent (GetCapability, ReadPublic, NV_ReadPublic, NV_Read, PCR_Read,
ReadClock): nothing on the TPM changes.

Examples:
  tpmready tpm                              this device's TPM (/dev/tpmrm0 or /dev/tpm0, or TBS)
  tpmready tpm --format json | jq .tpm.manufacturer
  tpmready tpm --tpm device:/dev/tpm0
  tpmready tpm --tpm tcp:127.0.0.1:2321     swtpm --server type=tcp (control port 2322)
  tpmready tpm --tpm tcp:127.0.0.1:2321 --power-on   ms-tpm-20-ref simulator, still powered off
  tpmready tpm --record session.txt         also save every command/response (bug reports)
  tpmready tpm --tpm replay:session.txt     re-run from such a recording, no TPM needed

Environment: TPMREADY_TPM_TIMEOUT_MS bounds every connect/read (default 10000).
Exit codes: 0 read, 2 bad option or --tpm spec, 3 TPM unreachable or a TPM command failed.)";

int run_tpm(const TpmOptions& o) {
  tpm::TransportOptions topts;
  topts.power_on = o.power_on;
  auto transport = tpm::make_transport(o.tpm, topts);
  if (!transport.ok()) {
    print_error(transport.error());
    return transport.error().kind() == ErrorKind::Usage ? kExitUsage : kExitUndetermined;
  }
  tpm::RecordingTransport recorder(**transport);
  auto evidence = collect::collect_tpm(o.record.empty() ? **transport : recorder);
  if (!o.record.empty()) {
    std::ofstream out(o.record, std::ios::binary | std::ios::trunc);
    out << tpm::format_session(recorder.exchanges(), "tpmready " TPMREADY_VERSION " tpm --tpm " + recorder.describe());
    if (!out.flush()) {
      print_error("--record " + o.record + ": cannot write");
      return kExitUndetermined;
    }
  }
  if (!evidence.ok()) {
    print_error(evidence.error());
    return kExitUndetermined;
  }
  if (o.format == "json") {
    nlohmann::json doc = {{"tpm", *evidence}};
    write_stdout(json_text(doc, 2) + "\n");
  } else {
    write_stdout(styled_text(report::render_tpm_text(*evidence)));
  }
  return kExitReady;
}

}  // namespace

void register_tpm(CLI::App& app, Runner& runner) {
  auto opts = std::make_shared<TpmOptions>();
  auto* cmd = app.add_subcommand("tpm",
                                 "Read-only inventory of a TPM 2.0: vendor, firmware, keys, NV, PCRs\n"
                                 "Vendor, firmware, auth and lockout state, persistent keys, NV indices, EK certificate\n"
                                 "indices, PCRs and clock.");
  cmd->add_option("--tpm", opts->tpm, "Which TPM: auto | device:PATH | tcp:HOST:PORT | replay:FILE")
      ->type_name("SPEC")
      ->capture_default_str();
  cmd->add_option("--format", opts->format, "text | json")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_flag("--power-on", opts->power_on,
                "mssim-protocol simulators (ms-tpm-20-ref, IBM): send\n"
                "TPM_SIGNAL_POWER_ON and TPM_SIGNAL_NV_ON on the platform port (PORT+1)\n"
                "first. Not for swtpm, whose --ctrl port speaks another protocol: start\n"
                "swtpm with --flags not-need-init,startup-clear instead");
  cmd->add_option("--record", opts->record, "Also write every TPM command/response pair to FILE (hex text)")
      ->type_name("FILE");
  cmd->footer(kFooter);
  cmd->callback([opts, &runner] { runner = [opts] { return run_tpm(*opts); }; });
}

}  // namespace tpmready::cli
