#pragma once
/// The Autopilot hardware-hash CSV an admin registered a device with: Get-WindowsAutopilotInfo
/// -OutputFile, or the file imported in Intune ("Device Serial Number,Windows Product ID,Hardware
/// Hash", optional "Group Tag", "Assigned User": facts/windows.md §18). Given to `analyze` beside
/// the device's evidence, it lets the rule autopilot.hardware_hash_matches compare the serial
/// number the registration was made for with this device's.
///
/// A row keeps the serial number and Windows product ID as written, and the hardware hash only by
/// its length and SHA-256: a 4K hash is ~4 KB of base64 per device and describes the hardware, so
/// reports and bundles do not carry it. Its layout is not public; nothing here decodes it.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/result.h"

namespace tpmready {

struct HardwareHashRow {
  std::string serial;        ///< "Device Serial Number", trimmed
  std::string product_id;    ///< "Windows Product ID", trimmed (Get-WindowsAutopilotInfo leaves it empty)
  std::uint64_t hash_length = 0;  ///< characters of "Hardware Hash", trimmed (0: no hash in the row)
  std::string hash_sha256;   ///< SHA-256 of the trimmed hash text, lower-case hex; "" when no hash
  std::string source;        ///< "file:NAME:LINE"
  bool operator==(const HardwareHashRow&) const = default;
};

struct HardwareHashCsvEvidence {
  std::vector<std::string> files;     ///< the CSV inputs read, as sources name them ("AutopilotHWID.csv")
  std::vector<HardwareHashRow> rows;  ///< every device row of every file, in input order
  bool operator==(const HardwareHashCsvEvidence&) const = default;
};

class JsonReader;

void to_json(nlohmann::json& j, const HardwareHashRow& r);
void to_json(nlohmann::json& j, const HardwareHashCsvEvidence& e);
/// Every key is optional when read; a present one must have its type.
Status read_json(const JsonReader& r, HardwareHashRow& out);
Status read_json(const JsonReader& r, HardwareHashCsvEvidence& out);

}  // namespace tpmready
