#include "fleet/csv.h"

namespace tpmready::fleet {

Result<bool> CsvRecordParser::feed(std::string_view line) {
  if (!in_quotes_) {
    fields_.clear();
    field_.clear();
    record_size_ = 0;
    after_quote_ = false;
  } else {
    field_ += '\n';  // a quoted line break belongs to the field
  }
  record_size_ += line.size() + 1;
  if (record_size_ > max_record_)
    return make_error(ErrorKind::Limit, "CSV record longer than " + std::to_string(max_record_) + " bytes");
  bool field_started = in_quotes_;
  for (std::size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (in_quotes_) {
      if (c != '"') {
        field_ += c;
      } else if (i + 1 < line.size() && line[i + 1] == '"') {
        field_ += '"';
        ++i;
      } else {
        in_quotes_ = false;
        after_quote_ = true;
      }
    } else if (c == '\r' && i + 1 == line.size()) {
      break;  // CRLF line end
    } else if (c == ',') {
      fields_.push_back(std::move(field_));
      field_.clear();
      field_started = after_quote_ = false;
    } else if (after_quote_) {
      return make_error(ErrorKind::Parse, "CSV column " + std::to_string(i + 1) + ": text after a closing quote");
    } else if (c == '"') {
      if (field_started)
        return make_error(ErrorKind::Parse, "CSV column " + std::to_string(i + 1) + ": quote inside an unquoted field");
      in_quotes_ = true;
    } else {
      field_ += c;
      field_started = true;
    }
  }
  if (in_quotes_) return false;
  fields_.push_back(std::move(field_));
  field_.clear();
  return true;
}

}  // namespace tpmready::fleet
