// fleet ingest: inputs → items (streamed, bounded batches) → records (parsed and, for bundles,
// re-evaluated by the rules, on every core) → SQLite (one transaction per batch, written while the
// next batch is parsed).
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <thread>

#include "fleet/db_posix.h"
#include "fleet/fleet.h"
#include "fleet/json_subset.h"

namespace tpmready::fleet {
namespace {

using Clock = std::chrono::steady_clock;

/// Items/s and ETA on stderr, only when stderr is a terminal, at most ten times a second.
class Progress {
 public:
  Progress(bool wanted, std::uint64_t total_bytes)
      : on_(wanted && isatty(STDERR_FILENO) == 1), total_(total_bytes), start_(Clock::now()) {}

  void update(std::uint64_t bytes, std::uint64_t items, bool force = false) {
    if (!on_) return;
    auto now = Clock::now();
    if (!force && now - last_ < std::chrono::milliseconds(100)) return;
    last_ = now;
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
  void finish(std::uint64_t bytes, std::uint64_t items) {
    if (!on_) return;
    update(bytes, items, true);
    std::fputc('\n', stderr);
  }

 private:
  bool on_;
  std::uint64_t total_;
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

Result<RunRecord> known_record(std::string hash) {
  RunRecord rec;
  rec.content_hash = std::move(hash);
  rec.known = true;
  return rec;
}

Result<RunRecord> process(const Item& item, const EvalContext& ctx, KnownHashes& known) {
  try {
    if (item.kind == Item::Kind::Summary) {
      auto s = TRY(report::parse_summary(item.text));
      auto hash = summary_hash(s);
      if (TRY(known.contains(hash))) return known_record(std::move(hash));
      return record_from_summary(s, ctx.now);
    }
    // Known content is not parsed or evaluated again: re-ingest and resuming a killed ingest are cheap.
    auto hash = document_hash(item.text);
    if (TRY(known.contains(hash))) return known_record(std::move(hash));
    // The fast subset parser takes typical bundles; anything else (and every error) is nlohmann's.
    auto doc = parse_json_subset(item.text);
    if (!doc) {
      try {
        // A pointer range parses ~25% faster than the string's iterators (measured, 23 KB bundles).
        doc = nlohmann::json::parse(item.text.data(), item.text.data() + item.text.size());
      } catch (const nlohmann::json::parse_error& e) {
        return make_error(ErrorKind::Parse, std::string("corrupt JSON: ") + e.what());
      }
    }
    return record_from_json(*doc, item.text, ctx);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::Internal, std::string("internal error: ") + e.what());
  }
}

std::vector<Result<RunRecord>> process_all(const std::vector<Item>& items, const EvalContext& ctx,
                                           std::vector<KnownHashes>& known) {
  std::vector<std::optional<Result<RunRecord>>> slots(items.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](KnownHashes& lookup) {
    for (std::size_t i; (i = next.fetch_add(1)) < items.size();) {
      auto r = process(items[i], ctx, lookup);
      if (r) r->source = items[i].source;
      slots[i].emplace(std::move(r));
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < known.size(); ++t) pool.emplace_back(work, std::ref(known[t]));
  work(known[0]);
  for (auto& t : pool) t.join();
  std::vector<Result<RunRecord>> out;
  out.reserve(items.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace

Result<IngestSummary> ingest(const IngestOptions& o) {
  if (o.anchors == nullptr) return make_error(ErrorKind::Internal, "ingest: no trust anchors");
  auto db = TRY(Db::open(o.db, true));
  auto writer = TRY(RunWriter::create(db, o.now));
  IngestSummary sum;
  auto files = expand_inputs(o.inputs, sum.rejected);
  std::uint64_t total = 0, done_bytes = 0, items_seen = 0;
  for (const auto& f : files) total += f.size;
  Progress progress(o.progress, total);
  const EvalContext ctx{o.anchors, o.now};
  unsigned threads = o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
  std::vector<KnownHashes> known;
  for (unsigned t = 0; t < threads; ++t) known.push_back(TRY(KnownHashes::open(o.db)));

  std::future<Status> writing;
  std::vector<RunRecord> in_flight;  // owned here while the writer task reads it
  auto wait_writer = [&]() -> Status {
    if (!writing.valid()) return ok_status();
    return writing.get();
  };
  std::vector<Item> batch;
  std::size_t batch_bytes = 0;
  auto flush = [&]() -> Status {
    auto results = process_all(batch, ctx, known);
    std::vector<RunRecord> records;
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i]) records.push_back(std::move(*results[i]));
      else sum.rejected.push_back({batch[i].source, results[i].error().what()});
    }
    batch.clear();
    batch_bytes = 0;
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

  for (const auto& f : files) {
    auto reader = InputReader::open(f, o.limits, o.csv_column);
    if (!reader) {
      sum.rejected.push_back({"file:" + f.path, reader.error().what()});
      continue;
    }
    Item item;
    while ((*reader)->next(item, sum.rejected)) {
      batch_bytes += item.text.size();
      batch.push_back(std::move(item));
      ++items_seen;
      if (batch.size() >= o.batch_items || batch_bytes >= o.batch_bytes) {
        auto st = flush();
        if (!st) {
          (void)wait_writer();
          return std::move(st).error();
        }
      }
      progress.update(done_bytes + (*reader)->consumed(), items_seen);
    }
    done_bytes += f.size;
  }
  auto st = flush();
  auto wst = wait_writer();
  if (!st) return std::move(st).error();
  if (!wst) return std::move(wst).error();
  progress.finish(done_bytes, items_seen);
  return sum;
}

}  // namespace tpmready::fleet
