// Streaming inputs of fleet ingest: CSV records, line limits, format detection, rejections.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "fleet/csv.h"
#include "fleet/input.h"

namespace tpmready::fleet {
namespace {

namespace fs = std::filesystem;

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("tpmready-fleet-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                         "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string write(const std::string& name, const std::string& content) const {
    auto p = path_ / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return p.string();
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct ReadAll {
  std::vector<Item> items;
  std::vector<Rejection> rejected;
};

ReadAll read_all(const std::string& path, Limits limits = {}, std::string column = "") {
  ReadAll out;
  auto files = expand_inputs({path}, out.rejected);
  for (const auto& f : files) {
    auto r = InputReader::open(f, limits, column);
    EXPECT_TRUE(r);
    if (!r) continue;
    Item item;
    while ((*r)->next(item, out.rejected)) out.items.push_back(item);
  }
  return out;
}

TEST(FleetCsv, QuotedFieldsEscapesAndLineBreaks) {
  CsvRecordParser p;
  auto r = p.feed(R"(a,"b,c","say ""hi""",)");
  ASSERT_TRUE(r);
  ASSERT_TRUE(*r);
  EXPECT_EQ(p.fields(), (std::vector<std::string>{"a", "b,c", "say \"hi\"", ""}));

  auto first = p.feed("x,\"two");
  ASSERT_TRUE(first);
  EXPECT_FALSE(*first);
  EXPECT_TRUE(p.pending());
  auto second = p.feed("lines\",y\r");
  ASSERT_TRUE(second);
  ASSERT_TRUE(*second);
  EXPECT_EQ(p.fields(), (std::vector<std::string>{"x", "two\nlines", "y"}));
}

TEST(FleetCsv, RejectsStrayQuotesAndHugeRecords) {
  CsvRecordParser p;
  auto stray = p.feed("ab\"c,d");
  ASSERT_FALSE(stray);
  EXPECT_NE(stray.error().what().find("column 3"), std::string::npos) << stray.error().what();
  auto after = p.feed("\"ab\"c,d");
  ASSERT_FALSE(after);
  EXPECT_NE(after.error().what().find("after a closing quote"), std::string::npos);

  CsvRecordParser small(16);
  ASSERT_FALSE(*small.feed("\"open"));
  auto big = small.feed(std::string(32, 'x'));
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind(), ErrorKind::Limit);
}

TEST(FleetInput, NdjsonOneItemPerLineSkippingBlanks) {
  TempDir d;
  auto f = d.write("s.ndjson", "{\"a\":1}\n\n{\"b\":2}\r\n{\"c\":3}");
  auto r = read_all(f);
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_EQ(r.items[1].text, "{\"b\":2}");
  EXPECT_EQ(r.items[2].source, "file:" + f + ":4");
}

TEST(FleetInput, LinesAcrossChunkBoundariesStayIntact) {
  TempDir d;
  // The reader works in 1 MiB chunks: lines end just before, on and after chunk boundaries, one
  // line is longer than a chunk, and one exceeds the (lowered) limit across several chunks.
  auto obj = [](std::size_t n) { return "{\"x\":\"" + std::string(n - 8, 'a') + "\"}"; };
  std::string text = obj((1 << 20) - 1) + "\n" + obj(9) + "\n" + obj((2 << 20) + 3) + "\n" + obj(4u << 20) + "\n" +
                     obj(10) + "\n";
  auto f = d.write("chunks.ndjson", text);
  Limits limits;
  limits.max_line = 3u << 20;
  auto r = read_all(f, limits);
  ASSERT_EQ(r.items.size(), 4u);
  EXPECT_EQ(r.items[0].text.size(), (1u << 20) - 1);
  EXPECT_EQ(r.items[1].text, obj(9));
  EXPECT_EQ(r.items[2].text.size(), (2u << 20) + 3);
  EXPECT_EQ(r.items[3].text, obj(10));
  EXPECT_EQ(r.items[3].source, "file:" + f + ":5");
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].source, "file:" + f + ":4");
}

TEST(FleetInput, PrettyDocumentIsOneItem) {
  TempDir d;
  auto f = d.write("b.json", "\xEF\xBB\xBF{\n  \"schema_version\": 1\n}\n");
  auto r = read_all(f);
  ASSERT_EQ(r.items.size(), 1u);
  EXPECT_EQ(r.items[0].source, "file:" + f);
  EXPECT_EQ(r.items[0].text, "{\n  \"schema_version\": 1\n}");
}

TEST(FleetInput, OverlongLineRejectedWithItsNumberAndReadingGoesOn) {
  TempDir d;
  Limits limits;
  limits.max_line = 1024;
  auto f = d.write("s.ndjson", "{\"a\":1}\n{\"big\":\"" + std::string(5000, 'x') + "\"}\n{\"c\":3}\n");
  auto r = read_all(f, limits);
  ASSERT_EQ(r.items.size(), 2u);
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].source, "file:" + f + ":2");
  EXPECT_NE(r.rejected[0].reason.find("line limit"), std::string::npos);
  EXPECT_EQ(r.items[1].source, "file:" + f + ":3");
}

TEST(FleetInput, BinaryAndEmptyFilesRejectedWithReason) {
  TempDir d;
  auto bin = d.write("x.json", std::string("\0\0\x01", 3));
  auto r = read_all(bin);
  EXPECT_TRUE(r.items.empty());
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_EQ(r.rejected[0].source, "file:" + bin);
  EXPECT_NE(r.rejected[0].reason.find("byte 0x00 at offset 0"), std::string::npos) << r.rejected[0].reason;

  auto empty = read_all(d.write("e.json", ""));
  ASSERT_EQ(empty.rejected.size(), 1u);
  EXPECT_EQ(empty.rejected[0].reason, "empty file");

  auto missing = read_all((d.path() / "nope.json").string());
  ASSERT_EQ(missing.rejected.size(), 1u);
  EXPECT_EQ(missing.rejected[0].reason, "does not exist");
}

TEST(FleetInput, OversizedSingleDocumentRejected) {
  TempDir d;
  Limits limits;
  limits.max_document = 1 << 20;
  auto f = d.write("big.json", "{\n\"x\": \"" + std::string((1 << 20) + 10, 'y') + "\"\n}\n");
  auto r = read_all(f, limits);
  EXPECT_TRUE(r.items.empty());
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_NE(r.rejected[0].reason.find("exceeds the 1 MiB limit"), std::string::npos) << r.rejected[0].reason;
}

TEST(FleetInput, IntuneCsvFindsTheSummaryColumnByContent) {
  TempDir d;
  auto f = d.write("run.csv",
                   "DeviceName,Output,Status\r\n"
                   "PC1,\"tpmready: ready; device=a1\",ok\r\n"
                   "PC2,\"tpmready: not_ready; root=win.eula_accepted; device=b2\",ok\r\n"
                   "PC3,\"\",failed\r\n"
                   "PC4,\"tpmready: ready; device=c3\"\r\n");
  auto r = read_all(f);
  ASSERT_EQ(r.items.size(), 2u);
  EXPECT_EQ(r.items[0].kind, Item::Kind::Summary);
  EXPECT_EQ(r.items[1].text, "tpmready: not_ready; root=win.eula_accepted; device=b2");
  ASSERT_EQ(r.rejected.size(), 2u);
  EXPECT_EQ(r.rejected[0].source, "file:" + f + ":4");
  EXPECT_NE(r.rejected[0].reason.find("no tpmready summary"), std::string::npos);
  EXPECT_EQ(r.rejected[1].source, "file:" + f + ":5");
  EXPECT_NE(r.rejected[1].reason.find("2 fields, the header has 3"), std::string::npos) << r.rejected[1].reason;
}

TEST(FleetInput, CsvNamedColumnMissingRejectsTheFile) {
  TempDir d;
  auto f = d.write("run.csv", "DeviceName,Status\nPC1,ok\n");
  auto r = read_all(f, {}, "Output");
  EXPECT_TRUE(r.items.empty());
  ASSERT_EQ(r.rejected.size(), 1u);
  EXPECT_NE(r.rejected[0].reason.find("no column \"Output\" (header: DeviceName, Status)"), std::string::npos)
      << r.rejected[0].reason;
  auto auto_col = read_all(f);
  ASSERT_EQ(auto_col.rejected.size(), 1u);
  EXPECT_NE(auto_col.rejected[0].reason.find("--csv-column"), std::string::npos);
}

TEST(FleetInput, FoldersAreRecursiveSortedAndFiltered) {
  TempDir d;
  d.write("b/2.ndjson", "{\"x\":2}\n");
  d.write("a/1.json", "{\"x\":1}\n");
  d.write("a/skip.png", "\x89PNG");
  d.write("summaries.txt", "tpmready: ready; device=z\n");
  auto r = read_all(d.path().string());
  ASSERT_EQ(r.items.size(), 3u);
  EXPECT_TRUE(r.rejected.empty());
  EXPECT_EQ(r.items[0].text, "{\"x\":1}");
  EXPECT_EQ(r.items[1].text, "{\"x\":2}");
  EXPECT_EQ(r.items[2].kind, Item::Kind::Summary);
}

}  // namespace
}  // namespace tpmready::fleet
