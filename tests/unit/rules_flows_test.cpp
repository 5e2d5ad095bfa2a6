// Flows: each rule names the Autopilot flows it is a requirement of (the rule table), and each flow's
// verdict follows from its own findings by the report's verdict policy. The truth table below has
// a row for every case docs/verdicts.md describes for flows.
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "cert/chain.h"
#include "rules/engine.h"
#include "rules/rules.h"
#include "rules/table.h"

using namespace tpmready::rules;
using tpmready::EventLogEvidence;
using tpmready::Evidence;
using tpmready::Fact;
using tpmready::TpmEvidence;
using tpmready::WindowsEvidence;
namespace cert = tpmready::cert;

namespace {

constexpr std::int64_t kNow = 1795000000;  // 2026-11-18

/// Every rule of the table with the given status, except the overrides.
std::vector<Finding> every_rule(Status base, std::initializer_list<std::pair<const char*, Status>> overrides) {
  std::vector<Finding> out;
  for (const auto& r : rule_table()) {
    Finding f = r.finding();
    f.status = base;
    for (auto [id, s] : overrides)
      if (r.id == id) f.status = s;
    out.push_back(std::move(f));
  }
  return out;
}

bool has(const std::vector<std::string>& ids, std::string_view id) {
  return std::find(ids.begin(), ids.end(), id) != ids.end();
}

std::vector<std::string> caveat_ids(const FlowAnswer& a) {
  std::vector<std::string> out;
  for (const auto& c : a.caveats) out.push_back(c.id);
  return out;
}

Finding check(std::string_view id, const Evidence& e) {
  cert::CaStore none;
  return run_check(*find_rule(id), e, make_context(e, none, kNow));
}

}  // namespace

TEST(FlowTable, AttestationFirstAndEveryRuleInAKnownFlow) {
  ASSERT_EQ(flow_table().size(), 2u);
  EXPECT_EQ(flow_table()[0].id, kFlowAttestation);
  EXPECT_EQ(flow_table()[1].id, kFlowAssociation);
  for (const auto& f : flow_table()) {
    EXPECT_FALSE(f.title.empty()) << f.id;
    EXPECT_FALSE(f.covers.empty()) << f.id;
    EXPECT_FALSE(f.source.empty()) << f.id;
  }
  for (const auto& r : rule_table()) {
    EXPECT_FALSE(r.flows.empty()) << r.id;
    for (auto flow : r.flows) EXPECT_NE(find_flow(flow), nullptr) << r.id << " names flow " << flow;
    // The finding carries the table's membership, so a report says it per finding.
    const Finding f = r.finding();
    ASSERT_EQ(f.flows.size(), r.flows.size()) << r.id;
    for (std::size_t i = 0; i < f.flows.size(); ++i) EXPECT_EQ(f.flows[i], r.flows[i]) << r.id;
  }
}

TEST(FlowTable, DeviceAssociationHasExactlyItsDocumentedRequirements) {
  // facts/windows.md §17: a physical device, TPM 2.0 enabled and in a good state (not locked out,
  // not in failure mode), not in reduced functionality mode, and the Secure Boot state its identity
  // depends on.
  std::set<std::string> want{"tpm.present",        "tpm.version_2_0",
                             "tpm.enabled",        "tpm.not_virtual",
                             "tpm.not_locked_out", "tpm.not_in_failure_mode",
                             "tpm.not_reduced_functionality", "secureboot.state_recorded"};
  const auto findings = every_rule(Status::Pass, {});
  std::set<std::string> got;
  const FindingSet association(findings, kFlowAssociation);
  for (const Finding* f : association.all()) got.insert(f->id);
  EXPECT_EQ(got, want);
  // Nothing about the EK certificate, the AIK service or Windows' attestation answer: no source
  // names them for device association.
  for (const char* id : {"ek.cert.present", "ek.cert.chain", "service.aik_responded", "win.ready_for_attestation"})
    EXPECT_FALSE(got.count(id)) << id;
  // The association-only rules are not attestation requirements.
  std::set<std::string> attestation;
  const FindingSet attestation_set(findings, kFlowAttestation);
  for (const Finding* f : attestation_set.all()) attestation.insert(f->id);
  EXPECT_FALSE(attestation.count("tpm.not_reduced_functionality"));
  EXPECT_FALSE(attestation.count("secureboot.state_recorded"));
  EXPECT_TRUE(attestation.count("tpm.not_virtual"));
}

TEST(FlowTable, AFindingNotInTheTableBelongsToNoFlow) {
  auto findings = every_rule(Status::Pass, {});
  Finding stray;
  stray.id = "vendor.extra";
  stray.status = Status::Fail;
  stray.flows = {std::string(kFlowAssociation)};  // what a finding claims does not count: the table does
  findings.push_back(stray);
  EXPECT_EQ(answer_flow(kFlowAssociation, findings).verdict, Verdict::Ready);
  EXPECT_EQ(answer_flow(kFlowAttestation, findings).verdict, Verdict::Ready);
}

