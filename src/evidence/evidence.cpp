#include "evidence/evidence.h"

#include "crypto/crypto.h"
#include "util/json_text.h"

namespace tpmready {
namespace {

void device_to_json(nlohmann::json& j, const DeviceInfo& d) {
  j = {{"id", d.id}, {"serial", d.serial}, {"manufacturer", d.manufacturer}, {"model", d.model},
       {"firmware", d.firmware}, {"hostname", d.hostname}, {"hypervisor", d.hypervisor}, {"os_build", d.os_build}};
}

void device_from_json(const nlohmann::json& j, DeviceInfo& d) {
  d.id = j.value("id", "");
  auto fact = [&](const char* key, Fact<std::string>& f) {
    if (j.contains(key)) f = j.at(key).get<Fact<std::string>>();
  };
  fact("serial", d.serial);
  fact("manufacturer", d.manufacturer);
  fact("model", d.model);
  fact("firmware", d.firmware);
  fact("hostname", d.hostname);
  fact("hypervisor", d.hypervisor);
  fact("os_build", d.os_build);  // absent in bundles of older versions: stays "not read"
}

// nlohmann's get<std::uint32_t>() static_casts a JSON float, and a float outside the target's
// range is undefined behaviour (2.55e49 into a uint32_t: fuzz_bundle_json, seeded run). Evidence
// holds no floating-point value and tpmready writes none, so a float anywhere in a bundle (except
// the report kept verbatim under "redaction") is refused before any conversion. Iterative: a
// bundle may nest deeper than the stack.
const nlohmann::json* first_float(const nlohmann::json& bundle, std::string& top_key) {
  for (const auto& [key, value] : bundle.items()) {
    if (key == "redaction") continue;
    std::vector<const nlohmann::json*> todo{&value};
    while (!todo.empty()) {
      const nlohmann::json* j = todo.back();
      todo.pop_back();
      if (j->is_number_float()) {
        top_key = key;
        return j;
      }
      if (j->is_structured())
        for (const auto& child : *j) todo.push_back(&child);
    }
  }
  return nullptr;
}

}  // namespace

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
  j["tpm"] = e.tpm ? nlohmann::json(*e.tpm) : nlohmann::json(nullptr);
  j["ek"] = e.ek;
  j["eventlog"] = e.eventlog ? nlohmann::json(*e.eventlog) : nlohmann::json(nullptr);
  j["windows"] = e.windows ? nlohmann::json(*e.windows) : nlohmann::json(nullptr);
  j["events"] = e.events;
  j["network"] = e.network ? nlohmann::json(*e.network) : nlohmann::json(nullptr);
  j["inputs"] = e.inputs;
  if (e.redaction)
    j["redaction"] = {{"method", e.redaction->method}, {"removed", e.redaction->removed}, {"report", e.redaction->report}};
}

Result<Evidence> evidence_from_json(const nlohmann::json& j) {
  if (!j.is_object() || !j.contains("schema_version") || !j["schema_version"].is_number_integer())
    return make_error(ErrorKind::Parse, "not a tpmready evidence bundle (no integer schema_version)");
  int version = j["schema_version"].get<int>();
  if (version > kEvidenceSchemaVersion) {
    return make_error(ErrorKind::Unsupported, "bundle schema_version " + std::to_string(version) +
                                                  " is newer than this tpmready understands (" +
                                                  std::to_string(kEvidenceSchemaVersion) + "): upgrade tpmready");
  }
  std::string where;
  if (const nlohmann::json* number = first_float(j, where))
    return make_error(ErrorKind::Parse, "evidence bundle: number " + json_text(*number) + " under \"" + where +
                                            "\" is not an integer (bundles hold integers only)");
  try {
    Evidence e;
    e.schema_version = version;
    e.tool = j.value("tool", "");
    e.platform = j.value("platform", "");
    if (j.contains("system_time")) e.system_time = j["system_time"].get<Fact<std::int64_t>>();
    if (j.contains("device")) device_from_json(j["device"], e.device);
    if (j.contains("tpm_access")) {
      const auto& a = j["tpm_access"];
      e.tpm_access = {a.value("attempted", false), a.value("no_device", false), a.value("source", ""), a.value("error", "")};
    }
    if (j.contains("tpm") && !j["tpm"].is_null()) e.tpm = j["tpm"].get<TpmEvidence>();
    if (j.contains("ek")) e.ek = j["ek"].get<EkCertEvidence>();
    if (j.contains("eventlog") && !j["eventlog"].is_null()) e.eventlog = j["eventlog"].get<EventLogEvidence>();
    if (j.contains("windows") && !j["windows"].is_null()) e.windows = j["windows"].get<WindowsEvidence>();
    if (j.contains("events")) e.events = j["events"].get<std::vector<WindowsEvent>>();
    if (j.contains("network") && !j["network"].is_null()) e.network = j["network"].get<NetworkEvidence>();
    if (j.contains("inputs")) e.inputs = j["inputs"].get<std::vector<InputRecord>>();
    if (j.contains("redaction") && !j["redaction"].is_null()) {
      const auto& r = j["redaction"];
      e.redaction = RedactionInfo{r.value("method", ""), r.value("removed", std::vector<std::string>{}),
                                  r.value("report", nlohmann::json(nullptr))};
    }
    return e;
  } catch (const nlohmann::json::exception& ex) {
    return make_error(ErrorKind::Parse, std::string("evidence bundle: ") + ex.what());
  }
}

}  // namespace tpmready
