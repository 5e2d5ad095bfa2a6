#pragma once
/// Reader for `tpmtool getdeviceinformation` output (facts/windows.md §8): one "-Label: value"
/// line per field, and "-Information Flags Description:" followed by indented INFORMATION_*
/// names. Only the English labels of §8 are recognised; anything else (other languages, future
/// fields) is kept as an unrecognised line with its number rather than guessed at.
#include <string>
#include <string_view>
#include <vector>

#include "collect/offline/text_decode.h"
#include "collect/offline/text_lines.h"
#include "util/result.h"

namespace tpmready::offline {

struct TpmtoolField {
  std::string label;  ///< as in §8, e.g. "Ready For Attestation"
  std::string value;  ///< text after ": ", trimmed
  std::size_t line = 0;
  bool operator==(const TpmtoolField&) const = default;
};

struct TpmtoolFlag {
  std::string name;  ///< INFORMATION_* as printed
  std::size_t line = 0;
  bool operator==(const TpmtoolFlag&) const = default;
};

struct TpmtoolOutput {
  std::string file;
  std::vector<TpmtoolField> fields;        ///< recognised labels, in file order
  bool flags_section = false;              ///< "-Information Flags Description:" was present
  std::size_t flags_line = 0;              ///< its line number
  std::vector<TpmtoolFlag> information_flags;
  std::vector<UnrecognisedLine> unrecognised;

  /// Last field with this label (labels compare exactly), or null.
  const TpmtoolField* find(std::string_view label) const;
};

/// The field labels of facts/windows.md §8, in tpmtool's order.
const std::vector<std::string_view>& tpmtool_labels();

/// Parses decoded text. Fails (Parse, naming the file) only when no line has the "-Label: value"
/// shape at all; a dump whose labels are all unknown (another language) parses with zero fields
/// and every line in `unrecognised`.
Result<TpmtoolOutput> parse_tpmtool(const TextLines& text);
Result<TpmtoolOutput> parse_tpmtool_bytes(ByteSpan data, std::string_view name);

}  // namespace tpmready::offline
