#include "collect/offline/text_lines.h"

#include <cctype>

#include "util/text.h"

namespace tpmready::offline {

UnrecognisedLine unrecognised(std::size_t line, std::string_view text, std::string reason) {
  constexpr std::size_t kMaxText = 120;  // enough to recognise the line, bounded for reports
  return UnrecognisedLine{line, std::string(text.substr(0, kMaxText)), std::move(reason)};
}

std::optional<std::string_view> prompt_command(std::string_view line) {
  line = trim(line);
  // PowerShell: "PS" then a space or '>' directly ("PS>"), a location, then "> ".
  if (line.size() >= 3 && line[0] == 'P' && line[1] == 'S' && (line[2] == ' ' || line[2] == '>')) {
    const std::size_t gt = line.find('>');
    if (gt != std::string_view::npos) return trim(line.substr(gt + 1));
  }
  // cmd.exe: a drive path ending in '>' ("C:\Windows\system32>tpmtool ...").
  if (line.size() >= 4 && std::isalpha(static_cast<unsigned char>(line[0])) && line[1] == ':' && line[2] == '\\') {
    const std::size_t gt = line.find('>');
    if (gt != std::string_view::npos) return trim(line.substr(gt + 1));
  }
  return std::nullopt;
}

bool is_elision(std::string_view line) {
  line = trim(line);
  return line == "[...]" || line == "..." || line == "[…]" || line == "…";
}

bool is_cmdlet_command(std::string_view command) {
  const std::string_view name = command.substr(0, command.find(' '));
  const std::size_t dash = name.find('-');
  if (dash == 0 || dash == std::string_view::npos || dash + 1 == name.size()) return false;
  for (char c : name) {
    if (c != '-' && std::isalnum(static_cast<unsigned char>(c)) == 0) return false;
  }
  return true;
}

std::optional<std::vector<std::string>> split_csv_line(std::string_view line) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (true) {
    std::string field;
    if (i < line.size() && line[i] == '"') {
      ++i;
      bool closed = false;
      while (i < line.size()) {
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        field += line[i++];
      }
      if (!closed) return std::nullopt;
      while (i < line.size() && line[i] != ',') ++i;  // tolerate junk after the closing quote
    } else {
      while (i < line.size() && line[i] != ',') field += line[i++];
    }
    out.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return out;
}

}  // namespace tpmready::offline
