#pragma once
/// TPM 2.0 constants tpmready uses, with their spec names, and decoders of attribute bit
/// fields into lists of names. Every value comes from facts/tcg.md (§1 wire format and
/// commands, §2 properties); names of attribute bits use the tpm2-tools spellings so JSON can
/// be compared with tpm2-tools output directly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tpmready::tpm {

// --- Structure tags (facts/tcg.md §1.1) ---
inline constexpr std::uint16_t TPM_ST_RSP_COMMAND = 0x00C4;
inline constexpr std::uint16_t TPM_ST_NULL = 0x8000;
inline constexpr std::uint16_t TPM_ST_NO_SESSIONS = 0x8001;
inline constexpr std::uint16_t TPM_ST_SESSIONS = 0x8002;

// --- Command codes (facts/tcg.md §1.3) ---
inline constexpr std::uint32_t TPM_CC_CreatePrimary = 0x00000131;
inline constexpr std::uint32_t TPM_CC_SelfTest = 0x00000143;
inline constexpr std::uint32_t TPM_CC_Startup = 0x00000144;
inline constexpr std::uint32_t TPM_CC_Shutdown = 0x00000145;
inline constexpr std::uint32_t TPM_CC_NV_Read = 0x0000014E;
inline constexpr std::uint32_t TPM_CC_FlushContext = 0x00000165;
inline constexpr std::uint32_t TPM_CC_NV_ReadPublic = 0x00000169;
inline constexpr std::uint32_t TPM_CC_ReadPublic = 0x00000173;
inline constexpr std::uint32_t TPM_CC_GetCapability = 0x0000017A;
inline constexpr std::uint32_t TPM_CC_GetRandom = 0x0000017B;
inline constexpr std::uint32_t TPM_CC_GetTestResult = 0x0000017C;
inline constexpr std::uint32_t TPM_CC_PCR_Read = 0x0000017E;
inline constexpr std::uint32_t TPM_CC_ReadClock = 0x00000181;

// --- Handles (facts/tcg.md §1.3) ---
inline constexpr std::uint32_t TPM_RH_OWNER = 0x40000001;
inline constexpr std::uint32_t TPM_RH_NULL = 0x40000007;
inline constexpr std::uint32_t TPM_RS_PW = 0x40000009;
inline constexpr std::uint32_t TPM_RH_ENDORSEMENT = 0x4000000B;
inline constexpr std::uint32_t TPM_RH_PLATFORM = 0x4000000C;
inline constexpr std::uint32_t TPM_HT_NV_INDEX_FIRST = 0x01000000;
inline constexpr std::uint32_t TPM_HT_PERSISTENT_FIRST = 0x81000000;

// --- Capabilities (facts/tcg.md §1.4 GetCapability) ---
inline constexpr std::uint32_t TPM_CAP_ALGS = 0x00000000;
inline constexpr std::uint32_t TPM_CAP_HANDLES = 0x00000001;
inline constexpr std::uint32_t TPM_CAP_COMMANDS = 0x00000002;
inline constexpr std::uint32_t TPM_CAP_PCRS = 0x00000005;
inline constexpr std::uint32_t TPM_CAP_TPM_PROPERTIES = 0x00000006;

// --- TPM_PT (facts/tcg.md §2) ---
inline constexpr std::uint32_t PT_FIXED = 0x100;
inline constexpr std::uint32_t PT_VAR = 0x200;
inline constexpr std::uint32_t TPM_PT_FAMILY_INDICATOR = 0x100;
inline constexpr std::uint32_t TPM_PT_LEVEL = 0x101;
inline constexpr std::uint32_t TPM_PT_REVISION = 0x102;
inline constexpr std::uint32_t TPM_PT_DAY_OF_YEAR = 0x103;
inline constexpr std::uint32_t TPM_PT_YEAR = 0x104;
inline constexpr std::uint32_t TPM_PT_MANUFACTURER = 0x105;
inline constexpr std::uint32_t TPM_PT_VENDOR_STRING_1 = 0x106;
inline constexpr std::uint32_t TPM_PT_VENDOR_STRING_4 = 0x109;
inline constexpr std::uint32_t TPM_PT_VENDOR_TPM_TYPE = 0x10A;
inline constexpr std::uint32_t TPM_PT_FIRMWARE_VERSION_1 = 0x10B;
inline constexpr std::uint32_t TPM_PT_FIRMWARE_VERSION_2 = 0x10C;
inline constexpr std::uint32_t TPM_PT_PCR_COUNT = 0x112;
inline constexpr std::uint32_t TPM_PT_NV_INDEX_MAX = 0x117;
inline constexpr std::uint32_t TPM_PT_PS_FAMILY_INDICATOR = 0x123;
inline constexpr std::uint32_t TPM_PT_NV_BUFFER_MAX = 0x12C;
inline constexpr std::uint32_t TPM_PT_PERMANENT = 0x200;
inline constexpr std::uint32_t TPM_PT_STARTUP_CLEAR = 0x201;
inline constexpr std::uint32_t TPM_PT_LOCKOUT_COUNTER = 0x20E;
inline constexpr std::uint32_t TPM_PT_MAX_AUTH_FAIL = 0x20F;
inline constexpr std::uint32_t TPM_PT_LOCKOUT_INTERVAL = 0x210;
inline constexpr std::uint32_t TPM_PT_LOCKOUT_RECOVERY = 0x211;

