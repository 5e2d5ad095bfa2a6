// tpm.firmware_not_vulnerable: Windows' own answer when given (tpmtool), else the known-vulnerable
// ranges shipped in data/vulnerable_firmware.json.
#include <cstdio>
#include <nlohmann/json.hpp>

#include "data/embedded.h"
#include "rules/check_util.h"
#include "rules/checks.h"

namespace tpmready::rules {
namespace {

struct Match {
  std::string issue, fix, source;
};

/// "major.minor..." from the TPM's firmware version string (FW1>>16 . FW1&0xFFFF ...).
std::optional<std::pair<unsigned, unsigned>> major_minor(const std::string& version) {
  unsigned major = 0, minor = 0;
  if (std::sscanf(version.c_str(), "%u.%u", &major, &minor) != 2) return std::nullopt;
  return std::make_pair(major, minor);
}

/// The compiled-in table, parsed once (it is constant; parsing it per evaluation was ~4% of fleet
/// ingest CPU). Discarded (unusable) when missing or not JSON.
const nlohmann::json& vulnerable_table() {
  static const nlohmann::json table = [] {
    auto raw = data::file("vulnerable_firmware.json");
    return raw ? nlohmann::json::parse(*raw, nullptr, false) : nlohmann::json(nlohmann::json::value_t::discarded);
  }();
  return table;
}

std::optional<Match> vulnerable_range(const std::string& manufacturer, const std::string& version) {
  const auto& j = vulnerable_table();
  auto mm = major_minor(version);
  if (j.is_discarded() || !mm || !j.contains("ranges")) return std::nullopt;
  for (const auto& row : j.at("ranges")) {
    if (row.value("manufacturer", "") != manufacturer) continue;
    auto majors = row.value("majors", nlohmann::json::object());
    auto key = std::to_string(mm->first);
    if (!majors.contains(key)) continue;
    for (const auto& range : majors.at(key)) {
      if (mm->second >= range[0].get<unsigned>() && mm->second <= range[1].get<unsigned>())
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
  std::string manufacturer, version, source;
  if (e.tpm) {
    manufacturer = e.tpm->manufacturer;
    version = e.tpm->firmware_version;
    source = "tpm:" + e.tpm_access.source + " GetCapability TPM_PT_FIRMWARE_VERSION_1/2";
  } else if (e.windows && e.windows->tpmtool.manufacturer_version.value && e.windows->tpmtool.manufacturer_id.value) {
    manufacturer = *e.windows->tpmtool.manufacturer_id.value;
    version = *e.windows->tpmtool.manufacturer_version.value;
    source = e.windows->tpmtool.manufacturer_version.source;
  } else if (const GetTpmEvidence* g = e.windows ? &e.windows->get_tpm : nullptr; g && g->manufacturer_id_txt.value) {
    // Get-Tpm (facts/windows.md §4.2): ManufacturerVersionFull20 on a TPM 2.0, ManufacturerVersion
    // (major.minor) on a TPM 1.2, where Full20 says "Not Supported for TPM 1.2".
    const auto& v = g->manufacturer_version_full20.value ? g->manufacturer_version_full20 : g->manufacturer_version;
    if (v.value) {
      manufacturer = *g->manufacturer_id_txt.value;
      version = *v.value;
      source = v.source;
    }
  }
  if (version.empty()) {
    if (e.windows && e.windows->tpmtool.ready_for_attestation.value && *e.windows->tpmtool.ready_for_attestation.value) {
      const auto& rfa = e.windows->tpmtool.ready_for_attestation;
      add_evidence(f, rfa.source, "Ready For Attestation", "True",
                   "IsReadyForAttestation fails on vulnerable TPM firmware");
      return conclude(std::move(f), Status::Pass, "Implied by Ready For Attestation: True.");
    }
    return conclude(std::move(f), Status::Unknown, "The TPM firmware version is not in the evidence.");
  }
  add_evidence(f, source, "manufacturer, firmware", manufacturer + " " + version);
  if (auto m = vulnerable_range(manufacturer, version)) {
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
