// fleet ingest: inputs → records (fleet/pipeline.h: streamed, bounded batches, parsed and, for
// bundles, re-evaluated by the rules on every core) → SQLite (one transaction per batch, written
// while the next batch is parsed).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <thread>

#include "fleet/db_posix.h"
#include "fleet/fleet.h"
#include "fleet/pipeline.h"

namespace tpmready::fleet {
namespace {

using Clock = std::chrono::steady_clock;

/// Items/s and ETA on stderr, only when stderr is a terminal, at most ten times a second.
class Progress {
 public:
  explicit Progress(bool wanted) : on_(wanted && isatty(STDERR_FILENO) == 1), start_(Clock::now()) {}

  void update(std::uint64_t bytes, std::uint64_t total, std::uint64_t items, bool force = false) {
    if (!on_) return;
    auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
    total_ = total;
    double secs = std::chrono::duration<double>(now - start_).count();
    double rate = secs > 0 ? static_cast<double>(items) / secs : 0;
    double frac = total_ ? static_cast<double>(bytes) / static_cast<double>(total_) : 1.0;
    if (frac > 1) frac = 1;
    long eta = frac > 0.001 ? static_cast<long>(secs / frac - secs + 0.5) : -1;
    int width = 30, filled = static_cast<int>(frac * width);
    std::string bar(static_cast<std::size_t>(filled), '#');
    bar.resize(static_cast<std::size_t>(width), '.');
    std::fprintf(stderr, "\r[%s] %3d%%  %llu items  %.0f items/s  ETA %s   ", bar.c_str(), static_cast<int>(frac * 100),
                 static_cast<unsigned long long>(items), rate, eta < 0 ? "?" : (std::to_string(eta) + " s").c_str());
    std::fflush(stderr);
  }
  void finish(std::uint64_t bytes, std::uint64_t total, std::uint64_t items) {
    if (!on_) return;
    update(bytes, total, items, true);
    std::fputc('\n', stderr);
  }

 private:
  bool on_;
  std::uint64_t total_ = 0;
  Clock::time_point start_, last_{};
};

/// Asks the database whether a content hash is stored (one read connection per worker thread:
/// WAL lets it read while the writer writes).
class KnownHashes {
 public:
  static Result<KnownHashes> open(const std::string& path) {
    auto db = TRY(Db::open(path, false));
    auto stmt = TRY(db.prepare("SELECT 1 FROM runs WHERE content_hash = ?1"));
    return KnownHashes(std::move(db), std::move(stmt));
  }
  Result<bool> contains(const std::string& hash) {
    stmt_.bind_text(1, hash);
    auto found = stmt_.step();
    stmt_.reset();
    return found;
  }

 private:
  KnownHashes(Db db, Stmt stmt) : db_(std::move(db)), stmt_(std::move(stmt)) {}
  Db db_;
  Stmt stmt_;
};

}  // namespace

Result<IngestSummary> ingest(const IngestOptions& o) {
  if (o.anchors == nullptr) return make_error(ErrorKind::Internal, "ingest: no trust anchors");
  auto db = TRY(Db::open(o.db, true));
  auto writer = TRY(RunWriter::create(db, o.now));
  const PipelineOptions po{o.inputs, o.csv_column, o.limits, o.batch_items, o.batch_bytes, o.threads, o.anchors, o.now};
  std::vector<KnownHashes> lookups;
  PipelineHooks hooks;
  for (unsigned t = 0; t < pipeline_threads(po); ++t) lookups.push_back(TRY(KnownHashes::open(o.db)));
  for (auto& l : lookups) hooks.known.push_back([&l](const std::string& hash) { return l.contains(hash); });

  IngestSummary sum;
  Progress progress(o.progress);
  hooks.on_progress = [&](std::uint64_t bytes, std::uint64_t total, std::uint64_t items, bool done) {
    if (done) progress.finish(bytes, total, items);
    else progress.update(bytes, total, items);
  };
  // One writer task owns the database and writes a batch while the next one is parsed.
  std::future<Status> writing;
  std::vector<RunRecord> in_flight;  // owned here while the writer task reads it
  auto wait_writer = [&]() -> Status {
    if (!writing.valid()) return ok_status();
    return writing.get();
  };
  hooks.on_batch = [&](std::vector<RunRecord>&& records) -> Status {
    TRY(wait_writer());
    in_flight = std::move(records);
    writing = std::async(std::launch::async, [&]() -> Status {
      std::vector<const RunRecord*> ptrs;
      for (const auto& r : in_flight) ptrs.push_back(&r);
      std::vector<bool> dup;
      TRY(writer.write(ptrs, dup));
      for (bool d : dup) ++(d ? sum.duplicates : sum.ingested);
      return ok_status();
    });
    return ok_status();
  };
  auto st = run_pipeline(po, hooks, sum.rejected);
  auto wst = wait_writer();
  if (!st) return std::move(st).error();
  if (!wst) return std::move(wst).error();
  return sum;
}

}  // namespace tpmready::fleet
