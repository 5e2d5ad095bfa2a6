#pragma once
/// Error codes and retry counters inside Windows event records: "HRESULT = 0x81039023",
/// "HTTP status 503", a signed-decimal HRESULT in a named field (as some providers log them),
/// "retry 2 of 3". Hand-written scanners (no std::regex: event text is untrusted input and
/// std::regex recurses per character).
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "evidence/events_evidence.h"
#include "timeline/event_table.h"

namespace tpmready::timeline {

struct EventCode {
  std::string text;                     ///< "0x81039023", "HTTP 503", "" when none
  std::optional<std::uint32_t> hresult;
  std::optional<int> http_status;       ///< from the text, or from a BG_E_HTTP_ERROR_nnn HRESULT
  std::optional<std::pair<int, int>> retry;  ///< "retry N of M"
};

/// First "0x" + 8 hex digits in `s` (not part of a longer hex run).
std::optional<std::uint32_t> find_hresult(const std::string& s);
/// "HTTP 400", "HTTP status 503", "HTTP status: 500" → the 3-digit status.
std::optional<int> find_http_status(const std::string& s);
/// "retry 2 of 3" (any case) → {2, 3}.
std::optional<std::pair<int, int>> find_retry(const std::string& s);

/// A whole value that is unambiguously an HRESULT: 0x + 1-8 hex digits, negative decimal (as
/// PowerShell prints them), or 0 (success). Text around a code ("HRESULT = 0x…") is not.
std::optional<std::uint32_t> hresult_value(const std::string& value);

/// The code an event carries: `hresult_param` (the value of the table's HRESULT insertion string,
/// "" when none) when it is one, then the table's HTTP-status field, then HRESULT-named fields
/// (hex or signed decimal), then any 0x-hex code or HTTP status in the message and data.
EventCode extract_code(const WindowsEvent& ev, const std::string& http_status_field,
                       const std::string& hresult_param = "");

/// Side and rule a code points to, from the error-code table (data/error_codes.json): its side when
/// that is device, service or network; for a code whose side follows the service's answer, the
/// first of its texts found in `texts`; else HTTP 5xx = service (event table `http`). Leaves
/// `side` and `rule` unchanged when the code says nothing about the side.
void classify_code(const EventCode& c, const std::vector<const std::string*>& texts, const EventTable& table,
                   std::string& side, std::string& rule);

}  // namespace tpmready::timeline
