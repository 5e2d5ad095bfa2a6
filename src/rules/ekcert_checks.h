#pragma once
/// EK certificate checks: pure functions over EkCertEvidence (no I/O). The CA store and the
/// current time are inputs, so results are reproducible. The rules' ek.cert.* findings and the
/// `ekcert` command's view (report/ekcert_view.h) are built from them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "cert/chain.h"
#include "cert/x509.h"
#include "evidence/ekcert_evidence.h"

namespace tpmready::rules::ek {

enum class FindingStatus { Pass, Fail, Warn, Unknown, NotApplicable };
/// "pass" / "fail" / "warn" / "unknown" / "not_applicable".
const char* finding_status_name(FindingStatus s);

struct Finding {
  std::string id;       ///< stable: "ek.cert.present", ...
  FindingStatus status = FindingStatus::Unknown;
  std::string summary;  ///< one line: what was found
  std::vector<std::string> evidence;  ///< facts behind it, each naming its source
  std::string explanation;            ///< why it matters (Windows symptom chain), when failing
  std::string fix;                    ///< what to do, when failing or warning
};

/// One certificate after decoding, key matching and chain building.
struct AnalyzedCert {
  EkCertBlob blob;
  std::optional<cert::Certificate> cert;    ///< nullopt when it could not be decoded
  std::string decode_error;           ///< "@0x1a: ..." when cert is nullopt
  std::optional<bool> matches_ek;     ///< nullopt when the EK of that algorithm is unknown
  std::optional<cert::ChainResult> chain;
  std::string sha1_thumbprint;        ///< upper-case hex of SHA-1(DER)
};

struct EkCertAnalysis {
  std::vector<AnalyzedCert> certificates;
  std::optional<std::size_t> selected;  ///< the certificate Windows would present
  std::string selection_reason;
  std::vector<Finding> findings;
  bool any_fail() const;
};

/// Decodes every certificate, matches keys, builds chains, selects the certificate Windows would
/// use and runs all checks. `now` is seconds since the epoch (injected: pure and testable).
EkCertAnalysis analyze_ekcerts(const EkCertEvidence& evidence, const cert::CaStore& store, std::int64_t now);

// The individual checks (each also used by the rules catalogue).
Finding check_present(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_matches_ek(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_service_compatible(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_valid_dates(const EkCertAnalysis& a, std::int64_t now);
Finding check_chain(const EkCertAnalysis& a);
Finding check_profile(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_online(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_ek_template(const EkCertEvidence& e);

void to_json(nlohmann::json& j, const Finding& f);

}  // namespace tpmready::rules::ek
