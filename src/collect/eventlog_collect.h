#pragma once
/// Event-log evidence, the one builder `check`, `collect` and `analyze` use: finds and reads a
/// log, parses and replays it, and turns every outcome into facts, so a missing or broken log is
/// evidence, not a failed run. Only "not there" proves absence; an unreadable log is unknown.
#include <optional>
#include <string>

#include "collect/eventlog_source.h"
#include "eventlog/analysis.h"
#include "evidence/eventlog_evidence.h"
#include "evidence/pcr_values.h"

namespace tpmready::collect {

/// Evidence from a processed log and, when known, its comparison with the TPM's PCR values.
EventLogEvidence eventlog_evidence(const eventlog::ProcessedLog& log, const std::string& source,
                                   const std::optional<eventlog::ReplayReport>& replay);

/// From bytes already loaded (`source` names them). `pcrs`: the TPM's values, when known.
EventLogEvidence eventlog_evidence_from_bytes(ByteSpan log, const std::string& source,
                                              const std::optional<PcrValues>& pcrs);
/// Parses and replays a log source from its first byte (a streamed file is opened again).
Result<eventlog::ProcessedLog> process_eventlog(const EventLogSource& log);
/// From a log source (streamed file or bytes in memory).
EventLogEvidence eventlog_evidence_from_source(const EventLogSource& log, const std::optional<PcrValues>& pcrs);
/// From a file or MeasuredBoot folder, streamed: a path that does not exist gives present = false.
EventLogEvidence eventlog_evidence_from_path(const std::string& path, const std::optional<PcrValues>& pcrs);
/// From the running platform (load_platform_eventlog).
EventLogEvidence eventlog_evidence_from_platform(const std::optional<PcrValues>& pcrs);

}  // namespace tpmready::collect
