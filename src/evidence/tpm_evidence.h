#pragma once
/// TpmEvidence: everything `tpmready tpm` reads from a TPM, as plain data with a JSON round trip.
/// Values are already decoded to the spellings the JSON contract uses (lowercase hex handles
/// "0x81010001", tpm2-tools algorithm and attribute names), so the evidence layer needs no TPM
/// code and offline bundles carry the same data.
///
/// JSON: the object under `.tpm` of `tpmready tpm --format json` (see to_json for the keys).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/pcr_values.h"
#include "evidence/public_key_json.h"
#include "util/result.h"

namespace tpmready {

/// A persistent object (ReadPublic), decoded TPMT_PUBLIC.
struct TpmPersistentObject {
  std::uint32_t handle = 0;
  std::string type;                     ///< "rsa", "ecc", "keyedhash", "symcipher"
  std::string name_alg;                 ///< "sha256"
  std::uint32_t attributes_raw = 0;     ///< TPMA_OBJECT
  std::vector<std::string> attributes;  ///< "fixedtpm", "restricted", ...
  std::string auth_policy;              ///< hex, "" when empty
  std::string symmetric;                ///< "aes", "null"
  unsigned symmetric_key_bits = 0;
  std::string symmetric_mode;           ///< "cfb", "" when symmetric is null
  std::string scheme;                   ///< "null", "rsassa", ...
  std::string scheme_hash;              ///< "" when scheme is null
  unsigned key_bits = 0;                ///< RSA modulus bits / ECC curve bits
  std::uint32_t exponent = 0;           ///< RSA, effective (65537 when marshaled as 0)
  std::string curve;                    ///< ECC: "P-256"
  std::string kdf;                      ///< ECC: "null"
  std::optional<PublicKey> public_key;  ///< RSA and ECC
  std::string name;                     ///< hex TPM2B_NAME (nameAlg || digest)
  bool operator==(const TpmPersistentObject&) const = default;
};

/// An NV index (NV_ReadPublic).
struct TpmNvIndex {
  std::uint32_t index = 0;
  std::uint16_t size = 0;               ///< dataSize
  std::string name_alg;
  std::uint32_t attributes_raw = 0;     ///< TPMA_NV
  std::vector<std::string> attributes;  ///< "ppwrite", "authread", "written", ...
  std::string type;                     ///< TPM_NT: "ordinary", "counter", ...
  std::string auth_policy;              ///< hex
  std::string name;                     ///< hex
  bool operator==(const TpmNvIndex&) const = default;
};

/// An EK certificate NV index found (facts/tcg.md §3.1) and what reading it gave.
struct TpmEkCertIndex {
  std::uint32_t index = 0;
  std::string content;                  ///< "RSA 2048 EK certificate" (facts/tcg.md §3.1)
  std::uint16_t size = 0;
  std::size_t bytes_read = 0;
  Bytes data;                           ///< raw NV contents (JSON: hex)
  std::string error;                    ///< TPM error text when NV_Read failed (item kept)
  bool operator==(const TpmEkCertIndex&) const = default;
};

struct TpmAlgorithm {
  std::uint16_t id = 0;
  std::string name;
  std::vector<std::string> attributes;  ///< TPMA_ALGORITHM names
  bool operator==(const TpmAlgorithm&) const = default;
};

struct TpmPcrBank {
  std::string bank;                     ///< "sha256", or hex for unknown algorithms
  std::vector<unsigned> pcrs;           ///< allocated PCR indices
  bool operator==(const TpmPcrBank&) const = default;
};

struct TpmEvidence {
  std::string source;                   ///< where it was read: "tcp:127.0.0.1:2321"

  // Identity (TPM_PT_* fixed properties, facts/tcg.md §2)
  std::string manufacturer;             ///< "IBM" (NULs/spaces trimmed)
  std::uint32_t manufacturer_raw = 0;
  std::string manufacturer_name;        ///< "IBM", "Infineon"; "" when not in the table
  std::string vendor_string;            ///< VENDOR_STRING_1..4 concatenated, NULs dropped, trimmed
  std::uint32_t vendor_tpm_type = 0;
  std::uint32_t firmware_version_1 = 0;
  std::uint32_t firmware_version_2 = 0;
  std::string firmware_version;         ///< "a.b.c.d" = FW1>>16 . FW1&0xFFFF . FW2>>16 . FW2&0xFFFF
  std::string spec_family;              ///< "2.0"
  std::uint32_t spec_level = 0;
  std::uint32_t spec_revision = 0;      ///< ×100: 164 = 1.64
  std::uint32_t spec_day_of_year = 0;
  std::uint32_t spec_year = 0;
  std::uint32_t nv_buffer_max = 0;
  std::uint32_t nv_index_max = 0;
  std::map<std::string, std::uint32_t> properties;  ///< every TPM_PT read, by name

  bool software_tpm = false;
  std::string software_tpm_kind;        ///< "swtpm", "IBM simulator"; "" for hardware
  std::string software_tpm_reason;

  // State (TPM_PT_PERMANENT / STARTUP_CLEAR / DA properties)
  std::uint32_t permanent_raw = 0;
  std::uint32_t startup_clear_raw = 0;
  std::uint32_t lockout_counter = 0;
  std::uint32_t max_auth_fail = 0;
  std::uint32_t lockout_interval = 0;
  std::uint32_t lockout_recovery = 0;

  std::vector<TpmAlgorithm> algorithms;
  std::vector<std::uint32_t> commands;  ///< TPMA_CC values of TPM_CAP_COMMANDS
  std::vector<TpmPcrBank> pcr_banks;
  PcrValues pcrs;

  std::vector<TpmPersistentObject> persistent;
  std::vector<TpmNvIndex> nv_indices;
  std::vector<TpmEkCertIndex> ek_cert_indices;

  std::optional<std::uint64_t> clock_time, clock_clock;
  std::uint32_t clock_reset_count = 0, clock_restart_count = 0;
  bool clock_safe = false;

  unsigned round_trips = 0;

  bool operator==(const TpmEvidence&) const = default;
};

class JsonReader;

/// The `.tpm` object of the JSON contract.
void to_json(nlohmann::json& j, const TpmEvidence& e);
/// Reads the raw values (the named bits and persistent_handles are derived from them, not read);
/// every key it reads is required except exponent, curve, kdf, public_key and an NV read's error.
Status read_json(const JsonReader& r, TpmEvidence& out);
/// Accepts the `.tpm` object or a whole `tpmready tpm` document.
Result<TpmEvidence> tpm_evidence_from_json(const nlohmann::json& j);

}  // namespace tpmready
