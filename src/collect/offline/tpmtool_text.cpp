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

}  // namespace

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
  bool any_shape = false;
  bool in_flags = false;
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    const std::size_t lineno = i + 1;
    const std::string& raw = text.lines[i];
    const std::string_view line = trim(raw);
    if (line.empty()) continue;
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
  if (!any_shape) {
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
