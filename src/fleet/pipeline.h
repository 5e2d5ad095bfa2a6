#pragma once
/// Inputs → records, the front half of both `fleet ingest` (records into SQLite) and the direct
/// `fleet report FILES...` (records folded in memory): files streamed item by item (fleet/input.h),
/// items parsed and, for bundles, re-evaluated by the rules on every core, in batches of bounded
/// size, handed on in input order so results never depend on thread timing.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "cert/chain.h"
#include "fleet/input.h"
#include "fleet/record.h"
#include "util/result.h"

namespace tpmready::fleet {

struct PipelineOptions {
  std::vector<std::string> inputs;
  std::string csv_column;               ///< the Intune CSV column of summary lines ("" = found by content)
  Limits limits;
  std::size_t batch_items = 1000;       ///< items parsed per batch (and progress granularity)
  std::size_t batch_bytes = 32u << 20;  ///< input bytes held at once (bounds memory)
  unsigned threads = 0;                 ///< parse/evaluate workers; 0 = one per core
  const cert::CaStore* anchors = nullptr;
  std::int64_t now = 0;  ///< analysis time for bundles; observed time of runs that carry none
};

/// Whether a content hash is stored already: such an item is neither parsed nor evaluated, and
/// its record comes back with only `content_hash` and `known` set. Called on a worker thread.
using KnownHash = std::function<Result<bool>(const std::string& hash)>;

struct PipelineHooks {
  /// One per worker (pipeline_threads() of them), or none: nothing is known.
  std::vector<KnownHash> known;
  /// The records of one batch, in input order, on the calling thread. An error ends the run.
  std::function<Status(std::vector<RunRecord>&& records)> on_batch;
  /// Optional: input bytes consumed, their total, items read; `done` once at the end.
  std::function<void(std::uint64_t bytes, std::uint64_t total, std::uint64_t items, bool done)> on_progress;
};

unsigned pipeline_threads(const PipelineOptions& o);

/// Runs every input through; inputs, lines and documents that cannot be used are appended to
/// `rejected` with the reason and the run goes on. Error: an on_batch or known-hash failure.
Status run_pipeline(const PipelineOptions& o, const PipelineHooks& hooks, std::vector<Rejection>& rejected);

}  // namespace tpmready::fleet
