#pragma once
/// What the measured-boot log says, as evidence for the rules layer: whether a log is there and
/// parses, whether it replays to the TPM's PCRs, the Secure Boot state it records, and the
/// Windows SIPA facts (boot debugging, code integrity, boot counter...). Plain data + JSON.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/fact.h"
#include "util/result.h"

namespace tpmready {

struct EventLogEvidence {
  Fact<bool> present;          ///< a log was found (file, securityfs, MeasuredBoot, TBS)
  Fact<bool> parses;           ///< it parsed to the end without a structural error
  Fact<bool> replay_matches;   ///< replay equals the TPM's PCRs (unknown when no PCRs were read)
  Fact<std::string> format;    ///< "sha1" or "crypto_agile"
  Fact<std::uint64_t> event_count;
  std::vector<unsigned> mismatched_pcrs;  ///< PCRs whose replay differs (empty when matching/unknown)
  std::string parse_error;                ///< first structural error, with offset ("" when none)

  // Secure Boot, from EV_EFI_VARIABLE_DRIVER_CONFIG in PCR 7 (facts/tcg.md §5.7).
  Fact<bool> secure_boot_enabled;
  Fact<std::uint64_t> db_entries;
  Fact<std::uint64_t> dbx_entries;

  // Windows WBCL SIPA events (facts/tcg.md §5.8, facts/windows.md §10).
  Fact<std::uint64_t> boot_counter;  ///< the log's boot number (SIPAEVENT_BOOTCOUNTER)
  Fact<bool> boot_debugging;
  Fact<bool> os_kernel_debug;
  Fact<bool> code_integrity;
  Fact<bool> test_signing;
  Fact<bool> flight_signing;
  Fact<bool> safe_mode;
  Fact<bool> winpe;
  Fact<bool> data_execution_prevention;
  Fact<std::uint64_t> bitlocker_unlock;  ///< first BitlockerUnlock value
  Fact<std::uint64_t> hypervisor_launch_type;
  Fact<std::uint64_t> vsm_launch_type;
  Fact<bool> vbs_vsm_required;  ///< VBS VSMRequired (0x000A0001)
  Fact<bool> elam_measured;  ///< an ELAM driver was measured
  Fact<std::uint64_t> application_svn;

  bool operator==(const EventLogEvidence&) const = default;
};

class JsonReader;

/// Every key is optional when read (bundles older than a fact lack it).
void to_json(nlohmann::json& j, const EventLogEvidence& e);
Status read_json(const JsonReader& r, EventLogEvidence& out);

/// Makes every fact that has neither a value nor a reason unknown with `reason` and `source`:
/// when no log was read, or it does not parse, each fact still says why it is unknown.
void unknown_where_unset(EventLogEvidence& e, const std::string& reason, const std::string& source);

}  // namespace tpmready
