#pragma once
/// Evidence → Report, the one way `check`, `analyze`, `fix` and `fleet` get a report: the rules'
/// Evaluation, plus what the report shows about the evidence itself (device, inputs, notes,
/// network probes). A redacted bundle carries the report computed on the device; it is used as is.
#include <cstdint>

#include "cert/chain.h"
#include "evidence/evidence.h"
#include "report/report.h"
#include "rules/rules.h"
#include "util/result.h"

namespace tpmready::report {

/// The report of an evaluation of `e`.
Report assemble(const Evidence& e, rules::Evaluation evaluation);

/// Evaluates `e` against the trust anchors at time `now` (Unix seconds; the device's own clock
/// wins when the evidence has it), or returns the report a redacted bundle carries.
Result<Report> build_report(const Evidence& e, const cert::CaStore& anchors, std::int64_t now);

}  // namespace tpmready::report