// One row per case of the flow verdict (docs/verdicts.md "Flows"); both flows each time, so a row
// also shows that one flow's requirements do not decide the other's.
TEST(FlowVerdict, TruthTable) {
  using S = Status;
  struct Row {
    const char* what;
    std::initializer_list<std::pair<const char*, Status>> statuses;
    Verdict attestation, association;
  };
  const Row rows[] = {
      {"every requirement passes", {}, Verdict::Ready, Verdict::Ready},
      {"warn is met, with a remark", {{"tpm.enabled", S::Warn}}, Verdict::Ready, Verdict::Ready},
      {"a shared requirement fails", {{"tpm.not_virtual", S::Fail}}, Verdict::NotReady, Verdict::NotReady},
      {"an attestation-only requirement fails (the service)", {{"service.aik_responded", S::Fail}},
       Verdict::NotReady, Verdict::Ready},
      {"an association-only requirement fails", {{"tpm.not_reduced_functionality", S::Fail}}, Verdict::Ready,
       Verdict::NotReady},
      {"a shared Undetermined requirement is unknown", {{"tpm.not_virtual", S::Unknown}}, Verdict::Undetermined,
       Verdict::Undetermined},
      {"an attestation-only Undetermined requirement is unknown", {{"win.eula_accepted", S::Unknown}},
       Verdict::Undetermined, Verdict::Ready},
      {"a caveat requirement is unknown", {{"secureboot.state_recorded", S::Unknown}}, Verdict::Ready, Verdict::Ready},
      {"a failure wins over an unknown", {{"tpm.not_virtual", S::Unknown}, {"tpm.version_2_0", S::Fail}},
       Verdict::NotReady, Verdict::NotReady},
      {"not_applicable does not open it (not checked with this evidence)", {{"tpm.enabled", S::NotApplicable}},
       Verdict::Ready, Verdict::Ready},
  };
  for (const auto& row : rows) {
    const auto findings = every_rule(S::Pass, row.statuses);
    EXPECT_EQ(answer_flow(kFlowAttestation, findings).verdict, row.attestation) << row.what;
    EXPECT_EQ(answer_flow(kFlowAssociation, findings).verdict, row.association) << row.what;
  }
  // Unknown is never pass: with nothing known, neither flow is ready.
  const auto nothing = every_rule(S::Unknown, {});
  EXPECT_EQ(answer_flow(kFlowAttestation, nothing).verdict, Verdict::Undetermined);
  EXPECT_EQ(answer_flow(kFlowAssociation, nothing).verdict, Verdict::Undetermined);
}

TEST(FlowVerdict, SaysWhatDecidesIt) {
  // Not ready: the root causes among its own requirements only (the one upstream, not its effects).
  auto a = answer_flow(kFlowAssociation, every_rule(Status::Pass, {{"tpm.present", Status::Fail},
                                                                    {"tpm.version_2_0", Status::Fail},
                                                                    {"service.aik_responded", Status::Fail}}));
  EXPECT_EQ(a.verdict, Verdict::NotReady);
  EXPECT_EQ(a.root_causes, std::vector<std::string>{"tpm.present"});
  EXPECT_EQ(a.title, find_flow(kFlowAssociation)->title);
  EXPECT_TRUE(has(a.findings, "secureboot.state_recorded"));
  EXPECT_FALSE(has(a.findings, "service.aik_responded"));

  // Undetermined: the unknown requirements that keep it open, and what to collect for each.
  auto u = answer_flow(kFlowAssociation, every_rule(Status::Pass, {{"tpm.not_virtual", Status::Unknown}}));
  EXPECT_EQ(u.undetermined_by, std::vector<std::string>{"tpm.not_virtual"});
  EXPECT_TRUE(u.root_causes.empty());

  // Ready with caveats: the flow's own caveats, each with the command that checks it.
  auto c = answer_flow(kFlowAssociation, every_rule(Status::Pass, {{"secureboot.state_recorded", Status::Unknown},
                                                                    {"tpm.not_reduced_functionality", Status::Unknown},
                                                                    {"clock.sane", Status::Unknown}}));
  EXPECT_EQ(c.verdict, Verdict::Ready);
  EXPECT_EQ(caveat_ids(c), (std::vector<std::string>{"tpm.not_reduced_functionality", "secureboot.state_recorded"}));
  for (const auto& cv : c.caveats) EXPECT_FALSE(cv.check.empty()) << cv.id;
  auto t = answer_flow(kFlowAttestation, every_rule(Status::Pass, {{"secureboot.state_recorded", Status::Unknown},
                                                                    {"clock.sane", Status::Unknown}}));
  EXPECT_EQ(caveat_ids(t), std::vector<std::string>{"clock.sane"});
}

