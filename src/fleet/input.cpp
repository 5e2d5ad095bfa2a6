#include "fleet/input.h"

#include <algorithm>
#include <cstring>
#include <filesystem>

#include "util/bytes.h"
#include "util/text.h"

namespace tpmready::fleet {
namespace {

constexpr std::size_t kChunk = 1 << 20;
constexpr std::string_view kSummaryPrefix = "tpmready:";

bool folder_member(const std::filesystem::path& p) {
  static const char* const kExtensions[] = {".json", ".ndjson", ".jsonl", ".csv", ".txt"};
  auto ext = ascii_lower(p.extension().string());
  return std::any_of(std::begin(kExtensions), std::end(kExtensions), [&](const char* e) { return ext == e; });
}


std::string_view strip_bom(std::string_view s) {
  return s.substr(0, 3) == "\xEF\xBB\xBF" ? s.substr(3) : s;
}

std::string not_an_input(unsigned char byte, std::size_t offset) {
  return "not a bundle, report, NDJSON, summary lines or CSV: starts with byte 0x" + to_hex(ByteSpan(&byte, 1)) +
         " at offset " + std::to_string(offset);
}

}  // namespace

std::vector<InputFile> expand_inputs(const std::vector<std::string>& paths, std::vector<Rejection>& rejected) {
  namespace fs = std::filesystem;
  std::vector<InputFile> out;
  for (const auto& p : paths) {
    std::error_code ec;
    auto st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
      rejected.push_back({"file:" + p, "does not exist"});
    } else if (fs::is_directory(st)) {
      std::vector<InputFile> found;
      for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
           !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec) && folder_member(it->path()))
          found.push_back({it->path().string(), static_cast<std::uint64_t>(it->file_size(ec))});
      }
      if (ec) rejected.push_back({"file:" + p, "cannot list folder: " + ec.message()});
      std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
      out.insert(out.end(), found.begin(), found.end());
    } else {
      out.push_back({p, static_cast<std::uint64_t>(fs::file_size(p, ec))});
    }
  }
  return out;
}

// --- LineReader ------------------------------------------------------------------------------

LineReader::LineReader(std::FILE* f, std::size_t max_line) : f_(f), max_line_(max_line), buf_(kChunk) {}

bool LineReader::fill() {
  if (eof_) return false;
  if (pos_ > 0) {
    std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
    end_ -= pos_;
    pos_ = 0;
  }
  if (end_ == buf_.size()) buf_.resize(buf_.size() * 2);
  auto n = std::fread(buf_.data() + end_, 1, buf_.size() - end_, f_);
  if (n == 0) eof_ = true;
  end_ += n;
  return n > 0;
}

LineReader::Got LineReader::next(std::string& line) {
  std::size_t scanned = 0;  // bytes after pos_ known to hold no newline
  for (;;) {
    const char* start = buf_.data() + pos_;
    const void* nl = std::memchr(start + scanned, '\n', end_ - pos_ - scanned);
    if (nl != nullptr) {
      auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - start);
      pos_ += len + 1;
      consumed_ += len + 1;
      ++line_no_;
      if (len > max_line_) return Got::TooLong;
      line.assign(start, len);
      return Got::Line;
    }
    scanned = end_ - pos_;
    if (scanned > max_line_) break;
    if (!fill()) {
      if (end_ == pos_) return Got::End;
      if (end_ - pos_ > max_line_) break;
      line.assign(buf_.data() + pos_, end_ - pos_);  // last line without a newline
      consumed_ += end_ - pos_;
      pos_ = end_;
      ++line_no_;
      return Got::Line;
    }
  }
  // Too long: drop what we hold and skip to the next newline, chunk by chunk, holding nothing.
  ++line_no_;
  for (;;) {
    const void* nl = std::memchr(buf_.data() + pos_, '\n', end_ - pos_);
    if (nl != nullptr) {
      auto len = static_cast<std::size_t>(static_cast<const char*>(nl) - (buf_.data() + pos_));
      consumed_ += len + 1;
      pos_ += len + 1;
      return Got::TooLong;
    }
    consumed_ += end_ - pos_;
    pos_ = end_ = 0;
    if (!fill()) return Got::TooLong;
  }
}

