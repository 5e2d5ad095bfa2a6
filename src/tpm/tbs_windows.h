#pragma once
/// TBS (tbs.dll) loaded at run time: LoadLibraryExW(LOAD_LIBRARY_SEARCH_SYSTEM32) + GetProcAddress,
/// so the exe starts where tbs.dll is missing (shared facts/windows-build.md §3). MinGW's tbs.h
/// lacks TBS_CONTEXT_PARAMS2, TPM_DEVICE_INFO, Tbsi_GetDeviceInfo and Tbsi_Get_TCG_Log_Ex, so the
/// types are declared here from facts/windows.md §7. Windows-only header (include from *_windows.cpp).
///
/// Wine's tbs.dll answers Tbsi_Context_Create with TBS_E_TPM_NOT_FOUND and ABORTS the process on
/// every other export except Tbsi_GetDeviceInfo (windows-build.md §3): under Wine TBS counts as
/// absent (ErrorKind::Unsupported, exit 3 "undetermined"), and elsewhere nothing but context
/// creation is called until a context exists.
#include <windows.h>

#include <cstdint>
#include <memory>
#include <string>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::tpm {

// facts/windows.md §7 constants.
inline constexpr std::uint32_t TBS_CONTEXT_VERSION_TWO = 2;
inline constexpr std::uint32_t TPM_VERSION_12 = 1;
inline constexpr std::uint32_t TPM_VERSION_20 = 2;
inline constexpr std::uint32_t TBS_TCGLOG_SRTM_CURRENT = 0;
inline constexpr std::uint32_t TBS_COMMAND_LOCALITY_ZERO = 0;
inline constexpr std::uint32_t TBS_COMMAND_PRIORITY_NORMAL = 200;  // MinGW tbs.h

/// TBS_CONTEXT_PARAMS2: version, then bit-fields in one UINT32 (requestRaw bit 0, includeTpm12
/// bit 1, includeTpm20 bit 2 in declaration order, §7).
struct TbsContextParams2 {
  std::uint32_t version;
  std::uint32_t flags;
};
inline constexpr std::uint32_t kIncludeTpm20 = 1u << 2;

struct TpmDeviceInfo {
  std::uint32_t structVersion, tpmVersion, tpmInterfaceType, tpmImpRevision;
};

/// The TBS entry points this tool uses; null when tbs.dll or an export is missing.
class TbsLibrary {
 public:
  using ContextCreate = UINT32(WINAPI*)(const void* params, void** context);
  using ContextClose = UINT32(WINAPI*)(void* context);
  using SubmitCommand = UINT32(WINAPI*)(void* context, UINT32 locality, UINT32 priority, const BYTE* cmd, UINT32 len,
                                        BYTE* rsp, UINT32* rsp_len);
  using GetDeviceInfo = UINT32(WINAPI*)(UINT32 size, void* info);
  using GetTcgLogEx = UINT32(WINAPI*)(UINT32 log_type, BYTE* out, UINT32* len);

  /// The process-wide instance (loaded once). Error (Unsupported, with the `--tpm tcp:` hint) when
  /// there is no TBS: tbs.dll missing (before Windows 8) or Wine's stub.
  static Result<const TbsLibrary*> get();

  ContextCreate context_create = nullptr;
  ContextClose context_close = nullptr;
  SubmitCommand submit_command = nullptr;
  GetDeviceInfo get_device_info = nullptr;
  GetTcgLogEx get_tcg_log_ex = nullptr;
};

/// An open TBS context for TPM 2.0; closed on destruction.
class TbsContext {
 public:
  /// Tbsi_Context_Create(TBS_CONTEXT_PARAMS2{TPM_VERSION_20, includeTpm20}). TBS_E_TPM_NOT_FOUND →
  /// ErrorKind::NotFound with a `--tpm tcp:` hint; other codes → Io, named (tbs_errors.h).
  static Result<std::unique_ptr<TbsContext>> open();
  ~TbsContext();
  TbsContext(const TbsContext&) = delete;
  TbsContext& operator=(const TbsContext&) = delete;

  Result<Bytes> submit(ByteSpan command) const;
  /// Tbsi_Get_TCG_Log_Ex(TBS_TCGLOG_SRTM_CURRENT): the current boot's log (§7, §10). Bounded.
  Result<Bytes> current_log() const;

 private:
  TbsContext(const TbsLibrary& lib, void* handle) : lib_(lib), handle_(handle) {}
  const TbsLibrary& lib_;
  void* handle_;
};

}  // namespace tpmready::tpm
