#include "evidence/tpm_identity.h"

#include "evidence/evidence.h"
#include "util/text.h"

namespace tpmready {

std::string FirmwareVersion::text() const {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? "." : "") + std::to_string(parts[i]);
  return out;
}

std::optional<FirmwareVersion> parse_firmware_version(std::string_view text) {
  text = trim(text);
  FirmwareVersion v;
  std::uint64_t part = 0;
  bool digits = false;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      if (!digits || v.parts.size() == 4) return std::nullopt;
      v.parts.push_back(static_cast<std::uint32_t>(part));
      part = 0;
      digits = false;
      continue;
    }
    const char c = text[i];
    if (c < '0' || c > '9') return std::nullopt;
    part = part * 10 + static_cast<std::uint64_t>(c - '0');
    if (part > 0xFFFFFFFFull) return std::nullopt;
    digits = true;
  }
  if (v.parts.size() < 2) return std::nullopt;
  return v;
}

FirmwareVersion firmware_version_from_words(std::uint32_t fw1, std::uint32_t fw2) {
  return FirmwareVersion{{fw1 >> 16, fw1 & 0xFFFFu, fw2 >> 16, fw2 & 0xFFFFu}};
}

namespace {

TpmFirmwareIdentity from_strings(const Fact<std::string>& manufacturer, const Fact<std::string>& version) {
  TpmFirmwareIdentity id;
  id.manufacturer = manufacturer;
  id.version_text = version;
  if (version.value) id.version = parse_firmware_version(*version.value);
  return id;
}

bool complete(const TpmFirmwareIdentity& id) { return id.manufacturer.value && id.version_text.value; }

/// The TPM's model string: the TPM's own vendor string, else Get-Tpm's ManufacturerVersionInfo.
Fact<std::string> model_of(const Evidence& e) {
  if (e.tpm && !e.tpm->vendor_string.empty())
    return Fact<std::string>::known(e.tpm->vendor_string,
                                    "tpm:" + e.tpm_access.source + " GetCapability TPM_PT_VENDOR_STRING_1..4");
  if (e.windows && e.windows->get_tpm.manufacturer_version_info.value &&
      !trim(*e.windows->get_tpm.manufacturer_version_info.value).empty())
    return e.windows->get_tpm.manufacturer_version_info;
  return Fact<std::string>::unknown("no input names the TPM model (the TPM's vendor string, Get-Tpm "
                                    "ManufacturerVersionInfo)");
}

}  // namespace

TpmFirmwareIdentity tpm_firmware_identity(const Evidence& e) {
  std::vector<TpmFirmwareIdentity> found;
  if (e.tpm) {
    const std::string src = "tpm:" + e.tpm_access.source + " GetCapability ";
    TpmFirmwareIdentity id;
    id.manufacturer = e.tpm->manufacturer.empty()
                          ? Fact<std::string>::unknown("the TPM reports no manufacturer", src + "TPM_PT_MANUFACTURER")
                          : Fact<std::string>::known(e.tpm->manufacturer, src + "TPM_PT_MANUFACTURER");
    const FirmwareVersion v = firmware_version_from_words(e.tpm->firmware_version_1, e.tpm->firmware_version_2);
    id.version_text = Fact<std::string>::known(v.text(), src + "TPM_PT_FIRMWARE_VERSION_1/2");
    id.version = v;
    found.push_back(std::move(id));
  }
  if (e.windows) {
    const TpmtoolEvidence& t = e.windows->tpmtool;
    found.push_back(from_strings(t.manufacturer_id, t.manufacturer_version));
    const GetTpmEvidence& g = e.windows->get_tpm;
    found.push_back(from_strings(g.manufacturer_id_txt, g.manufacturer_version_full20.value
                                                            ? g.manufacturer_version_full20
                                                            : g.manufacturer_version));
  }
  TpmFirmwareIdentity out;
  out.manufacturer = Fact<std::string>::unknown("no input names the TPM manufacturer (tpmtool, Get-Tpm or the TPM)");
  out.version_text = Fact<std::string>::unknown("no input gives the TPM firmware version (tpmtool, Get-Tpm or the TPM)");
  bool chosen = false;
  for (auto& id : found) {
    if (complete(id)) {
      out = std::move(id);
      chosen = true;
      break;
    }
  }
  if (!chosen) {
    for (auto& id : found) {
      if (id.manufacturer.value) {
        out.manufacturer = id.manufacturer;
        if (id.version_text.unknown_reason) out.version_text = id.version_text;
        break;
      }
    }
  }
  out.model = model_of(e);
  return out;
}

}  // namespace tpmready
