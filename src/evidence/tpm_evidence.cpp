#include "evidence/tpm_evidence.h"

#include <cstdlib>

namespace tpmready {
namespace {

using nlohmann::json;

// TPMA_PERMANENT / TPMA_STARTUP_CLEAR bits, facts/tcg.md §2 (TSS-types). The JSON carries both
// the raw value and these named booleans; from_json reads the raw value.
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

Bytes parse_hex_bytes(const json& j) {
  Bytes b;
  if (!from_hex(j.get<std::string>(), b)) throw json::type_error::create(302, "bad hex bytes", &j);
  return b;
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

TpmPersistentObject persistent_from(const json& j) {
  TpmPersistentObject o;
  o.handle = parse_hex32(j.at("handle"));
  o.type = j.at("type").get<std::string>();
  o.name_alg = j.at("name_alg").get<std::string>();
  o.attributes = j.at("attributes").get<std::vector<std::string>>();
  o.attributes_raw = j.at("attributes_raw").get<std::uint32_t>();
  o.auth_policy = j.at("auth_policy").get<std::string>();
  const json& sym = j.at("symmetric");
  o.symmetric = sym.at("algorithm").get<std::string>();
  o.symmetric_key_bits = sym.at("key_bits").get<unsigned>();
  o.symmetric_mode = sym.at("mode").get<std::string>();
  o.scheme = j.at("scheme").at("scheme").get<std::string>();
  o.scheme_hash = j.at("scheme").at("hash").get<std::string>();
  o.key_bits = j.at("key_bits").get<unsigned>();
  o.name = j.at("name").get<std::string>();
  if (j.contains("exponent")) o.exponent = j.at("exponent").get<std::uint32_t>();
  if (j.contains("curve")) o.curve = j.at("curve").get<std::string>();
  if (j.contains("kdf")) o.kdf = j.at("kdf").get<std::string>();
  if (j.contains("public_key") && !j.at("public_key").is_null()) o.public_key = j.at("public_key").get<PublicKey>();
  return o;
}

json nv_json(const TpmNvIndex& n) {
  return {{"index", hex32(n.index)},          {"size", n.size},     {"name_alg", n.name_alg},
          {"attributes", n.attributes},       {"attributes_raw", n.attributes_raw},
          {"type", n.type},                   {"auth_policy", n.auth_policy}, {"name", n.name}};
}

TpmNvIndex nv_from(const json& j) {
  TpmNvIndex n;
  n.index = parse_hex32(j.at("index"));
  n.size = j.at("size").get<std::uint16_t>();
  n.name_alg = j.at("name_alg").get<std::string>();
  n.attributes = j.at("attributes").get<std::vector<std::string>>();
  n.attributes_raw = j.at("attributes_raw").get<std::uint32_t>();
  n.type = j.at("type").get<std::string>();
  n.auth_policy = j.at("auth_policy").get<std::string>();
  n.name = j.at("name").get<std::string>();
  return n;
}

json ek_cert_json(const TpmEkCertIndex& c) {
  json j = {{"index", hex32(c.index)}, {"content", c.content}, {"size", c.size},
            {"bytes_read", c.bytes_read}, {"data", to_hex(c.data)}};
  if (!c.error.empty()) j["error"] = c.error;
  return j;
}

TpmEkCertIndex ek_cert_from(const json& j) {
  TpmEkCertIndex c;
  c.index = parse_hex32(j.at("index"));
  c.content = j.at("content").get<std::string>();
  c.size = j.at("size").get<std::uint16_t>();
  c.bytes_read = j.at("bytes_read").get<std::size_t>();
  c.data = parse_hex_bytes(j.at("data"));
  if (j.contains("error")) c.error = j.at("error").get<std::string>();
  return c;
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

void identity_from_json(const json& j, TpmEvidence& e) {
  e.source = j.at("source").get<std::string>();
  e.manufacturer = j.at("manufacturer").get<std::string>();
  e.manufacturer_raw = parse_hex32(j.at("manufacturer_raw"));
  e.manufacturer_name = j.at("manufacturer_name").get<std::string>();
  e.vendor_string = j.at("vendor_string").get<std::string>();
  e.vendor_tpm_type = j.at("vendor_tpm_type").get<std::uint32_t>();
  e.firmware_version = j.at("firmware_version").get<std::string>();
  e.firmware_version_1 = j.at("firmware_version_1").get<std::uint32_t>();
  e.firmware_version_2 = j.at("firmware_version_2").get<std::uint32_t>();
  const json& spec = j.at("spec");
  e.spec_family = spec.at("family").get<std::string>();
  e.spec_level = spec.at("level").get<std::uint32_t>();
  e.spec_revision = spec.at("revision").get<std::uint32_t>();
  e.spec_day_of_year = spec.at("day_of_year").get<std::uint32_t>();
  e.spec_year = spec.at("year").get<std::uint32_t>();
  e.nv_buffer_max = j.at("nv_buffer_max").get<std::uint32_t>();
  e.nv_index_max = j.at("nv_index_max").get<std::uint32_t>();
  e.properties = j.at("properties").get<std::map<std::string, std::uint32_t>>();
  e.software_tpm = j.at("software_tpm").get<bool>();
  e.software_tpm_kind = j.at("software_tpm_kind").get<std::string>();
  e.software_tpm_reason = j.at("software_tpm_reason").get<std::string>();
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

void state_from_json(const json& j, TpmEvidence& e) {
  e.permanent_raw = j.at("permanent").at("raw").get<std::uint32_t>();
  e.startup_clear_raw = j.at("startup_clear").at("raw").get<std::uint32_t>();
  const json& l = j.at("lockout");
  e.lockout_counter = l.at("counter").get<std::uint32_t>();
  e.max_auth_fail = l.at("max_tries").get<std::uint32_t>();
  e.lockout_interval = l.at("interval").get<std::uint32_t>();
  e.lockout_recovery = l.at("recovery").get<std::uint32_t>();
  const json& c = j.at("clock");
  if (!c.is_null()) {
    e.clock_time = c.at("time").get<std::uint64_t>();
    e.clock_clock = c.at("clock").get<std::uint64_t>();
    e.clock_reset_count = c.at("reset_count").get<std::uint32_t>();
    e.clock_restart_count = c.at("restart_count").get<std::uint32_t>();
    e.clock_safe = c.at("safe").get<bool>();
  }
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

void lists_from_json(const json& j, TpmEvidence& e) {
  for (const auto& a : j.at("algorithms")) {
    e.algorithms.push_back({static_cast<std::uint16_t>(parse_hex32(a.at("id"))), a.at("name").get<std::string>(),
                            a.at("attributes").get<std::vector<std::string>>()});
  }
  for (const auto& c : j.at("commands")) e.commands.push_back(parse_hex32(c));
  for (const auto& b : j.at("pcr_banks")) {
    e.pcr_banks.push_back({b.at("bank").get<std::string>(), b.at("pcrs").get<std::vector<unsigned>>()});
  }
  auto pcrs = pcr_values_from_json(j.at("pcrs"));
  if (!pcrs.ok()) throw json::other_error::create(501, pcrs.error().what(), &j);
  e.pcrs = std::move(*pcrs);
  for (const auto& o : j.at("persistent")) e.persistent.push_back(persistent_from(o));
  for (const auto& n : j.at("nv_indices")) e.nv_indices.push_back(nv_from(n));
  for (const auto& c : j.at("ek_cert_indices")) e.ek_cert_indices.push_back(ek_cert_from(c));
}

}  // namespace

std::uint32_t parse_hex32(const json& j) {
  const std::string s = j.get<std::string>();
  Bytes b;
  if (!from_hex(s, b) || b.empty() || b.size() > 4) throw json::type_error::create(302, "bad hex value \"" + s + "\"", &j);
  std::uint32_t v = 0;
  for (auto byte : b) v = v << 8 | byte;
  return v;
}

void to_json(nlohmann::json& j, const TpmEvidence& e) {
  j = json::object();
  identity_to_json(j, e);
  state_to_json(j, e);
  lists_to_json(j, e);
  j["round_trips"] = e.round_trips;
}

void from_json(const nlohmann::json& j, TpmEvidence& e) {
  e = TpmEvidence{};
  identity_from_json(j, e);
  state_from_json(j, e);
  lists_from_json(j, e);
  e.round_trips = j.at("round_trips").get<unsigned>();
}

Result<TpmEvidence> tpm_evidence_from_json(const nlohmann::json& j) {
  const json& root = (j.is_object() && j.contains("tpm")) ? j.at("tpm") : j;
  try {
    return root.get<TpmEvidence>();
  } catch (const json::exception& ex) {
    return make_error(ErrorKind::Parse, std::string("TPM evidence JSON: ") + ex.what());
  }
}

}  // namespace tpmready
