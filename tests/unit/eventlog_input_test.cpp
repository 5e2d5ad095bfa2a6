// Streaming input under the event log reader (eventlog/input.h): the chunked file input must give
// exactly what the in-memory walk gives, whatever the chunk size, and stay bounded on hostile sizes.
// Logs are the real corpus (tests/data/eventlog, MANIFEST.md) or built inline field by field.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "eventlog/analysis.h"
#include "eventlog/event_types.h"
#include "eventlog/input.h"
#include "eventlog/parser.h"
#include "eventlog_log_builder.h"
#include "util/file.h"
#include "collect/eventlog_collect.h"

using namespace tpmready;
using namespace tpmready::eventlog;
using tpmready::eventlog::testing::Log;

namespace {

const std::string kDir = std::string(TPMREADY_TEST_DATA) + "/eventlog/";

// A chunked input over bytes, as a file would be read; `size_known` false is securityfs or a pipe.
std::unique_ptr<ChunkedInput> chunked(const Bytes& bytes, std::size_t chunk, bool size_known = true,
                                      ChunkedInput** raw = nullptr) {
  auto stream = std::make_unique<std::istringstream>(std::string(bytes.begin(), bytes.end()));
  ChunkedInput::Options o;
  o.chunk_bytes = chunk;
  if (size_known) o.size = bytes.size();
  auto in = std::make_unique<ChunkedInput>(std::move(stream), "test", o);
  if (raw) *raw = in.get();
  return in;
}

// Everything the reader hands out, as text: two walks are equal when their transcripts are.
std::string transcript(Result<EventLogReader> r) {
  if (!r) return "open failed: " + r.error().what();
  std::string out = std::string(format_name(r->format())) + "\n";
  while (auto e = r->next()) {
    out += std::to_string(e->index) + " @" + std::to_string(e->offset) + " +" + std::to_string(e->size) + " pcr " +
           std::to_string(e->pcr) + " type " + std::to_string(e->type);
    for (const auto& d : e->digests()) out += " " + std::to_string(d.alg) + ":" + to_hex(d.value);
    out += " data " + to_hex(e->data) + "\n";
  }
  if (r->issue()) out += "issue " + std::to_string(r->issue()->event_index) + " @" + std::to_string(r->issue()->offset) + " " + r->issue()->message + "\n";
  out += "zeros " + std::to_string(r->trailing_zero_bytes()) + " trailing " + std::to_string(r->trailing_bytes()) + "\n";
  for (const auto& w : r->warnings()) out += "warning " + w + "\n";
  return out;
}

std::vector<std::string> corpus_logs() {
  std::ifstream in(kDir + "expected.json");
  auto j = nlohmann::json::parse(in);
  std::vector<std::string> names;
  for (const auto& [name, facts] : j.items()) names.push_back(name);
  return names;
}

Bytes load(const std::string& name) {
  auto b = read_file(kDir + name, kMaxEventLogBytes);
  EXPECT_TRUE(b.ok()) << name;
  return b.ok() ? *b : Bytes{};
}

}  // namespace

TEST(EventLogInput, EveryCorpusLogGivesTheSameEventsFromFileAndMemory) {
  auto names = corpus_logs();
  ASSERT_GE(names.size(), 20u);
  for (const auto& name : names) {
    SCOPED_TRACE(name);
    Bytes bytes = load(name);
    std::string expected = transcript(EventLogReader::open(bytes));
    // The real file path (1 MiB chunks, and small ones so events straddle refills)...
    for (std::size_t chunk : {std::size_t{1}, std::size_t{7}, std::size_t{64}, std::size_t{4096}, kDefaultChunkBytes}) {
      auto file = ChunkedInput::open_file(kDir + name, kMaxEventLogBytes, chunk);
      ASSERT_TRUE(file.ok()) << file.error().what();
      EXPECT_EQ(transcript(EventLogReader::open_input(std::move(*file))), expected) << "chunk " << chunk;
    }
    // ...and a stream of unknown size (securityfs, pipes).
    EXPECT_EQ(transcript(EventLogReader::open_input(chunked(bytes, 13, false))), expected);
  }
}

