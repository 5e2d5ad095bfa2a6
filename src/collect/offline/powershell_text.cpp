#include "collect/offline/powershell_text.h"
#include "util/text.h"

#include <cctype>

namespace tpmready::offline {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

// "Name   : value" → (name, value); Format-List pads names with spaces before " : ".
std::optional<PsField> match_field(std::string_view raw, std::size_t lineno) {
  if (raw.empty() || !is_name_char(raw[0])) return std::nullopt;
  std::size_t i = 0;
  while (i < raw.size() && is_name_char(raw[i])) ++i;
  const std::string_view name = raw.substr(0, i);
  while (i < raw.size() && raw[i] == ' ') ++i;
  if (i >= raw.size() || raw[i] != ':') return std::nullopt;
  return PsField{std::string(name), std::string(trim(raw.substr(i + 1))), lineno};
}

}  // namespace

const PsField* PsListOutput::find(std::string_view name) const {
  for (const auto& f : fields) {
    if (iequals(f.name, name)) return &f;
  }
  return nullptr;
}

Result<PsListOutput> parse_format_list(const TextLines& text) {
  PsListOutput out;
  out.file = text.name;
  PsField* open = nullptr;  // last field, for wrapped continuation lines
  std::size_t object = 0;
  bool blank_seen = false;
  bool other_program = false;  // after the prompt of a program that is not a cmdlet
  for (std::size_t i = 0; i < text.lines.size(); ++i) {
    const std::size_t lineno = i + 1;
    const std::string& raw = text.lines[i];
    const std::string_view line = trim(raw);
    if (auto command = prompt_command(line)) {
      other_program = !command->empty() && !is_cmdlet_command(*command);
      if (other_program) out.other_commands.push_back(PsOtherCommand{std::string(*command), lineno});
      open = nullptr;
      blank_seen = !out.fields.empty();  // the next command's list is a new object
      continue;
    }
    if (other_program) continue;
    if (is_elision(line)) {
      out.elisions.push_back(lineno);
      open = nullptr;
      continue;
    }
    // Blank lines do not close a field: an X509Certificate2's text inside a collection value
    // has blank lines between its [Subject]/[Issuer]/... sections. A blank line followed by a
    // new field starts the next object.
    if (line.empty()) {
      // Format-List pads a long value to the console width and wraps it: the wrap can leave a line
      // of spaces only, which belongs to the value. An object ends at a truly empty line.
      if (raw.empty()) blank_seen = true;
      continue;
    }
    if (auto f = match_field(raw, lineno)) {
      if (blank_seen && !out.fields.empty()) ++object;
      blank_seen = false;
      f->object = object;
      out.fields.push_back(std::move(*f));
      open = &out.fields.back();
      continue;
    }
    blank_seen = false;
    if (open && (raw[0] == ' ' || raw[0] == '\t')) {
      open->value.push_back('\n');
      open->value.append(line);
      continue;
    }
    out.unrecognised.push_back(unrecognised(lineno, raw, "not a \"Name : Value\" line"));
  }
  if (out.fields.empty()) {
    return make_error(ErrorKind::Parse, "no \"Name : Value\" line (not PowerShell Format-List output)")
        .context("file " + text.name);
  }
  return out;
}

Result<PsListOutput> parse_format_list_bytes(ByteSpan data, std::string_view name) {
  const TextLines text = TRY(decode_text(data, name));
  return parse_format_list(text);
}

std::optional<CertCollectionText> parse_cert_collection(std::string_view value) {
  value = trim(value);
  if (value.size() < 2 || value.front() != '{') return std::nullopt;
  CertCollectionText out;
  out.truncated = value.find("...") != std::string_view::npos || value.back() != '}';
  constexpr std::string_view kSubject = "[Subject]";
  constexpr std::string_view kThumb = "[Thumbprint]";
  for (std::size_t p = value.find(kSubject); p != std::string_view::npos; p = value.find(kSubject, p + 1)) {
    ++out.count;
  }
  for (std::size_t p = value.find(kThumb); p != std::string_view::npos; p = value.find(kThumb, p + 1)) {
    std::size_t i = p + kThumb.size();
    while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
    std::string hex;
    while (i < value.size() && std::isxdigit(static_cast<unsigned char>(value[i])) && hex.size() < 41) {
      hex += value[i++];
    }
    if (hex.size() == 40) out.thumbprints.push_back(ascii_upper(hex));  // SHA-1 thumbprint
  }
  if (out.count == 0 && trim(value.substr(1, value.size() - 2)).size() > 0 && !out.truncated) {
    return std::nullopt;  // a non-empty collection without certificate text: not what we know
  }
  return out;
}

bool is_ps_not_supported(std::string_view value) {
  value = trim(value);
  return value == "Not Supported" || value == kPsNotSupportedTpm12;
}

std::optional<bool> parse_ps_bool(std::string_view value) {
  value = trim(value);
  if (value == "True") return true;
  if (value == "False") return false;
  return std::nullopt;
}

}  // namespace tpmready::offline
