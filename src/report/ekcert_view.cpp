#include "report/ekcert_view.h"

#include <nlohmann/json.hpp>

#include "util/utc_time.h"
#include "util/utf8.h"

namespace tpmready::report {

using namespace cert;
using namespace rules::ek;

namespace {

nlohmann::json chain_json(const ChainResult& r) {
  nlohmann::json path = nlohmann::json::array();
  for (const auto& l : r.path) path.push_back({{"subject", l.subject}, {"origin", l.origin}});
  nlohmann::json j = {{"status", chain_status_name(r.status)}, {"path", path}, {"detail", r.detail}};
  if (!r.missing_issuer.empty()) j["missing_issuer"] = r.missing_issuer;
  if (!r.aia_urls.empty()) j["aia_urls"] = r.aia_urls;
  return j;
}

nlohmann::json cert_json(const AnalyzedCert& ac, bool is_selected) {
  nlohmann::json j = {{"source", ac.blob.source}, {"selected", is_selected}};
  if (ac.blob.nv_index) j["nv_index"] = hex32(*ac.blob.nv_index);
  if (!ac.cert) {
    j["decode_error"] = ac.decode_error;
    return j;
  }
  const Certificate& c = *ac.cert;
  j["is_ek_certificate"] = ac.is_ek;
  j["identified_by"] = ac.ek_basis;
  if (c.public_key) {
    j["key_algorithm"] = algorithm_name(c.public_key->algorithm);
    j["key_bits"] = c.public_key->bits();
    if (c.public_key->algorithm == PublicKey::Algorithm::Ecc) j["curve"] = c.public_key->curve;
  } else {
    j["key_algorithm"] = nullptr;
  }
  j["public_key_oid"] = c.spki_algorithm_oid;
  j["signature_algorithm"] = c.signature_algorithm;
  j["issuer"] = c.issuer.rfc2253();
  j["subject"] = c.subject.rfc2253();
  j["serial"] = c.serial_hex();
  j["not_before"] = utc_rfc3339(c.not_before);
  j["not_after"] = utc_rfc3339(c.not_after);
  j["sha1_thumbprint"] = ac.sha1_thumbprint;
  j["matches_ek"] = ac.matches_ek ? nlohmann::json(*ac.matches_ek) : nlohmann::json(nullptr);
  if (ac.chain) j["chain"] = chain_json(*ac.chain);
  if (c.tpm_san) {
    j["tpm_san"] = {{"manufacturer", c.tpm_san->manufacturer}, {"model", c.tpm_san->model}, {"version", c.tpm_san->version}};
  }
  j["san_critical"] = c.san_critical;
  j["extended_key_usage"] = c.ext_key_usage;
  j["key_usage"] = c.key_usage_names();
  if (c.tpm_spec) {
    j["tpm_specification"] = {{"family", c.tpm_spec->family}, {"level", c.tpm_spec->level}, {"revision", c.tpm_spec->revision}};
  }
  j["ca_issuer_urls"] = c.ca_issuer_urls;
  j["crl_urls"] = c.crl_urls;
  j["nv_header_bytes"] = c.input_offset;
  j["trailing_bytes"] = c.trailing_bytes;
  nlohmann::json problems = nlohmann::json::array();
  for (const auto& p : c.problems) problems.push_back(p.what);
  j["problems"] = problems;
  return j;
}

/// The `ekcert` contract's finding: evidence as plain strings, explanation and fix only when set.
nlohmann::json finding_json(const rules::Finding& f) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& e : f.evidence) evidence.push_back(e.value);
  nlohmann::json j = {{"id", f.id}, {"status", std::string(rules::status_name(f.status))}, {"summary", f.summary},
                      {"evidence", evidence}};
  if (!f.explanation.empty()) j["explanation"] = f.explanation;
  if (!f.fix.text.empty()) j["fix"] = f.fix.text;
  if (!f.reference.empty()) j["reference"] = f.reference;  // the sources: kept out of the text
  return j;
}

std::string pad(std::string s, std::size_t n) {
  if (s.size() < n) s.append(n - s.size(), ' ');
  return s;
}

}  // namespace

nlohmann::json ekcert_view_json(const rules::ek::EkCertAnalysis& a) {
  nlohmann::json certs = nlohmann::json::array();
  for (std::size_t i = 0; i < a.certificates.size(); ++i) certs.push_back(cert_json(a.certificates[i], a.selected == i));
  nlohmann::json findings = nlohmann::json::array();
  for (const auto& f : a.findings) findings.push_back(finding_json(f));
  nlohmann::json j = {{"certificates", certs}, {"findings", findings}};
  j["selected"] = a.selected ? nlohmann::json(a.certificates[*a.selected].blob.source) : nlohmann::json(nullptr);
  if (a.selected) j["selection_reason"] = a.selection_reason;
  return j;
}

std::string ekcert_view_text(const rules::ek::EkCertAnalysis& a) {
  std::string out;
  for (std::size_t i = 0; i < a.certificates.size(); ++i) {
    const auto& ac = a.certificates[i];
    out += (a.selected == i ? "* " : "  ") + ac.blob.source + (a.selected == i ? "  (used by Windows)\n" : "\n");
    if (!ac.cert) {
      out += "    not decoded: " + ac.decode_error + "\n";
      continue;
    }
    const Certificate& c = *ac.cert;
    auto line = [&](const std::string& k, const std::string& v) { out += "    " + pad(k, 12) + v + "\n"; };
    line("EK cert", ac.is_ek ? "yes: " + ac.ek_basis : "NO: not an EK certificate (" + ac.ek_basis + ")");
    if (c.public_key) {
      line("key", std::string(c.public_key->algorithm == PublicKey::Algorithm::Rsa ? "RSA-" : "ECC ") +
                      (c.public_key->algorithm == PublicKey::Algorithm::Rsa ? std::to_string(c.public_key->bits())
                                                                             : c.public_key->curve));
    }
    line("signature", c.signature_algorithm);
    line("issuer", c.issuer.rfc2253());
    line("subject", c.subject.empty() ? "(empty)" : c.subject.rfc2253());
    line("valid", utc_rfc3339(c.not_before) + " .. " + utc_rfc3339(c.not_after));
    line("thumbprint", ac.sha1_thumbprint);
    if (c.tpm_san) line("tpm", c.tpm_san->manufacturer + " " + c.tpm_san->model + " " + c.tpm_san->version);
    line("matches EK", ac.matches_ek ? (*ac.matches_ek ? "yes" : "NO") : "unknown");
    if (ac.chain) {
      line("chain", chain_status_name(ac.chain->status));
      for (const auto& l : ac.chain->path) out += "      " + l.subject + " [" + l.origin + "]\n";
    }
  }
  if (a.certificates.empty()) out += "no EK certificates found\n";
  out += "\nfindings:\n";
  for (const auto& f : a.findings) {
    out += "  " + pad(std::string(rules::status_name(f.status)), 15) + pad(f.id, 28) + f.summary + "\n";
    if (f.status == rules::Status::Fail || f.status == rules::Status::Warn) {
      for (const auto& e : f.evidence) out += "      - " + e.value + "\n";
      if (!f.explanation.empty()) out += "      why: " + f.explanation + "\n";
      if (!f.fix.text.empty()) out += "      fix: " + f.fix.text + "\n";
    }
  }
  return terminal_safe(out);  // names and sources come from the certificates and their files
}

}  // namespace tpmready::report
