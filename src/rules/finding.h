#pragma once
/// Findings: what one rule (or one EK certificate check) concluded, with the evidence it used,
/// its causal parents, what Windows shows when it fails, and the fix. The one finding type.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "util/result.h"

namespace tpmready {
class JsonReader;
}

namespace tpmready::rules {

enum class Status { Pass, Fail, Warn, Unknown, NotApplicable };

/// "pass", "fail", "warn", "unknown", "not_applicable" (the JSON contract's spellings).
std::string_view status_name(Status s);
std::optional<Status> status_from_name(std::string_view name);

/// One fact a rule used: where it came from, what it said, and whether it was observed
/// directly or implied by another fact (implications are shown as such).
struct EvidenceRef {
  std::string source;  ///< "tpm:NV_ReadPublic 0x01c00002", "file:tpmtool.txt:9", ...
  std::string fact;    ///< "EkCertificatePresent"
  std::string value;   ///< "absent", "1", "RSA 3072 / sha384WithRSAEncryption"
  std::optional<std::string> implied_by;  ///< set when the value is inferred, with the reasoning
};

/// What Windows shows when this requirement fails (facts/windows.md §1, §4.1, §8, §9).
struct WindowsSymptom {
  std::string tpmtool_line;               ///< e.g. "-Ready For Attestation: False"
  std::string information_flag;           ///< e.g. "INFORMATION_EK_CERTIFICATE"
  std::optional<unsigned> information_bit;  ///< IsReadyInformation value, e.g. 0x00040000
  std::vector<std::string> error_codes;   ///< e.g. {"0x81039001"}
};

struct Fix {
  std::string text;
  std::optional<std::string> action_id;  ///< set where `tpmready fix --apply` can do it
};

struct Finding {
  std::string id;
  std::string title;          ///< the requirement, stated as met (the findings list)
  std::string failure_title;  ///< the problem, stated as found (root-cause headlines, chains)
  Status status = Status::Unknown;
  std::string summary;  ///< one or two sentences: what was found and why it matters
  /// Why a failure matters, kept apart from the summary where a view shows it apart (the
  /// `ekcert` view's "why:"). Report findings carry it at the end of the summary instead, so the
  /// report's JSON has no key for it.
  std::string explanation;
  std::vector<EvidenceRef> evidence;
  std::vector<std::string> parents;
  WindowsSymptom symptom;
  Fix fix;
  std::string reference;  ///< source of the claim (facts section)
  /// The flows this requirement belongs to (report `.flows[]` IDs), from the rule table.
  std::vector<std::string> flows;
};

/// Adds `source` to the finding's reference (its JSON `reference`, the HTML "Source"), once. User
/// text (summary, explanation, fix, evidence) names no documents or sections: they go here.
void cite(Finding& f, std::string_view source);

/// The finding with this ID, or null.
const Finding* find_finding(const std::vector<Finding>& findings, std::string_view id);

void to_json(nlohmann::json& j, const Finding& f);
/// A finding of a report document: id and status are required, the rest optional. A status this
/// tpmready does not know reads as unknown (a newer tpmready may say more); a value of the wrong
/// type is an error naming its path.
tpmready::Status read_json(const JsonReader& r, Finding& f);

}  // namespace tpmready::rules
