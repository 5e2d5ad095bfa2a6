#pragma once
/// Windows WBCL: EV_EVENT_TAG events carrying SIPA (System Integrity Platform Attestation) events
/// (facts/tcg.md §5.8, facts/windows.md §10). The event data is a TCG_PCClientTaggedEventStruct
/// whose EventID is a SIPA container holding {Type, Size, payload} sub-events, possibly nested.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "util/bytes.h"
#include "util/result.h"

namespace tpmready::eventlog {

// facts/tcg.md §5.8 and facts/windows.md §10 (wbcl.h)
inline constexpr std::uint32_t SIPAEVENTTYPE_CLASS_MASK = 0x000F0000;
inline constexpr std::uint32_t SIPAEVENTTYPE_CONTAINER = 0x00010000;
inline constexpr std::uint32_t SIPAEVENT_BOOTCOUNTER = 0x00020002;
inline constexpr std::uint32_t SIPAEVENT_BITLOCKER_UNLOCK = 0x00020005;
inline constexpr std::uint32_t SIPAEVENT_APPLICATION_SVN = 0x00020009;
inline constexpr std::uint32_t SIPAEVENT_BOOTDEBUGGING = 0x00040001;
inline constexpr std::uint32_t SIPAEVENT_OSKERNELDEBUG = 0x00050001;
inline constexpr std::uint32_t SIPAEVENT_CODEINTEGRITY = 0x00050002;
inline constexpr std::uint32_t SIPAEVENT_TESTSIGNING = 0x00050003;
inline constexpr std::uint32_t SIPAEVENT_DATAEXECUTIONPREVENTION = 0x00050004;
inline constexpr std::uint32_t SIPAEVENT_SAFEMODE = 0x00050005;
inline constexpr std::uint32_t SIPAEVENT_WINPE = 0x00050006;
inline constexpr std::uint32_t SIPAEVENT_HYPERVISOR_LAUNCH_TYPE = 0x0005000A;
inline constexpr std::uint32_t SIPAEVENT_VSM_LAUNCH_TYPE = 0x00050012;
inline constexpr std::uint32_t SIPAEVENT_FLIGHTSIGNING = 0x00050021;
inline constexpr std::uint32_t SIPAEVENTTYPE_ELAM = 0x00090000;
inline constexpr std::uint32_t SIPAEVENTTYPE_VBS = 0x000A0000;
inline constexpr std::uint32_t SIPAEVENT_VBS_VSM_REQUIRED = 0x000A0001;

/// Name as facts/tcg.md §5.8 spells it ("BootCounter"), or nullopt.
std::optional<std::string_view> sipa_type_name(std::uint32_t type);
/// The name, or "SIPA 0x00050099".
std::string sipa_type_display(std::uint32_t type);

/// Calls `leaf(type, payload)` for every non-container SIPA event inside an EV_EVENT_TAG's data,
/// descending into nested containers. Fails (Parse, with the offset) on a size beyond its parent.
Status walk_sipa(ByteSpan tagged_event, std::size_t base_offset,
                 const std::function<void(std::uint32_t type, ByteSpan payload)>& leaf);

/// Integer value of a SIPA payload of 1, 2, 4 or 8 bytes (little-endian), else nullopt.
std::optional<std::uint64_t> sipa_integer(ByteSpan payload);

/// One line: "SIPA container: BootCounter=4, BootDebugging=0, ... (+12 more)".
std::string sipa_summary(ByteSpan tagged_event);

}  // namespace tpmready::eventlog
