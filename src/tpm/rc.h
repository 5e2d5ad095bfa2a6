#pragma once
/// TPM response codes (TPM_RC): decoding of format-0, format-1, warning, vendor and TPM 1.2
/// codes into spec names and short descriptions. Decoding rules: facts/tcg.md §1.5 (TSS-rc).
#include <cstdint>
#include <string>

namespace tpmready::tpm {

class TpmRc {
 public:
  enum class Subject { None, Handle, Parameter, Session };

  explicit TpmRc(std::uint32_t value) : value_(value) {}

  std::uint32_t value() const { return value_; }
  bool is_success() const { return value_ == 0; }
  /// Non-zero bits 16-23: the code came from a TSS layer (e.g. a resource manager), not the TPM.
  unsigned layer() const { return (value_ >> 16) & 0xFF; }
  bool is_format1() const;
  bool is_warning() const;
  bool is_vendor() const;
  bool is_tpm12() const;
  /// The TPM_RC_* constant without handle/parameter/session numbering (0x18B → 0x08B).
  std::uint32_t base() const;
  Subject subject() const;
  /// 1..15 for parameters, 1..7 for handles and sessions; 0 when the code names none.
  unsigned subject_index() const;

  /// Spec name ("TPM_RC_HANDLE"), or "TPM_RC 0x0000017f" for codes we have no name for.
  std::string name() const;
  /// Name plus what it refers to: "TPM_RC_HANDLE (handle 1)", "TPM_RC_VALUE (parameter 1)",
  /// "TPM_RC_AUTH_FAIL (session 1)"; vendor and TPM 1.2 codes say so with the hex value.
  std::string describe() const;

 private:
  std::uint32_t value_;
};

// Values from facts/tcg.md §1.5 (TSS-types) that code branches on.
inline constexpr std::uint32_t TPM_RC_SUCCESS = 0x000;
inline constexpr std::uint32_t TPM_RC_BAD_TAG = 0x01E;
inline constexpr std::uint32_t TPM_RC_INITIALIZE = 0x100;
inline constexpr std::uint32_t TPM_RC_FAILURE = 0x101;  ///< failure mode (Part 3 §10.4)
inline constexpr std::uint32_t TPM_RC_HANDLE = 0x08B;
inline constexpr std::uint32_t TPM_RC_YIELDED = 0x908;
inline constexpr std::uint32_t TPM_RC_TESTING = 0x90A;
inline constexpr std::uint32_t TPM_RC_LOCKOUT = 0x921;
inline constexpr std::uint32_t TPM_RC_RETRY = 0x922;

/// TPM_RC_RETRY, TPM_RC_YIELDED, TPM_RC_TESTING: the command may succeed when re-sent
/// (the codes tpm2-tss ESYS re-sends on; facts/tcg.md §1.5 "Retry policy").
bool is_retryable(std::uint32_t rc);

}  // namespace tpmready::tpm
