#pragma once
/// Marshaling of the few TPM 2.0 commands tpmready sends, and pure parsers of their responses.
/// Layouts: facts/tcg.md §1.1 (header), §1.2 (password session), §1.4 (parameters).
/// Parsers take the parameter area (after check_response) and never allocate more than the
/// bytes they are given: every declared count is checked against the bytes left first.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "crypto/public_key.h"
#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::tpm {

// ---- data types ---------------------------------------------------------------------------

struct TaggedProperty {
  std::uint32_t property = 0;
  std::uint32_t value = 0;
  bool operator==(const TaggedProperty&) const = default;
};

struct AlgProperty {
  std::uint16_t alg = 0;
  std::uint32_t attributes = 0;  ///< TPMA_ALGORITHM
  bool operator==(const AlgProperty&) const = default;
};

/// TPMS_PCR_SELECTION: a bank and a bitmap (PCR n = bit n%8 of byte n/8).
struct PcrSelection {
  std::uint16_t hash = 0;
  Bytes select;
  std::vector<unsigned> indices() const;
  bool empty() const;
  bool operator==(const PcrSelection&) const = default;
};

/// TPMS_CAPABILITY_DATA with moreData; only the member matching `capability` is filled.
struct CapabilityData {
  bool more_data = false;
  std::uint32_t capability = 0;
  std::vector<TaggedProperty> properties;  ///< TPM_CAP_TPM_PROPERTIES
  std::vector<std::uint32_t> handles;      ///< TPM_CAP_HANDLES
  std::vector<PcrSelection> pcrs;          ///< TPM_CAP_PCRS
  std::vector<AlgProperty> algs;           ///< TPM_CAP_ALGS
  std::vector<std::uint32_t> commands;     ///< TPM_CAP_COMMANDS (TPMA_CC; low 16 bits = command index)
};

/// TPMT_PUBLIC, decoded (facts/tcg.md §1.4 "TPMT_PUBLIC layout").
struct PublicArea {
  std::uint16_t type = 0;
  std::uint16_t name_alg = 0;
  std::uint32_t attributes = 0;  ///< TPMA_OBJECT
  Bytes auth_policy;
  std::uint16_t sym_alg = 0x0010;  ///< TPM_ALG_NULL when the object has no symmetric definition
  std::uint16_t sym_key_bits = 0;
  std::uint16_t sym_mode = 0;
  std::uint16_t scheme = 0x0010;
  std::uint16_t scheme_hash = 0;
  std::uint16_t key_bits = 0;   ///< RSA keyBits
  std::uint32_t exponent = 0;   ///< RSA, as marshaled (0 = 65537)
  std::uint16_t curve_id = 0;   ///< ECC
  std::uint16_t kdf = 0x0010;   ///< ECC kdf scheme, keyedhash XOR kdf
  std::uint16_t kdf_hash = 0;
  std::optional<PublicKey> key; ///< RSA and ECC
  Bytes unique;                 ///< keyedhash / symcipher unique digest
};

struct ReadPublicResponse {
  PublicArea area;
  Bytes name;
  Bytes qualified_name;
};

/// TPMS_NV_PUBLIC plus the name.
struct NvPublic {
  std::uint32_t index = 0;
  std::uint16_t name_alg = 0;
  std::uint32_t attributes = 0;  ///< TPMA_NV
  Bytes auth_policy;
  std::uint16_t data_size = 0;
  Bytes name;
};

struct PcrReadResponse {
  std::uint32_t update_counter = 0;
  std::vector<PcrSelection> selection;  ///< what the TPM actually read
  std::vector<Bytes> digests;           ///< in selection order: bank by bank, ascending PCR
};

/// TPMS_TIME_INFO (facts/tcg.md §1.4 TPM2_ReadClock).
struct TimeInfo {
  std::uint64_t time = 0;
  std::uint64_t clock = 0;
  std::uint32_t reset_count = 0;
  std::uint32_t restart_count = 0;
  bool safe = false;
  bool operator==(const TimeInfo&) const = default;
};

/// TPM2_GetTestResult's answer (TPM 2.0 Part 3 §10.4): manufacturer-specific data and the test
/// status. TPM_RC_SUCCESS = every test run passed; TPM_RC_NEEDS_TEST / TPM_RC_TESTING = tests
/// still to run or running; TPM_RC_FAILURE = a test failed: the TPM is in failure mode.
struct TestResult {
  Bytes out_data;                 ///< TPM2B_MAX_BUFFER outData (empty on a healthy reference TPM)
  std::uint32_t test_result = 0;  ///< TPM_RC testResult
  bool operator==(const TestResult&) const = default;
};

// ---- marshaling ---------------------------------------------------------------------------

Bytes marshal_get_capability(std::uint32_t capability, std::uint32_t property, std::uint32_t count);
Bytes marshal_read_public(std::uint32_t object_handle);
Bytes marshal_nv_read_public(std::uint32_t nv_index);
/// TPM_ST_SESSIONS with one TPM_RS_PW session, empty password (facts/tcg.md §1.2).
Bytes marshal_nv_read(std::uint32_t auth_handle, std::uint32_t nv_index, std::uint16_t size, std::uint16_t offset);
Bytes marshal_pcr_read(const std::vector<PcrSelection>& selection);
Bytes marshal_read_clock();
/// TPM2_GetTestResult: no handles, no parameters, no sessions (facts/tcg.md §1.4).
Bytes marshal_get_test_result();

/// `ekcert --derive-ek` only (see Client::derive_ek_transient): TPM2_CreatePrimary under
/// `hierarchy` with an empty-password TPM_RS_PW session, empty inSensitive, `in_public` (a
/// TPMT_PUBLIC; the TPM2B size is added here), empty outsideInfo and creationPCR.
Bytes marshal_create_primary(std::uint32_t hierarchy, ByteSpan in_public);
Bytes marshal_flush_context(std::uint32_t handle);
/// The TCG default EK template L-1 (RSA-2048, low range) as a TPMT_PUBLIC (facts/tcg.md §3.4).
Bytes ek_template_rsa2048();

// ---- response parsing ---------------------------------------------------------------------

/// The command code a marshaled command carries (bytes 6..9), for the allow-list.
Result<std::uint32_t> command_code_of(ByteSpan command);

/// The shared response-header check: tag 0x8001/0x8002 (0x00C4 → "not a TPM 2.0"),
/// responseSize == bytes received, ≥ 10; responseCode != 0 → ErrorKind::Tpm with tpm_rc set.
/// Returns the parameter area: for TPM_ST_SESSIONS responses the parameterSize-delimited part
/// (the response auth area is skipped); `handles` response handles are skipped first.
Result<ByteSpan> check_response(ByteSpan response, unsigned handles = 0);

Result<CapabilityData> parse_get_capability(ByteSpan params);
Result<ReadPublicResponse> parse_read_public(ByteSpan params);
/// TPMT_PUBLIC alone (the content of a TPM2B_PUBLIC; also the EK template NV indices hold).
Result<PublicArea> parse_tpmt_public(ByteSpan tpmt_public);
Result<NvPublic> parse_nv_read_public(ByteSpan params);
Result<Bytes> parse_nv_read(ByteSpan params);
Result<PcrReadResponse> parse_pcr_read(ByteSpan params);
Result<TimeInfo> parse_read_clock(ByteSpan params);
Result<TestResult> parse_get_test_result(ByteSpan params);
/// outPublic of a CreatePrimary response's parameter area (the rest is not needed).
Result<PublicArea> parse_create_primary(ByteSpan params);

}  // namespace tpmready::tpm
