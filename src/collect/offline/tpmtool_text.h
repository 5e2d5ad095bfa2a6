#pragma once
/// Reader for `tpmtool getdeviceinformation` output (facts/windows.md §8): one "-Label: value"
/// line per field, and "-Information Flags Description:" followed by indented INFORMATION_*
/// names. Only the English labels of §8 are recognised; anything else (other languages, future
/// fields) is kept as an unrecognised line with its number rather than guessed at.
#include <cstdint>
#include <optional>
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

/// tpmtool's answer when it cannot query the TPM at all (Dasharo/dasharo-issues#700, a device whose
/// TPM Windows did not see):
///   Failed to get information.
///   Command failed with 0x800710df - The device is not ready for use.
/// Both lines are needed, in this order, each at the end of its line: a prefix a test harness or
/// logger puts in front of each line does not hide them, and text that only mentions the message
/// (a README, a table) is not taken for it.
struct TpmtoolFailure {
  std::size_t line = 0;      ///< the "Command failed with 0x..." line
  std::uint32_t code = 0;    ///< the HRESULT
  std::string message;       ///< the text after " - ", as printed ("The device is not ready for use.")
  std::size_t failed_line = 0;  ///< the "Failed to get information." line, 0 when not pasted
  bool operator==(const TpmtoolFailure&) const = default;
};

/// The first tpmtool failure in the text, if any.
std::optional<TpmtoolFailure> find_tpmtool_failure(const TextLines& text);

struct TpmtoolOutput {
  std::string file;
  std::optional<TpmtoolFailure> failure;  ///< tpmtool printed a failure instead of the fields
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
/// shape and tpmtool printed no failure; a dump whose labels are all unknown (another language)
/// parses with zero fields and every line in `unrecognised`. Console prompts and "[...]" cuts are
/// skipped.
Result<TpmtoolOutput> parse_tpmtool(const TextLines& text);
Result<TpmtoolOutput> parse_tpmtool_bytes(ByteSpan data, std::string_view name);

}  // namespace tpmready::offline
