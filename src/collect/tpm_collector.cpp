#include "collect/tpm_collector.h"

#include <algorithm>
#include <array>
#include <utility>

#include "crypto/crypto.h"
#include "evidence/tpm_identity.h"
#include "tpm/constants.h"
#include "tpm/rc.h"
#include "util/text.h"

namespace tpmready::collect {
namespace {

using namespace tpmready::tpm;

// facts/tcg.md §3.1: the NV indices that hold EK certificates (not nonces or templates).
constexpr std::array<std::pair<std::uint32_t, const char*>, 9> kEkCertIndices = {{
    {0x01C00002, "RSA 2048 EK certificate"},
    {0x01C0000A, "ECC NIST P256 EK certificate"},
    {0x01C00012, "RSA 2048 EK certificate (template H-1)"},
    {0x01C00014, "ECC NIST P256 EK certificate (H-2)"},
    {0x01C00016, "ECC NIST P384 EK certificate (H-3)"},
    {0x01C00018, "ECC NIST P521 EK certificate (H-4)"},
    {0x01C0001A, "ECC SM2 P256 EK certificate (H-5)"},
    {0x01C0001C, "RSA 3072 EK certificate (H-6)"},
    {0x01C0001E, "RSA 4096 EK certificate (H-7)"},
}};

// Manufacturer IDs and vendor strings that mark a software TPM.
constexpr std::uint32_t kIbmSoftwareTpm = 0x49424D20;  // "IBM ": facts/tcg.md §2 "treat as simulator"
constexpr std::uint32_t kIbm = 0x49424D00;             // "IBM\0": facts/tcg.md §2 (swtpm reports it)
// libtpms (swtpm) VENDOR_STRING_1/2 = "SW  " " TPM": observed with tpm2_getcap properties-fixed
// on swtpm 0.7.1 / libtpms 0.9.2 (raw 0x53572020, 0x2054504D); tpmlab README: swtpm reports IBM.
constexpr std::uint32_t kLibtpmsVendor1 = 0x53572020;
constexpr std::uint32_t kLibtpmsVendor2 = 0x2054504D;

// Fallback NV_Read chunk when TPM_PT_NV_BUFFER_MAX is missing: small enough for any TPM
// (facts/tcg.md §1.4 mentions 1024 and 768 as typical values).
constexpr std::uint16_t kFallbackNvChunk = 512;

std::uint32_t prop(const std::vector<TaggedProperty>& props, std::uint32_t pt) {
  for (const auto& p : props) {
    if (p.property == pt) return p.value;
  }
  return 0;
}

void fill_identity(TpmEvidence& e, const std::vector<TaggedProperty>& props) {
  for (const auto& p : props) e.properties[property_name(p.property)] = p.value;
  e.manufacturer_raw = prop(props, TPM_PT_MANUFACTURER);
  e.manufacturer = trimmed_chars(e.manufacturer_raw);
  e.manufacturer_name = std::string(vendor_name(e.manufacturer_raw).value_or(""));
  std::string vendor;
  for (std::uint32_t pt = TPM_PT_VENDOR_STRING_1; pt <= TPM_PT_VENDOR_STRING_4; ++pt) vendor += packed_chars(prop(props, pt));
  e.vendor_string = std::string(trim(vendor));
  e.vendor_tpm_type = prop(props, TPM_PT_VENDOR_TPM_TYPE);
  e.firmware_version_1 = prop(props, TPM_PT_FIRMWARE_VERSION_1);
  e.firmware_version_2 = prop(props, TPM_PT_FIRMWARE_VERSION_2);
  e.firmware_version = firmware_version_from_words(e.firmware_version_1, e.firmware_version_2).text();
  e.spec_family = packed_chars(prop(props, TPM_PT_FAMILY_INDICATOR));
  e.spec_level = prop(props, TPM_PT_LEVEL);
  e.spec_revision = prop(props, TPM_PT_REVISION);
  e.spec_day_of_year = prop(props, TPM_PT_DAY_OF_YEAR);
  e.spec_year = prop(props, TPM_PT_YEAR);
  e.nv_buffer_max = prop(props, TPM_PT_NV_BUFFER_MAX);
  e.nv_index_max = prop(props, TPM_PT_NV_INDEX_MAX);
  e.permanent_raw = prop(props, TPM_PT_PERMANENT);
  e.startup_clear_raw = prop(props, TPM_PT_STARTUP_CLEAR);
  e.lockout_counter = prop(props, TPM_PT_LOCKOUT_COUNTER);
  e.max_auth_fail = prop(props, TPM_PT_MAX_AUTH_FAIL);
  e.lockout_interval = prop(props, TPM_PT_LOCKOUT_INTERVAL);
  e.lockout_recovery = prop(props, TPM_PT_LOCKOUT_RECOVERY);
  detect_software_tpm(e, prop(props, TPM_PT_VENDOR_STRING_1), prop(props, TPM_PT_VENDOR_STRING_1 + 1));
}

/// Fixed properties in one call of 127; the TPM may continue into the variable group in the
/// same response. Ask for PT_VAR separately only when it did not.
Result<std::vector<TaggedProperty>> read_properties(Client& client) {
  auto props = TRY(client.get_properties(PT_FIXED, 127));
  bool has_var = std::any_of(props.begin(), props.end(), [](const TaggedProperty& p) { return p.property >= PT_VAR; });
  if (!has_var) {
    auto var = TRY(client.get_properties(PT_VAR, 127));
    props.insert(props.end(), var.begin(), var.end());
  }
  return props;
}

std::string hash_or_alg_name(std::uint16_t alg) {
  auto h = crypto::hash_name(alg);
  return h ? std::string(*h) : alg_name(alg);
}

TpmPersistentObject to_persistent(std::uint32_t handle, const ReadPublicResponse& r) {
  const PublicArea& a = r.area;
  TpmPersistentObject o;
  o.handle = handle;
  o.type = alg_name(a.type);
  o.name_alg = alg_name(a.name_alg);
  o.attributes_raw = a.attributes;
  o.attributes = object_attribute_names(a.attributes);
  o.auth_policy = to_hex(a.auth_policy);
  o.symmetric = alg_name(a.sym_alg);
  o.symmetric_key_bits = a.sym_key_bits;
  o.symmetric_mode = a.sym_alg == TPM_ALG_NULL ? "" : alg_name(a.sym_mode);
  o.scheme = alg_name(a.scheme);
  o.scheme_hash = a.scheme == TPM_ALG_NULL ? "" : alg_name(a.scheme_hash);
  if (a.type == TPM_ALG_RSA) {
    o.key_bits = a.key_bits;
    o.exponent = a.key ? a.key->exponent : a.exponent;
  } else if (a.type == TPM_ALG_ECC) {
    o.key_bits = curve_bits(a.curve_id).value_or(0);
    o.curve = curve_name(a.curve_id);
    o.kdf = alg_name(a.kdf);
  }
  o.public_key = a.key;
  o.name = to_hex(r.name);
  return o;
}

TpmNvIndex to_nv(const NvPublic& p) {
  TpmNvIndex n;
  n.index = p.index;
  n.size = p.data_size;
  n.name_alg = alg_name(p.name_alg);
  n.attributes_raw = p.attributes;
  n.attributes = nv_attribute_names(p.attributes);
  n.type = nv_type_name(p.attributes);
  n.auth_policy = to_hex(p.auth_policy);
  n.name = to_hex(p.name);
  return n;
}

const char* ek_cert_content(std::uint32_t index) {
  for (const auto& [i, content] : kEkCertIndices) {
    if (i == index) return content;
  }
  return nullptr;
}

/// NV_Read of one EK-cert index. TPM errors other than TPM_RC_HANDLE, and the client's refusal to
/// risk the dictionary-attack counter (tpm/da_safety.h), stay with the entry.
Result<TpmEkCertIndex> read_ek_cert(Client& client, const TpmNvIndex& nv, std::uint32_t nv_buffer_max) {
  TpmEkCertIndex c;
  c.index = nv.index;
  c.content = ek_cert_content(nv.index);
  c.size = nv.size;
  if (!(nv.attributes_raw & TPMA_NV_WRITTEN)) {
    c.error = "not written (TPMA_NV_WRITTEN clear)";
    return c;
  }
  auto chunk = static_cast<std::uint16_t>(nv_buffer_max == 0 ? kFallbackNvChunk : std::min<std::uint32_t>(nv_buffer_max, 0xFFFF));
  auto data = client.nv_read(nv.index, chunk);
  if (!data.ok()) {
    const Error& err = data.error();
    const bool refused = err.kind() == ErrorKind::Unsupported;
    if (!refused && (err.kind() != ErrorKind::Tpm || TpmRc(err.tpm_rc()).base() == TPM_RC_HANDLE)) {
      return std::move(data).error();
    }
    c.error = refused ? err.message() : err.what();
    return c;
  }
  c.bytes_read = data->size();
  c.data = std::move(*data);
  return c;
}

Status read_objects(Client& client, TpmEvidence& e) {
  auto persistent = TRY(client.get_handles(TPM_HT_PERSISTENT_FIRST));
  auto nv = TRY(client.get_handles(TPM_HT_NV_INDEX_FIRST));
  for (auto h : persistent) e.persistent.push_back(to_persistent(h, TRY(client.read_public(h))));
  for (auto index : nv) e.nv_indices.push_back(to_nv(TRY(client.nv_read_public(index))));
  for (const auto& n : e.nv_indices) {
    if (ek_cert_content(n.index)) e.ek_cert_indices.push_back(TRY(read_ek_cert(client, n, e.nv_buffer_max)));
  }
  return ok_status();
}

Status read_pcrs(Client& client, TpmEvidence& e) {
  auto banks = TRY(client.get_pcr_banks());
  std::vector<PcrSelection> allocated;
  for (const auto& b : banks) {
    e.pcr_banks.push_back({hash_or_alg_name(b.hash), b.indices()});
    if (!b.empty()) allocated.push_back(b);
  }
  if (allocated.empty()) return ok_status();
  auto values = TRY(client.pcr_read_all(allocated));
  for (auto& [alg, pcrs] : values) {
    // PcrValues holds the banks its JSON contract names; others stay listed in pcr_banks only.
    auto name = crypto::hash_name(alg);
    if (!name) continue;
    std::size_t expected = crypto::digest_size(alg).value_or(0);
    for (auto& [index, digest] : pcrs) {
      if (digest.size() != expected) {
        return make_error(ErrorKind::Parse, "response: " + std::string(*name) + " PCR " + std::to_string(index) +
                                                " digest has " + std::to_string(digest.size()) + " bytes, expected " +
                                                std::to_string(expected))
            .context("PCR_Read");
      }
      e.pcrs[std::string(*name)][index] = std::move(digest);
    }
  }
  return ok_status();
}

Status read_capabilities(Client& client, TpmEvidence& e) {
  auto algs = TRY(client.get_algorithms());
  for (const auto& a : algs) {
    e.algorithms.push_back({a.alg, alg_name(a.alg), algorithm_attribute_names(a.attributes)});
  }
  e.commands = TRY(client.get_commands());
  return ok_status();
}

}  // namespace

void detect_software_tpm(TpmEvidence& e, std::uint32_t vendor_string_1, std::uint32_t vendor_string_2) {
  e.software_tpm = false;
  e.software_tpm_kind.clear();
  e.software_tpm_reason.clear();
  if (e.manufacturer_raw == kIbmSoftwareTpm) {
    e.software_tpm = true;
    e.software_tpm_kind = "IBM simulator";
    e.software_tpm_reason = "manufacturer \"IBM \" (0x49424d20) is the IBM software TPM ID";
  } else if (e.manufacturer_raw == kIbm && vendor_string_1 == kLibtpmsVendor1 && vendor_string_2 == kLibtpmsVendor2) {
    e.software_tpm = true;
    e.software_tpm_kind = "swtpm";
    e.software_tpm_reason = "manufacturer \"IBM\" with vendor strings \"SW  \" \" TPM\" is libtpms (swtpm)";
  }
}

Result<TpmSelfTest> read_self_test(Transport& transport, const RetryPolicy& retry) {
  Client client(transport, retry);
  TpmSelfTest out;
  out.source = "tpm:" + transport.describe() + " GetTestResult";
  auto answer = client.get_test_result();
  if (!answer) {
    const Error& err = answer.error();
    if (err.kind() != ErrorKind::Tpm || err.tpm_rc() != TPM_RC_FAILURE) return std::move(answer).error();
    out.response_code = err.tpm_rc();
    out.result_name = TpmRc(err.tpm_rc()).name();
    return out;
  }
  out.test_result = answer->test_result;
  out.result_name = TpmRc(answer->test_result).name();
  out.data = std::move(answer->out_data);
  return out;
}

Result<TpmEvidence> collect_tpm(Transport& transport, const RetryPolicy& retry) {
  CountingTransport counting(transport);
  Client client(counting, retry);
  TpmEvidence e;
  e.source = transport.describe();
  fill_identity(e, TRY(read_properties(client)));
  TRY(read_capabilities(client, e));
  TRY(read_objects(client, e));
  TRY(read_pcrs(client, e));
  auto clock = TRY(client.read_clock());
  e.clock_time = clock.time;
  e.clock_clock = clock.clock;
  e.clock_reset_count = clock.reset_count;
  e.clock_restart_count = clock.restart_count;
  e.clock_safe = clock.safe;
  e.round_trips = counting.count();
  return e;
}

}  // namespace tpmready::collect
