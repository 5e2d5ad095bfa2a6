#include "explain/code_text.h"

#include <algorithm>
#include <vector>

#include "util/text.h"

namespace tpmready::explain {
namespace {

constexpr std::string_view kSeparators = " \t\r\n\v\f()[]{}<>\"'`=:,;";
constexpr std::string_view kUnicodeMinus = "\xE2\x88\x92";  // U+2212, as web pages print negative numbers

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::vector<std::string> words_of(std::string text) {
  for (std::size_t at = text.find(kUnicodeMinus); at != std::string::npos; at = text.find(kUnicodeMinus, at))
    text.replace(at, kUnicodeMinus.size(), "-");
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = std::min(text.find_first_of(kSeparators, pos), text.size());
    std::string word = text.substr(pos, end - pos);
    while (!word.empty() && word.back() == '.') word.pop_back();  // the end of a sentence
    if (!word.empty()) words.push_back(std::move(word));
    pos = end + 1;
  }
  return words;
}

}  // namespace

std::string code_from_pasted(std::string_view text) {
  const std::string trimmed(trim(text));
  const auto words = words_of(trimmed);
  const std::string* code = nullptr;
  for (const auto& w : words) {
    if (std::all_of(w.begin(), w.end(), is_letter)) continue;  // a label: "error", "HRESULT", "code"
    if (w.find_first_not_of('-') == std::string::npos) continue;  // a dash between label and code
    if (code != nullptr || std::none_of(w.begin(), w.end(), is_digit)) return trimmed;
    code = &w;
  }
  if (code != nullptr) return *code;
  return words.size() == 1 ? words.front() : trimmed;  // "deadbeef", "(c000021a)": letters that may be hex
}

}  // namespace tpmready::explain
