#pragma once
/// Dictionary-attack safety: which authorization tpmready may use to read an NV index.
///
/// tpmready promises that running it never changes the TPM. A failed authorization against an
/// entity that is not exempt from dictionary-attack (DA) protection increments the TPM's failure
/// counter (TPM_PT_LOCKOUT_COUNTER) and, at TPM_PT_MAX_AUTH_FAIL, puts the TPM into lockout:
/// Windows Hello, BitLocker recovery and attestation itself stop working until it heals.
///
/// TPM 2.0 Library Part 1 "Dictionary Attack Protection" (§19.8 in revisions 1.38-1.59) and the
/// reference code's IsDAExempted() (Part 4, SessionProcess.c) exempt exactly:
///   a) permanent handles other than TPM_RH_LOCKOUT (TPM_RH_OWNER, _ENDORSEMENT, _PLATFORM),
///   b) objects with TPMA_OBJECT_noDA,
///   c) NV indices with TPMA_NV_NO_DA,
///   d) PCRs.
/// tpmready knows no password, so it authorizes an NV read only where a wrong guess cannot count
/// (rule 1) or cannot happen at all (rule 2):
///   1. TPMA_NV_AUTHREAD and TPMA_NV_NO_DA: the index itself with an empty password. The TCG EK
///      Credential Profile gives EK certificate indices these bits and an empty authValue.
///   2. TPMA_NV_OWNERREAD while TPMA_PERMANENT ownerAuthSet is clear (read from the same TPM in the
///      same run): TPM_RH_OWNER with the empty password it is known to have; the owner hierarchy
///      is DA-exempt in any case.
/// Anything else (a password on a DA-protected index, reads that need a policy session or the
/// platform's auth, owner reads while an owner password is set) is not read, and the reason is
/// reported instead of the data.
#include <cstdint>
#include <optional>
#include <string>

namespace tpmready::tpm {

/// How an NV index may be read: an authorization handle for a TPM_RS_PW session with an empty
/// password, or the reason it is not read.
struct NvReadAuthorization {
  std::optional<std::uint32_t> auth_handle;  ///< the index itself or TPM_RH_OWNER
  std::string refusal;                       ///< set when auth_handle is empty ("not read: ...")
};

/// The rule above. `permanent` is TPM_PT_PERMANENT of the same TPM, nullopt when not read (then
/// rule 2 is not used: an owner password may be set).
NvReadAuthorization nv_read_authorization(std::uint32_t nv_index, std::uint32_t nv_attributes,
                                          std::optional<std::uint32_t> permanent);

/// The refusal for a DA-protected index with a password: the words reports show.
inline constexpr const char* kNotReadPasswordProtected =
    "not read: protected by a password (reading it could count towards TPM lockout)";

}  // namespace tpmready::tpm
