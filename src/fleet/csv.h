#pragma once
/// RFC 4180 CSV records (quoted fields, "" escapes, quoted line breaks), fed line by line so a
/// record spanning lines never needs the whole file in memory.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/result.h"

namespace tpmready::fleet {

class CsvRecordParser {
 public:
  /// Largest record (all its lines) accepted; a longer one is an error, not an allocation.
  explicit CsvRecordParser(std::size_t max_record = 1 << 20) : max_record_(max_record) {}

  /// Feeds one line (without its line break). Returns true when a record is complete (read it
  /// with fields()), false when a quoted field continues on the next line. Errors: a stray quote
  /// inside an unquoted field, text after a closing quote, a record over the limit.
  Result<bool> feed(std::string_view line);
  /// True when a quoted field is still open (at end of input: an unterminated quote).
  bool pending() const { return in_quotes_; }
  const std::vector<std::string>& fields() const { return fields_; }

 private:
  std::size_t max_record_;
  std::size_t record_size_ = 0;
  bool in_quotes_ = false;
  bool after_quote_ = false;  ///< the current field's closing quote has been seen
  std::string field_;
  std::vector<std::string> fields_;
};

}  // namespace tpmready::fleet
