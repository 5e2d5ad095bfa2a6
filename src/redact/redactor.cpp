#include "redact/redactor.h"

#include <algorithm>
#include <cctype>
#include <vector>

#include "crypto/crypto.h"
#include "util/base64.h"
#include "util/file.h"
#include "util/private_file.h"
#include "util/utf8.h"
#include "util/text.h"

namespace tpmready::redact {
namespace {

/// Only values this long match inside a longer word: shorter ones ("desk", a 6-digit serial)
/// would otherwise eat parts of unrelated words and numbers.
constexpr std::size_t kWordBoundaryBelow = 8;
constexpr std::size_t kColonHexMaxBytes = 64;  ///< serials and fingerprints; not keys or DER
constexpr std::size_t kPemLine = 64;           ///< RFC 7468 §2: base64 lines of 64 characters

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string colon_hex(std::string_view hex) {
  std::string out;
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    if (i) out += ':';
    out += hex.substr(i, 2);
  }
  return out;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
    s.replace(pos, from.size(), to);
  return s;
}

/// How the value looks inside a JSON string: a Windows path's backslashes are doubled.
std::string json_escaped(std::string_view s) { return replace_all(replace_all(std::string(s), "\\", "\\\\"), "\"", "\\\""); }

bool whole_word_at(std::string_view text, std::size_t pos, std::size_t len) {
  bool left = pos == 0 || !is_word_char(text[pos - 1]);
  bool right = pos + len >= text.size() || !is_word_char(text[pos + len]);
  return left && right;
}

bool label_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_'; }

bool email_local_char(char c) { return label_char(c) || c == '.' || c == '+' || c == '%'; }

/// File extensions that end names in Windows event text and are not top-level domains: none of
/// them is in the Public Suffix List (publicsuffix.org, Debian's publicsuffix 20230209), where
/// cab and zip are, so "diag.cab" and "logs.zip" stay host names (tokenised: the safe side).
bool file_extension(std::string_view label) {
  static constexpr std::string_view kExtensions[] = {
      "exe", "dll", "sys", "msc", "mui", "efi", "inf", "ini", "bat", "cmd", "ps1", "evtx", "etl", "log", "txt",
      "xml", "json", "csv", "htm", "html", "reg", "cer", "crt", "pem", "der", "pfx", "p7b", "bin", "dat", "tmp"};
  const std::string l = ascii_lower(label);
  return std::find(std::begin(kExtensions), std::end(kExtensions), l) != std::end(kExtensions);
}

bool host_like(const std::vector<std::string_view>& labels) {
  if (labels.size() < 2) return false;
  const auto last = labels.back();
  if (last.size() < 2 || file_extension(last)) return false;
  return std::all_of(last.begin(), last.end(), [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
}

}  // namespace

std::vector<std::string> host_names_in(std::string_view text) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < text.size()) {
    if (!label_char(text[i])) {
      ++i;
      continue;
    }
    // One run of labels joined by single dots; a dot not followed by a label ends it (a sentence's
    // full stop, "a..b").
    const std::size_t start = i;
    std::vector<std::string_view> labels;
    std::size_t end = i;
    while (true) {
      std::size_t j = end;
      while (j < text.size() && label_char(text[j])) ++j;
      labels.push_back(text.substr(end, j - end));
      end = j;
      if (end + 1 < text.size() && text[end] == '.' && label_char(text[end + 1])) {
        ++end;
        continue;
      }
      break;
    }
    i = end;
    if (end < text.size() && text[end] == '@') continue;  // an e-mail's local part: taken with its domain
    if (!host_like(labels)) continue;
    std::size_t from = start;
    if (from >= 2 && text[from - 1] == '@' && email_local_char(text[from - 2])) {
      from -= 1;
      while (from > 0 && email_local_char(text[from - 1])) --from;
    }
    out.emplace_back(text.substr(from, end - from));
  }
  return out;
}

Result<Bytes> random_salt() { return crypto::random_bytes(kSaltBytes); }

Result<Bytes> load_or_create_salt(const std::string& path) {
  auto fresh = TRY(random_salt());
  if (TRY(create_private_file(path, fresh))) return fresh;
  // An existing salt others can read is refused rather than used: the tokens it makes can be
  // tested against guessed serials by whoever reads it.
  if (auto shared = TRY(readable_by_others(path)))
    return make_error(ErrorKind::Usage, "salt file " + path + " can be read by other users (" + *shared +
                                            "): make it private with chmod 600 " + path);
  auto salt = TRY(read_file(path, kMaxSaltFileBytes));
  if (salt.size() < 16)
    return make_error(ErrorKind::Usage, "salt file " + path + " has " + std::to_string(salt.size()) +
                                            " bytes; a salt needs at least 16 (delete it to have a new one created)");
  return salt;
}

