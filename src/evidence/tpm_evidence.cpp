#include "evidence/tpm_evidence.h"

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "util/json_reader.h"

namespace tpmready {
namespace {

using nlohmann::json;

// TPMA_PERMANENT / TPMA_STARTUP_CLEAR bits, facts/tcg.md §2 (TSS-types). The JSON carries both
// the raw value and these named booleans; read_json reads the raw value.
struct NamedBit {
  const char* key;
  std::uint32_t mask;
};
constexpr NamedBit kPermanent[] = {
    {"owner_auth_set", 0x1}, {"endorsement_auth_set", 0x2}, {"lockout_auth_set", 0x4},
    {"disable_clear", 0x100}, {"in_lockout", 0x200},        {"tpm_generated_eps", 0x400},
};
constexpr NamedBit kStartupClear[] = {
    {"ph_enable", 0x1}, {"sh_enable", 0x2}, {"eh_enable", 0x4}, {"ph_enable_nv", 0x8}, {"orderly", 0x80000000},
};
constexpr std::uint32_t kInLockout = 0x200;

template <std::size_t N>
json bits_json(std::uint32_t raw, const NamedBit (&bits)[N]) {
  json j = {{"raw", raw}};
  for (const auto& b : bits) j[b.key] = (raw & b.mask) != 0;
  return j;
}

std::string hex16(std::uint16_t v) {
  std::string s = hex32(v);
  return "0x" + s.substr(6);
}

json persistent_json(const TpmPersistentObject& o) {
  json j = {{"handle", hex32(o.handle)},
            {"type", o.type},
            {"name_alg", o.name_alg},
            {"attributes", o.attributes},
            {"attributes_raw", o.attributes_raw},
            {"auth_policy", o.auth_policy},
            {"symmetric", {{"algorithm", o.symmetric}, {"key_bits", o.symmetric_key_bits}, {"mode", o.symmetric_mode}}},
            {"scheme", {{"scheme", o.scheme}, {"hash", o.scheme_hash}}},
            {"key_bits", o.key_bits},
            {"name", o.name}};
  if (o.type == "rsa") j["exponent"] = o.exponent;
  if (o.type == "ecc") {
    j["curve"] = o.curve;
    j["kdf"] = o.kdf;
  }
  j["public_key"] = o.public_key ? json(*o.public_key) : json(nullptr);
  return j;
}

Status read_persistent(const JsonReader& r, TpmPersistentObject& o) {
  TRY(r.get("handle", as_hex32(o.handle)));
  TRY(r.get("type", o.type));
  TRY(r.get("name_alg", o.name_alg));
  TRY(r.get("attributes", o.attributes));
  TRY(r.get("attributes_raw", o.attributes_raw));
  TRY(r.get("auth_policy", o.auth_policy));
  const JsonReader sym = TRY(r.at("symmetric"));
  TRY(sym.get("algorithm", o.symmetric));
  TRY(sym.get("key_bits", o.symmetric_key_bits));
  TRY(sym.get("mode", o.symmetric_mode));
  const JsonReader scheme = TRY(r.at("scheme"));
  TRY(scheme.get("scheme", o.scheme));
  TRY(scheme.get("hash", o.scheme_hash));
  TRY(r.get("key_bits", o.key_bits));
  TRY(r.get("name", o.name));
  TRY(r.get_if("exponent", o.exponent));
  TRY(r.get_if("curve", o.curve));
  TRY(r.get_if("kdf", o.kdf));
  TRY(r.get_if("public_key", o.public_key));
  return ok_status();
}

json nv_json(const TpmNvIndex& n) {
  return {{"index", hex32(n.index)},          {"size", n.size},     {"name_alg", n.name_alg},
          {"attributes", n.attributes},       {"attributes_raw", n.attributes_raw},
          {"type", n.type},                   {"auth_policy", n.auth_policy}, {"name", n.name}};
}

Status read_nv(const JsonReader& r, TpmNvIndex& n) {
  TRY(r.get("index", as_hex32(n.index)));
  TRY(r.get("size", n.size));
  TRY(r.get("name_alg", n.name_alg));
  TRY(r.get("attributes", n.attributes));
  TRY(r.get("attributes_raw", n.attributes_raw));
  TRY(r.get("type", n.type));
  TRY(r.get("auth_policy", n.auth_policy));
  TRY(r.get("name", n.name));
  return ok_status();
}

json ek_cert_json(const TpmEkCertIndex& c) {
  json j = {{"index", hex32(c.index)}, {"content", c.content}, {"size", c.size},
            {"bytes_read", c.bytes_read}, {"data", to_hex(c.data)}};
  if (!c.error.empty()) j["error"] = c.error;
  return j;
}

Status read_ek_cert(const JsonReader& r, TpmEkCertIndex& c) {
  TRY(r.get("index", as_hex32(c.index)));
  TRY(r.get("content", c.content));
  TRY(r.get("size", c.size));
  TRY(r.get("bytes_read", c.bytes_read));
  TRY(r.get("data", as_hex(c.data)));
  TRY(r.get_if("error", c.error));
  return ok_status();
}

void identity_to_json(json& j, const TpmEvidence& e) {
  j["source"] = e.source;
  j["manufacturer"] = e.manufacturer;
  j["manufacturer_raw"] = hex32(e.manufacturer_raw);
  j["manufacturer_name"] = e.manufacturer_name;
  j["vendor_string"] = e.vendor_string;
  j["vendor_tpm_type"] = e.vendor_tpm_type;
  j["firmware_version"] = e.firmware_version;
  j["firmware_version_1"] = e.firmware_version_1;
  j["firmware_version_2"] = e.firmware_version_2;
  j["spec"] = {{"family", e.spec_family}, {"level", e.spec_level},     {"revision", e.spec_revision},
               {"day_of_year", e.spec_day_of_year}, {"year", e.spec_year}};
  j["nv_buffer_max"] = e.nv_buffer_max;
  j["nv_index_max"] = e.nv_index_max;
  j["properties"] = e.properties;
  j["software_tpm"] = e.software_tpm;
  j["software_tpm_kind"] = e.software_tpm_kind;
  j["software_tpm_reason"] = e.software_tpm_reason;
}

Status identity_from_json(const JsonReader& r, TpmEvidence& e) {
  TRY(r.get("source", e.source));
  TRY(r.get("manufacturer", e.manufacturer));
  TRY(r.get("manufacturer_raw", as_hex32(e.manufacturer_raw)));
  TRY(r.get("manufacturer_name", e.manufacturer_name));
  TRY(r.get("vendor_string", e.vendor_string));
  TRY(r.get("vendor_tpm_type", e.vendor_tpm_type));
  TRY(r.get("firmware_version", e.firmware_version));
  TRY(r.get("firmware_version_1", e.firmware_version_1));
  TRY(r.get("firmware_version_2", e.firmware_version_2));
  const JsonReader spec = TRY(r.at("spec"));
  TRY(spec.get("family", e.spec_family));
  TRY(spec.get("level", e.spec_level));
  TRY(spec.get("revision", e.spec_revision));
  TRY(spec.get("day_of_year", e.spec_day_of_year));
  TRY(spec.get("year", e.spec_year));
  TRY(r.get("nv_buffer_max", e.nv_buffer_max));
  TRY(r.get("nv_index_max", e.nv_index_max));
  TRY(r.get("properties", e.properties));
  TRY(r.get("software_tpm", e.software_tpm));
  TRY(r.get("software_tpm_kind", e.software_tpm_kind));
  TRY(r.get("software_tpm_reason", e.software_tpm_reason));
  return ok_status();
}

void state_to_json(json& j, const TpmEvidence& e) {
  j["permanent"] = bits_json(e.permanent_raw, kPermanent);
  j["startup_clear"] = bits_json(e.startup_clear_raw, kStartupClear);
  j["lockout"] = {{"in_lockout", (e.permanent_raw & kInLockout) != 0},
                  {"counter", e.lockout_counter},
                  {"max_tries", e.max_auth_fail},
                  {"interval", e.lockout_interval},
                  {"recovery", e.lockout_recovery},
                  {"lockout_recovery", e.lockout_recovery}};
  if (e.clock_time && e.clock_clock) {
    j["clock"] = {{"time", *e.clock_time},           {"clock", *e.clock_clock},
                  {"reset_count", e.clock_reset_count}, {"restart_count", e.clock_restart_count},
                  {"safe", e.clock_safe}};
  } else {
    j["clock"] = nullptr;
  }
}

Status state_from_json(const JsonReader& r, TpmEvidence& e) {
  const JsonReader permanent = TRY(r.at("permanent"));
  TRY(permanent.get("raw", e.permanent_raw));
  const JsonReader startup_clear = TRY(r.at("startup_clear"));
  TRY(startup_clear.get("raw", e.startup_clear_raw));
  const JsonReader l = TRY(r.at("lockout"));
  TRY(l.get("counter", e.lockout_counter));
  TRY(l.get("max_tries", e.max_auth_fail));
  TRY(l.get("interval", e.lockout_interval));
  TRY(l.get("recovery", e.lockout_recovery));
  const JsonReader c = TRY(r.at("clock"));
  if (!c.is_null()) {
    std::uint64_t time = 0, clock = 0;
    TRY(c.get("time", time));
    TRY(c.get("clock", clock));
    e.clock_time = time;
    e.clock_clock = clock;
    TRY(c.get("reset_count", e.clock_reset_count));
    TRY(c.get("restart_count", e.clock_restart_count));
    TRY(c.get("safe", e.clock_safe));
  }
  return ok_status();
}

void lists_to_json(json& j, const TpmEvidence& e) {
  json algs = json::array();
  for (const auto& a : e.algorithms) algs.push_back({{"id", hex16(a.id)}, {"name", a.name}, {"attributes", a.attributes}});
  j["algorithms"] = std::move(algs);
  json cmds = json::array();
  for (auto cc : e.commands) cmds.push_back(hex32(cc));
  j["commands"] = std::move(cmds);
  json banks = json::array();
  for (const auto& b : e.pcr_banks) banks.push_back({{"bank", b.bank}, {"pcrs", b.pcrs}});
  j["pcr_banks"] = std::move(banks);
  j["pcrs"] = pcr_values_to_json(e.pcrs);
  json handles = json::array(), persistent = json::array(), nv = json::array(), certs = json::array();
  for (const auto& o : e.persistent) {
    handles.push_back(hex32(o.handle));
    persistent.push_back(persistent_json(o));
  }
  for (const auto& n : e.nv_indices) nv.push_back(nv_json(n));
  for (const auto& c : e.ek_cert_indices) certs.push_back(ek_cert_json(c));
  j["persistent_handles"] = std::move(handles);
  j["persistent"] = std::move(persistent);
  j["nv_indices"] = std::move(nv);
  j["ek_cert_indices"] = std::move(certs);
}

/// Reads each element of the array `key` with `read` into a new element of `out`.
template <class T, class Read>
Status read_list(const JsonReader& r, std::string_view key, std::vector<T>& out, Read read) {
  const JsonReader list = TRY(r.at(key));
  for (const auto& element : TRY(list.elements())) {
    T item{};
    TRY(read(element, item));
    out.push_back(std::move(item));
  }
  return ok_status();
}

Status lists_from_json(const JsonReader& r, TpmEvidence& e) {
  TRY(read_list(r, "algorithms", e.algorithms, [](const JsonReader& a, TpmAlgorithm& alg) -> Status {
    std::uint32_t id = 0;
    TRY(a.get("id", as_hex32(id)));
    if (id > 0xffff) return TRY(a.at("id")).error(hex32(id) + " is not a 16-bit algorithm ID");
    alg.id = static_cast<std::uint16_t>(id);
    TRY(a.get("name", alg.name));
    TRY(a.get("attributes", alg.attributes));
    return ok_status();
  }));
  TRY(read_list(r, "commands", e.commands, [](const JsonReader& c, std::uint32_t& cc) -> Status {
    return read_json(c, as_hex32(cc));
  }));
  TRY(read_list(r, "pcr_banks", e.pcr_banks, [](const JsonReader& b, TpmPcrBank& bank) -> Status {
    TRY(b.get("bank", bank.bank));
    TRY(b.get("pcrs", bank.pcrs));
    return ok_status();
  }));
  const JsonReader pcrs = TRY(r.at("pcrs"));
  e.pcrs = TRY(read_pcr_values(pcrs));
  TRY(read_list(r, "persistent", e.persistent, read_persistent));
  TRY(read_list(r, "nv_indices", e.nv_indices, read_nv));
  TRY(read_list(r, "ek_cert_indices", e.ek_cert_indices, read_ek_cert));
  return ok_status();
}

}  // namespace

void to_json(nlohmann::json& j, const TpmEvidence& e) {
  j = json::object();
  identity_to_json(j, e);
  state_to_json(j, e);
  lists_to_json(j, e);
  j["round_trips"] = e.round_trips;
}

Status read_json(const JsonReader& r, TpmEvidence& out) {
  out = TpmEvidence{};
  TRY(identity_from_json(r, out));
  TRY(state_from_json(r, out));
  TRY(lists_from_json(r, out));
  TRY(r.get("round_trips", out.round_trips));
  return ok_status();
}

Result<TpmEvidence> tpm_evidence_from_json(const nlohmann::json& j) {
  const bool whole_document = j.is_object() && j.contains("tpm");
  return read_json_as<TpmEvidence>(whole_document ? j["tpm"] : j, whole_document ? "tpm" : "")
      .context("TPM evidence JSON");
}

}  // namespace tpmready
