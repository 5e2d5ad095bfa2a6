// WMI: IWbemLocator::ConnectServer(root\CIMV2\Security\MicrosoftTpm) → the Win32_Tpm instance →
// ExecMethod IsReadyInformation (out: IsReady, Information, ReturnValue), facts/windows.md §4, §4.1.
#include <windows.h>
#include <objbase.h>
#include <oleauto.h>
#include <wbemidl.h>

#include "platform/com_windows.h"
#include "util/win_text_windows.h"
#include "platform/wmi_tpm_windows.h"

namespace tpmready::platform {
namespace {

struct Variant {
  VARIANT v;
  Variant() { VariantInit(&v); }
  ~Variant() { VariantClear(&v); }
};

struct Bstr {
  BSTR b;
  explicit Bstr(const wchar_t* s) : b(SysAllocString(s)) {}
  ~Bstr() { SysFreeString(b); }
};

constexpr const wchar_t* kNamespace = L"ROOT\\CIMV2\\Security\\MicrosoftTpm";  // §4

Error wmi_error(const std::string& step, HRESULT hr) {
  std::string text = step + ": " + win::hresult_text(hr);
  if (hr == static_cast<HRESULT>(WBEM_E_INVALID_NAMESPACE))
    text += " = WBEM_E_INVALID_NAMESPACE (no Win32_Tpm provider: WinPE without WMI, or Wine)";
  return make_error(ErrorKind::Unsupported, "WMI " + text);
}

Status connect(ComPtr<IWbemServices>& services) {
  ComPtr<IWbemLocator> locator;
  HRESULT hr = CoCreateInstance(CLSID_WbemLocator, nullptr, CLSCTX_INPROC_SERVER, IID_IWbemLocator,
                                reinterpret_cast<void**>(locator.out()));
  if (FAILED(hr)) return wmi_error("CoCreateInstance(WbemLocator)", hr);
  Bstr ns(kNamespace);
  hr = locator->ConnectServer(ns.b, nullptr, nullptr, nullptr, 0, nullptr, nullptr, services.out());
  if (FAILED(hr)) return wmi_error("ConnectServer(root\\CIMV2\\Security\\MicrosoftTpm)", hr);
  CoSetProxyBlanket(services.p, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, nullptr, RPC_C_AUTHN_LEVEL_CALL,
                    RPC_C_IMP_LEVEL_IMPERSONATE, nullptr, EOAC_NONE);
  return ok_status();
}

Result<std::uint32_t> get_u32(IWbemClassObject* obj, const wchar_t* name) {
  Variant v;
  HRESULT hr = obj->Get(name, 0, &v.v, nullptr, nullptr);
  if (FAILED(hr)) return wmi_error("Get(" + win::narrow(name) + ")", hr);
  if (FAILED(VariantChangeType(&v.v, &v.v, 0, VT_UI4))) return make_error(ErrorKind::Parse, "WMI " + win::narrow(name) + " is not a number");
  return static_cast<std::uint32_t>(v.v.ulVal);
}

}  // namespace

Result<IsReadyInformation> query_is_ready_information() {
  HRESULT init = CoInitializeEx(nullptr, COINIT_APARTMENTTHREADED);
  struct Uninit {
    HRESULT hr;
    ~Uninit() {
      if (SUCCEEDED(hr)) CoUninitialize();
    }
  } uninit{init};
  ComPtr<IWbemServices> services;
  TRY(connect(services));
  ComPtr<IEnumWbemClassObject> instances;
  Bstr wql(L"WQL"), query(L"SELECT __PATH FROM Win32_Tpm");
  HRESULT hr = services->ExecQuery(wql.b, query.b, WBEM_FLAG_FORWARD_ONLY | WBEM_FLAG_RETURN_IMMEDIATELY, nullptr,
                                      instances.out());
  if (FAILED(hr)) return wmi_error("ExecQuery(Win32_Tpm)", hr);
  ComPtr<IWbemClassObject> tpm;
  ULONG got = 0;
  hr = instances->Next(10000, 1, tpm.out(), &got);
  if (FAILED(hr) || got == 0) return make_error(ErrorKind::NotFound, "WMI: no Win32_Tpm instance (no TPM visible to Windows)");
  Variant path;
  hr = tpm->Get(L"__PATH", 0, &path.v, nullptr, nullptr);
  if (FAILED(hr) || path.v.vt != VT_BSTR) return wmi_error("Get(__PATH)", hr);
  ComPtr<IWbemClassObject> out;
  Bstr method(L"IsReadyInformation");
  hr = services->ExecMethod(path.v.bstrVal, method.b, 0, nullptr, nullptr, out.out(), nullptr);
  if (FAILED(hr)) return wmi_error("Win32_Tpm.IsReadyInformation (needs an elevated prompt)", hr);
  const std::uint32_t rv = TRY(get_u32(out.p, L"ReturnValue"));
  if (rv != 0) return make_error(ErrorKind::Io, "WMI Win32_Tpm.IsReadyInformation returned " + std::to_string(rv));
  IsReadyInformation info;
  info.is_ready = TRY(get_u32(out.p, L"IsReady")) != 0;
  info.information = TRY(get_u32(out.p, L"Information"));
  return info;
}

}  // namespace tpmready::platform
