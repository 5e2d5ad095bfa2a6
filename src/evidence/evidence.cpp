#include "evidence/evidence.h"

#include <nlohmann/json.hpp>

#include "crypto/crypto.h"
#include "evidence/fact_json.h"
#include "util/json_reader.h"
#include "util/json_text.h"

namespace tpmready {
namespace {

void device_to_json(nlohmann::json& j, const DeviceInfo& d) {
  j = {{"id", d.id}, {"serial", d.serial}, {"manufacturer", d.manufacturer}, {"model", d.model},
       {"firmware", d.firmware}, {"hostname", d.hostname}, {"hypervisor", d.hypervisor}, {"os_build", d.os_build}};
}

Status read_device(const JsonReader& r, DeviceInfo& d) {
  TRY(r.object());
  TRY(r.get_if("id", d.id));
  TRY(r.get_if("serial", d.serial));
  TRY(r.get_if("manufacturer", d.manufacturer));
  TRY(r.get_if("model", d.model));
  TRY(r.get_if("firmware", d.firmware));
  TRY(r.get_if("hostname", d.hostname));
  TRY(r.get_if("hypervisor", d.hypervisor));
  TRY(r.get_if("os_build", d.os_build));  // absent in bundles of older versions: stays "not read"
  return ok_status();
}

nlohmann::json self_test_to_json(const TpmSelfTest& t) {
  return {{"response_code", hex32(t.response_code)}, {"test_result", hex32(t.test_result)},
          {"result", t.result_name}, {"data", to_hex(t.data)}, {"source", t.source}};
}

Status read_self_test(const JsonReader& r, TpmSelfTest& t) {
  TRY(r.object());
  TRY(r.get("response_code", as_hex32(t.response_code)));
  TRY(r.get("test_result", as_hex32(t.test_result)));
  TRY(r.get_if("result", t.result_name));
  TRY(r.get_if("data", as_hex(t.data)));
  TRY(r.get_if("source", t.source));
  return ok_status();
}

Status read_tpm_access(const JsonReader& r, TpmAccess& a) {
  TRY(r.object());
  TRY(r.get_if("attempted", a.attempted));
  TRY(r.get_if("no_device", a.no_device));
  TRY(r.get_if("source", a.source));
  TRY(r.get_if("error", a.error));
  if (const auto self_test = TRY(r.find("self_test"))) {
    a.self_test.emplace();
    TRY(read_self_test(*self_test, *a.self_test));
  }
  return ok_status();
}

// The report a redacted bundle carries is kept as it is (report_from_json reads it later); a
// report nests four levels, so this bounds copying and printing it, which recurse.
constexpr std::size_t kMaxKeptReportDepth = 64;

Status read_redaction(const JsonReader& r, RedactionInfo& info) {
  TRY(r.object());
  TRY(r.get_if("method", info.method));
  TRY(r.get_if("removed", info.removed));
  if (const auto report = TRY(r.find("report"))) {
    TRY(report->nesting_at_most(kMaxKeptReportDepth));
    info.report = report->json();
  }
  return ok_status();
}

/// Everything but schema_version. Every key is optional (older bundles), and a present one must
/// have its type.
Status read_bundle(const JsonReader& r, Evidence& e) {
  TRY(r.get_if("tool", e.tool));
  TRY(r.get_if("platform", e.platform));
  TRY(r.get_if("system_time", e.system_time));
  if (const auto device = TRY(r.find("device"))) TRY(read_device(*device, e.device));
  if (const auto access = TRY(r.find("tpm_access"))) TRY(read_tpm_access(*access, e.tpm_access));
  TRY(r.get_if("tpm", e.tpm));
  TRY(r.get_if("ek", e.ek));
  TRY(r.get_if("eventlog", e.eventlog));
  TRY(r.get_if("windows", e.windows));
  TRY(r.get_if("events", e.events));
  TRY(r.get_if("network", e.network));
  TRY(r.get_if("hardware_hash_csv", e.hardware_hash_csv));
  TRY(r.get_if("inputs", e.inputs));
  if (const auto redaction = TRY(r.find("redaction"))) {
    e.redaction.emplace();
    TRY(read_redaction(*redaction, *e.redaction));
  }
  return ok_status();
}

}  // namespace

bool in_failure_mode(const TpmSelfTest& t) {
  return t.response_code == kTpmRcFailure || (t.response_code == 0 && t.test_result == kTpmRcFailure);
}

SystemIdentity system_identity(const Evidence& e) {
  auto both = [](const Fact<std::string>& a, const Fact<std::string>& b) {
    return a.value && b.value && !a.value->empty() && !b.value->empty();
  };
  if (e.windows && both(e.windows->bios.system_manufacturer, e.windows->bios.system_product_name))
    return {e.windows->bios.system_manufacturer, e.windows->bios.system_product_name};
  if (both(e.device.manufacturer, e.device.model)) return {e.device.manufacturer, e.device.model};
  return {Fact<std::string>::unknown("the device's SMBIOS identity is not in the evidence"),
          Fact<std::string>::unknown("the device's SMBIOS identity is not in the evidence")};
}

std::string device_id(const DeviceInfo& device, const EkCertEvidence& ek) {
  Bytes material;
  if (device.serial.value) material.insert(material.end(), device.serial.value->begin(), device.serial.value->end());
  material.push_back(0);
  const auto& key = ek.ek_rsa.value ? ek.ek_rsa : ek.ek_ecc;
  if (key.value) {
    const auto& k = key.value->key;
    const Bytes& part = k.algorithm == PublicKey::Algorithm::Rsa ? k.modulus : k.x;
    material.insert(material.end(), part.begin(), part.end());
  }
  if (!device.serial.value && !key.value) {
    if (!device.hostname.value || device.hostname.value->empty()) return "";
    const std::string named = "host\n" + *device.hostname.value + "\n" + device.manufacturer.value.value_or("") + "\n" +
                              device.model.value.value_or("");
    material.assign(named.begin(), named.end());
  }
  auto h = crypto::digest(crypto::HashAlg::Sha256, material);
  return h ? to_hex(ByteSpan(*h).first(16)) : "";
}

Fact<std::string> os_build(const Evidence& e) {
  if (e.windows) {
    const WindowsBuild b = windows_build(e.windows->registry);
    if (b.build.value)
      return Fact<std::string>::known("Windows " + std::to_string(*b.build.value) +
                                          (b.ubr.value ? "." + std::to_string(*b.ubr.value) : ""),
                                      b.build.source);
  }
  return e.device.os_build;
}

bool is_device_id(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
                    c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

void to_json(nlohmann::json& j, const Evidence& e) {
  j = nlohmann::json::object();
  j["schema_version"] = e.schema_version;
  j["kind"] = "tpmready-evidence";
  j["tool"] = e.tool;
  j["platform"] = e.platform;
  j["system_time"] = e.system_time;
  device_to_json(j["device"], e.device);
  j["tpm_access"] = {{"attempted", e.tpm_access.attempted}, {"no_device", e.tpm_access.no_device},
                     {"source", e.tpm_access.source}, {"error", e.tpm_access.error}};
  if (e.tpm_access.self_test) j["tpm_access"]["self_test"] = self_test_to_json(*e.tpm_access.self_test);
  j["tpm"] = e.tpm ? nlohmann::json(*e.tpm) : nlohmann::json(nullptr);
  j["ek"] = e.ek;
  j["eventlog"] = e.eventlog ? nlohmann::json(*e.eventlog) : nlohmann::json(nullptr);
  j["windows"] = e.windows ? nlohmann::json(*e.windows) : nlohmann::json(nullptr);
  j["events"] = e.events;
  j["network"] = e.network ? nlohmann::json(*e.network) : nlohmann::json(nullptr);
  j["inputs"] = e.inputs;
  // Only in evidence an admin gave a hash CSV to: every other bundle stays as it was.
  if (e.hardware_hash_csv) j["hardware_hash_csv"] = *e.hardware_hash_csv;
  if (e.redaction)
    j["redaction"] = {{"method", e.redaction->method}, {"removed", e.redaction->removed}, {"report", e.redaction->report}};
}

Result<Evidence> evidence_from_json(const nlohmann::json& j) {
  const nlohmann::json* version_json = nullptr;
  if (j.is_object()) {
    auto it = j.find("schema_version");
    if (it != j.end() && it->is_number_integer()) version_json = &*it;
  }
  if (!version_json) return make_error(ErrorKind::Parse, "not a tpmready evidence bundle (no integer schema_version)");
  const JsonReader version_reader(*version_json, "schema_version");
  const auto version = version_reader.integer<int>();
  // Any integer above the known version is a newer one, even one too large for an int.
  if (version ? *version > kEvidenceSchemaVersion : *version_json > 0) {
    return make_error(ErrorKind::Unsupported, "bundle schema_version " + json_text(*version_json) +
                                                  " is newer than this tpmready understands (" +
                                                  std::to_string(kEvidenceSchemaVersion) + "): upgrade tpmready");
  }
  if (!version) return Error(version.error()).context("evidence bundle");
  Evidence e;
  e.schema_version = *version;
  auto read = read_bundle(JsonReader(j), e);
  if (!read.ok()) return std::move(read).error().context("evidence bundle");
  return e;
}

}  // namespace tpmready
