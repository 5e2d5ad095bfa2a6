#include "tpm/rc.h"

#include <array>
#include <string_view>
#include <utility>

#include "util/bytes.h"

namespace tpmready::tpm {
namespace {

// Bit layout of TPM_RC, facts/tcg.md §1.5 (TSS-rc tpm2_rc_fmt0_* / tpm2_rc_fmt1_*).
constexpr std::uint32_t kFmt1 = 0x080;
constexpr std::uint32_t kVer1 = 0x100;
constexpr std::uint32_t kVendorT = 0x400;
constexpr std::uint32_t kWarnS = 0x800;
constexpr std::uint32_t kParamP = 0x040;

using Entry = std::pair<std::uint32_t, std::string_view>;

// facts/tcg.md §1.5 "Format-0 errors" and "Warnings".
constexpr std::array kFormat0 = {
    Entry{0x01E, "TPM_RC_BAD_TAG"},          Entry{0x100, "TPM_RC_INITIALIZE"},
    Entry{0x101, "TPM_RC_FAILURE"},          Entry{0x103, "TPM_RC_SEQUENCE"},
    Entry{0x120, "TPM_RC_DISABLED"},         Entry{0x125, "TPM_RC_AUTH_MISSING"},
    Entry{0x142, "TPM_RC_COMMAND_SIZE"},     Entry{0x143, "TPM_RC_COMMAND_CODE"},
    Entry{0x144, "TPM_RC_AUTHSIZE"},         Entry{0x145, "TPM_RC_AUTH_CONTEXT"},
    Entry{0x146, "TPM_RC_NV_RANGE"},         Entry{0x147, "TPM_RC_NV_SIZE"},
    Entry{0x148, "TPM_RC_NV_LOCKED"},        Entry{0x149, "TPM_RC_NV_AUTHORIZATION"},
    Entry{0x14A, "TPM_RC_NV_UNINITIALIZED"}, Entry{0x14B, "TPM_RC_NV_SPACE"},
    Entry{0x14C, "TPM_RC_NV_DEFINED"},       Entry{0x153, "TPM_RC_NEEDS_TEST"},
    Entry{0x155, "TPM_RC_SENSITIVE"},
    Entry{0x901, "TPM_RC_CONTEXT_GAP"},      Entry{0x902, "TPM_RC_OBJECT_MEMORY"},
    Entry{0x903, "TPM_RC_SESSION_MEMORY"},   Entry{0x904, "TPM_RC_MEMORY"},
    Entry{0x905, "TPM_RC_SESSION_HANDLES"},  Entry{0x906, "TPM_RC_OBJECT_HANDLES"},
    Entry{0x907, "TPM_RC_LOCALITY"},         Entry{0x908, "TPM_RC_YIELDED"},
    Entry{0x909, "TPM_RC_CANCELED"},         Entry{0x90A, "TPM_RC_TESTING"},
    Entry{0x910, "TPM_RC_REFERENCE_H0"},     Entry{0x911, "TPM_RC_REFERENCE_H1"},
    Entry{0x912, "TPM_RC_REFERENCE_H2"},     Entry{0x913, "TPM_RC_REFERENCE_H3"},
    Entry{0x914, "TPM_RC_REFERENCE_H4"},     Entry{0x915, "TPM_RC_REFERENCE_H5"},
    Entry{0x916, "TPM_RC_REFERENCE_H6"},     Entry{0x918, "TPM_RC_REFERENCE_S0"},
    Entry{0x919, "TPM_RC_REFERENCE_S1"},     Entry{0x91A, "TPM_RC_REFERENCE_S2"},
    Entry{0x91B, "TPM_RC_REFERENCE_S3"},     Entry{0x91C, "TPM_RC_REFERENCE_S4"},
    Entry{0x91D, "TPM_RC_REFERENCE_S5"},     Entry{0x91E, "TPM_RC_REFERENCE_S6"},
    Entry{0x920, "TPM_RC_NV_RATE"},          Entry{0x921, "TPM_RC_LOCKOUT"},
    Entry{0x922, "TPM_RC_RETRY"},            Entry{0x923, "TPM_RC_NV_UNAVAILABLE"},
};

// facts/tcg.md §1.5 "Format-1 errors".
constexpr std::array kFormat1 = {
    Entry{0x081, "TPM_RC_ASYMMETRIC"}, Entry{0x082, "TPM_RC_ATTRIBUTES"}, Entry{0x083, "TPM_RC_HASH"},
    Entry{0x084, "TPM_RC_VALUE"},      Entry{0x085, "TPM_RC_HIERARCHY"},  Entry{0x087, "TPM_RC_KEY_SIZE"},
    Entry{0x088, "TPM_RC_MGF"},        Entry{0x089, "TPM_RC_MODE"},       Entry{0x08A, "TPM_RC_TYPE"},
    Entry{0x08B, "TPM_RC_HANDLE"},     Entry{0x08C, "TPM_RC_KDF"},        Entry{0x08D, "TPM_RC_RANGE"},
    Entry{0x08E, "TPM_RC_AUTH_FAIL"},  Entry{0x08F, "TPM_RC_NONCE"},      Entry{0x090, "TPM_RC_PP"},
    Entry{0x092, "TPM_RC_SCHEME"},     Entry{0x095, "TPM_RC_SIZE"},       Entry{0x096, "TPM_RC_SYMMETRIC"},
    Entry{0x097, "TPM_RC_TAG"},        Entry{0x098, "TPM_RC_SELECTOR"},   Entry{0x09A, "TPM_RC_INSUFFICIENT"},
    Entry{0x09B, "TPM_RC_SIGNATURE"},  Entry{0x09C, "TPM_RC_KEY"},        Entry{0x09D, "TPM_RC_POLICY_FAIL"},
    Entry{0x09F, "TPM_RC_INTEGRITY"},  Entry{0x0A2, "TPM_RC_BAD_AUTH"},   Entry{0x0A6, "TPM_RC_CURVE"},
    Entry{0x0A7, "TPM_RC_ECC_POINT"},
};

template <std::size_t N>
std::string_view lookup(const std::array<Entry, N>& table, std::uint32_t code) {
  for (const auto& [value, name] : table) {
    if (value == code) return name;
  }
  return {};
}

std::string hex_rc(std::uint32_t v) { return "TPM_RC " + hex32(v); }

}  // namespace

bool TpmRc::is_format1() const { return layer() == 0 && (value_ & kFmt1) != 0; }
// TPM_RC_BAD_TAG (0x01E) has VER1 clear but is a TPM 2.0 name (facts/tcg.md §1.5).
bool TpmRc::is_tpm12() const {
  return layer() == 0 && !is_format1() && value_ != 0 && value_ != TPM_RC_BAD_TAG && (value_ & kVer1) == 0;
}
bool TpmRc::is_vendor() const { return layer() == 0 && !is_format1() && (value_ & kVer1) && (value_ & kVendorT); }
bool TpmRc::is_warning() const {
  return layer() == 0 && !is_format1() && (value_ & kVer1) && !(value_ & kVendorT) && (value_ & kWarnS);
}

std::uint32_t TpmRc::base() const {
  if (is_format1()) return kFmt1 | (value_ & 0x3F);
  if (layer() != 0 || is_tpm12()) return value_;
  return value_ & 0xFFF;
}

TpmRc::Subject TpmRc::subject() const {
  if (!is_format1()) return Subject::None;
  unsigned n = (value_ >> 8) & 0xF;
  if (value_ & kParamP) return Subject::Parameter;
  if (n == 0) return Subject::None;
  return (n & 0x8) ? Subject::Session : Subject::Handle;
}

unsigned TpmRc::subject_index() const {
  switch (subject()) {
    case Subject::Parameter: return (value_ >> 8) & 0xF;
    case Subject::Handle:
    case Subject::Session: return (value_ >> 8) & 0x7;
    case Subject::None: break;
  }
  return 0;
}

std::string TpmRc::name() const {
  if (value_ == 0) return "TPM_RC_SUCCESS";
  if (layer() != 0 || is_tpm12() || is_vendor()) return hex_rc(value_);
  std::string_view n = is_format1() ? lookup(kFormat1, base()) : lookup(kFormat0, base());
  return n.empty() ? hex_rc(value_) : std::string(n);
}

std::string TpmRc::describe() const {
  if (layer() != 0) return hex_rc(value_) + " (from TSS layer " + std::to_string(layer()) + ", not the TPM)";
  if (is_tpm12()) return hex_rc(value_) + " (TPM 1.2 error code: not a TPM 2.0?)";
  if (is_vendor()) return hex_rc(value_) + " (vendor-defined)";
  std::string out = name();
  switch (subject()) {
    case Subject::Handle: out += " (handle " + std::to_string(subject_index()) + ")"; break;
    case Subject::Parameter: out += " (parameter " + std::to_string(subject_index()) + ")"; break;
    case Subject::Session: out += " (session " + std::to_string(subject_index()) + ")"; break;
    case Subject::None: break;
  }
  return out;
}

bool is_retryable(std::uint32_t rc) { return rc == TPM_RC_RETRY || rc == TPM_RC_YIELDED || rc == TPM_RC_TESTING; }

}  // namespace tpmready::tpm
