// libFuzzer entry: the output-safety helpers on arbitrary bytes. Properties, not only "no crash":
// valid_utf8 gives well-formed UTF-8 and keeps well-formed input; terminal_safe leaves no control
// character but TAB (and LF when kept) and is idempotent; json_text never throws and reads back as
// valid_utf8 of the input; host_names_in returns pieces of the text that hold a dot.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "redact/redactor.h"
#include "util/json_text.h"
#include "util/utf8.h"

namespace {

bool well_formed(std::string_view s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto n = tpmready::utf8_sequence_length(s, i);
    if (n == 0) return false;
    i += n;
  }
  return true;
}

bool has_control(std::string_view s, bool allow_lf) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto b = static_cast<unsigned char>(s[i]);
    if (b == '\t' || (b == '\n' && allow_lf)) continue;
    if (b < 0x20 || b == 0x7F) return true;
    if (b == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return true;
  }
  return false;
}

void check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tpmready;
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto valid = valid_utf8(in);
  check(well_formed(valid));
  check(valid_utf8(valid) == valid);
  if (well_formed(in)) check(valid == in);
  for (auto mode : {LineBreaks::Keep, LineBreaks::Escape}) {
    const auto safe = terminal_safe(in, mode);
    check(well_formed(safe));
    check(!has_control(safe, mode == LineBreaks::Keep));
    check(terminal_safe(safe, mode) == safe);
  }
  const auto text = json_text(nlohmann::json(std::string(in)));
  check(nlohmann::json::parse(text) == valid);
  for (const auto& host : redact::host_names_in(in)) check(in.find(host) != std::string_view::npos && host.find('.') != std::string::npos);
  return 0;
}
