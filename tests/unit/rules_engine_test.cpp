#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <set>

#include "rules/engine.h"
#include "rules/rules.h"
#include "rules/table.h"

using namespace tpmready::rules;

namespace {
/// Every rule of the table, passing, except the given overrides.
std::vector<Finding> all_pass(std::initializer_list<std::pair<const char*, Status>> overrides) {
  std::vector<Finding> out;
  for (const auto& r : rule_table()) {
    Finding f;
    f.id = std::string(r.id);
    f.status = Status::Pass;
    for (auto [id, s] : overrides)
      if (r.id == id) f.status = s;
    out.push_back(f);
  }
  return out;
}
}  // namespace

TEST(RuleTable, HasTheIssueRuleIdsAndOnlyKnownParents) {
  for (const char* id : {"tpm.present", "tpm.version_2_0", "tpm.enabled", "tpm.not_virtual",
                         "tpm.firmware_not_vulnerable", "tpm.not_locked_out", "tpm.owned", "ek.present",
                         "ek.cert.present", "ek.cert.matches_ek", "ek.cert.service_compatible", "ek.cert.valid_dates",
                         "ek.cert.chain", "eventlog.present", "eventlog.replay_matches", "win.eula_accepted",
                         "win.maintenance_task_ran", "win.taskstates.ek_certificate_present", "clock.sane",
                         "win.ready_for_attestation"}) {
    EXPECT_NE(find_rule(id), nullptr) << id;
  }
  std::set<std::string_view> seen;
  for (const auto& r : rule_table()) {
    EXPECT_TRUE(seen.insert(r.id).second) << "duplicate " << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(r.fix.empty()) << r.id;
    for (auto p : r.parents) EXPECT_TRUE(seen.count(p)) << r.id << " lists parent " << p << " before it is defined";
  }
}

TEST(RuleTable, EveryEntryIsComplete) {
  for (const auto& r : rule_table()) {
    EXPECT_FALSE(r.id.empty());
    EXPECT_FALSE(r.title.empty()) << r.id;
    EXPECT_FALSE(r.fix.empty()) << r.id;
    EXPECT_FALSE(r.source.empty()) << r.id;
    EXPECT_FALSE(fault_side_name(r.side).empty()) << r.id;
    // Without a check of its own a rule can only follow from its parents.
    if (!r.check) {
      EXPECT_EQ(r.derivation, Derivation::FromParents) << r.id << " has no check and is not derived";
    }
    if (r.derivation == Derivation::FromParents) {
      EXPECT_FALSE(r.parents.empty()) << r.id << " is derived from nothing";
    }
    const Finding f = r.finding();
    EXPECT_EQ(f.id, r.id);
    EXPECT_EQ(f.title, r.title);
    EXPECT_EQ(f.fix.text, r.fix);
    EXPECT_EQ(f.reference, r.source);
    EXPECT_EQ(f.parents.size(), r.parents.size()) << r.id;
    EXPECT_EQ(f.status, Status::Unknown) << r.id;
  }
}

TEST(RuleTable, ParentsExistAndTheCausalGraphIsAcyclic) {
  // Depth-first search over the parent edges, whatever the table's order: a node met again while
  // it is still on the path closes a cycle.
  enum class Mark { None, OnPath, Done };
  std::map<std::string_view, Mark> mark;
  std::function<bool(std::string_view)> acyclic_from = [&](std::string_view id) {
    const Rule* r = find_rule(id);
    if (!r) return false;
    if (mark[id] == Mark::OnPath) return false;
    if (mark[id] == Mark::Done) return true;
    mark[id] = Mark::OnPath;
    for (auto p : r->parents) {
      EXPECT_NE(find_rule(p), nullptr) << id << " lists unknown parent " << p;
      if (!acyclic_from(p)) {
        ADD_FAILURE() << "cycle through " << id << " -> " << p;
        return false;
      }
    }
    mark[id] = Mark::Done;
    return true;
  };
  for (const auto& r : rule_table()) EXPECT_TRUE(acyclic_from(r.id)) << r.id;
}

TEST(RuleTable, CheckRunsThroughTheEntryWithoutRepeatingTheId) {
  // A rule without a check of its own stays as its entry began it; a rule with one keeps its ID,
  // title and parents whatever the check found.
  tpmready::Evidence none;
  RuleContext ctx;
  for (const auto& r : rule_table()) {
    Finding f = run_check(r, none, ctx);
    EXPECT_EQ(f.id, r.id);
    EXPECT_EQ(f.title, r.title);
    EXPECT_EQ(f.parents.size(), r.parents.size()) << r.id;
    if (!r.check) {
      EXPECT_EQ(f.status, Status::Unknown) << r.id;
    }
  }
}

TEST(RuleEngine, DerivationTruthTable) {
  using S = Status;
  auto derive = [](std::initializer_list<S> parents) { return derive_from_parents(std::vector<S>(parents)); };
  EXPECT_EQ(derive({S::Fail}), S::Fail);
  EXPECT_EQ(derive({S::Pass, S::Fail, S::Unknown}), S::Fail);  // a failing parent decides
  EXPECT_EQ(derive({S::Unknown, S::Fail}), S::Fail);
  EXPECT_EQ(derive({S::Pass, S::Warn, S::NotApplicable}), S::Pass);
  EXPECT_EQ(derive({}), S::Pass);
  EXPECT_EQ(derive({S::Pass, S::Unknown}), S::Unknown);
  EXPECT_EQ(derive({S::NotApplicable, S::Unknown, S::Warn}), S::Unknown);
}

