#include "collect/offline/text_decode.h"

#include "util/utf8.h"

#include <cstdio>
#include <fstream>

namespace tpmready::offline {
namespace {

Error text_error(std::string_view name, std::size_t offset, const std::string& what) {
  return make_error(ErrorKind::Parse, offset_label(offset) + ": " + what).context("file " + std::string(name));
}

Result<std::string> decode_utf8(ByteSpan data, std::size_t base, std::string_view name) {
  const std::string_view text(reinterpret_cast<const char*>(data.data()), data.size());
  for (std::size_t i = 0; i < data.size();) {
    if (data[i] == 0) return text_error(name, base + i, "NUL byte in UTF-8 text (binary input?)");
    const std::size_t len = utf8_sequence_length(text, i);
    if (len == 0) {
      char b[8];
      std::snprintf(b, sizeof b, "0x%02x", data[i]);
      return text_error(name, base + i, std::string("invalid UTF-8 byte ") + b);
    }
    i += len;
  }
  return std::string(text);
}

Result<std::string> decode_utf16le(ByteSpan data, std::size_t base, std::string_view name) {
  if (data.size() % 2 != 0) {
    return text_error(name, base + data.size() - 1, "odd number of bytes in UTF-16LE text");
  }
  std::string out;
  out.reserve(data.size() / 2);
  for (std::size_t i = 0; i < data.size(); i += 2) {
    std::uint32_t unit = data[i] | (std::uint32_t{data[i + 1]} << 8);
    if (unit == 0) return text_error(name, base + i, "NUL character in UTF-16LE text (binary input?)");
    if (unit >= 0xDC00 && unit <= 0xDFFF) return text_error(name, base + i, "unpaired low surrogate");
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (data.size() - i < 4) return text_error(name, base + i, "truncated surrogate pair");
      const std::uint32_t low = data[i + 2] | (std::uint32_t{data[i + 3]} << 8);
      if (low < 0xDC00 || low > 0xDFFF) return text_error(name, base + i, "unpaired high surrogate");
      unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
      i += 2;
    }
    append_utf8(out, unit);
  }
  return out;
}

// UTF-16LE without a BOM: ASCII text then has a zero high byte in every second position,
// which never happens in UTF-8 text (NUL is rejected there anyway).
bool looks_like_utf16le(ByteSpan data) {
  return data.size() >= 2 && data.size() % 2 == 0 && data[0] != 0 && data[1] == 0;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::size_t stop = end;
    if (stop > start && text[stop - 1] == '\r') --stop;
    lines.emplace_back(text, start, stop - start);
    start = end + 1;
  }
  return lines;
}

}  // namespace

Result<TextLines> decode_text(ByteSpan data, std::string_view name, std::size_t max_bytes) {
  if (data.size() > max_bytes) {
    return make_error(ErrorKind::Limit, std::to_string(data.size()) + " bytes exceed the text input limit of " +
                                            std::to_string(max_bytes) + " bytes")
        .context("file " + std::string(name));
  }
  TextLines out;
  out.name = std::string(name);
  std::string text;
  if (data.size() >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF) {
    out.encoding = TextEncoding::Utf8Bom;
    text = TRY(decode_utf8(data.subspan(3), 3, name));
  } else if (data.size() >= 2 && data[0] == 0xFF && data[1] == 0xFE) {
    out.encoding = TextEncoding::Utf16LeBom;
    text = TRY(decode_utf16le(data.subspan(2), 2, name));
  } else if (looks_like_utf16le(data)) {
    out.encoding = TextEncoding::Utf16Le;
    text = TRY(decode_utf16le(data, 0, name));
  } else {
    out.encoding = TextEncoding::Utf8;
    text = TRY(decode_utf8(data, 0, name));
  }
  out.lines = split_lines(text);
  return out;
}

Result<std::string> utf16le_to_utf8(ByteSpan data) { return decode_utf16le(data, 0, "UTF-16LE data"); }

std::string base_name(std::string_view path) {
  const std::size_t slash = path.find_last_of("/\\");
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

}  // namespace tpmready::offline
