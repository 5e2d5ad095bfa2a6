#pragma once
/// Text inputs as admins produce them on Windows: PowerShell `>` redirection writes UTF-16LE with a
/// BOM, regedit writes UTF-16LE with a BOM ("Windows Registry Editor Version 5.00"), cmd.exe `>`
/// and `Out-File -Encoding utf8` write UTF-8 with or without a BOM, and copies through other tools
/// drop the BOM. decode_text() turns any of these into UTF-8 lines so every offline parser sees
/// one form, with 1-based line numbers for its messages.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::offline {

/// Largest text input accepted by default (32 MiB). A tpmtool dump is ~1 KiB; the biggest real
/// input is a .reg export carrying the WBCL as hex: UTF-16LE regedit text is ~6.4 bytes per log
/// byte, so 32 MiB admits a ~5 MB event log (measured: 0.5 s, ~95 MB peak RSS). Anything larger
/// is refused before it is read; callers can raise the limit.
inline constexpr std::size_t kDefaultMaxTextBytes = std::size_t{32} * 1024 * 1024;

enum class TextEncoding { Utf8, Utf8Bom, Utf16Le, Utf16LeBom };

struct TextLines {
  std::string name;             ///< file name used in messages and fact sources
  TextEncoding encoding = TextEncoding::Utf8;
  std::vector<std::string> lines;  ///< UTF-8, CR/LF stripped; lines[0] is line 1
};

/// Decodes `data` (named `name` in errors). Fails with a Parse error naming the file and the
/// byte offset for invalid UTF-8, NUL bytes in UTF-8 text (binary input), an odd UTF-16 length or
/// unpaired surrogates; with a Limit error when data.size() > max_bytes.
Result<TextLines> decode_text(ByteSpan data, std::string_view name,
                              std::size_t max_bytes = kDefaultMaxTextBytes);

/// Decodes UTF-16LE code units (no BOM handling, no line splitting) to UTF-8, as registry string
/// data is stored; fails on odd length, NUL or unpaired surrogates.
Result<std::string> utf16le_to_utf8(ByteSpan data);


/// The base name of a path ("C:\\x\\tpmtool.txt" and "/x/tpmtool.txt" → "tpmtool.txt").
std::string base_name(std::string_view path);

}  // namespace tpmready::offline
