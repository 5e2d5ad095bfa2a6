#include "report/build.h"

#include <nlohmann/json.hpp>

#include "evidence/ek_store.h"
#include "evidence/tpm_identity.h"
#include "util/utc_time.h"

namespace tpmready::report {
namespace {

nlohmann::json device_json(const Evidence& e) {
  nlohmann::json d = nlohmann::json::object();
  if (!e.device.id.empty()) d["id"] = e.device.id;
  auto put = [&](const char* key, const Fact<std::string>& f) {
    if (f.value) d[key] = *f.value;
  };
  put("hostname", e.device.hostname);
  put("serial", e.device.serial);
  put("manufacturer", e.device.manufacturer);
  put("model", e.device.model);
  put("os_build", os_build(e));
  put("firmware", e.device.firmware);
  // The time of collection is the device's clock when it was read (live, or a bundle's); offline
  // files carry none, and the analysing machine's clock is not the device's.
  if (e.system_time.value) d["collected_at"] = utc_rfc3339(*e.system_time.value);
  // The TPM as the firmware rules see it (the TPM, tpmtool or Get-Tpm: evidence/tpm_identity.h).
  const TpmFirmwareIdentity tpm = tpm_firmware_identity(e);
  put("tpm_manufacturer", tpm.manufacturer);
  put("tpm_firmware", tpm.version_text);
  return d;
}

}  // namespace

Report assemble(const Evidence& e, rules::Evaluation ev) {
  Report r;
  r.tool_version = TPMREADY_VERSION;
  r.verdict = ev.verdict;
  r.root_causes = std::move(ev.root_causes);
  r.undetermined_by = std::move(ev.undetermined_by);
  r.caveats = std::move(ev.caveats);
  r.flows = std::move(ev.flows);
  r.fault = std::move(ev.fault);
  r.timeline = std::move(ev.timeline);
  r.findings = std::move(ev.findings);
  r.scope = std::move(ev.scope);
  r.scope_note = std::move(ev.scope_note);
  r.device = device_json(e);
  if (e.windows) {
    r.notes = e.windows->notes;
    for (auto& n : ek_store_notes(e.windows->registry.ek_certificates)) r.notes.push_back(std::move(n));
  }
  r.inputs = e.inputs;
  r.network = e.network;
  return r;
}

Result<Report> build_report(const Evidence& e, const cert::CaStore& anchors, std::int64_t now) {
  if (e.redaction && e.redaction->report.is_object()) {
    auto parsed = report_from_json(e.redaction->report);
    if (!parsed) return std::move(parsed).error().context("redacted bundle: its report");
    auto r = std::move(*parsed);
    // The bundle's identity is the report's (analyze --device-id may have set it after collection).
    if (!e.device.id.empty()) r.device["id"] = e.device.id;
    r.notes.push_back("Redacted bundle: this is the report computed on the device when it was collected; its EK "
                      "certificate bytes were removed, so they were not re-checked here (--ca-store does not apply).");
    return r;
  }
  auto ctx = rules::make_context(e, anchors, now);
  return assemble(e, rules::evaluate(e, ctx));
}

}  // namespace tpmready::report
