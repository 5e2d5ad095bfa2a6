#include "collect/ekcert_tpm.h"

#include <algorithm>

#include "collect/tpm_collector.h"
#include "crypto/crypto.h"
#include "tpm/client.h"
#include "tpm/constants.h"

namespace tpmready::collect {
namespace {

// facts/tcg.md §3.2: Windows' RSA EK and the ECC EK.
constexpr std::uint32_t kEkRsaHandle = 0x81010001;
constexpr std::uint32_t kEkEccHandle = 0x81010002;
// facts/tcg.md §3.1: EK certificate chain indices (UNVERIFIED range, read only when present).
constexpr std::uint32_t kChainFirst = 0x01C00100;
constexpr std::uint32_t kChainLast = 0x01C001FF;

Fact<EkObject> ek_fact(const TpmEvidence& tpm, std::uint32_t handle) {
  const std::string src = "tpm:ReadPublic " + hex32(handle);
  for (const auto& p : tpm.persistent) {
    if (p.handle != handle) continue;
    if (!p.public_key) return Fact<EkObject>::unknown("object at " + hex32(handle) + " is not an RSA/ECC key", src);
    EkObject o;
    o.handle = handle;
    o.key = *p.public_key;
    o.object_attributes = p.attributes_raw;
    o.name_alg = crypto::hash_from_name(p.name_alg).value_or(0);
    from_hex(p.auth_policy, o.auth_policy);
    return Fact<EkObject>::known(std::move(o), src);
  }
  return Fact<EkObject>::unknown("no EK persisted at " + hex32(handle), src);
}

/// facts/tcg.md §3.4: NV 0x01C00004 (RSA template) / 0x01C00003 (nonce) replace parts of the
/// default template; deriving with the plain default would give another key, so refuse.
void derive_rsa_ek(const TpmEvidence& tpm, tpm::Client& client, EkCertEvidence& e) {
  for (const auto& n : tpm.nv_indices) {
    if (n.index == 0x01C00003u || n.index == 0x01C00004u) {
      e.errors.push_back("--derive-ek: NV " + hex32(n.index) + " holds an EK template/nonce; not derived with the default");
      return;
    }
  }
  auto area = client.derive_ek_transient();
  if (!area.ok()) {
    e.errors.push_back("--derive-ek: " + area.error().what());
    return;
  }
  if (!area->key) {
    e.errors.push_back("--derive-ek: CreatePrimary returned no RSA key");
    return;
  }
  EkObject o;
  o.handle = 0;  // transient, already flushed
  o.key = *area->key;
  o.object_attributes = area->attributes;
  o.name_alg = area->name_alg;
  o.auth_policy = area->auth_policy;
  e.ek_rsa = Fact<EkObject>::known(std::move(o), "tpm:CreatePrimary default EK template L-1 (transient, flushed; --derive-ek)");
}

}  // namespace

EkCertEvidence ekcert_from_tpm_evidence(const TpmEvidence& tpm) {
  EkCertEvidence e;
  e.tpm_queried = true;
  for (const auto& c : tpm.ek_cert_indices) {
    if (!c.error.empty()) {
      e.errors.push_back("nv:" + hex32(c.index) + ": " + c.error);
      continue;
    }
    e.certificates.push_back({"nv:" + hex32(c.index), c.data, c.index});
  }
  e.ek_rsa = ek_fact(tpm, kEkRsaHandle);
  e.ek_ecc = ek_fact(tpm, kEkEccHandle);
  e.manufacturer = Fact<std::uint32_t>::known(tpm.manufacturer_raw, "tpm:GetCapability TPM_PT_MANUFACTURER");
  return e;
}

Result<EkCertEvidence> collect_ekcert_tpm(const std::string& spec, const tpm::TransportOptions& options,
                                          bool derive_ek) {
  auto transport = TRY(tpm::make_transport(spec, options));
  auto tpm_evidence = TRY(collect_tpm(*transport));
  EkCertEvidence e = ekcert_from_tpm_evidence(tpm_evidence);
  tpm::Client client(*transport);
  const auto chunk = static_cast<std::uint16_t>(
      std::clamp<std::uint32_t>(tpm_evidence.nv_buffer_max == 0 ? 512 : tpm_evidence.nv_buffer_max, 1, 0xFFFF));
  for (const auto& n : tpm_evidence.nv_indices) {
    if (n.index < kChainFirst || n.index > kChainLast || !(n.attributes_raw & tpm::TPMA_NV_WRITTEN)) continue;
    auto data = client.nv_read(n.index, chunk);
    if (!data.ok()) {
      const Error& err = data.error();
      e.errors.push_back("nv:" + hex32(n.index) + ": " + (err.kind() == ErrorKind::Unsupported ? err.message() : err.what()));
      continue;
    }
    e.chain_certificates.push_back({"nv:" + hex32(n.index), std::move(data).value(), n.index});
  }
  if (derive_ek && !e.ek_rsa.has_value()) derive_rsa_ek(tpm_evidence, client, e);
  return e;
}

}  // namespace tpmready::collect
