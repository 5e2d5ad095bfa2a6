#pragma once
/// TBS (TPM Base Services, tbs.dll) return codes by name (facts/windows.md §7 table, TBS-RC).
/// Portable so the table is tested on every platform; the TBS calls live in *_windows.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tpmready::tpm {

// Spelled kTbs... because winerror.h defines the TBS_E_* names as macros (HRESULTs).
inline constexpr std::uint32_t kTbsSuccess = 0x0;                  // TBS_SUCCESS
inline constexpr std::uint32_t kTbsInsufficientBuffer = 0x80284005;  // TBS_E_INSUFFICIENT_BUFFER
inline constexpr std::uint32_t kTbsTpmNotFound = 0x8028400F;       // TBS_E_TPM_NOT_FOUND

struct TbsCode {
  std::uint32_t code;
  std::string_view name;     ///< "TBS_E_TPM_NOT_FOUND"
  std::string_view meaning;  ///< "no compatible TPM"
};

/// The §7 row for `code`, or nullopt for codes not in the table.
std::optional<TbsCode> find_tbs_code(std::uint32_t code);

/// "TBS_E_TPM_NOT_FOUND (0x8028400f): no compatible TPM"; unknown codes as "0x... (not a TBS code
/// tpmready knows)".
std::string tbs_error_text(std::uint32_t code);

}  // namespace tpmready::tpm
