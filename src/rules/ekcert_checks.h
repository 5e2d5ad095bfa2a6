#pragma once
/// EK certificate checks: pure functions over EkCertEvidence (no I/O). The CA store and the
/// current time are inputs, so results are reproducible. They produce rules::Finding (the one
/// finding type): the rule table's ek.cert.* entries take their finding of the same ID
/// (rules_ekcert.cpp), and the `ekcert` command's view (report/ekcert_view.h) shows all of them,
/// including the diagnostics that are not readiness rules (ek.cert.profile, ek.cert.online,
/// ek.template). Their findings carry only what the check found: status, summary, evidence
/// (source "ekcert"), an explanation when failing, and a fix only when the check names one.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "cert/chain.h"
#include "cert/x509.h"
#include "evidence/ekcert_evidence.h"
#include "rules/finding.h"

namespace tpmready::rules::ek {

/// One certificate after decoding, key matching and chain building.
struct AnalyzedCert {
  EkCertBlob blob;
  std::optional<cert::Certificate> cert;    ///< nullopt when it could not be decoded
  std::string decode_error;           ///< "@0x1a: ..." when cert is nullopt
  std::optional<bool> matches_ek;     ///< nullopt when the EK of that algorithm is unknown
  std::optional<cert::ChainResult> chain;
  std::string sha1_thumbprint;        ///< upper-case hex of SHA-1(DER)
  /// Decoded and identified as an EK certificate: by where it was found (an EK certificate NV
  /// index, Windows' EKCertStore, the vendor's EK certificate service) or by its content
  /// (cert/ek_role.h). Only EK certificates count for ek.cert.present and can be selected.
  bool is_ek = false;
  std::string ek_basis;  ///< why it is one, or what it is instead ("an AIK certificate: ...")
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

// The individual checks, in the order analyze_ekcerts lists them.
Finding check_present(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_matches_ek(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_service_compatible(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_valid_dates(const EkCertAnalysis& a, std::int64_t now);
Finding check_chain(const EkCertAnalysis& a);
Finding check_profile(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_online(const EkCertEvidence& e, const EkCertAnalysis& a);
Finding check_ek_template(const EkCertEvidence& e);

}  // namespace tpmready::rules::ek
