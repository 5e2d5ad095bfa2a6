#include "cert/cert_input.h"

#include "util/base64.h"

#include <algorithm>

namespace tpmready::cert {
namespace {

bool is_space(char ch) { return ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n'; }

std::size_t line_of(std::string_view text, std::size_t pos) {
  return 1 + static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

// PowerShell's `Out-File` / `>` writes UTF-16LE with a BOM; certificate text is ASCII.
std::string as_text(ByteSpan file) {
  if (file.size() >= 2 && file[0] == 0xFF && file[1] == 0xFE) {
    std::string out;
    for (std::size_t i = 2; i + 1 < file.size(); i += 2) {
      out.push_back(file[i + 1] == 0 ? static_cast<char>(file[i]) : '?');
    }
    return out;
  }
  std::size_t skip = file.size() >= 3 && file[0] == 0xEF && file[1] == 0xBB && file[2] == 0xBF ? 3 : 0;
  return std::string(file.begin() + static_cast<std::ptrdiff_t>(skip), file.end());
}

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kDashes = "-----";

Result<std::vector<Bytes>> pem_blocks(const std::string& text) {
  std::vector<Bytes> out;
  std::size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string::npos) {
    const std::size_t label_end = text.find(kDashes, pos + kBegin.size());
    if (label_end == std::string::npos) {
      return make_error(ErrorKind::Parse, "line " + std::to_string(line_of(text, pos)) + ": unterminated PEM BEGIN line");
    }
    const std::string label = text.substr(pos + kBegin.size(), label_end - pos - kBegin.size());
    const std::string end_marker = "-----END " + label + kDashes.data();
    const std::size_t body = label_end + kDashes.size();
    const std::size_t end = text.find(end_marker, body);
    if (end == std::string::npos) {
      return make_error(ErrorKind::Parse, "line " + std::to_string(line_of(text, pos)) + ": PEM block '" + label +
                                              "' has no END line");
    }
    if (label == "CERTIFICATE" || label == "X509 CERTIFICATE" || label == "TRUSTED CERTIFICATE") {
      auto der = base64_decode(std::string_view(text).substr(body, end - body));
      if (!der.ok()) {
        // Translate the offset inside the block into a line of the file.
        return std::move(der).error().context("PEM block at line " + std::to_string(line_of(text, pos)));
      }
      out.push_back(std::move(der).value());
    }
    pos = end + end_marker.size();
  }
  if (out.empty()) return make_error(ErrorKind::Parse, "PEM text without a CERTIFICATE block");
  return out;
}

bool looks_like_base64_text(const std::string& text) {
  std::size_t n = 0;
  for (char ch : text) {
    if (is_space(ch)) continue;
    if (!is_base64_char(ch) && ch != '=') return false;
    ++n;
  }
  return n > 0;
}

}  // namespace

Result<std::vector<Bytes>> certificate_blobs(ByteSpan file) {
  if (file.empty()) return make_error(ErrorKind::Parse, "@0x0: empty file");
  // Binary DER (0x30 = SEQUENCE) or the TCG NV header (facts/tcg.md §3.1: 10 01 00 ...).
  if (file[0] == 0x30 || (file.size() >= 3 && file[0] == 0x10 && file[1] == 0x01 && file[2] == 0x00)) {
    return std::vector<Bytes>{Bytes(file.begin(), file.end())};
  }
  const std::string text = as_text(file);
  if (text.find(kBegin) != std::string::npos) return pem_blocks(text);
  if (looks_like_base64_text(text)) {
    auto der = TRY(base64_decode(text));
    return std::vector<Bytes>{std::move(der)};
  }
  return make_error(ErrorKind::Parse, "@0x0: not a certificate: neither DER (first byte " + hex_short(file[0]) +
                                          "), PEM nor base64 text");
}

}  // namespace tpmready::cert
