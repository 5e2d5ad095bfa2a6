#include "collect/evidence_live.h"

#include <chrono>

#include "collect/aik_ca_events.h"
#include "collect/ekcert_tpm.h"
#include "collect/eventlog_collect.h"
#include "collect/eventlog_source.h"
#include "collect/network_probes.h"
#include "collect/platform.h"
#include "collect/tpm_collector.h"

namespace tpmready::collect {
namespace {

std::int64_t unix_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// A TPM that is not this machine's: one reached over TCP (swtpm), or a recorded session.
bool is_remote(const std::string& spec) { return spec.rfind("tcp:", 0) == 0 || spec.rfind("replay:", 0) == 0; }

void read_tpm(Evidence& e, std::unique_ptr<tpm::Transport> transport) {
  // The self-test status first: in failure mode it is the one answer the TPM still gives, and the
  // rest of the read would only fail on the first command it refuses. A TPM that does not answer
  // it at all is read as before: the full read names what fails.
  if (auto self_test = read_self_test(*transport)) {
    e.tpm_access.self_test = std::move(*self_test);
    if (in_failure_mode(*e.tpm_access.self_test)) {
      e.tpm_access.error = "the TPM is in failure mode: TPM2_GetTestResult reports " +
                           e.tpm_access.self_test->result_name + "; it answers no other command until it is reset";
      return;
    }
  }
  auto tpm = collect_tpm(*transport);
  if (!tpm) {
    e.tpm_access.error = tpm.error().what();
    return;
  }
  e.tpm = std::move(*tpm);
  e.ek = ekcert_from_tpm_evidence(*e.tpm);
}

/// The measured-boot log replayed against the TPM's PCRs. A TPM reached over TCP (swtpm), or
/// replayed from a recording, is not the one this machine's firmware measured into, so the
/// platform log is not used for it.
void read_eventlog(const LiveOptions& o, Evidence& e) {
  std::optional<PcrValues> pcrs;
  if (e.tpm && !e.tpm->pcrs.empty()) pcrs = e.tpm->pcrs;
  if (o.eventlog_path) {
    e.eventlog = eventlog_evidence_from_path(*o.eventlog_path, pcrs);
  } else if (is_remote(o.tpm_spec)) {
    EventLogEvidence ev;
    ev.present = Fact<bool>::unknown(
        "the boot log of a TPM reached over TCP or replayed is not on this machine; give --eventlog FILE",
        "tpm:" + o.tpm_spec);
    unknown_where_unset(ev, "no log read", "tpm:" + o.tpm_spec);
    e.eventlog = ev;
  } else {
    e.eventlog = eventlog_evidence_from_platform(pcrs);
  }
}

}  // namespace

Result<Evidence> collect_live(const LiveOptions& o) {
  Evidence e;
  e.tool = std::string("tpmready ") + TPMREADY_VERSION;
  e.platform = platform_name();
  e.system_time = Fact<std::int64_t>::known(unix_now(), "system clock");
  e.device = device_info();
  e.tpm_access.attempted = true;
  e.tpm_access.source = o.tpm_spec;
  auto transport = tpm::make_transport(o.tpm_spec, o.transport);
  if (!transport) {
    if (transport.error().kind() == ErrorKind::Usage) return std::move(transport).error();
    e.tpm_access.no_device = transport.error().kind() == ErrorKind::NotFound;
    e.tpm_access.error = transport.error().what();
  } else {
    e.tpm_access.source = (*transport)->describe();
    read_tpm(e, std::move(*transport));
  }
  read_eventlog(o, e);
  std::vector<InputRecord> windows_inputs;
  e.windows = windows_evidence(windows_inputs);
  e.device.id = device_id(e.device, e.ek);
  // A TPM that answered only GetTestResult (failure mode) was read in part.
  const InputStatus tpm_status = e.tpm ? InputStatus::Read
                                 : e.tpm_access.self_test ? InputStatus::Partial
                                                          : InputStatus::Unreadable;
  e.inputs.push_back({"tpm:" + e.tpm_access.source, "tpm", tpm_status, e.tpm_access.error});
  for (auto& in : windows_inputs) e.inputs.push_back(std::move(in));
  if (o.online) {
    // The device's own AIK CA is known only from its events: they are read first.
    read_aik_ca_events(o.windows_events_path, e);
    e.network = probe_endpoints(e.ek.manufacturer.value, e.events, net::HttpOptions{},
                                o.progress ? *o.progress : no_progress());
    std::size_t reachable = 0;
    for (const auto& p : e.network->probes) reachable += p.reachable ? 1 : 0;
    e.inputs.push_back({"network:--online", "network", InputStatus::Read,
                        std::to_string(reachable) + " of " + std::to_string(e.network->probes.size()) +
                            " attestation endpoints reachable"});
  }
  return e;
}

}  // namespace tpmready::collect