// --- TPM_ALG_ID (facts/tcg.md §1.4) ---
inline constexpr std::uint16_t TPM_ALG_RSA = 0x0001;
inline constexpr std::uint16_t TPM_ALG_SHA1 = 0x0004;
inline constexpr std::uint16_t TPM_ALG_KEYEDHASH = 0x0008;
inline constexpr std::uint16_t TPM_ALG_SHA256 = 0x000B;
inline constexpr std::uint16_t TPM_ALG_NULL = 0x0010;
inline constexpr std::uint16_t TPM_ALG_ECC = 0x0023;
inline constexpr std::uint16_t TPM_ALG_SYMCIPHER = 0x0025;

// --- TPMA_* bit masks branched on (facts/tcg.md §2, §1.4) ---
inline constexpr std::uint32_t TPMA_PERMANENT_ownerAuthSet = 0x1;
inline constexpr std::uint32_t TPMA_PERMANENT_endorsementAuthSet = 0x2;
inline constexpr std::uint32_t TPMA_PERMANENT_lockoutAuthSet = 0x4;
inline constexpr std::uint32_t TPMA_PERMANENT_disableClear = 0x100;
inline constexpr std::uint32_t TPMA_PERMANENT_inLockout = 0x200;
inline constexpr std::uint32_t TPMA_PERMANENT_tpmGeneratedEPS = 0x400;
inline constexpr std::uint32_t TPMA_STARTUP_CLEAR_phEnable = 0x1;
inline constexpr std::uint32_t TPMA_STARTUP_CLEAR_shEnable = 0x2;
inline constexpr std::uint32_t TPMA_STARTUP_CLEAR_ehEnable = 0x4;
inline constexpr std::uint32_t TPMA_STARTUP_CLEAR_phEnableNV = 0x8;
inline constexpr std::uint32_t TPMA_STARTUP_CLEAR_orderly = 0x80000000;
inline constexpr std::uint32_t TPMA_NV_PPREAD = 0x00010000;
inline constexpr std::uint32_t TPMA_NV_OWNERREAD = 0x00020000;
inline constexpr std::uint32_t TPMA_NV_AUTHREAD = 0x00040000;
inline constexpr std::uint32_t TPMA_NV_POLICYREAD = 0x00080000;
inline constexpr std::uint32_t TPMA_NV_NO_DA = 0x02000000;
inline constexpr std::uint32_t TPMA_NV_WRITTEN = 0x20000000;

/// "GetCapability", "NV_Read" (the spec name without "TPM_CC_"), or "TPM_CC 0x00000123".
std::string command_name(std::uint32_t cc);
/// tpm2-tools spelling: "rsa", "sha256", "ecc", "null", ...; "0x0003" for ids not in our table.
std::string alg_name(std::uint16_t alg);
/// "P-256", "P-384", "P-521", "SM2-P256" (the PublicKey spelling); "0x0007" otherwise.
std::string curve_name(std::uint16_t curve);
/// Key size in bits of a curve, when known.
std::optional<unsigned> curve_bits(std::uint16_t curve);
/// "TPM_PT_MANUFACTURER", or "TPM_PT 0x00000114" for properties not in our table.
std::string property_name(std::uint32_t pt);
/// Vendor name for a TPM_PT_MANUFACTURER value ("Infineon"), or nullopt.
std::optional<std::string_view> vendor_name(std::uint32_t manufacturer);
/// The 4 ASCII characters of a packed UINT32 (first char = most significant byte); NULs dropped,
/// non-printable bytes shown as '?'.
std::string packed_chars(std::uint32_t value);
/// packed_chars without leading/trailing spaces ("IBM " → "IBM").
std::string trimmed_chars(std::uint32_t value);

/// Attribute decoders: the names of the set bits, in bit order. Bits without a name show as
/// "bit<N>" so nothing set is ever hidden.
std::vector<std::string> object_attribute_names(std::uint32_t tpma_object);   // fixedtpm, restricted, ...
std::vector<std::string> nv_attribute_names(std::uint32_t tpma_nv);           // ppwrite, ..., no TPM_NT
std::vector<std::string> permanent_names(std::uint32_t tpma_permanent);       // ownerAuthSet, inLockout, ...
std::vector<std::string> startup_clear_names(std::uint32_t tpma_startup);     // phEnable, ..., orderly
std::vector<std::string> algorithm_attribute_names(std::uint32_t tpma_alg);   // asymmetric, hash, ...
/// TPM_NT of a TPMA_NV (bits 4-7): "ordinary", "counter", "bits", "extend", "pin_fail",
/// "pin_pass", or "nt<N>".
std::string nv_type_name(std::uint32_t tpma_nv);

}  // namespace tpmready::tpm