std::optional<std::pair<char, std::size_t>> LineReader::peek_content() {
  static const char kBom[] = "\xEF\xBB\xBF";
  for (std::size_t off = 0;; ++off) {  // off counts from pos_, which fill() may move (data moves with it)
    while (pos_ + off == end_) {
      if (off >= max_line_ || !fill()) return std::nullopt;
    }
    char c = buf_[pos_ + off];
    bool bom = off < 3 && c == kBom[off];
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n' && !bom) return std::make_pair(c, off);
  }
}

Status LineReader::error() const {
  if (std::ferror(f_)) return make_error(ErrorKind::Io, "read error");
  return ok_status();
}

// --- InputReader -----------------------------------------------------------------------------

Result<std::unique_ptr<InputReader>> InputReader::open(const InputFile& file, const Limits& limits, std::string csv_column) {
  std::FILE* f = std::fopen(file.path.c_str(), "rb");
  if (f == nullptr) return make_error(ErrorKind::Io, "cannot open " + file.path);
  return std::unique_ptr<InputReader>(new InputReader(f, file, limits, std::move(csv_column)));
}

InputReader::InputReader(std::FILE* f, const InputFile& file, const Limits& limits, std::string csv_column)
    : f_(f), file_(file), limits_(limits), csv_column_(std::move(csv_column)), lines_(f, limits.max_line),
      csv_(limits.max_line) {}

InputReader::~InputReader() { std::fclose(f_); }

std::string InputReader::where() const { return "file:" + file_.path + ":" + std::to_string(lines_.line_number()); }

bool InputReader::reject_file(std::vector<Rejection>& rejected, std::string reason) {
  rejected.push_back({"file:" + file_.path, std::move(reason)});
  mode_ = Mode::Done;
  return false;
}

bool InputReader::next(Item& item, std::vector<Rejection>& rejected) {
  if (!started_) {
    started_ = true;
    return start(item, rejected);
  }
  switch (mode_) {
    case Mode::Ndjson: return next_line_item(item, rejected, Item::Kind::Json);
    case Mode::Summaries: return next_line_item(item, rejected, Item::Kind::Summary);
    case Mode::Csv: return next_csv(item, rejected);
    case Mode::Document:
    case Mode::Done: return false;
  }
  return false;
}

bool InputReader::start(Item& item, std::vector<Rejection>& rejected) {
  // Decide from the first byte of content before reading a line: a huge binary file is rejected
  // without scanning it for a newline.
  auto peek = lines_.peek_content();
  bool is_csv = ascii_lower(std::filesystem::path(file_.path).extension().string()) == ".csv";
  if (peek && !is_csv && peek->first != '{' && peek->first != 't')
    return reject_file(rejected, not_an_input(static_cast<unsigned char>(peek->first), peek->second));
  std::string line;
  LineReader::Got got;
  // Skip leading blank lines; the first line with content decides the format.
  while ((got = lines_.next(line)) == LineReader::Got::Line && trim(strip_bom(line)).empty()) {
  }
  if (got == LineReader::Got::End) return reject_file(rejected, file_.size == 0 ? "empty file" : "no content (blank lines only)");
  if (got == LineReader::Got::TooLong)
    return reject_file(rejected, "line " + std::to_string(lines_.line_number()) + " is longer than the " +
                                     std::to_string(limits_.max_line >> 20) + " MiB line limit: not a bundle, report, NDJSON or CSV");
  auto first = trim(strip_bom(line));
  if (first.front() == '{') {
    if (first.back() == '}') {
      mode_ = Mode::Ndjson;
      item = {Item::Kind::Json, where(), std::string(first)};
      return true;
    }
    mode_ = Mode::Document;
    return read_document(item, std::string(strip_bom(line)), rejected);
  }
  if (first.substr(0, kSummaryPrefix.size()) == kSummaryPrefix) {
    mode_ = Mode::Summaries;
    item = {Item::Kind::Summary, where(), std::string(first)};
    return true;
  }
  if (is_csv) {
    mode_ = Mode::Csv;
    pending_line_ = std::string(strip_bom(line));
    if (!csv_header(rejected)) return false;
    return next_csv(item, rejected);
  }
  auto offset = static_cast<std::size_t>(first.data() - line.data());
  return reject_file(rejected, not_an_input(static_cast<unsigned char>(first.front()), offset));
}

