// EK certificate rules: the table's ek.cert.* findings are decided by the EK certificate analysis
// (ekcert_checks.h), computed once per evaluation in RuleContext; its finding of the entry's ID
// decides the entry's. Certificates Windows stored in its EKCertStore were read from this
// device's TPM, so they count as present (shown as implied).
#include "evidence/ek_store.h"
#include "rules/check_util.h"
#include "rules/checks.h"

namespace tpmready::rules {
namespace {

/// The entry's finding, decided by the EK certificate analysis' finding of the same ID.
Finding from_cert_layer(Finding f, const RuleContext& ctx) {
  const Finding* c = find_finding(ctx.ek.findings, f.id);
  if (!c) return conclude(std::move(f), Status::Unknown, "The EK certificate checks did not run.");
  f.evidence.insert(f.evidence.end(), c->evidence.begin(), c->evidence.end());
  // The certificate layer's summary is a fragment ("no usable EK certificate found"): a sentence
  // here, so that the explanation after it does not run into it.
  std::string summary = c->summary;
  if (!summary.empty() && summary.front() >= 'a' && summary.front() <= 'z') summary.front() = static_cast<char>(summary.front() - 32);
  if (!summary.empty() && summary.back() != '.' && summary.back() != '?' && summary.back() != '!') summary += ".";
  if (!c->explanation.empty()) summary += " " + c->explanation;
  // The check's own fix is more specific than the entry's, but only says what to do about a problem.
  if (!c->fix.text.empty() && (c->status == Status::Fail || c->status == Status::Warn)) f.fix.text = c->fix.text;
  if (!c->reference.empty()) cite(f, c->reference);  // the sources of its summary and fix
  return conclude(std::move(f), c->status, summary);
}

}  // namespace

Finding check_ek_cert_present(Finding f, const Evidence& e, const RuleContext& ctx) {
  f = from_cert_layer(std::move(f), ctx);
  if (f.status == Status::Pass || !e.windows) return f;
  // Windows' EK certificate store holds certificates Windows read from this TPM (or fetched for
  // it); the certificate layer sees them when the .reg export carried their blobs.
  if (!e.windows->registry.ek_certificates.empty()) {
    const auto& c = e.windows->registry.ek_certificates.front();
    add_evidence(f, c.source, "EKCertStore certificate", c.thumbprint,
                 "Windows stores in EKCertStore the EK certificates it read from this device's TPM");
    return conclude(std::move(f), Status::Pass, "Windows' EK certificate store holds an EK certificate.");
  }
  const auto& info = e.windows->ek_info;
  std::uint32_t shown = info.manufacturer_certificate_count.value.value_or(0) + info.additional_certificate_count.value.value_or(0);
  if (shown > 0) {
    add_evidence(f, info.manufacturer_certificate_count.source, "Get-TpmEndorsementKeyInfo certificates", std::to_string(shown));
    return conclude(std::move(f), Status::Pass, "Get-TpmEndorsementKeyInfo lists an EK certificate.");
  }
  if (const auto& rfa = e.windows->tpmtool.ready_for_attestation; rfa.value && *rfa.value) {
    add_evidence(f, rfa.source, "Ready For Attestation", "True",
                 "IsReadyForAttestation fails when Windows has no EK certificate");
    return conclude(std::move(f), Status::Pass,
                    "Implied by Ready For Attestation: True (the certificate itself is not in these inputs).");
  }
  return f;
}

Finding check_ek_cert_from_analysis(Finding f, const Evidence&, const RuleContext& ctx) {
  return from_cert_layer(std::move(f), ctx);
}

RuleContext make_context(const Evidence& e, const cert::CaStore& anchors, std::int64_t analysis_time) {
  RuleContext ctx;
  ctx.now = e.system_time.value.value_or(analysis_time);
  EkCertEvidence ek = e.ek;
  // Certificates from Windows' EK certificate store (offline .reg exports) join the ones found on
  // the TPM or in files, so every source is decoded, matched and chained the same way.
  if (e.windows) add_store_certificates(e.windows->registry.ek_certificates, ek);
  ctx.ek = rules::ek::analyze_ekcerts(ek, anchors, ctx.now);
  ctx.timeline = timeline::build(e.events);
  return ctx;
}

}  // namespace tpmready::rules
