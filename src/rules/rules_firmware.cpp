// tpm.firmware_not_vulnerable: Windows' own answer when given (tpmtool), else the known-vulnerable
// ranges shipped in data/vulnerable_firmware.json.
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "evidence/tpm_identity.h"
#include "rules/check_util.h"
#include "rules/checks.h"

namespace tpmready::rules {
namespace {

struct Match {
  std::string issue, fix, source;
};

/// The compiled-in table, parsed once (it is constant; parsing it per evaluation was ~4% of fleet
/// ingest CPU). Discarded (unusable) when missing or not JSON.
const nlohmann::json& vulnerable_table() {
  static const nlohmann::json table = [] {
    auto raw = data::file("vulnerable_firmware.json");
    return raw ? nlohmann::json::parse(*raw, nullptr, false) : nlohmann::json(nlohmann::json::value_t::discarded);
  }();
  return table;
}

std::optional<Match> vulnerable_range(const std::string& manufacturer, const FirmwareVersion& version) {
  const auto& j = vulnerable_table();
  if (j.is_discarded() || !j.contains("ranges")) return std::nullopt;
  const std::uint32_t major = version.parts[0], minor = version.parts[1];  // FW1 in every form
  for (const auto& row : j.at("ranges")) {
    if (row.value("manufacturer", "") != manufacturer) continue;
    auto majors = row.value("majors", nlohmann::json::object());
    auto key = std::to_string(major);
    if (!majors.contains(key)) continue;
    for (const auto& range : majors.at(key)) {
      if (minor >= range[0].get<unsigned>() && minor <= range[1].get<unsigned>())
        return Match{row.value("issue", ""), row.value("fix", ""), row.value("source", "")};
    }
  }
  return std::nullopt;
}

}  // namespace

Finding check_tpm_firmware_not_vulnerable(Finding f, const Evidence& e, [[maybe_unused]] const RuleContext& ctx) {
  if (e.windows && e.windows->tpmtool.has_vulnerable_firmware.value) {
    const auto& v = e.windows->tpmtool.has_vulnerable_firmware;
    add_evidence(f, v.source, "TPM Has Vulnerable Firmware", *v.value ? "True" : "False");
    return conclude(std::move(f), *v.value ? Status::Fail : Status::Pass,
                    *v.value ? "Windows reports vulnerable TPM firmware: attestation fails with 0x81039024."
                             : "Windows reports no vulnerable TPM firmware.");
  }
  // The one path to the TPM's maker and firmware (evidence/tpm_identity.h): the TPM, tpmtool or
  // Get-Tpm (ManufacturerVersionFull20 on a TPM 2.0, ManufacturerVersion on a TPM 1.2).
  const TpmFirmwareIdentity id = tpm_firmware_identity(e);
  if (!id.manufacturer.value || !id.version) {
    if (e.windows && e.windows->tpmtool.ready_for_attestation.value && *e.windows->tpmtool.ready_for_attestation.value) {
      const auto& rfa = e.windows->tpmtool.ready_for_attestation;
      add_evidence(f, rfa.source, "Ready For Attestation", "True",
                   "IsReadyForAttestation fails on vulnerable TPM firmware");
      return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
    }
    return conclude(std::move(f), Status::Unknown, "The TPM firmware version is not in the evidence.");
  }
  const std::string& manufacturer = *id.manufacturer.value;
  const std::string& version = *id.version_text.value;
  const std::string& source = id.version_text.source;
  add_evidence(f, source, "manufacturer, firmware", manufacturer + " " + version);
  if (auto m = vulnerable_range(manufacturer, *id.version)) {
    f.fix.text = m->fix;
    f.reference = m->source;
    return conclude(std::move(f), Status::Fail, manufacturer + " firmware " + version + " is in a known-vulnerable range (" +
                                                     m->issue + "): attestation fails with 0x81039024.");
  }
  return conclude(std::move(f), Status::Pass,
                  "Firmware " + version + " is in no known-vulnerable range tpmready ships (Windows' own check, tpmtool, "
                  "covers more: run it on the device to be sure).");
}

}  // namespace tpmready::rules
