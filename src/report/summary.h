#pragma once
/// One line for Intune Remediations detection output (`tpmready check --summary`): the verdict, the
/// root causes and the fix action IDs, always under kMaxSummaryChars (Intune keeps the first
/// 2,048 characters of a detection script's output).
#include <cstddef>
#include <string>

#include "report/report.h"

namespace tpmready::report {

inline constexpr std::size_t kMaxSummaryChars = 2047;

/// "tpmready: not_ready; root causes: win.eula_accepted; fix: set_setup_displayed_eula,
/// run_tpm_maintenance". Lists are cut with "..." so the line never exceeds kMaxSummaryChars.
std::string summary_line(const Report& r);

}  // namespace tpmready::report
