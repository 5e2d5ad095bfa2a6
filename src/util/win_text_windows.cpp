#include "util/win_text_windows.h"

#include "util/bytes.h"

namespace tpmready::win {

std::wstring widen(const std::string& utf8) {
  if (utf8.empty()) return {};
  int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring out(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), out.data(), n);
  return out;
}

std::string narrow(const wchar_t* wide, std::size_t len) {
  if (len == 0) return {};
  int n = WideCharToMultiByte(CP_UTF8, 0, wide, static_cast<int>(len), nullptr, 0, nullptr, nullptr);
  std::string out(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, wide, static_cast<int>(len), out.data(), n, nullptr, nullptr);
  return out;
}

std::string narrow(const std::wstring& wide) { return narrow(wide.data(), wide.size()); }

namespace {

std::string system_message(unsigned long code) {
  wchar_t* text = nullptr;
  DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS,
                           nullptr, code, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string msg = n ? narrow(text, n) : std::string();
  if (text) LocalFree(text);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == '\r' || msg.back() == ' ' || msg.back() == '.')) msg.pop_back();
  return msg;
}

}  // namespace

std::string win32_error_text(unsigned long code) {
  const std::string msg = system_message(code);
  const std::string number = "error " + std::to_string(code);
  return msg.empty() ? number : msg + " (" + number + ")";
}

std::string hresult_text(long hr) {
  const auto code = static_cast<std::uint32_t>(hr);
  const std::string msg = system_message(code);
  return msg.empty() ? "HRESULT " + hex32(code) : msg + " (" + hex32(code) + ")";
}

}  // namespace tpmready::win