TEST(EventLogInput, EveryCorpusLogReplaysTheSameFromFileAndMemory) {
  for (const auto& name : corpus_logs()) {
    SCOPED_TRACE(name);
    Bytes bytes = load(name);
    auto mem = process_log(bytes);
    auto file = ChunkedInput::open_file(kDir + name, kMaxEventLogBytes, 5);
    ASSERT_TRUE(file.ok());
    auto streamed = process_log(std::move(*file));
    ASSERT_EQ(mem.ok(), streamed.ok());
    if (!mem.ok()) {
      EXPECT_EQ(mem.error().what(), streamed.error().what());
      continue;
    }
    EXPECT_EQ(mem->replay.values(), streamed->replay.values());
    EXPECT_EQ(mem->summary.events, streamed->summary.events);
    EXPECT_EQ(mem->summary.bytes, bytes.size());
    EXPECT_EQ(streamed->summary.bytes, bytes.size());
    EXPECT_EQ(tpmready::collect::eventlog_evidence(*mem, "s", std::nullopt).secure_boot_enabled.value,
              tpmready::collect::eventlog_evidence(*streamed, "s", std::nullopt).secure_boot_enabled.value);
  }
}

TEST(EventLogInput, EventLargerThanTheChunkGrowsTheBufferToThatEventOnly) {
  Log log;
  log.spec_id_header().agile_event(0, EV_SEPARATOR, 1, std::string(4, '\0'));
  std::string big(1000, 'x');
  big[0] = 'A';
  big[999] = 'Z';
  log.agile_event(4, EV_IPL, 2, big).agile_event(5, EV_SEPARATOR, 3, std::string(4, '\0'));
  ChunkedInput* raw = nullptr;
  auto r = EventLogReader::open_input(chunked(log.b, 16, true, &raw));
  ASSERT_TRUE(r.ok());
  std::vector<std::string> seen;
  while (auto e = r->next()) {
    seen.push_back(std::string(e->data.begin(), e->data.end()));
    // Digests were re-pointed into the grown window: still the event's own bytes.
    EXPECT_EQ(e->digests().size(), e->index == 0 ? 1u : 2u);
    if (e->index == 2) {
      EXPECT_EQ(e->digest_for(0x000B)->front(), 2);
      EXPECT_EQ(e->digest_for(0x000B)->size(), 32u);
    }
  }
  EXPECT_FALSE(r->issue().has_value());
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[2], big);
  // Grown to the big event (68-byte header + 1000), not to the log.
  EXPECT_LE(raw->buffer_capacity(), 68u + 4u + 1000u);
  EXPECT_GE(raw->buffer_capacity(), 1000u);
}

TEST(EventLogInput, HeadersStraddlingEveryChunkBoundaryParse) {
  Log log;
  log.spec_id_header();
  for (int i = 0; i < 50; ++i) log.agile_event(static_cast<std::uint32_t>(i % 8), EV_IPL, static_cast<std::uint8_t>(i), std::string(static_cast<std::size_t>(i), 'd'));
  std::string expected = transcript(EventLogReader::open(log.b));
  ASSERT_NE(expected.find("\n50 @"), std::string::npos);  // all 51 events parsed in memory
  for (std::size_t chunk = 1; chunk <= 80; ++chunk) {
    EXPECT_EQ(transcript(EventLogReader::open_input(chunked(log.b, chunk))), expected) << "chunk " << chunk;
  }
}

