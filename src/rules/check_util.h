#pragma once
/// Helpers for the rule check functions: concluding a finding, evidence references from Facts,
/// and the small predicates several rules share.
#include <string>

#include "evidence/evidence.h"
#include "evidence/fact.h"
#include "rules/finding.h"

namespace tpmready::rules {

/// Sets status and summary; returns the finding for chaining in `return`.
Finding&& conclude(Finding&& f, Status status, std::string summary);

void add_evidence(Finding& f, std::string source, std::string fact, std::string value,
                  std::optional<std::string> implied_by = std::nullopt);

/// True when no Windows-side evidence exists at all: Windows rules are then not_applicable.
bool tpm_only(const Evidence& e);

/// Registry value helpers (WindowsEvidence's RegValueFact).
bool reg_present(const RegValueFact& v);
std::optional<std::uint64_t> reg_number(const RegValueFact& v);
std::string reg_text(const RegValueFact& v);     ///< "absent", "1", "REG_BINARY (412 bytes)", "not in the inputs"

/// tpmtool listed this INFORMATION_* flag.
bool tpmtool_flag(const Evidence& e, std::string_view name);
/// tpmtool's information flags are in the evidence and do NOT include this one: Windows checked
/// the requirement the flag stands for and found nothing wrong (facts/windows.md §4.1, §8).
bool tpmtool_flags_exclude(const Evidence& e, std::string_view name);

/// The TPM's manufacturer ID as text ("INTC", "AMD", "IFX") and where it was read: the TPM
/// itself, tpmtool, Get-Tpm, or the EK certificate analysis' vendor. Nullopt when none says.
std::optional<std::pair<std::string, std::string>> tpm_manufacturer(const Evidence& e);

/// A firmware TPM whose EK certificate Windows downloads from the vendor (Intel PTT "INTC", AMD
/// fTPM "AMD", Qualcomm "QCOM": facts/windows.md §6, §13).
bool is_firmware_tpm_vendor(std::string_view manufacturer);

/// A timeline code that says no answer came in time without saying whose fault that was: its
/// error-code row leaves the side to the evidence and names the service's silence among the usual
/// causes (0x800705B4, the OOBE page's 7-minute timer). "0x…" text; false for anything else.
bool is_undecided_timeout(const std::string& code);

}  // namespace tpmready::rules
