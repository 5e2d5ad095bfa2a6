#include "tpm/constants.h"

#include <array>
#include <utility>

#include "util/bytes.h"
#include "util/text.h"

namespace tpmready::tpm {
namespace {

template <typename K>
using Entry = std::pair<K, std::string_view>;

template <typename K, std::size_t N>
std::string_view lookup(const std::array<Entry<K>, N>& table, K key) {
  for (const auto& [k, name] : table) {
    if (k == key) return name;
  }
  return {};
}

std::string hex16(std::uint16_t v) {
  static const char* digits = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 12; shift >= 0; shift -= 4) out.push_back(digits[(v >> shift) & 0xF]);
  return out;
}

// facts/tcg.md §1.3
constexpr std::array kCommands = {
    Entry<std::uint32_t>{TPM_CC_CreatePrimary, "CreatePrimary"}, Entry<std::uint32_t>{TPM_CC_SelfTest, "SelfTest"},
    Entry<std::uint32_t>{TPM_CC_Startup, "Startup"},             Entry<std::uint32_t>{TPM_CC_Shutdown, "Shutdown"},
    Entry<std::uint32_t>{TPM_CC_NV_Read, "NV_Read"},             Entry<std::uint32_t>{TPM_CC_FlushContext, "FlushContext"},
    Entry<std::uint32_t>{TPM_CC_NV_ReadPublic, "NV_ReadPublic"}, Entry<std::uint32_t>{TPM_CC_ReadPublic, "ReadPublic"},
    Entry<std::uint32_t>{TPM_CC_GetCapability, "GetCapability"}, Entry<std::uint32_t>{TPM_CC_GetRandom, "GetRandom"},
    Entry<std::uint32_t>{TPM_CC_GetTestResult, "GetTestResult"},
    Entry<std::uint32_t>{TPM_CC_PCR_Read, "PCR_Read"},           Entry<std::uint32_t>{TPM_CC_ReadClock, "ReadClock"},
};

// facts/tcg.md §1.4 "Useful TPM_ALG_ID values", tpm2-tools spellings.
constexpr std::array kAlgs = {
    Entry<std::uint16_t>{0x0001, "rsa"},     Entry<std::uint16_t>{0x0004, "sha1"},
    Entry<std::uint16_t>{0x0005, "hmac"},    Entry<std::uint16_t>{0x0006, "aes"},
    Entry<std::uint16_t>{0x0008, "keyedhash"}, Entry<std::uint16_t>{0x000A, "xor"},
    Entry<std::uint16_t>{0x000B, "sha256"},  Entry<std::uint16_t>{0x000C, "sha384"},
    Entry<std::uint16_t>{0x000D, "sha512"},  Entry<std::uint16_t>{0x0010, "null"},
    Entry<std::uint16_t>{0x0012, "sm3_256"}, Entry<std::uint16_t>{0x0013, "sm4"},
    Entry<std::uint16_t>{0x0014, "rsassa"},  Entry<std::uint16_t>{0x0016, "rsapss"},
    Entry<std::uint16_t>{0x0017, "oaep"},    Entry<std::uint16_t>{0x0018, "ecdsa"},
    Entry<std::uint16_t>{0x0019, "ecdh"},    Entry<std::uint16_t>{0x0023, "ecc"},
    Entry<std::uint16_t>{0x0025, "symcipher"}, Entry<std::uint16_t>{0x0043, "cfb"},
};

// facts/tcg.md §1.4 ECC curves; spelled as PublicKey::curve.
constexpr std::array kCurves = {
    Entry<std::uint16_t>{0x0003, "P-256"}, Entry<std::uint16_t>{0x0004, "P-384"},
    Entry<std::uint16_t>{0x0005, "P-521"}, Entry<std::uint16_t>{0x0020, "SM2-P256"},
};

// facts/tcg.md §2 property table.
constexpr std::array kProperties = {
    Entry<std::uint32_t>{0x100, "TPM_PT_FAMILY_INDICATOR"}, Entry<std::uint32_t>{0x101, "TPM_PT_LEVEL"},
    Entry<std::uint32_t>{0x102, "TPM_PT_REVISION"},         Entry<std::uint32_t>{0x103, "TPM_PT_DAY_OF_YEAR"},
    Entry<std::uint32_t>{0x104, "TPM_PT_YEAR"},             Entry<std::uint32_t>{0x105, "TPM_PT_MANUFACTURER"},
    Entry<std::uint32_t>{0x106, "TPM_PT_VENDOR_STRING_1"},  Entry<std::uint32_t>{0x107, "TPM_PT_VENDOR_STRING_2"},
    Entry<std::uint32_t>{0x108, "TPM_PT_VENDOR_STRING_3"},  Entry<std::uint32_t>{0x109, "TPM_PT_VENDOR_STRING_4"},
    Entry<std::uint32_t>{0x10A, "TPM_PT_VENDOR_TPM_TYPE"},  Entry<std::uint32_t>{0x10B, "TPM_PT_FIRMWARE_VERSION_1"},
    Entry<std::uint32_t>{0x10C, "TPM_PT_FIRMWARE_VERSION_2"}, Entry<std::uint32_t>{0x10D, "TPM_PT_INPUT_BUFFER"},
    Entry<std::uint32_t>{0x10E, "TPM_PT_HR_TRANSIENT_MIN"}, Entry<std::uint32_t>{0x10F, "TPM_PT_HR_PERSISTENT_MIN"},
    Entry<std::uint32_t>{0x110, "TPM_PT_HR_LOADED_MIN"},    Entry<std::uint32_t>{0x111, "TPM_PT_ACTIVE_SESSIONS_MAX"},
    Entry<std::uint32_t>{0x112, "TPM_PT_PCR_COUNT"},        Entry<std::uint32_t>{0x113, "TPM_PT_PCR_SELECT_MIN"},
    Entry<std::uint32_t>{0x116, "TPM_PT_NV_COUNTERS_MAX"},  Entry<std::uint32_t>{0x117, "TPM_PT_NV_INDEX_MAX"},
    Entry<std::uint32_t>{0x118, "TPM_PT_MEMORY"},           Entry<std::uint32_t>{0x11E, "TPM_PT_MAX_COMMAND_SIZE"},
    Entry<std::uint32_t>{0x11F, "TPM_PT_MAX_RESPONSE_SIZE"}, Entry<std::uint32_t>{0x120, "TPM_PT_MAX_DIGEST"},
    Entry<std::uint32_t>{0x123, "TPM_PT_PS_FAMILY_INDICATOR"}, Entry<std::uint32_t>{0x124, "TPM_PT_PS_LEVEL"},
    Entry<std::uint32_t>{0x125, "TPM_PT_PS_REVISION"},      Entry<std::uint32_t>{0x126, "TPM_PT_PS_DAY_OF_YEAR"},
    Entry<std::uint32_t>{0x127, "TPM_PT_PS_YEAR"},          Entry<std::uint32_t>{0x129, "TPM_PT_TOTAL_COMMANDS"},
    Entry<std::uint32_t>{0x12C, "TPM_PT_NV_BUFFER_MAX"},    Entry<std::uint32_t>{0x12D, "TPM_PT_MODES"},
    Entry<std::uint32_t>{0x12E, "TPM_PT_MAX_CAP_BUFFER"},   Entry<std::uint32_t>{0x12F, "TPM_PT_FIRMWARE_SVN"},
    Entry<std::uint32_t>{0x130, "TPM_PT_FIRMWARE_MAX_SVN"}, Entry<std::uint32_t>{0x200, "TPM_PT_PERMANENT"},
    Entry<std::uint32_t>{0x201, "TPM_PT_STARTUP_CLEAR"},    Entry<std::uint32_t>{0x202, "TPM_PT_HR_NV_INDEX"},
    Entry<std::uint32_t>{0x203, "TPM_PT_HR_LOADED"},        Entry<std::uint32_t>{0x204, "TPM_PT_HR_LOADED_AVAIL"},
    Entry<std::uint32_t>{0x205, "TPM_PT_HR_ACTIVE"},        Entry<std::uint32_t>{0x206, "TPM_PT_HR_ACTIVE_AVAIL"},
    Entry<std::uint32_t>{0x207, "TPM_PT_HR_TRANSIENT_AVAIL"}, Entry<std::uint32_t>{0x208, "TPM_PT_HR_PERSISTENT"},
    Entry<std::uint32_t>{0x209, "TPM_PT_HR_PERSISTENT_AVAIL"}, Entry<std::uint32_t>{0x20A, "TPM_PT_NV_COUNTERS"},
    Entry<std::uint32_t>{0x20B, "TPM_PT_NV_COUNTERS_AVAIL"}, Entry<std::uint32_t>{0x20C, "TPM_PT_ALGORITHM_SET"},
    Entry<std::uint32_t>{0x20D, "TPM_PT_LOADED_CURVES"},    Entry<std::uint32_t>{0x20E, "TPM_PT_LOCKOUT_COUNTER"},
    Entry<std::uint32_t>{0x20F, "TPM_PT_MAX_AUTH_FAIL"},    Entry<std::uint32_t>{0x210, "TPM_PT_LOCKOUT_INTERVAL"},
    Entry<std::uint32_t>{0x211, "TPM_PT_LOCKOUT_RECOVERY"}, Entry<std::uint32_t>{0x212, "TPM_PT_NV_WRITE_RECOVERY"},
    Entry<std::uint32_t>{0x213, "TPM_PT_AUDIT_COUNTER_0"},  Entry<std::uint32_t>{0x214, "TPM_PT_AUDIT_COUNTER_1"},
};

// facts/tcg.md §2 "TPM manufacturer IDs".
constexpr std::array kVendors = {
    Entry<std::uint32_t>{0x414D4400, "AMD"},        Entry<std::uint32_t>{0x41544D4C, "Atmel"},
    Entry<std::uint32_t>{0x4252434D, "Broadcom"},   Entry<std::uint32_t>{0x4353434F, "Cisco"},
    Entry<std::uint32_t>{0x464C5953, "Flyslice"},   Entry<std::uint32_t>{0x524F4343, "Fuzhou Rockchip"},
    Entry<std::uint32_t>{0x474F4F47, "Google"},     Entry<std::uint32_t>{0x48504500, "HPE"},
    Entry<std::uint32_t>{0x48495349, "Huawei"},     Entry<std::uint32_t>{0x49424D00, "IBM"},
    Entry<std::uint32_t>{0x49424D20, "IBM software TPM"}, Entry<std::uint32_t>{0x49465800, "Infineon"},
    Entry<std::uint32_t>{0x494E5443, "Intel"},      Entry<std::uint32_t>{0x4C454E00, "Lenovo"},
    Entry<std::uint32_t>{0x4D534654, "Microsoft"},  Entry<std::uint32_t>{0x4E534D20, "National Semiconductor"},
    Entry<std::uint32_t>{0x4E545A00, "Nationz"},    Entry<std::uint32_t>{0x4E544300, "Nuvoton"},
    Entry<std::uint32_t>{0x51434F4D, "Qualcomm"},   Entry<std::uint32_t>{0x534D534E, "Samsung"},
    Entry<std::uint32_t>{0x534E5300, "Sinosun"},    Entry<std::uint32_t>{0x534D5343, "SMSC"},
    Entry<std::uint32_t>{0x53544D20, "STMicroelectronics"}, Entry<std::uint32_t>{0x54584E00, "Texas Instruments"},
    Entry<std::uint32_t>{0x57454300, "Winbond"},
};

using Bit = std::pair<std::uint32_t, std::string_view>;

// facts/tcg.md §1.4 TPMA_OBJECT; tpm2-tools spellings.
constexpr std::array kObjectBits = {
    Bit{0x2, "fixedtpm"},         Bit{0x4, "stclear"},          Bit{0x10, "fixedparent"},
    Bit{0x20, "sensitivedataorigin"}, Bit{0x40, "userwithauth"}, Bit{0x80, "adminwithpolicy"},
    Bit{0x100, "firmwarelimited"}, Bit{0x200, "svnlimited"},    Bit{0x400, "noda"},
    Bit{0x800, "encryptedduplication"}, Bit{0x10000, "restricted"}, Bit{0x20000, "decrypt"},
    Bit{0x40000, "sign"},
};

// facts/tcg.md §1.4 TPMA_NV (TPM_NT bits 4-7 are decoded separately); tpm2-tools spellings.
constexpr std::array kNvBits = {
    Bit{0x1, "ppwrite"},           Bit{0x2, "ownerwrite"},       Bit{0x4, "authwrite"},
    Bit{0x8, "policywrite"},       Bit{0x400, "policy_delete"},  Bit{0x800, "writelocked"},
    Bit{0x1000, "writeall"},       Bit{0x2000, "writedefine"},   Bit{0x4000, "write_stclear"},
    Bit{0x8000, "globallock"},     Bit{0x10000, "ppread"},       Bit{0x20000, "ownerread"},
    Bit{0x40000, "authread"},      Bit{0x80000, "policyread"},   Bit{0x2000000, "no_da"},
    Bit{0x4000000, "orderly"},     Bit{0x8000000, "clear_stclear"}, Bit{0x10000000, "readlocked"},
    Bit{0x20000000, "written"},    Bit{0x40000000, "platformcreate"}, Bit{0x80000000, "read_stclear"},
};

// facts/tcg.md §2 TPMA_PERMANENT / TPMA_STARTUP_CLEAR.
constexpr std::array kPermanentBits = {
    Bit{0x1, "ownerAuthSet"}, Bit{0x2, "endorsementAuthSet"}, Bit{0x4, "lockoutAuthSet"},
    Bit{0x100, "disableClear"}, Bit{0x200, "inLockout"}, Bit{0x400, "tpmGeneratedEPS"},
};
constexpr std::array kStartupBits = {
    Bit{0x1, "phEnable"}, Bit{0x2, "shEnable"}, Bit{0x4, "ehEnable"}, Bit{0x8, "phEnableNV"},
    Bit{0x80000000, "orderly"},
};

// facts/tcg.md §1.4 TPMA_ALGORITHM.
constexpr std::array kAlgorithmBits = {
    Bit{0x1, "asymmetric"}, Bit{0x2, "symmetric"}, Bit{0x4, "hash"}, Bit{0x8, "object"},
    Bit{0x100, "signing"},  Bit{0x200, "encrypting"}, Bit{0x400, "method"},
};

template <std::size_t N>
std::vector<std::string> bit_names(std::uint32_t value, const std::array<Bit, N>& table, std::uint32_t ignored = 0) {
  std::vector<std::string> out;
  for (unsigned bit = 0; bit < 32; ++bit) {
    std::uint32_t mask = 1u << bit;
    if (!(value & mask) || (ignored & mask)) continue;
    std::string_view name;
    for (const auto& [m, n] : table) {
      if (m == mask) name = n;
    }
    out.push_back(name.empty() ? "bit" + std::to_string(bit) : std::string(name));
  }
  return out;
}

}  // namespace