TEST(EventLogInput, TruncatedFinalEventAtAChunkBoundaryIsReportedWithItsOffset) {
  Bytes full = load("gtt-rhel8-uefi.bin");
  auto mem = EventLogReader::open(full);
  ASSERT_TRUE(mem.ok());
  std::size_t last = 0, count = 0;
  while (auto e = mem->next()) {
    last = e->offset;
    ++count;
  }
  // Cut inside the last event on a multiple of the chunk, so a refill ends exactly at the cut: in
  // its header (64) and, with smaller chunks, in its data.
  std::set<std::string> messages;
  for (std::size_t chunk : {64u, 16u, 8u, 4u}) {
    std::size_t cut = chunk == 64 ? (last / chunk + 1) * chunk : (full.size() - 1) / chunk * chunk;
    ASSERT_GT(cut, last);
    ASSERT_LT(cut, full.size());
    Bytes truncated(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(cut));
    for (bool size_known : {true, false}) {
      SCOPED_TRACE(std::to_string(chunk) + (size_known ? " size known" : " size unknown"));
      auto r = EventLogReader::open_input(chunked(truncated, chunk, size_known));
      ASSERT_TRUE(r.ok());
      std::size_t n = 0;
      while (r->next()) ++n;
      EXPECT_EQ(n, count - 1);
      ASSERT_TRUE(r->issue().has_value());
      EXPECT_EQ(r->issue()->offset, last);
      EXPECT_EQ(r->issue()->event_index, count - 1);
      messages.insert(r->issue()->message);
      EXPECT_EQ(transcript(EventLogReader::open_input(chunked(truncated, chunk, size_known))),
                transcript(EventLogReader::open(truncated)));
    }
  }
  bool header_cut = false, data_cut = false;
  for (const auto& m : messages) {
    header_cut = header_cut || m.find("only") != std::string::npos;
    data_cut = data_cut || m.find("EventSize") != std::string::npos;
  }
  EXPECT_TRUE(header_cut && data_cut) << ::testing::PrintToString(messages);
}

TEST(EventLogInput, HugeEventSizeNearTheEndIsRefusedWithoutAllocating) {
  Log log;
  log.spec_id_header().agile_event(0, EV_SEPARATOR, 1, std::string(4, '\0'));
  std::size_t bad_at = log.b.size();
  log.agile_header(4, EV_IPL, 2, 0xFFFFFFF0u).raw("only a few bytes");
  // Size known (a regular file): the claim is checked against the bytes left.
  ChunkedInput* raw = nullptr;
  auto r = EventLogReader::open_input(chunked(log.b, 32, true, &raw));
  ASSERT_TRUE(r.ok());
  while (r->next()) {
  }
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->offset, bad_at);
  EXPECT_NE(r->issue()->message.find("EventSize 4294967280"), std::string::npos) << r->issue()->message;
  EXPECT_NE(r->issue()->message.find("> remaining 16 bytes"), std::string::npos) << r->issue()->message;
  EXPECT_LE(raw->buffer_capacity(), 128u);
  // Size unknown (a pipe): the per-event limit refuses it before any read of that size.
  r = EventLogReader::open_input(chunked(log.b, 32, false, &raw));
  ASSERT_TRUE(r.ok());
  while (r->next()) {
  }
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->offset, bad_at);
  EXPECT_NE(r->issue()->message.find("exceeds the per-event limit of " + std::to_string(kMaxEventLogEventBytes)),
            std::string::npos)
      << r->issue()->message;
  EXPECT_LE(raw->buffer_capacity(), 128u);
}

TEST(EventLogInput, DeclaredEventSizeWithinTheLimitIsNotAllocatedBeforeItsBytesArrive) {
  Log log;
  log.spec_id_header().agile_event(0, EV_SEPARATOR, 1, std::string(4, '\0'));
  const std::size_t bad_at = log.b.size();
  log.agile_header(4, EV_IPL, 2, 8u << 20).raw("only a few bytes");  // claims 8 MiB, under the 16 MiB limit
  ChunkedInput* raw = nullptr;
  auto r = EventLogReader::open_input(chunked(log.b, 32, false, &raw));  // a pipe: size unknown
  ASSERT_TRUE(r.ok());
  while (r->next()) {
  }
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->offset, bad_at);
  // The buffer followed the bytes that came (doubling from one chunk), not the 8 MiB claim.
  EXPECT_LE(raw->buffer_capacity(), 2 * log.b.size());
}

