#include "redact/redactor.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <vector>

#include "crypto/crypto.h"
#include "util/base64.h"
#include "util/file.h"

namespace tpmready::redact {
namespace {

/// Only values this long match inside a longer word: shorter ones ("desk", a 6-digit serial)
/// would otherwise eat parts of unrelated words and numbers.
constexpr std::size_t kWordBoundaryBelow = 8;
constexpr std::size_t kColonHexMaxBytes = 64;  ///< serials and fingerprints; not keys or DER
constexpr std::size_t kPemLine = 64;           ///< RFC 7468 §2: base64 lines of 64 characters

bool is_word_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

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

std::string html_escaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

bool whole_word_at(std::string_view text, std::size_t pos, std::size_t len) {
  bool left = pos == 0 || !is_word_char(text[pos - 1]);
  bool right = pos + len >= text.size() || !is_word_char(text[pos + len]);
  return left && right;
}

Status write_new_salt(const std::string& path, const Bytes& salt) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return make_error(ErrorKind::Io, "cannot create salt file " + path);
  out.write(reinterpret_cast<const char*>(salt.data()), static_cast<std::streamsize>(salt.size()));
  if (!out) return make_error(ErrorKind::Io, "writing salt file " + path + " failed");
  return ok_status();
}

}  // namespace

Result<Bytes> random_salt() { return crypto::random_bytes(kSaltBytes); }

Result<Bytes> load_or_create_salt(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    auto salt = TRY(random_salt());
    TRY(write_new_salt(path, salt));
    return salt;
  }
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

std::string Redactor::hex_token(std::string_view hex) const { return token(lower(hex)); }

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
  for (const auto& form : {std::string(value), json_escaped(value), html_escaped(value)})
    replacements_.emplace(form, replacement);
}

void Redactor::add_bytes(ByteSpan value) {
  if (value.empty()) return;
  std::string hex = to_hex(value);
  std::string tok = hex_token(hex);
  add_text(hex, tok);
  add_text(upper(hex), tok);
  if (value.size() <= kColonHexMaxBytes) {
    add_text(colon_hex(hex), tok);
    add_text(colon_hex(upper(hex)), tok);
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
