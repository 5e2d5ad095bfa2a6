#pragma once
/// The TPM's maker, model and firmware version, from whichever source the evidence has: the TPM
/// itself (TPM_PT_MANUFACTURER, TPM_PT_VENDOR_STRING_*, TPM_PT_FIRMWARE_VERSION_1/2), tpmtool
/// getdeviceinformation, or Get-Tpm. One path for the rules that judge the firmware, so they
/// cannot disagree about which version the device runs.
///
/// Version formats (docs/facts/windows.md §3.2, tcg.md §2): the TPM gives two 32-bit words;
/// Windows shows them as "a.b.c.d" = FW1>>16 . FW1&0xFFFF . FW2>>16 . FW2&0xFFFF (tpm.msc,
/// tpmtool, Get-Tpm ManufacturerVersionFull20); Get-Tpm ManufacturerVersion is the same text on
/// most TPMs, but Infineon's own four-part form on some ("5.63.3353.0" beside Full20
/// "5.63.13.6400"), and "major.minor" on a TPM 1.2 ("4.43"). The first two parts are FW1 in every
/// form; which form a later part comes from is kept in `FirmwareVersion::text_form`.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/fact.h"

namespace tpmready {

struct Evidence;

/// A TPM firmware version as dotted parts, normalised from any source.
struct FirmwareVersion {
  std::vector<std::uint32_t> parts;  ///< 2 to 4 parts: major, minor[, build parts]
  /// "3.87.0.5"
  std::string text() const;
  bool operator==(const FirmwareVersion&) const = default;
};

/// "3.87.0.5", "15.22", " 7.40.2098.0 " (spaces around it, as pastes have them): 2 to 4 decimal
/// parts, each within 32 bits. Nothing else: no letters, no empty parts.
std::optional<FirmwareVersion> parse_firmware_version(std::string_view text);
/// The two TPM_PT_FIRMWARE_VERSION words as Windows shows them: FW1>>16 . FW1&0xFFFF . FW2>>16 .
/// FW2&0xFFFF (facts/tcg.md §2, confirmed by tpm.msc and tpmtool, windows.md §8).
FirmwareVersion firmware_version_from_words(std::uint32_t fw1, std::uint32_t fw2);

/// The identity the firmware rules judge. `manufacturer` is the four-letter TPM manufacturer ID
/// as every source spells it ("AMD", "IFX", "INTC", "MSFT"); `version` is unknown when no source
/// gives one or its text is not a version. `model` is the TPM's model string when a source names
/// it (TPM_PT_VENDOR_STRING_*, Get-Tpm ManufacturerVersionInfo: "SLB9670").
struct TpmFirmwareIdentity {
  Fact<std::string> manufacturer;
  Fact<std::string> version_text;           ///< the version as the source wrote it
  std::optional<FirmwareVersion> version;   ///< parsed; empty when version_text is unknown or not a version
  Fact<std::string> model;
};

/// The first source with both the manufacturer and the version wins, in this order: the TPM read
/// live (or in a bundle), tpmtool, Get-Tpm (ManufacturerVersionFull20 on a TPM 2.0, else
/// ManufacturerVersion). Without such a source, what the first source naming the manufacturer says.
TpmFirmwareIdentity tpm_firmware_identity(const Evidence& e);

}  // namespace tpmready
