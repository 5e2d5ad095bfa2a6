// EK certificate rules: the catalogue's ek.cert.* findings come from the EK certificate checks
// (rules/ekcert_checks.h), computed once per evaluation in RuleContext and mapped here onto the
// catalogue (title, parents, symptom, fix, reference). Certificates Windows stored in its
// EKCertStore were read from this device's TPM, so they count as present (shown as implied).
#include "evidence/ek_store.h"
#include "rules/check_util.h"
#include "rules/rules.h"

namespace tpmready::rules {
namespace {

Status map_status(rules::ek::FindingStatus s) {
  switch (s) {
    case rules::ek::FindingStatus::Pass: return Status::Pass;
    case rules::ek::FindingStatus::Fail: return Status::Fail;
    case rules::ek::FindingStatus::Warn: return Status::Warn;
    case rules::ek::FindingStatus::Unknown: return Status::Unknown;
    case rules::ek::FindingStatus::NotApplicable: return Status::NotApplicable;
  }
  return Status::Unknown;
}

const rules::ek::Finding* cert_finding(const RuleContext& ctx, std::string_view id) {
  for (const auto& f : ctx.ek.findings)
    if (f.id == id) return &f;
  return nullptr;
}

Finding from_cert_layer(std::string_view id, const RuleContext& ctx) {
  auto f = make_finding(id);
  const rules::ek::Finding* c = cert_finding(ctx, id);
  if (!c) return conclude(std::move(f), Status::Unknown, "The EK certificate checks did not run.");
  for (const auto& ev : c->evidence) add_evidence(f, "ekcert", "", ev);
  std::string summary = c->summary;
  if (!c->explanation.empty()) summary += " " + c->explanation;
  if (!c->fix.empty() && (c->status == rules::ek::FindingStatus::Fail || c->status == rules::ek::FindingStatus::Warn))
    f.fix.text = c->fix;
  return conclude(std::move(f), map_status(c->status), summary);
}

}  // namespace

Finding check_ek_cert_present(const Evidence& e, const RuleContext& ctx) {
  auto f = from_cert_layer("ek.cert.present", ctx);
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
  return f;
}

Finding check_ek_cert_matches_ek(const Evidence&, const RuleContext& ctx) { return from_cert_layer("ek.cert.matches_ek", ctx); }
Finding check_ek_cert_service_compatible(const Evidence&, const RuleContext& ctx) {
  return from_cert_layer("ek.cert.service_compatible", ctx);
}
Finding check_ek_cert_valid_dates(const Evidence&, const RuleContext& ctx) { return from_cert_layer("ek.cert.valid_dates", ctx); }
Finding check_ek_cert_chain(const Evidence&, const RuleContext& ctx) { return from_cert_layer("ek.cert.chain", ctx); }

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
