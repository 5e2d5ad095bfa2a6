#pragma once
/// The insertion strings (%1, %2, ...) of a Windows event that the event table names: server and
/// client time of Autopilot 753, the AIK CA URL and the service's answer of CertEnroll 86/87, the
/// attempt counter of 177. Windows writes them as unnamed <Data> elements (classic providers,
/// read as "Data1", "Data2", ...), as named fields (manifest providers; the names are not in the
/// message tables), or only inside a rendered message. Hand-written scanning, no std::regex:
/// event text is untrusted input.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "evidence/events_evidence.h"
#include "timeline/event_table.h"

namespace tpmready::timeline {

/// Longest insertion string kept (longer values are cut).
inline constexpr std::size_t kMaxInsertion = 1024;

/// %1..%n of `message` as rendered from the message-table text `tmpl` (%n line break, %t tab,
/// %% percent; white space compared as single spaces), or nullopt when `message` does not have
/// the template's shape. Text after the template's last literal is ignored.
std::optional<std::map<int, std::string>> match_message(std::string_view tmpl, std::string_view message);

/// The event's values of `info.params`, by name: the unnamed Data element at the param's position,
/// else a data field of the same name (case, '_' and ' ' ignored), else the rendered message
/// matched against the row's message texts. Only params that were found; values trimmed and cut.
std::map<std::string, std::string> read_params(const WindowsEvent& ev, const EventInfo& info);

/// The names of `info.flags` written out in the event's message or data (whole words, any case),
/// in table order.
std::vector<const EventFlag*> find_flags(const WindowsEvent& ev, const EventInfo& info);

/// First http:// or https:// URL in `s` (up to white space or a quote), or "".
std::string find_url(std::string_view s);

}  // namespace tpmready::timeline