std::string Redactor::token(std::string_view value) const {
  auto mac = crypto::hmac(crypto::HashAlg::Sha256, salt_, as_span(std::string(value)));
  // SHA-256 is available on every platform build; a failure here is a bug, never a reason to
  // print the value itself.
  if (!mac) return std::string(kTokenPrefix) + "unavailable";
  return std::string(kTokenPrefix) + to_hex(ByteSpan(*mac).first(6));
}

std::string Redactor::hex_token(std::string_view hex) const { return token(ascii_lower(hex)); }

Bytes Redactor::pseudo_bytes(ByteSpan value, std::string_view label) const {
  Bytes out;
  for (std::uint32_t counter = 0; out.size() < value.size(); ++counter) {
    Bytes msg(label.begin(), label.end());
    for (int s = 24; s >= 0; s -= 8) msg.push_back(static_cast<std::uint8_t>(counter >> s));
    msg.insert(msg.end(), value.begin(), value.end());
    auto block = crypto::hmac(crypto::HashAlg::Sha256, salt_, msg);
    if (!block) return Bytes(value.size(), 0);
    out.insert(out.end(), block->begin(), block->end());
  }
  out.resize(value.size());
  return out;
}

void Redactor::add_text(std::string_view value, const std::string& replacement) {
  if (value.empty()) return;
  // Outputs show a value as it is made safe for them (util/utf8.h): ill-formed UTF-8 as U+FFFD,
  // control characters escaped in text. Those forms are registered too, so they are found.
  const std::string valid = valid_utf8(value);
  for (const auto& form : {std::string(value), valid, terminal_safe(value), json_escaped(valid), html_escape(valid)})
    replacements_.emplace(form, replacement);
}

void Redactor::add_bytes(ByteSpan value) {
  if (value.empty()) return;
  std::string hex = to_hex(value);
  std::string tok = hex_token(hex);
  add_text(hex, tok);
  add_text(ascii_upper(hex), tok);
  if (value.size() <= kColonHexMaxBytes) {
    add_text(colon_hex(hex), tok);
    add_text(colon_hex(ascii_upper(hex)), tok);
  }
  std::string b64 = base64_encode(value);
  add_text(b64, tok);
  if (b64.size() > kPemLine)  // PEM wraps the base64: each full line is unique to this value
    for (std::size_t i = 0; i + kPemLine <= b64.size(); i += kPemLine) add_text(b64.substr(i, kPemLine), tok);
}

void Redactor::add_serial(ByteSpan serial) {
  add_bytes(serial);
  // Without the sign byte too: `openssl x509 -serial` and our serial_hex drop a leading 00.
  std::size_t skip = 0;
  while (skip + 1 < serial.size() && serial[skip] == 0) ++skip;
  if (skip) add_bytes(serial.subspan(skip));
  add_text(to_decimal(serial), hex_token(to_hex(serial)));
}

const std::string* Redactor::exact(std::string_view value) const {
  auto it = replacements_.find(value);
  return it != replacements_.end() ? &it->second : nullptr;
}

std::string Redactor::scrub(std::string_view text) const {
  // Candidates by first character, longest first, so the DER hex wins over the modulus inside it.
  std::vector<std::vector<const std::pair<const std::string, std::string>*>> by_first(256);
  for (const auto& kv : replacements_)
    if (kv.first.size() >= kMinScrubLength) by_first[static_cast<unsigned char>(kv.first[0])].push_back(&kv);
  for (auto& list : by_first)
    std::sort(list.begin(), list.end(), [](auto* a, auto* b) { return a->first.size() > b->first.size(); });
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const std::pair<const std::string, std::string>* hit = nullptr;
    for (auto* kv : by_first[static_cast<unsigned char>(text[i])]) {
      const auto& v = kv->first;
      if (text.compare(i, v.size(), v) != 0) continue;
      if (v.size() < kWordBoundaryBelow && !whole_word_at(text, i, v.size())) continue;
      hit = kv;
      break;
    }
    if (hit) {
      out += hit->second;
      i += hit->first.size();
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string to_decimal(ByteSpan big_endian) {
  std::vector<std::uint8_t> n(big_endian.begin(), big_endian.end());
  std::string digits;
  auto is_zero = [&] { return std::all_of(n.begin(), n.end(), [](std::uint8_t b) { return b == 0; }); };
  while (!is_zero()) {  // long division by 10, most significant byte first
    unsigned rem = 0;
    for (auto& b : n) {
      unsigned cur = (rem << 8) | b;
      b = static_cast<std::uint8_t>(cur / 10);
      rem = cur % 10;
    }
    digits += static_cast<char>('0' + rem);
  }
  if (digits.empty()) digits = "0";
  std::reverse(digits.begin(), digits.end());
  return digits;
}

}  // namespace tpmready::redact
