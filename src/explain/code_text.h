#pragma once
/// Error codes as people paste them: from a red OOBE screen, an event's text, a log line or a
/// PowerShell session, with the words and punctuation around the number.
#include <string>
#include <string_view>

namespace tpmready::explain {

/// The code inside `text` for parse_code: "(0x81039001)", "0x81039001.", "error 0x81039001",
/// "HRESULT = 0x81039001", "Error code: 0x81039001", "hr=-2130472959" (also with U+2212 as the
/// minus sign) all give the number alone. Words are split at white space, brackets, quotes and
/// = : , ; and lose the full stops after them; the code is the one word holding a digit, and every
/// other word must be letters only (a label such as "error" or "HRESULT"). Text of any other shape
/// (two numbers, other symbols) comes back trimmed, so that parse_code refuses it by what was typed.
std::string code_from_pasted(std::string_view text);

}  // namespace tpmready::explain
