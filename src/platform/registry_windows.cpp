// Win32 registry reader for live_registry.h: HKLM, always the 64-bit view (KEY_WOW64_64KEY), so a
// 32-bit host process cannot be redirected to WOW6432Node.
#include <windows.h>

#include "platform/registry.h"
#include "platform/registry_windows.h"
#include "util/win_text_windows.h"
#include "util/file.h"

namespace tpmready::platform {
namespace {

// Bounds against a hostile or corrupt key: a WBCL log is at most a few MiB on real machines.
// TPMREADY_MAX_INPUT_BYTES / TPMREADY_MAX_INPUT_COUNT replace them (util/file.h).
DWORD clamp_dword(std::size_t v) { return v > 0xFFFFFFFFu ? 0xFFFFFFFFu : static_cast<DWORD>(v); }
const DWORD kMaxValueBytes = clamp_dword(input_limit(64u << 20));
const DWORD kMaxEntries = clamp_dword(input_count_limit(4096));

struct KeyHandle {
  HKEY h = nullptr;
  ~KeyHandle() {
    if (h) RegCloseKey(h);
  }
};

RegistryKey failed(LONG rc) {
  RegistryKey k;
  k.status = rc == ERROR_FILE_NOT_FOUND || rc == ERROR_PATH_NOT_FOUND ? KeyStatus::NotFound
             : rc == ERROR_ACCESS_DENIED                              ? KeyStatus::AccessDenied
                                                                      : KeyStatus::Failed;
  k.error = win::win32_error_text(static_cast<unsigned long>(rc));
  return k;
}

bool read_values(HKEY h, DWORD count, DWORD max_name, DWORD max_data, RegistryKey& out) {
  std::wstring name(max_name + 1, L'\0');
  Bytes data(max_data);
  for (DWORD i = 0; i < count && i < kMaxEntries; ++i) {
    DWORD name_len = max_name + 1, type = 0, data_len = max_data;
    LONG rc = RegEnumValueW(h, i, name.data(), &name_len, nullptr, &type, data.data(), &data_len);
    if (rc == ERROR_NO_MORE_ITEMS) break;
    if (rc != ERROR_SUCCESS) {
      out.error = "value " + std::to_string(i) + ": " + win::win32_error_text(static_cast<unsigned long>(rc));
      return false;
    }
    out.values.push_back(RegistryValue{win::narrow(name.data(), name_len), type, Bytes(data.begin(), data.begin() + data_len)});
  }
  return true;
}

void read_subkeys(HKEY h, DWORD count, DWORD max_name, RegistryKey& out) {
  std::wstring name(max_name + 1, L'\0');
  for (DWORD i = 0; i < count && i < kMaxEntries; ++i) {
    DWORD len = max_name + 1;
    if (RegEnumKeyExW(h, i, name.data(), &len, nullptr, nullptr, nullptr, nullptr) != ERROR_SUCCESS) break;
    out.subkeys.push_back(win::narrow(name.data(), len));
  }
}

class Win32RegistryReader final : public RegistryReader {
 public:
  RegistryKey read_key(const std::string& path) override {
    KeyHandle key;
    LONG rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, win::widen(path).c_str(), 0, KEY_READ | KEY_WOW64_64KEY, &key.h);
    if (rc != ERROR_SUCCESS) return failed(rc);
    DWORD subkeys = 0, max_subkey = 0, values = 0, max_name = 0, max_data = 0;
    rc = RegQueryInfoKeyW(key.h, nullptr, nullptr, nullptr, &subkeys, &max_subkey, nullptr, &values, &max_name,
                          &max_data, nullptr, nullptr);
    if (rc != ERROR_SUCCESS) return failed(rc);
    RegistryKey out;
    if (max_data > kMaxValueBytes) {
      out.status = KeyStatus::Failed;
      out.error = "a value claims " + std::to_string(max_data) + " bytes, over the " + std::to_string(kMaxValueBytes) +
                  " limit";
      return out;
    }
    out.status = KeyStatus::Ok;
    if (!read_values(key.h, values, max_name, max_data, out)) out.status = KeyStatus::Failed;
    read_subkeys(key.h, subkeys, max_subkey, out);
    return out;
  }
};

}  // namespace

std::unique_ptr<RegistryReader> make_registry_reader() { return std::make_unique<Win32RegistryReader>(); }

Status set_dword(const std::string& path, const std::string& name, std::uint32_t value) {
  HKEY h = nullptr;
  LONG rc = RegCreateKeyExW(HKEY_LOCAL_MACHINE, win::widen(path).c_str(), 0, nullptr, 0, KEY_SET_VALUE | KEY_WOW64_64KEY,
                            nullptr, &h, nullptr);
  if (rc != ERROR_SUCCESS) {
    return make_error(ErrorKind::Io, "open HKLM\\" + path + " for writing: " + win::win32_error_text(static_cast<unsigned long>(rc)));
  }
  DWORD data = value;
  rc = RegSetValueExW(h, win::widen(name).c_str(), 0, REG_DWORD, reinterpret_cast<const BYTE*>(&data), sizeof data);
  RegCloseKey(h);
  if (rc != ERROR_SUCCESS) {
    return make_error(ErrorKind::Io, "set HKLM\\" + path + " " + name + ": " + win::win32_error_text(static_cast<unsigned long>(rc)));
  }
  return ok_status();
}

}  // namespace tpmready::platform
