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

// One row per line of the truth table in engine.h (and docs/verdicts.md).
TEST(RuleEngine, DerivationTruthTable) {
  using S = Status;
  auto derive = [](std::initializer_list<S> parents) { return derive_from_parents(std::vector<S>(parents)); };
  // any fail → fail, whatever the others are
  EXPECT_EQ(derive({S::Fail}), S::Fail);
  EXPECT_EQ(derive({S::Pass, S::Fail, S::Unknown}), S::Fail);
  EXPECT_EQ(derive({S::Unknown, S::Fail}), S::Fail);
  EXPECT_EQ(derive({S::NotApplicable, S::Fail}), S::Fail);
  EXPECT_EQ(derive({S::Warn, S::Fail}), S::Fail);
  // no fail, every one pass or warn → pass (warn is met, with a remark)
  EXPECT_EQ(derive({S::Pass}), S::Pass);
  EXPECT_EQ(derive({S::Warn}), S::Pass);
  EXPECT_EQ(derive({S::Pass, S::Warn, S::Pass}), S::Pass);
  // no fail, any unknown or not_applicable → unknown: "not checked here" is not "holds"
  EXPECT_EQ(derive({S::Unknown}), S::Unknown);
  EXPECT_EQ(derive({S::Pass, S::Unknown}), S::Unknown);
  EXPECT_EQ(derive({S::NotApplicable}), S::Unknown);
  EXPECT_EQ(derive({S::Pass, S::NotApplicable}), S::Unknown);
  EXPECT_EQ(derive({S::Pass, S::Warn, S::NotApplicable}), S::Unknown);
  EXPECT_EQ(derive({S::NotApplicable, S::Unknown, S::Warn}), S::Unknown);
  // no parents → unknown (nothing to derive from)
  EXPECT_EQ(derive({}), S::Unknown);
}

TEST(RuleTable, EveryEntryHasAFailureTitleACommandAndAClassForUnknown) {
  for (const auto& r : rule_table()) {
    EXPECT_FALSE(r.failure_title.empty()) << r.id;
    EXPECT_NE(r.failure_title, r.title) << r.id << ": the failure title states the problem, not the requirement";
    EXPECT_LE(r.failure_title.size(), 100u) << r.id << ": a headline fits in 100 columns";
    EXPECT_FALSE(r.verify.empty()) << r.id;
    EXPECT_EQ(r.finding().failure_title, r.failure_title) << r.id;
    // A derived rule's unknown is its parents'; nothing else is classified FromParents.
    EXPECT_EQ(r.when_unknown == WhenUnknown::FromParents, r.derivation == Derivation::FromParents) << r.id;
    // A caveat says why the evidence cannot show it; the others say nothing of the kind.
    const bool caveat = r.when_unknown == WhenUnknown::Caveat || r.when_unknown == WhenUnknown::InputCaveat;
    EXPECT_EQ(caveat, !r.caveat_why.empty()) << r.id;
  }
  // Windows' own checks keep the verdict open; what only the device can show is a caveat.
  for (const char* id : {"tpm.present", "tpm.version_2_0", "tpm.owned", "ek.cert.present", "eventlog.present",
                         "tpm.firmware_not_vulnerable", "win.eula_accepted", "win.taskstates.ek_certificate_present"})
    EXPECT_EQ(find_rule(id)->when_unknown, WhenUnknown::Undetermined) << id;
  for (const char* id : {"ek.cert.matches_ek", "eventlog.replay_matches"})
    EXPECT_EQ(find_rule(id)->when_unknown, WhenUnknown::Caveat) << id;
}

TEST(RuleEngine, CaveatsDoNotKeepTheVerdictOpenUnknownWindowsChecksDo) {
  auto a = analyze(all_pass({{"ek.cert.matches_ek", Status::Unknown},
                             {"eventlog.replay_matches", Status::NotApplicable},
                             {"attestation.service_accepts", Status::Unknown}}));
  EXPECT_EQ(a.verdict, Verdict::Ready);
  EXPECT_TRUE(a.undetermined_by.empty());
  ASSERT_EQ(a.caveats.size(), 2u);
  EXPECT_EQ(a.caveats[0].id, "ek.cert.matches_ek");
  EXPECT_EQ(a.caveats[0].check, "tpmready ekcert");
  EXPECT_FALSE(a.caveats[0].why.empty());
  EXPECT_EQ(a.caveats[1].id, "eventlog.replay_matches");
  // A requirement Windows checks that nothing shows: undetermined, and the caveats are kept.
  auto open = analyze(all_pass({{"tpm.owned", Status::Unknown}, {"ek.cert.matches_ek", Status::Unknown}}));
  EXPECT_EQ(open.verdict, Verdict::Undetermined);
  EXPECT_EQ(open.undetermined_by, std::vector<std::string>{"tpm.owned"});
  EXPECT_EQ(open.caveats.size(), 1u);
  // Not checked because a parent failed: that failure is the story, not a caveat.
  auto failed = analyze(all_pass({{"ek.present", Status::Fail}, {"ek.cert.matches_ek", Status::Unknown}}));
  EXPECT_EQ(failed.verdict, Verdict::NotReady);
  EXPECT_TRUE(failed.caveats.empty());
  // A not_applicable Windows rule (TPM-only scope) neither blocks nor is a caveat.
  EXPECT_EQ(analyze(all_pass({{"win.eula_accepted", Status::NotApplicable}})).verdict, Verdict::Ready);
  // An input caveat: not_applicable (its input, the hash CSV, was not given) adds nothing; unknown
  // (given, not decidable) is a caveat, never an open verdict.
  ASSERT_EQ(find_rule("autopilot.hardware_hash_matches")->when_unknown, WhenUnknown::InputCaveat);
  auto absent = analyze(all_pass({{"autopilot.hardware_hash_matches", Status::NotApplicable}}));
  EXPECT_EQ(absent.verdict, Verdict::Ready);
  EXPECT_TRUE(absent.caveats.empty());
  auto given = analyze(all_pass({{"autopilot.hardware_hash_matches", Status::Unknown}}));
  EXPECT_EQ(given.verdict, Verdict::Ready);
  ASSERT_EQ(given.caveats.size(), 1u);
  EXPECT_EQ(given.caveats[0].check, "Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv");
  EXPECT_NE(given.caveats[0].why.find("oa3tool"), std::string::npos);
}

