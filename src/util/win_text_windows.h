#pragma once
/// UTF-8 ↔ UTF-16 for Win32 "W" calls, and Win32/HRESULT error text. Windows-only header.
#include <windows.h>

#include <string>

namespace tpmready::win {

std::wstring widen(const std::string& utf8);
std::string narrow(const std::wstring& wide);
std::string narrow(const wchar_t* wide, std::size_t n);
/// "access denied (Win32 error 5)" style text for a Win32 error or HRESULT.
std::string win32_error_text(unsigned long code);
std::string hresult_text(long hr);

}  // namespace tpmready::win