bool InputReader::read_document(Item& item, std::string first_line, std::vector<Rejection>& rejected) {
  if (file_.size > limits_.max_document)
    return reject_file(rejected, "a single JSON document of " + std::to_string(file_.size) + " bytes exceeds the " +
                                     std::to_string(limits_.max_document >> 20) +
                                     " MiB limit (large inputs: NDJSON, one document per line)");
  std::string doc = std::move(first_line);
  std::string line;
  for (;;) {
    auto got = lines_.next(line);
    if (got == LineReader::Got::End) break;
    if (got == LineReader::Got::TooLong || doc.size() + line.size() + 1 > limits_.max_document)
      return reject_file(rejected, "JSON document larger than the " + std::to_string(limits_.max_document >> 20) + " MiB limit");
    doc += '\n';
    doc += line;
  }
  if (!lines_.error()) return reject_file(rejected, "read error");
  item = {Item::Kind::Json, "file:" + file_.path, std::move(doc)};
  mode_ = Mode::Done;
  return true;
}

bool InputReader::next_line_item(Item& item, std::vector<Rejection>& rejected, Item::Kind kind) {
  std::string line;
  for (;;) {
    auto got = lines_.next(line);
    if (got == LineReader::Got::End) {
      if (!lines_.error()) rejected.push_back({"file:" + file_.path, "read error"});
      return false;
    }
    if (got == LineReader::Got::TooLong) {
      rejected.push_back({where(), "line longer than the " + std::to_string(limits_.max_line >> 20) + " MiB line limit"});
      continue;
    }
    auto t = trim(line);
    if (t.empty()) continue;
    item.kind = kind;
    item.source = where();
    if (t.size() == line.size()) item.text = std::move(line);  // the usual NDJSON line: no second 23 KB copy
    else item.text.assign(t.data(), t.size());
    return true;
  }
}

bool InputReader::csv_header(std::vector<Rejection>& rejected) {
  auto done = csv_.feed(*pending_line_);
  pending_line_.reset();
  std::string line;
  while (done && !*done) {
    if (lines_.next(line) != LineReader::Got::Line) return reject_file(rejected, "CSV header: unterminated quote");
    done = csv_.feed(line);
  }
  if (!done) return reject_file(rejected, "CSV header: " + done.error().what());
  header_ = csv_.fields();
  if (csv_column_.empty()) return true;  // found from the first data row's content
  for (std::size_t i = 0; i < header_.size(); ++i)
    if (trim(header_[i]) == csv_column_) column_ = i;
  if (!column_) {
    std::string names;
    for (const auto& h : header_) names += (names.empty() ? "" : ", ") + h;
    return reject_file(rejected, "CSV has no column \"" + csv_column_ + "\" (header: " + names + ")");
  }
  return true;
}

bool InputReader::next_csv(Item& item, std::vector<Rejection>& rejected) {
  std::string line;
  for (;;) {
    auto got = lines_.next(line);
    if (got == LineReader::Got::End) {
      if (csv_.pending()) rejected.push_back({where(), "CSV: unterminated quoted field at end of file"});
      return false;
    }
    if (got == LineReader::Got::TooLong) {
      rejected.push_back({where(), "CSV line longer than the " + std::to_string(limits_.max_line >> 20) + " MiB line limit"});
      continue;
    }
    if (!csv_.pending() && trim(line).empty()) continue;
    auto done = csv_.feed(line);
    if (!done) {
      rejected.push_back({where(), done.error().what()});
      continue;
    }
    if (!*done) continue;
    const auto& fields = csv_.fields();
    if (fields.size() != header_.size()) {
      rejected.push_back({where(), "CSV record has " + std::to_string(fields.size()) + " fields, the header has " +
                                       std::to_string(header_.size()) + " (missing or extra column)"});
      continue;
    }
    if (!column_) {
      for (std::size_t i = 0; i < fields.size() && !column_; ++i)
        if (trim(fields[i]).substr(0, kSummaryPrefix.size()) == kSummaryPrefix) column_ = i;
      if (!column_)
        return reject_file(rejected, "CSV: no column holds a tpmready summary line (\"tpmready: ...\") in its first "
                                     "record; name it with --csv-column");
    }
    auto cell = trim(fields[*column_]);
    if (cell.substr(0, kSummaryPrefix.size()) != kSummaryPrefix) {
      rejected.push_back({where(), "CSV column \"" + header_[*column_] + "\" holds no tpmready summary line (\"" +
                                       std::string(cell.substr(0, 60)) + "\")"});
      continue;
    }
    item = {Item::Kind::Summary, where(), std::string(cell)};
    return true;
  }
}

}  // namespace tpmready::fleet