std::string command_name(std::uint32_t cc) {
  auto n = lookup(kCommands, cc);
  return n.empty() ? "TPM_CC " + hex32(cc) : std::string(n);
}

std::string alg_name(std::uint16_t alg) {
  auto n = lookup(kAlgs, alg);
  return n.empty() ? hex16(alg) : std::string(n);
}

std::string curve_name(std::uint16_t curve) {
  auto n = lookup(kCurves, curve);
  return n.empty() ? hex16(curve) : std::string(n);
}

std::optional<unsigned> curve_bits(std::uint16_t curve) {
  switch (curve) {
    case 0x0003: return 256;
    case 0x0004: return 384;
    case 0x0005: return 521;
    case 0x0020: return 256;
    default: return std::nullopt;
  }
}

std::string property_name(std::uint32_t pt) {
  auto n = lookup(kProperties, pt);
  return n.empty() ? "TPM_PT " + hex32(pt) : std::string(n);
}

std::optional<std::string_view> vendor_name(std::uint32_t manufacturer) {
  auto n = lookup(kVendors, manufacturer);
  if (n.empty()) return std::nullopt;
  return n;
}

std::string packed_chars(std::uint32_t value) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) {
    auto c = static_cast<char>((value >> shift) & 0xFF);
    if (c == '\0') continue;
    out.push_back(c >= 0x20 && c < 0x7F ? c : '?');
  }
  return out;
}

std::string trimmed_chars(std::uint32_t value) {
  return std::string(trim(packed_chars(value)));
}

std::vector<std::string> object_attribute_names(std::uint32_t v) { return bit_names(v, kObjectBits); }
std::vector<std::string> nv_attribute_names(std::uint32_t v) { return bit_names(v, kNvBits, 0xF0); }
std::vector<std::string> permanent_names(std::uint32_t v) { return bit_names(v, kPermanentBits); }
std::vector<std::string> startup_clear_names(std::uint32_t v) { return bit_names(v, kStartupBits); }
std::vector<std::string> algorithm_attribute_names(std::uint32_t v) { return bit_names(v, kAlgorithmBits); }

std::string nv_type_name(std::uint32_t tpma_nv) {
  // facts/tcg.md §1.4: TPM_NT mask 0xF0, shift 4 (TSS-types TPM2_NT_*).
  unsigned nt = (tpma_nv >> 4) & 0xF;
  switch (nt) {
    case 0: return "ordinary";
    case 1: return "counter";
    case 2: return "bits";
    case 4: return "extend";
    case 8: return "pin_fail";
    case 9: return "pin_pass";
    default: return "nt" + std::to_string(nt);
  }
}

}  // namespace tpmready::tpm
