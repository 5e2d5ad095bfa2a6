#pragma once
/// The `tpmready ekcert` view of an EkCertAnalysis: JSON (.certificates[], .findings[] with id,
/// status, summary, evidence (strings), explanation and fix; keys are stable) and text.
/// Deterministic: no time or environment is read here.
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "rules/ekcert_checks.h"

namespace tpmready::report {

nlohmann::json ekcert_view_json(const rules::ek::EkCertAnalysis& a);
/// Text for people; terminal-safe (util/utf8.h): certificate strings cannot send control characters.
std::string ekcert_view_text(const rules::ek::EkCertAnalysis& a);

}  // namespace tpmready::report
