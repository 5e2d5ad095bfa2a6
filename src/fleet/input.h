#pragma once
/// Streaming the inputs of `fleet ingest`: files and folders (recursive) holding bundles,
/// reports, NDJSON streams of either, Intune Remediations CSV exports of summary lines, or plain
/// files of summary lines. Memory stays bounded whatever the input size: files are read in chunks,
/// one line (≤ max_line) or one JSON document (≤ max_document) at a time.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <utility>
#include <string>
#include <vector>

#include "fleet/csv.h"
#include "util/file.h"
#include "util/result.h"

namespace tpmready::fleet {

struct Limits {
  std::size_t max_line = input_limit(16u << 20);      ///< one NDJSON line / one CSV record
  std::size_t max_document = input_limit(64u << 20);  ///< one (pretty-printed) JSON document file
};

/// An input that could not be used, with the reason; ingest goes on.
struct Rejection {
  std::string source;  ///< "file:path" or "file:path:line"
  std::string reason;
};

struct InputFile {
  std::string path;
  std::uint64_t size = 0;
};

/// Files named on the command line are taken whatever their name; folders contribute their
/// *.json, *.ndjson, *.jsonl, *.csv and *.txt files, recursively, in path order. Paths that do not
/// exist become rejections.
std::vector<InputFile> expand_inputs(const std::vector<std::string>& paths, std::vector<Rejection>& rejected);

/// One unit of work: a JSON document (bundle or report) or a summary line.
struct Item {
  enum class Kind { Json, Summary };
  Kind kind = Kind::Json;
  std::string source;
  std::string text;
};

/// Reads a file in chunks and splits it into lines; a line over the limit is skipped to its end
/// (never held) and reported.
class LineReader {
 public:
  enum class Got { Line, TooLong, End };
  LineReader(std::FILE* f, std::size_t max_line);
  Got next(std::string& line);
  /// The first byte that is not whitespace or a UTF-8 BOM, and its offset, without consuming
  /// anything (nullopt: none within the line limit).
  std::optional<std::pair<char, std::size_t>> peek_content();
  std::uint64_t line_number() const { return line_no_; }
  std::uint64_t consumed() const { return consumed_; }
  Status error() const;

 private:
  bool fill();
  std::FILE* f_;
  std::size_t max_line_;
  std::vector<char> buf_;
  std::size_t pos_ = 0, end_ = 0;
  std::uint64_t line_no_ = 0, consumed_ = 0;
  bool eof_ = false;
};

/// Streams the items of one file. The format is decided from the content: '{' → one JSON
/// document or NDJSON (when the first line is a whole object); "tpmready: " → summary lines;
/// *.csv → Intune CSV with a column of summary lines (`csv_column`, or found by its content).
class InputReader {
 public:
  static Result<std::unique_ptr<InputReader>> open(const InputFile& file, const Limits& limits, std::string csv_column);
  ~InputReader();
  InputReader(const InputReader&) = delete;
  InputReader& operator=(const InputReader&) = delete;

  /// The next item; false at the end of the file. Unusable lines/records are appended to
  /// `rejected` (with their line number); a problem with the whole file ends it with one rejection.
  bool next(Item& item, std::vector<Rejection>& rejected);
  /// Bytes of the file consumed so far (for progress).
  std::uint64_t consumed() const { return lines_.consumed(); }

 private:
  enum class Mode { Ndjson, Document, Summaries, Csv, Done };
  InputReader(std::FILE* f, const InputFile& file, const Limits& limits, std::string csv_column);
  bool start(Item& item, std::vector<Rejection>& rejected);
  bool next_line_item(Item& item, std::vector<Rejection>& rejected, Item::Kind kind);
  bool read_document(Item& item, std::string first_line, std::vector<Rejection>& rejected);
  bool next_csv(Item& item, std::vector<Rejection>& rejected);
  bool csv_header(std::vector<Rejection>& rejected);
  bool reject_file(std::vector<Rejection>& rejected, std::string reason);
  std::string where() const;

  std::FILE* f_;
  InputFile file_;
  Limits limits_;
  std::string csv_column_;
  LineReader lines_;
  bool started_ = false;
  Mode mode_ = Mode::Done;
  std::optional<std::string> pending_line_;
  CsvRecordParser csv_;
  std::vector<std::string> header_;
  std::optional<std::size_t> column_;
};

}  // namespace tpmready::fleet