TEST(RuleEngine, LikelyCausesAreTheUnknownAncestorsInCausalOrder) {
  // Seed 000 through tpmtool alone: the task did not run, the EULA value is not in the evidence.
  auto findings = all_pass({{"win.eula_accepted", Status::Unknown},
                            {"win.maintenance_task_ran", Status::Fail},
                            {"win.taskstates.ek_certificate_present", Status::Fail},
                            {"win.ready_for_attestation", Status::Fail}});
  auto a = analyze(findings);
  ASSERT_EQ(a.root_causes.size(), 1u);
  EXPECT_EQ(a.root_causes[0].id, "win.maintenance_task_ran");
  ASSERT_EQ(a.root_causes[0].likely_causes.size(), 1u);
  const auto& c = a.root_causes[0].likely_causes[0];
  EXPECT_EQ(c.id, "win.eula_accepted");
  EXPECT_EQ(c.title, find_rule("win.eula_accepted")->failure_title);
  EXPECT_EQ(c.confirm,
            "reg query \"HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE\" /v SetupDisplayedEula");
  EXPECT_NE(c.why.find("win.eula_accepted → win.maintenance_task_ran"), std::string::npos) << c.why;
  // The EULA itself found failing: it is the root cause, with no likely cause above it.
  auto known = analyze(all_pass({{"win.eula_accepted", Status::Fail}, {"win.maintenance_task_ran", Status::Fail}}));
  ASSERT_EQ(known.root_causes.size(), 1u);
  EXPECT_TRUE(known.root_causes[0].likely_causes.empty());
}

TEST(RuleEngine, APassingAncestorStopsTheSearchForLikelyCausesAndTheOrderIsCausal) {
  // taskstates fails; its parents: maintenance (unknown) ← eula (unknown), and ek.cert.present.
  auto both = likely_causes("win.taskstates.ek_certificate_present",
                            all_pass({{"win.eula_accepted", Status::Unknown},
                                      {"win.maintenance_task_ran", Status::Unknown},
                                      {"ek.cert.present", Status::Unknown},
                                      {"win.taskstates.ek_certificate_present", Status::Fail}}));
  std::vector<std::string> ids;
  for (const auto& c : both) ids.push_back(c.id);
  // table order: causes before effects
  EXPECT_EQ(ids, (std::vector<std::string>{"ek.cert.present", "win.eula_accepted", "win.maintenance_task_ran"}));
  // The task is known to have run: the EULA above it cannot be what stopped it.
  auto ran = likely_causes("win.taskstates.ek_certificate_present",
                           all_pass({{"win.eula_accepted", Status::Unknown},
                                     {"win.taskstates.ek_certificate_present", Status::Fail}}));
  EXPECT_TRUE(ran.empty());
}

TEST(RuleEngine, ADerivedRuleIsWalkedThroughNotNamedAsALikelyCause) {
  // Only Autopilot's failed AIK enrolment is known: the service prediction above it is derived,
  // so the requirements it follows from are named, not the prediction.
  auto causes = likely_causes("attestation.aik_enrolled",
                              all_pass({{"tpm.not_virtual", Status::Unknown},
                                        {"attestation.service_accepts", Status::Unknown},
                                        {"attestation.aik_enrolled", Status::Fail}}));
  std::vector<std::string> ids;
  for (const auto& c : causes) ids.push_back(c.id);
  EXPECT_EQ(ids, (std::vector<std::string>{"tpm.not_virtual"}));
  EXPECT_NE(causes.at(0).why.find("tpm.not_virtual → attestation.service_accepts → attestation.aik_enrolled"),
            std::string::npos)
      << causes.at(0).why;
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
  EXPECT_EQ(analyze(all_pass({{"eventlog.present", Status::Unknown}})).verdict, Verdict::Undetermined);
  EXPECT_EQ(analyze(all_pass({{"eventlog.present", Status::Unknown}, {"tpm.owned", Status::Fail}})).verdict,
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