TEST(RuleTable, HasTheIssueCausalEdges) {
  auto has_parent = [](std::string_view id, std::string_view parent) {
    for (auto p : find_rule(id)->parents)
      if (p == parent) return true;
    return false;
  };
  EXPECT_TRUE(has_parent("win.maintenance_task_ran", "win.eula_accepted"));
  EXPECT_TRUE(has_parent("win.taskstates.ek_certificate_present", "win.maintenance_task_ran"));
  EXPECT_TRUE(has_parent("win.ready_for_attestation", "win.taskstates.ek_certificate_present"));
  EXPECT_TRUE(has_parent("win.taskstates.ek_certificate_present", "ek.cert.present"));
  EXPECT_TRUE(has_parent("win.ready_for_attestation", "eventlog.present"));
  EXPECT_TRUE(has_parent("attestation.service_accepts", "ek.cert.service_compatible"));
}

TEST(RuleEngine, SeedStoryRootCauseIsTheEulaWithTheChainToTheSymptom) {
  auto findings = all_pass({{"win.eula_accepted", Status::Fail},
                            {"win.maintenance_task_ran", Status::Fail},
                            {"win.taskstates.ek_certificate_present", Status::Fail},
                            {"win.ready_for_attestation", Status::Fail}});
  auto a = analyze(findings);
  EXPECT_EQ(a.verdict, Verdict::NotReady);
  ASSERT_EQ(a.root_causes.size(), 1u);
  EXPECT_EQ(a.root_causes[0].id, "win.eula_accepted");
  EXPECT_EQ(a.root_causes[0].chain, (std::vector<std::string>{"win.eula_accepted", "win.maintenance_task_ran",
                                                              "win.taskstates.ek_certificate_present",
                                                              "win.ready_for_attestation"}));
}

TEST(RuleEngine, VirtualTpmIsARootOfItsOwnBesideOtherFailures) {
  auto a = analyze(all_pass({{"tpm.not_virtual", Status::Fail},
                             {"attestation.service_accepts", Status::Fail},
                             {"eventlog.present", Status::Fail}}));
  std::set<std::string> roots;
  for (const auto& r : a.root_causes) roots.insert(r.id);
  EXPECT_EQ(roots, (std::set<std::string>{"tpm.not_virtual", "eventlog.present"}));
}

TEST(RuleEngine, AClockBehindTheCertificateIsTheRootNotTheCertificateDates) {
  auto a = analyze(all_pass({{"clock.sane", Status::Fail},
                             {"ek.cert.valid_dates", Status::Fail},
                             {"attestation.service_accepts", Status::Fail}}));
  ASSERT_EQ(a.root_causes.size(), 1u);
  EXPECT_EQ(a.root_causes[0].id, "clock.sane");
  auto certificate_alone = analyze(all_pass({{"ek.cert.valid_dates", Status::Fail}, {"attestation.service_accepts", Status::Fail}}));
  ASSERT_EQ(certificate_alone.root_causes.size(), 1u);
  EXPECT_EQ(certificate_alone.root_causes[0].id, "ek.cert.valid_dates");
}

TEST(RuleEngine, UnknownWithoutFailureIsUndeterminedAndFailureWins) {
  EXPECT_EQ(analyze(all_pass({{"clock.sane", Status::Unknown}})).verdict, Verdict::Undetermined);
  EXPECT_EQ(analyze(all_pass({{"clock.sane", Status::Unknown}, {"tpm.owned", Status::Fail}})).verdict,
            Verdict::NotReady);
  EXPECT_EQ(analyze(all_pass({{"ek.cert.chain", Status::Warn}, {"tpm.owned", Status::NotApplicable}})).verdict,
            Verdict::Ready);
}

TEST(RuleEngine, ChainAlwaysEndsAtALeaf) {
  auto findings = all_pass({{"ek.cert.service_compatible", Status::Fail}});
  auto chain = chain_from("ek.cert.service_compatible", findings);
  EXPECT_EQ(chain.back(), "attestation.service_accepts");
  for (auto kid : children_of(chain.back())) EXPECT_EQ(find_rule(kid)->side, FaultSide::Outcome) << kid;
}

TEST(RuleEngine, ChainReachesTheObservedFailureWhenWindowsAttemptFailed) {
  auto findings = all_pass({{"win.eula_accepted", Status::Fail},
                            {"win.maintenance_task_ran", Status::Fail},
                            {"win.taskstates.ek_certificate_present", Status::Fail},
                            {"win.ready_for_attestation", Status::Fail},
                            {"attestation.aik_enrolled", Status::Fail}});
  auto a = analyze(findings);
  ASSERT_EQ(a.root_causes.size(), 1u);
  EXPECT_EQ(a.root_causes[0].chain.back(), "attestation.aik_enrolled");
}
