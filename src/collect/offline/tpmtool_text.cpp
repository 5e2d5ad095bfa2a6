#include "collect/offline/tpmtool_text.h"

#include "collect/offline/information_flags.h"
#include "util/text.h"

namespace tpmready::offline {
namespace {

constexpr std::string_view kFlagsLabel = "Information Flags Description";

bool is_label_line(std::string_view line) {
  return line.size() >= 3 && line[0] == '-' && line.find(':') != std::string_view::npos;
}

bool is_known_label(std::string_view label) {
  for (auto l : tpmtool_labels()) {
    if (l == label) return true;
  }
  return false;
}

void add_flag(TpmtoolOutput& out, std::string_view name, std::size_t lineno, std::string_view raw) {
  if (!starts_with_icase(name, "INFORMATION_")) {
    out.unrecognised.push_back(unrecognised(lineno, raw, "not an INFORMATION_* flag name"));
    return;
  }
  out.information_flags.push_back(TpmtoolFlag{std::string(name), lineno});
  if (!information_flag_value(name)) {
    out.unrecognised.push_back(unrecognised(lineno, raw, "INFORMATION_* name not in the known flag table"));
  }
}

constexpr std::string_view kFailedToGet = "Failed to get information";
constexpr std::string_view kCommandFailed = "Command failed with 0x";

/// "Command failed with 0x800710df - The device is not ready for use." → code and message.
std::optional<TpmtoolFailure> parse_failure_line(std::string_view line, std::size_t lineno) {
  const std::size_t at = line.find(kCommandFailed);
  if (at == std::string_view::npos) return std::nullopt;
  std::size_t i = at + kCommandFailed.size();
  std::uint32_t code = 0;
  std::size_t digits = 0;
  for (; i < line.size() && digits < 9; ++i, ++digits) {
    const char c = line[i];
    int v = 0;
    if (c >= '0' && c <= '9') v = c - '0';
    else if (c >= 'a' && c <= 'f') v = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') v = c - 'A' + 10;
    else break;
    code = (code << 4) | static_cast<std::uint32_t>(v);
  }
  if (digits == 0 || digits > 8) return std::nullopt;
  TpmtoolFailure f;
  f.line = lineno;
  f.code = code;
  // The code ends the line, or " - <message>" does.
  const std::string_view rest = trim(line.substr(i));
  if (!rest.empty() && rest[0] != '-') return std::nullopt;
  if (rest.size() > 1) f.message = std::string(trim(rest.substr(1)));
  return f;
}

}  // namespace

std::optional<TpmtoolFailure> find_tpmtool_failure(const TextLines& text) {
  // Both lines, in order, each ending the line it is on: a prefix before them is a logger's, but a
  // sentence or table row that merely mentions the message (a README, a ticket) is not output.
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    std::string_view failed = trim(text.lines[i]);
    if (!failed.empty() && failed.back() == '.') failed.remove_suffix(1);
    if (failed.size() < kFailedToGet.size() ||
        failed.substr(failed.size() - kFailedToGet.size()) != kFailedToGet) {
      continue;
    }
    for (std::size_t j = i + 1; j < text.lines.size() && j <= i + 2; ++j) {
      if (auto f = parse_failure_line(text.lines[j], j + 1)) {
        f->failed_line = i + 1;
        return f;
      }
      if (!trim(text.lines[j]).empty()) break;
    }
  }
  return std::nullopt;
}

const std::vector<std::string_view>& tpmtool_labels() {
  // facts/windows.md §8, exact spelling from the SEED000 Hyper-V example.
  static const std::vector<std::string_view> kLabels = {
      "TPM Present",        "TPM Version",       "TPM Manufacturer ID",       "TPM Manufacturer Full Name",
      "TPM Manufacturer Version", "PPI Version", "Is Initialized",            "Ready For Storage",
      "Ready For Attestation", kFlagsLabel,      "Is Capable For Attestation", "Clear Needed To Recover",
      "Clear Possible",     "TPM Has Vulnerable Firmware", "PCR7 Binding State", "Maintenance Task Complete",
      "TPM Spec Version",   "TPM Errata Date",   "PC Client Version",         "Is Locked Out",
  };
  return kLabels;
}

const TpmtoolField* TpmtoolOutput::find(std::string_view label) const {
  const TpmtoolField* found = nullptr;
  for (const auto& f : fields) {
    if (f.label == label) found = &f;
  }
  return found;
}

Result<TpmtoolOutput> parse_tpmtool(const TextLines& text) {
  TpmtoolOutput out;
  out.file = text.name;
  out.failure = find_tpmtool_failure(text);
  bool any_shape = false;
  bool in_flags = false;
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    const std::size_t lineno = i + 1;
    const std::string& raw = text.lines[i];
    const std::string_view line = trim(raw);
    if (line.empty() || prompt_command(line) || is_elision(line)) continue;
    if (out.failure && (lineno == out.failure->line || lineno == out.failure->failed_line)) continue;
    const bool indented = raw[0] == ' ' || raw[0] == '\t';
    if (in_flags && (indented || starts_with_icase(line, "INFORMATION_"))) {
      add_flag(out, line, lineno, raw);
      continue;
    }
    in_flags = false;
    if (!is_label_line(line)) {
      out.unrecognised.push_back(unrecognised(lineno, raw, "not a \"-Label: value\" line"));
      continue;
    }
    any_shape = true;
    const std::size_t colon = line.find(':');
    const std::string label(trim(line.substr(1, colon - 1)));
    const std::string value(trim(line.substr(colon + 1)));
    if (!is_known_label(label)) {
      out.unrecognised.push_back(unrecognised(lineno, raw, "unknown label \"" + label + "\""));
      continue;
    }
    if (label == kFlagsLabel) {
      out.flags_section = true;
      out.flags_line = lineno;
      in_flags = true;
      if (!value.empty()) add_flag(out, value, lineno, raw);
      continue;
    }
    out.fields.push_back(TpmtoolField{label, value, lineno});
  }
  if (!any_shape && !out.failure) {
    return make_error(ErrorKind::Parse, "not tpmtool getdeviceinformation output (no \"-Label: value\" line in " +
                                            std::to_string(text.lines.size()) + " lines)")
        .context("file " + text.name);
  }
  return out;
}

Result<TpmtoolOutput> parse_tpmtool_bytes(ByteSpan data, std::string_view name) {
  const TextLines text = TRY(decode_text(data, name));
  return parse_tpmtool(text);
}

}  // namespace tpmready::offline
