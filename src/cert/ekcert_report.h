#pragma once
/// Renders an EkCertAnalysis for `tpmready ekcert`: JSON (the contract in issue 3: .certificates[],
/// .findings[]) and text. Deterministic: no time or environment is read here.
#include <string>

#include <nlohmann/json.hpp>

#include "cert/ekcert_checks.h"

namespace tpmready::cert {

nlohmann::json ekcert_report_json(const EkCertAnalysis& a);
/// Text for people; terminal-safe (util/utf8.h): certificate strings cannot send control characters.
std::string ekcert_report_text(const EkCertAnalysis& a);

}  // namespace tpmready::cert
