// `tpmready explain` on arbitrary pasted text: code_from_pasted, then parse_code on what it keeps.
// Besides "no crash", the normalisation must be stable (applied to its own result it changes
// nothing) and what it keeps must come from the input: never longer than the trimmed text.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "explain/code_text.h"
#include "explain/error_codes.h"
#include "util/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::string code = tpmready::explain::code_from_pasted(text);
  if (code.size() > tpmready::trim(text).size()) std::abort();
  if (tpmready::explain::code_from_pasted(code) != code) std::abort();
  (void)tpmready::explain::parse_code(code);
  return 0;
}