TEST(FlowVerdict, TheReportVerdictIsTheAttestationFlowsAndAssociationOnlyRulesDoNotTouchIt) {
  // tpmtool's flags say Windows lacks the owner authorization (reduced functionality): device
  // association is not ready for it; attestation's answer is what it was without the flag.
  Evidence e;
  e.windows = WindowsEvidence{};
  auto& t = e.windows->tpmtool;
  t.ready_for_attestation = Fact<bool>::known(true, "file:tpmtool.txt:9");
  t.information_flags = Fact<std::vector<std::string>>::known({}, "file:tpmtool.txt:10");
  cert::CaStore none;
  const auto before = evaluate(e, make_context(e, none, kNow));
  t.information_flags = Fact<std::vector<std::string>>::known({"INFORMATION_TPM_OWNERAUTH"}, "file:tpmtool.txt:10");
  const auto after = evaluate(e, make_context(e, none, kNow));

  ASSERT_EQ(after.flows.size(), 2u);
  EXPECT_EQ(after.flows[0].id, kFlowAttestation);
  EXPECT_EQ(after.flows[0].verdict, after.verdict);
  EXPECT_EQ(after.verdict, before.verdict);
  EXPECT_EQ(after.undetermined_by, before.undetermined_by);
  for (const auto& rc : after.root_causes) EXPECT_NE(rc.id, "tpm.not_reduced_functionality");
  EXPECT_EQ(after.flows[1].id, kFlowAssociation);
  EXPECT_EQ(after.flows[1].verdict, Verdict::NotReady);
  EXPECT_EQ(after.flows[1].root_causes, std::vector<std::string>{"tpm.not_reduced_functionality"});
  // The findings list has every rule, each saying its flows.
  const Finding* rfm = find_finding(after.findings, "tpm.not_reduced_functionality");
  ASSERT_NE(rfm, nullptr);
  EXPECT_EQ(rfm->flows, std::vector<std::string>{std::string(kFlowAssociation)});
}

TEST(ReducedFunctionality, FailsOnWindowsFlagsPassesOnTpmReadyUnknownOtherwise) {
  Evidence e;
  e.windows = WindowsEvidence{};
  auto& t = e.windows->tpmtool;
  t.information_flags = Fact<std::vector<std::string>>::known({}, "file:tpmtool.txt:10");
  auto none = check("tpm.not_reduced_functionality", e);
  EXPECT_EQ(none.status, Status::Unknown) << "no flag is not evidence that it is not in reduced functionality";

  for (const char* flag : {"INFORMATION_TPM_OWNERAUTH", "INFORMATION_TPM_SRKPUB"}) {
    t.information_flags = Fact<std::vector<std::string>>::known({"INFORMATION_EK_CERTIFICATE", flag},
                                                                "file:tpmtool.txt:10");
    auto f = check("tpm.not_reduced_functionality", e);
    EXPECT_EQ(f.status, Status::Fail) << flag;
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence[0].value, flag);
    EXPECT_EQ(f.evidence[0].source, "file:tpmtool.txt:10");
  }

  Evidence g;
  g.windows = WindowsEvidence{};
  g.windows->get_tpm.tpm_ready = Fact<bool>::known(true, "file:get-tpm.txt:3");
  auto ready = check("tpm.not_reduced_functionality", g);
  EXPECT_EQ(ready.status, Status::Pass);
  ASSERT_FALSE(ready.evidence.empty());
  EXPECT_TRUE(ready.evidence[0].implied_by.has_value());
  g.windows->get_tpm.tpm_ready = Fact<bool>::known(false, "file:get-tpm.txt:3");
  EXPECT_EQ(check("tpm.not_reduced_functionality", g).status, Status::Unknown)
      << "TpmReady False has other causes than reduced functionality";

  Evidence linux_only;
  linux_only.tpm_access = {true, false, "device:/dev/tpmrm0", ""};
  linux_only.tpm = TpmEvidence{};
  EXPECT_EQ(check("tpm.not_reduced_functionality", linux_only).status, Status::NotApplicable);
}

TEST(SecureBootState, RecordedFromTheBootLogEitherWayUnknownWithoutIt) {
  Evidence e;
  EXPECT_EQ(check("secureboot.state_recorded", e).status, Status::Unknown);
  e.eventlog = EventLogEvidence{};
  e.eventlog->present = Fact<bool>::known(true, "file:wbcl.bin");
  e.eventlog->secure_boot_enabled = Fact<bool>::unknown("the log has no SecureBoot variable event", "file:wbcl.bin");
  auto missing = check("secureboot.state_recorded", e);
  EXPECT_EQ(missing.status, Status::Unknown);
  EXPECT_NE(missing.summary.find("no SecureBoot variable"), std::string::npos) << missing.summary;

  for (bool on : {true, false}) {
    e.eventlog->secure_boot_enabled = Fact<bool>::known(on, "file:wbcl.bin");
    auto f = check("secureboot.state_recorded", e);
    EXPECT_EQ(f.status, Status::Pass) << on;  // Microsoft requires neither state
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence[0].value, on ? "1 (on)" : "0 (off)");
    EXPECT_EQ(f.evidence[0].source, "file:wbcl.bin");
    EXPECT_NE(f.summary.find(on ? "Secure Boot is on" : "Secure Boot is off"), std::string::npos) << f.summary;
    EXPECT_NE(f.summary.find("pre-associated again"), std::string::npos) << f.summary;
  }
}