TEST(EventLogInput, EventBeyondThePerEventLimitIsRefusedEvenWhenPresent) {
  Log log;
  log.spec_id_header().agile_event(4, EV_IPL, 2, std::string(200, 'x'));
  auto r = EventLogReader::open_input(chunked(log.b, 32), /*max_event_bytes=*/100);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->next().has_value());  // the Spec ID header
  EXPECT_FALSE(r->next().has_value());
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_EQ(r->issue()->event_index, 1u);
  EXPECT_NE(r->issue()->message.find("EventSize 200"), std::string::npos) << r->issue()->message;
  EXPECT_NE(r->issue()->message.find("per-event limit of 100 bytes"), std::string::npos);
}

TEST(EventLogInput, ZeroPaddingAcrossManyChunksEndsTheLog) {
  Log log;
  log.spec_id_header().agile_event(0, EV_SEPARATOR, 1, std::string(4, '\0')).fill(5000, 0);
  auto r = EventLogReader::open_input(chunked(log.b, 100));
  ASSERT_TRUE(r.ok());
  while (r->next()) {
  }
  EXPECT_FALSE(r->issue().has_value());
  EXPECT_EQ(r->trailing_zero_bytes(), 5000u);
}

TEST(EventLogInput, ZeroPrefixedEventAfterALongLookAheadIsReadAgainFromItsStart) {
  // 16 zero bytes are an event (PCR 0, EV_PREBOOT_CERT, digests.count 0, EventSize 0); 20 of them
  // before a real event make the padding scan read ahead across chunks to the non-zero byte, then
  // the input must seek back to the first of them.
  Log log;
  log.spec_id_header();
  std::size_t at = log.b.size();
  log.fill(320, 0).agile_event(0, EV_SEPARATOR, 1, std::string(4, '\0'));
  std::string expected = transcript(EventLogReader::open(log.b));
  ASSERT_NE(expected.find("1 @" + std::to_string(at) + " +16 pcr 0 type 0"), std::string::npos) << expected;
  ASSERT_NE(expected.find("21 @" + std::to_string(at + 320) + " "), std::string::npos) << expected;
  EXPECT_EQ(transcript(EventLogReader::open_input(chunked(log.b, 16))), expected);
  // A file is seekable too.
  auto path = std::filesystem::temp_directory_path() /
              ("tpmready-zero-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + ".log");
  std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(log.b.data()), static_cast<std::streamsize>(log.b.size()));
  auto file = ChunkedInput::open_file(path.string(), kMaxEventLogBytes, 16);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(transcript(EventLogReader::open_input(std::move(*file))), expected);
  std::filesystem::remove(path);
}

TEST(EventLogInput, StreamPastItsTotalLimitStopsWithALimitError) {
  Log log;
  log.spec_id_header();
  for (int i = 0; i < 20; ++i) log.agile_event(4, EV_IPL, 1, std::string(40, 'y'));
  auto stream = std::make_unique<std::istringstream>(std::string(log.b.begin(), log.b.end()));
  ChunkedInput::Options o;
  o.chunk_bytes = 64;
  o.max_total = 500;
  auto r = EventLogReader::open_input(std::make_unique<ChunkedInput>(std::move(stream), "pipe", o));
  ASSERT_TRUE(r.ok());
  std::size_t n = 0;
  while (r->next()) ++n;
  EXPECT_LT(n, 21u);
  ASSERT_TRUE(r->issue().has_value());
  EXPECT_NE(r->issue()->message.find("more than the limit of 500 bytes"), std::string::npos) << r->issue()->message;
}

TEST(EventLogInput, OpenFileRefusesOversizedAndMissingFilesUpFront) {
  auto missing = ChunkedInput::open_file(kDir + "no-such.log", kMaxEventLogBytes);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind(), ErrorKind::NotFound);
  auto big = ChunkedInput::open_file(kDir + "gtt-rhel8-uefi.bin", 1000);
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.error().kind(), ErrorKind::Limit);
  EXPECT_NE(big.error().what().find("gtt-rhel8-uefi.bin"), std::string::npos) << big.error().what();
}
