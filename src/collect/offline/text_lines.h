#pragma once
/// Pieces shared by the line-oriented offline readers (tpmtool, schtasks, PowerShell lists).
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tpmready::offline {

/// A line a reader could not use, kept as data with its 1-based number (not an error: the rest
/// of the file is still read). The text is cut to 120 bytes.
struct UnrecognisedLine {
  std::size_t line = 0;
  std::string text;
  std::string reason;
  bool operator==(const UnrecognisedLine&) const = default;
};

UnrecognisedLine unrecognised(std::size_t line, std::string_view text, std::string reason);

/// A console prompt as admins paste it with the output: PowerShell "PS C:\Users\x> Get-Tpm" or
/// "PS> Get-Tpm", cmd.exe "C:\Windows\system32>tpmtool getdeviceinformation". Returns the command
/// typed after the prompt (empty for a bare prompt), or nullopt when the line is not a prompt.
std::optional<std::string_view> prompt_command(std::string_view line);

/// A mark people put where they cut output from a paste: "[...]", "...", "…" (alone on the line).
bool is_elision(std::string_view line);

/// PowerShell cmdlet names are Verb-Noun ("Get-Tpm", "Clear-Tpm"); anything else after a prompt
/// (tpmtool, wmic, reg) is another program, whose output is not a Format-List.
bool is_cmdlet_command(std::string_view command);

/// Splits one CSV line ("a","b""c",d): schtasks /fo csv and PowerShell's ConvertTo-Csv quote every
/// field, hand-made files quote none. nullopt when a quote is not closed.
std::optional<std::vector<std::string>> split_csv_line(std::string_view line);

}  // namespace tpmready::offline
