#include "fleet/pipeline.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>

#include "fleet/json_subset.h"

namespace tpmready::fleet {
namespace {

Result<RunRecord> known_record(std::string hash) {
  RunRecord rec;
  rec.content_hash = std::move(hash);
  rec.known = true;
  return rec;
}

Result<RunRecord> process(const Item& item, const EvalContext& ctx, const KnownHash* known) {
  try {
    if (item.kind == Item::Kind::Summary) {
      auto s = TRY(report::parse_summary(item.text));
      auto hash = summary_hash(s);
      if (known && TRY((*known)(hash))) return known_record(std::move(hash));
      return record_from_summary(s, ctx.now);
    }
    // Known content is not parsed or evaluated again: re-ingest and resuming a killed ingest are cheap.
    auto hash = document_hash(item.text);
    if (known && TRY((*known)(hash))) return known_record(std::move(hash));
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
    return record_from_json(*doc, std::move(hash), ctx);
  } catch (const std::exception& e) {
    return make_error(ErrorKind::Internal, std::string("internal error: ") + e.what());
  }
}

std::vector<Result<RunRecord>> process_all(const std::vector<Item>& items, const EvalContext& ctx, unsigned workers,
                                           const std::vector<KnownHash>& known) {
  std::vector<std::optional<Result<RunRecord>>> slots(items.size());
  std::atomic<std::size_t> next{0};
  auto work = [&](unsigned worker) {
    const KnownHash* lookup = known.empty() ? nullptr : &known[worker];
    for (std::size_t i; (i = next.fetch_add(1)) < items.size();) {
      auto r = process(items[i], ctx, lookup);
      if (r) r->source = items[i].source;
      slots[i].emplace(std::move(r));
    }
  };
  std::vector<std::thread> pool;
  const auto extra = static_cast<unsigned>(std::min<std::size_t>(workers, items.size())) - (items.empty() ? 0 : 1);
  for (unsigned t = 1; t <= extra; ++t) pool.emplace_back(work, t);
  work(0);
  for (auto& t : pool) t.join();
  std::vector<Result<RunRecord>> out;
  out.reserve(items.size());
  for (auto& s : slots) out.push_back(std::move(*s));
  return out;
}

}  // namespace

unsigned pipeline_threads(const PipelineOptions& o) {
  return o.threads ? o.threads : std::max(1u, std::thread::hardware_concurrency());
}

Status run_pipeline(const PipelineOptions& o, const PipelineHooks& hooks, std::vector<Rejection>& rejected) {
  if (o.anchors == nullptr) return make_error(ErrorKind::Internal, "fleet inputs: no trust anchors");
  const unsigned workers = pipeline_threads(o);
  if (!hooks.known.empty() && hooks.known.size() != workers)
    return make_error(ErrorKind::Internal, "fleet inputs: one known-hash lookup per worker expected");
  auto files = expand_inputs(o.inputs, rejected);
  std::uint64_t total = 0, done_bytes = 0, items_seen = 0;
  for (const auto& f : files) total += f.size;
  const EvalContext ctx{o.anchors, o.now};

  std::vector<Item> batch;
  std::size_t batch_bytes = 0;
  auto flush = [&]() -> Status {
    auto results = process_all(batch, ctx, workers, hooks.known);
    std::vector<RunRecord> records;
    records.reserve(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) {
      if (results[i]) records.push_back(std::move(*results[i]));
      else rejected.push_back({batch[i].source, results[i].error().what()});
    }
    batch.clear();
    batch_bytes = 0;
    return hooks.on_batch(std::move(records));
  };

  for (const auto& f : files) {
    auto reader = InputReader::open(f, o.limits, o.csv_column);
    if (!reader) {
      rejected.push_back({"file:" + f.path, reader.error().what()});
      continue;
    }
    Item item;
    while ((*reader)->next(item, rejected)) {
      batch_bytes += item.text.size();
      batch.push_back(std::move(item));
      ++items_seen;
      if (batch.size() >= o.batch_items || batch_bytes >= o.batch_bytes) TRY(flush());
      if (hooks.on_progress) hooks.on_progress(done_bytes + (*reader)->consumed(), total, items_seen, false);
    }
    done_bytes += f.size;
  }
  TRY(flush());
  if (hooks.on_progress) hooks.on_progress(done_bytes, total, items_seen, true);
  return ok_status();
}

}  // namespace tpmready::fleet
