#include "tpm/da_safety.h"

#include "tpm/constants.h"

namespace tpmready::tpm {

NvReadAuthorization nv_read_authorization(std::uint32_t nv_index, std::uint32_t nv_attributes,
                                          std::optional<std::uint32_t> permanent) {
  const bool owner_auth_empty = permanent && !(*permanent & TPMA_PERMANENT_ownerAuthSet);
  if ((nv_attributes & TPMA_NV_AUTHREAD) && (nv_attributes & TPMA_NV_NO_DA)) return {nv_index, {}};
  if ((nv_attributes & TPMA_NV_OWNERREAD) && owner_auth_empty) return {TPM_RH_OWNER, {}};
  if (nv_attributes & TPMA_NV_AUTHREAD) return {std::nullopt, kNotReadPasswordProtected};
  if (nv_attributes & TPMA_NV_OWNERREAD) {
    return {std::nullopt, permanent ? "not read: readable with the owner password only, and one is set"
                                    : "not read: readable with the owner password only (not known to be empty)"};
  }
  if (nv_attributes & TPMA_NV_POLICYREAD) return {std::nullopt, "not read: readable with a policy session only"};
  if (nv_attributes & TPMA_NV_PPREAD) return {std::nullopt, "not read: readable by the platform firmware only"};
  return {std::nullopt, "not read: the index allows no read authorization"};
}

}  // namespace tpmready::tpm
