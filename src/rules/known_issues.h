#pragma once
/// The known-issue matrix (data/known_issues.json): attestation failures tied to a TPM vendor,
/// model and firmware release, a CPU, or a Windows build without a fix. Two rules read it:
/// tpm.firmware_known_issue (rows about the firmware alone) and os.attestation_fixes_installed
/// (rows fixed by a Windows update). Parsing checks every row: a row without sources, with a
/// predicate that does not parse, or for a rule that does not exist is an error naming the row.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "evidence/tpm_identity.h"
#include "util/result.h"

namespace tpmready::rules {

/// A Windows build and the update build revision (UBR) from which it has a fix.
struct OsFix {
  std::uint32_t build = 0;
  std::uint32_t ubr = 0;
  std::string kb;    ///< "KB5013942"
  std::string note;  ///< why a build is listed when its update is another build's
};

/// What the sources say about builds the `fixed_in` list does not name.
enum class OtherBuilds { Affected, Fixed, NotCovered };

struct OsCondition {
  std::vector<OsFix> fixed_in;  ///< ascending by build
  OtherBuilds older_builds = OtherBuilds::NotCovered;  ///< below the lowest listed build
  OtherBuilds newer_builds = OtherBuilds::NotCovered;  ///< above the highest listed build
};

struct KnownIssue {
  std::string id;
  std::string rule;   ///< the rule that evaluates the row
  std::string title;  ///< the problem, in the words the report shows
  std::string vendor;  ///< TPM manufacturer ID ("AMD", "IFX", "INTC"); "*" = any
  std::string model;   ///< "" = any
  std::string model_from_firmware;  ///< why the firmware release alone names the model ("" = it does not)
  std::vector<std::string> firmware;  ///< version predicates; any one matching is enough
  std::vector<std::string> fixed_firmware;
  std::string cpu;  ///< a processor condition tpmready cannot read ("" = none)
  std::optional<OsCondition> os;
  std::vector<std::string> symptoms;  ///< error codes
  std::string symptom_text;
  std::string fix;
  std::string facts;
  std::vector<std::string> sources;  ///< short names in data/sources.json
  bool verified = false;
  std::string confidence;
};

/// Reads the table's JSON; an error names the row and what is wrong with it.
Result<std::vector<KnownIssue>> parse_known_issues(const nlohmann::json& j);
/// The embedded data/known_issues.json, parsed once.
Result<const std::vector<KnownIssue>*> known_issues();

/// Whether a condition holds: decided either way, or not decidable from the evidence.
enum class Match { Yes, No, Undecided };

/// "3.*.0.*", "15.22" (dotted parts, "*" any part; a shorter pattern matches every longer version
/// that starts with it) or ">7.69", ">=7.69", "<7.69", "<=7.69" (comparison of the leading parts).
bool valid_firmware_predicate(std::string_view predicate);
/// Undecided when the version has fewer parts than the predicate needs and the parts it has do
/// not already decide it ("3.47" against "3.*.0.*").
Match firmware_matches(std::string_view predicate, const FirmwareVersion& version);

/// Where a Windows build stands against one row's OS condition.
enum class OsState { Fixed, Missing, NotCovered, NeedsUbr };
/// `fix` is set to the listed entry the build is compared with (Fixed, Missing, NeedsUbr on a
/// listed build), else null.
OsState os_state(const OsCondition& os, std::uint32_t build, std::optional<std::uint32_t> ubr,
                 const OsFix** fix = nullptr);

/// Whether a row's TPM conditions (vendor, model, firmware, CPU) hold for the TPM the evidence
/// names. `unknown` lists what the evidence lacks to decide (the CPU always: tpmready reads none);
/// `notes` what the decision assumed (a model named by its firmware release).
struct Conditions {
  Match match = Match::Yes;
  std::vector<std::string> unknown;
  std::vector<std::string> notes;
};
Conditions tpm_conditions(const KnownIssue& row, const TpmFirmwareIdentity& id);

/// The row's facts and sources, with the sources' addresses where known: a finding's reference.
std::string reference_of(const KnownIssue& row);

}  // namespace tpmready::rules
