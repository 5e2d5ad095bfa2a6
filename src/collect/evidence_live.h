#pragma once
/// Live collection on this device → Evidence: the TPM (read-only), its EK certificates, the
/// measured-boot log replayed against its PCRs, the device identity, and on Windows the
/// Windows state. TPM problems do not fail collection: they are recorded in tpm_access, so the
/// rules can say "undetermined" (or "no TPM") instead of the tool crashing.
#include <optional>
#include <string>

#include "evidence/evidence.h"
#include "tpm/transport.h"
#include "util/progress.h"

namespace tpmready::collect {

struct LiveOptions {
  std::string tpm_spec = "auto";           ///< auto | device:PATH | tcp:HOST:PORT
  tpm::TransportOptions transport;
  std::optional<std::string> eventlog_path;  ///< overrides the platform's log
  /// `check --online`: probe the attestation endpoints (net/endpoints.h). Off by default: without
  /// it collection sends nothing over the network.
  bool online = false;
  /// With `online`: the AIK CA's records (CertEnroll) from this file (a bundle, an .evtx, a folder)
  /// instead of this machine's Application log. Tests and diagnostics (hidden option).
  std::optional<std::string> windows_events_path;
  /// Told about the waits of --online (probes). Null: nothing is shown.
  Progress* progress = nullptr;
};

/// Error only for usage problems (a bad --tpm spec).
Result<Evidence> collect_live(const LiveOptions& options);


}  // namespace tpmready::collect
