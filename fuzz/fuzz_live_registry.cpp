// libFuzzer entry: live registry values (any type, any bytes, as a hostile registry could hold)
// through collect::read_live_registry → offline::apply_registry (REG_SZ decoding, DWORD/QWORD,
// EK store blobs, EKCertStore subkeys), then collect::read_live_bios → offline::apply_bios.
//
// The input is consumed key by key, in the order read_live_registry asks for keys:
//   key:   u8 header (bits 0-3: value count, bits 4-5: 2 = access denied, 3 = not found, else ok;
//          bit 6: one subkey follows), [u8 length + subkey name], values
//   value: u8 name (an index into the names tpmready looks for, else "V<n>"), u8 type,
//          u16 little-endian length, bytes
// Keys asked for after the input ends are not found. Values are named after the real ones so the
// decoding of each fact is reached; lengths up to 64 KiB let whole EK certificates through.
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "collect/windows/live_registry.h"

namespace {

// The value names apply_registry reads (src/collect/offline/windows_facts.cpp), "" (the
// default value) and the EK store's "Blob".
constexpr std::array<const char*, 24> kNames = {
    "Blob", "", "EkCertificatePresent", "EccEkCertificatePresent", "MaintenanceTaskComplete",
    "OwnerAuthEndorsementPresent", "PCR7BindingState", "TpmProvisionFailedSteps", "TpmProvisionHresult",
    "SetupDisplayedEula", "WBCL", "TaskReadyForAttestation", "TaskReadyForStorage", "TaskInformationFlags",
    "TaskManufacturerId", "TaskFirmwareVersion", "AIKEnrollmentErrorCode", "FirmwareVersionAtLastProvision",
    "SRKPub", "ErrorCode", "ekcertificatepresent", "SETUPDISPLAYEDEULA", "SystemManufacturer", "SystemProductName"};

struct FuzzReader : tpmready::platform::RegistryReader {
  const std::uint8_t* data;
  std::size_t size;
  std::size_t at = 0;

  FuzzReader(const std::uint8_t* d, std::size_t n) : data(d), size(n) {}

  std::size_t take(std::size_t n) {  // how many of the next n bytes exist
    const std::size_t got = n < size - at ? n : size - at;
    at += got;
    return got;
  }
  bool byte(std::uint8_t& b) {
    if (at >= size) return false;
    b = data[at++];
    return true;
  }

  tpmready::platform::RegistryKey read_key(const std::string&) override {
    using tpmready::platform::KeyStatus;
    tpmready::platform::RegistryKey key;
    std::uint8_t header = 0;
    if (!byte(header)) return key;  // NotFound
    const int status = (header >> 4) & 3;
    key.status = status == 2 ? KeyStatus::AccessDenied : status == 3 ? KeyStatus::NotFound : KeyStatus::Ok;
    if (key.status != KeyStatus::Ok) key.error = "fuzzed status";
    std::uint8_t len = 0;
    if ((header & 0x40) && byte(len)) {
      const std::size_t from = at;
      key.subkeys.emplace_back(reinterpret_cast<const char*>(data + from), take(len));
    }
    for (int n = 0; n < (header & 0x0f); ++n) {
      std::uint8_t name = 0, type = 0, lo = 0, hi = 0;
      if (!byte(name) || !byte(type) || !byte(lo) || !byte(hi)) break;
      const std::size_t from = at;
      const std::size_t got = take(static_cast<std::size_t>(lo) | static_cast<std::size_t>(hi) << 8);
      key.values.push_back({name < kNames.size() ? kNames[name] : "V" + std::to_string(name), type,
                            tpmready::Bytes(data + from, data + from + got)});
    }
    return key;
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  FuzzReader reader(data, size);
  std::vector<std::string> notes;
  (void)tpmready::collect::read_live_registry(reader, notes);
  (void)tpmready::collect::read_live_bios(reader, notes);  // the BIOS key, from the bytes left
  return 0;
}
