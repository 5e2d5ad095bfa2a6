// TBS loaded at run time; see tbs_windows.h for why nothing but Tbsi_Context_Create is called
// before a context exists.
#include "tpm/mssim.h"
#include "tpm/tbs_errors.h"
#include "tpm/tbs_windows.h"

namespace tpmready::tpm {
namespace {

// A TCG log is a few hundred KiB on real machines; refuse absurd sizes before allocating.
constexpr std::uint32_t kMaxTcgLogBytes = 64u << 20;

template <typename F>
F symbol(HMODULE dll, const char* name) {
  return reinterpret_cast<F>(reinterpret_cast<void*>(GetProcAddress(dll, name)));
}

/// Wine's ntdll exports wine_get_version; its tbs.dll is a stub with no TPM behind it (shared
/// facts/windows-build.md §3), i.e. there is no TBS to talk to.
bool running_under_wine() {
  HMODULE ntdll = GetModuleHandleW(L"ntdll.dll");
  return ntdll != nullptr && GetProcAddress(ntdll, "wine_get_version") != nullptr;
}

Error tbs_error(std::uint32_t rc, const std::string& call) {
  return make_error(ErrorKind::Io, call + " failed: " + tbs_error_text(rc));
}

}  // namespace

Result<const TbsLibrary*> TbsLibrary::get() {
  static const Result<const TbsLibrary*> loaded = []() -> Result<const TbsLibrary*> {
    const std::string hint = ": use --tpm tcp:HOST:PORT for a software TPM";
    if (running_under_wine()) return make_error(ErrorKind::Unsupported, "no TBS under Wine (its tbs.dll is a stub)" + hint);
    HMODULE dll = LoadLibraryExW(L"tbs.dll", nullptr, LOAD_LIBRARY_SEARCH_SYSTEM32);
    if (dll == nullptr) {
      // Unsupported, not NotFound: no TBS says nothing about whether the machine has a TPM.
      return make_error(ErrorKind::Unsupported, "tbs.dll not found (TPM Base Services need Windows 8 or later, error " +
                                                    std::to_string(GetLastError()) + ")" + hint);
    }
    static TbsLibrary lib;
    lib.context_create = symbol<ContextCreate>(dll, "Tbsi_Context_Create");
    lib.context_close = symbol<ContextClose>(dll, "Tbsip_Context_Close");
    lib.submit_command = symbol<SubmitCommand>(dll, "Tbsip_Submit_Command");
    lib.get_device_info = symbol<GetDeviceInfo>(dll, "Tbsi_GetDeviceInfo");
    lib.get_tcg_log_ex = symbol<GetTcgLogEx>(dll, "Tbsi_Get_TCG_Log_Ex");
    if (!lib.context_create || !lib.context_close || !lib.submit_command) {
      return make_error(ErrorKind::Unsupported, "tbs.dll lacks Tbsi_Context_Create/Tbsip_Submit_Command" + hint);
    }
    return &lib;
  }();
  return loaded;
}

Result<std::unique_ptr<TbsContext>> TbsContext::open() {
  const TbsLibrary* lib = TRY(TbsLibrary::get());
  TbsContextParams2 params{TBS_CONTEXT_VERSION_TWO, kIncludeTpm20};  // §7: TPM 2.0 only
  void* handle = nullptr;
  const std::uint32_t rc = lib->context_create(&params, &handle);
  if (rc == kTbsTpmNotFound) {
    // Tbsi_GetDeviceInfo needs no context: it tells a TPM 1.2 from no TPM at all (§7).
    TpmDeviceInfo info{};
    std::string seen = "no TPM";
    if (lib->get_device_info && lib->get_device_info(sizeof info, &info) == kTbsSuccess && info.tpmVersion == TPM_VERSION_12)
      seen = "a TPM 1.2 (Autopilot attestation needs TPM 2.0)";
    return make_error(ErrorKind::NotFound, "TBS sees " + seen + ": " + tbs_error_text(rc) +
                                               " (enable the TPM in firmware; to read a software TPM use --tpm tcp:HOST:PORT)");
  }
  if (rc != kTbsSuccess || handle == nullptr) return tbs_error(rc, "Tbsi_Context_Create");
  return std::unique_ptr<TbsContext>(new TbsContext(*lib, handle));
}

TbsContext::~TbsContext() { lib_.context_close(handle_); }

Result<Bytes> TbsContext::submit(ByteSpan command) const {
  Bytes response(kMaxTpmResponse);
  UINT32 len = static_cast<UINT32>(response.size());
  const std::uint32_t rc = lib_.submit_command(handle_, TBS_COMMAND_LOCALITY_ZERO, TBS_COMMAND_PRIORITY_NORMAL,
                                               command.data(), static_cast<UINT32>(command.size()), response.data(), &len);
  if (rc != kTbsSuccess) return tbs_error(rc, "Tbsip_Submit_Command");
  if (len > response.size()) return make_error(ErrorKind::Io, "Tbsip_Submit_Command returned a length beyond the buffer");
  response.resize(len);
  return response;
}

Result<Bytes> TbsContext::current_log() const {
  if (!lib_.get_tcg_log_ex) return make_error(ErrorKind::Unsupported, "tbs.dll has no Tbsi_Get_TCG_Log_Ex (before Windows 10)");
  UINT32 len = 0;
  std::uint32_t rc = lib_.get_tcg_log_ex(TBS_TCGLOG_SRTM_CURRENT, nullptr, &len);  // size query (§7)
  if (rc != kTbsSuccess && rc != kTbsInsufficientBuffer) return tbs_error(rc, "Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT)");
  if (len == 0) return make_error(ErrorKind::NotFound, "Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT): empty log");
  if (len > kMaxTcgLogBytes) {
    return make_error(ErrorKind::Limit, "Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT) claims " + std::to_string(len) +
                                            " bytes, over the " + std::to_string(kMaxTcgLogBytes) + " limit");
  }
  Bytes log(len);
  rc = lib_.get_tcg_log_ex(TBS_TCGLOG_SRTM_CURRENT, log.data(), &len);
  if (rc != kTbsSuccess) return tbs_error(rc, "Tbsi_Get_TCG_Log_Ex(SRTM_CURRENT)");
  log.resize(std::min<std::size_t>(len, log.size()));
  return log;
}

}  // namespace tpmready::tpm
