// Every rule of the catalogue gets a pass and a fail case over hand-built Evidence (the rules are
// pure functions, so no TPM or file is needed). The end-to-end cases on real TPMs and real exports
// are in tests/integration (test_check.py, test_examples.py).
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <optional>

#include "cert/chain.h"
#include "collect/offline_pipeline.h"
#include "rules/rules.h"

using namespace tpmready;
using namespace tpmready::rules;

namespace {

constexpr std::int64_t kNow = 1795000000;  // 2026-11-18

RegValueFact reg_dword(std::uint64_t v) {
  RegValueFact r;
  r.exists = Fact<bool>::known(true, "file:test.reg:1");
  r.type = "REG_DWORD";
  r.number = v;
  return r;
}
RegValueFact reg_absent() {
  RegValueFact r;
  r.exists = Fact<bool>::known(false, "file:test.reg:1");
  return r;
}

/// A healthy hardware TPM seen live (TPM-only scope).
Evidence healthy_tpm() {
  Evidence e;
  e.tpm_access = {true, false, "device:/dev/tpmrm0", ""};
  TpmEvidence t;
  t.manufacturer = "IFX";
  t.spec_family = "2.0";
  t.firmware_version_1 = (7u << 16) | 85u;  // Windows shows "7.85.4555.0"
  t.firmware_version_2 = 4555u << 16;
  t.firmware_version = "7.85.4555.0";
  t.startup_clear_raw = 0x8000000F;  // phEnable|shEnable|ehEnable|phEnableNV|orderly
  t.max_auth_fail = 32;
  TpmPersistentObject ek;
  ek.handle = 0x81010001;
  ek.type = "rsa";
  ek.key_bits = 2048;
  t.persistent.push_back(ek);
  e.tpm = t;
  e.system_time = Fact<std::int64_t>::known(kNow, "system clock");
  return e;
}

/// Windows evidence of a healthy device (tpmtool + registry).
WindowsEvidence healthy_windows() {
  WindowsEvidence w;
  auto src = "file:tpmtool.txt:1";
  w.tpmtool.tpm_present = Fact<bool>::known(true, src);
  w.tpmtool.tpm_version = Fact<std::string>::known("2.0", src);
  w.tpmtool.manufacturer_id = Fact<std::string>::known("IFX", src);
  w.tpmtool.ready_for_storage = Fact<bool>::known(true, src);
  w.tpmtool.ready_for_attestation = Fact<bool>::known(true, src);
  w.tpmtool.information_flags = Fact<std::vector<std::string>>::known({}, src);
  w.tpmtool.maintenance_task_complete = Fact<bool>::known(true, src);
  w.tpmtool.has_vulnerable_firmware = Fact<bool>::known(false, src);
  w.tpmtool.is_locked_out = Fact<bool>::known(false, src);
  w.registry.setup_displayed_eula = reg_dword(1);
  w.registry.task_states.key_present = Fact<bool>::known(true, "file:test.reg:1");
  w.registry.task_states.ek_certificate_present = reg_dword(1);
  w.registry.wbcl = reg_dword(0);
  w.registry.wbcl.type = "REG_BINARY";
  w.registry.wbcl.number.reset();
  return w;
}

/// Runs one rule's check through its table entry.
Finding check(std::string_view id, const Evidence& e) {
  cert::CaStore none;
  return run_check(*find_rule(id), e, make_context(e, none, kNow));
}
rules::Status run(std::string_view id, const Evidence& e) { return check(id, e).status; }

}  // namespace

TEST(RuleTpmPresent, PassWhenTheTpmAnswersFailWhenThereIsNoDevice) {
  EXPECT_EQ(run("tpm.present", healthy_tpm()), rules::Status::Pass);
  Evidence none;
  none.tpm_access = {true, true, "auto", "no TPM device"};
  EXPECT_EQ(run("tpm.present", none), rules::Status::Fail);
  Evidence broken;
  broken.tpm_access = {true, false, "tcp:127.0.0.1:1", "connect refused"};
  EXPECT_EQ(run("tpm.present", broken), rules::Status::Unknown);
}

TEST(RuleTpmVersion, PassFor20FailFor12) {
  EXPECT_EQ(run("tpm.version_2_0", healthy_tpm()), rules::Status::Pass);
  Evidence e;
  e.windows = healthy_windows();
  e.windows->tpmtool.tpm_version = Fact<std::string>::known("1.2", "file:tpmtool.txt:2");
  EXPECT_EQ(run("tpm.version_2_0", e), rules::Status::Fail);
}

TEST(RuleTpmEnabled, FailWhenTheEndorsementHierarchyIsDisabled) {
  auto e = healthy_tpm();
  EXPECT_EQ(run("tpm.enabled", e), rules::Status::Pass);
  e.tpm->startup_clear_raw = 0x80000003;  // no ehEnable
  EXPECT_EQ(run("tpm.enabled", e), rules::Status::Fail);
}

TEST(RuleTpmNotVirtual, FailForSoftwareAndHyperVTpms) {
  auto e = healthy_tpm();
  EXPECT_EQ(run("tpm.not_virtual", e), rules::Status::Pass);
  e.tpm->software_tpm = true;  // swtpm (manufacturer IBM) stays a software TPM
  e.tpm->software_tpm_kind = "swtpm";
  EXPECT_EQ(run("tpm.not_virtual", e), rules::Status::Fail);
  // Seed 000's Hyper-V VM: MSFT with the 2014 revision Hyper-V's virtual TPM reports.
  Evidence hv;
  hv.windows = healthy_windows();
  hv.windows->tpmtool.manufacturer_id = Fact<std::string>::known("MSFT", "file:tpmtool.txt:3");
  hv.windows->tpmtool.spec_version = Fact<std::string>::known("1.16", "file:tpmtool.txt:17");
  auto f = check("tpm.not_virtual", hv);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("Hyper-V"), std::string::npos) << f.summary;
}

namespace {
Evidence msft_tpm(std::optional<std::pair<std::string, std::string>> identity) {
  Evidence e;
  e.windows = healthy_windows();
  e.windows->tpmtool.manufacturer_id = Fact<std::string>::known("MSFT", "file:tpmtool.txt:3");
  e.windows->tpmtool.spec_version = Fact<std::string>::known("1.59", "file:tpmtool.txt:17");
  if (identity) {
    e.device.manufacturer = Fact<std::string>::known(identity->first, "file:bios.reg:3");
    e.device.model = Fact<std::string>::known(identity->second, "file:bios.reg:4");
  }
  return e;
}
}  // namespace

TEST(RuleTpmNotVirtual, MsftOnPhysicalHardwareIsPlutonNotAVirtualTpm) {
  // Pluton reports MSFT on physical devices (facts/windows.md §16); Surface is "Microsoft
  // Corporation" too, so the manufacturer alone decides nothing: the model does.
  for (auto identity : {std::pair<std::string, std::string>{"LENOVO", "21D2CTO1WW"},
                        std::pair<std::string, std::string>{"Microsoft Corporation", "Surface Laptop 7"}}) {
    auto f = check("tpm.not_virtual", msft_tpm(identity));
    EXPECT_EQ(f.status, rules::Status::Pass) << identity.second;
    EXPECT_NE(f.summary.find("Microsoft Pluton as TPM"), std::string::npos) << f.summary;
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence.back().source, "file:bios.reg:4");
  }
}

TEST(RuleTpmNotVirtual, HyperVIdentityFailsWhateverTheTpmSays) {
  auto f = check("tpm.not_virtual", msft_tpm(std::pair<std::string, std::string>{"Microsoft Corporation", "Virtual Machine"}));
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("Hyper-V virtual machine"), std::string::npos) << f.summary;
  auto vmware = msft_tpm(std::pair<std::string, std::string>{"VMware, Inc.", "VMware Virtual Platform"});
  vmware.windows->tpmtool.manufacturer_id = Fact<std::string>::known("IFX", "file:tpmtool.txt:3");
  EXPECT_EQ(run("tpm.not_virtual", vmware), rules::Status::Fail);
}

TEST(RuleTpmNotVirtual, MsftWithNothingToTellThemApartIsUnknownAndSaysWhatToCollect) {
  auto f = check("tpm.not_virtual", msft_tpm(std::nullopt));
  EXPECT_EQ(f.status, rules::Status::Unknown);
  EXPECT_NE(f.summary.find("HARDWARE\\DESCRIPTION\\System\\BIOS"), std::string::npos) << f.summary;
  EXPECT_EQ(find_rule("tpm.not_virtual")->when_unknown, WhenUnknown::Undetermined);  // a VM is never ready
}

TEST(RuleTpmNotVirtual, WindowsRegistryIdentityDecidesBeforeTheSmbiosRead) {
  // A Pluton laptop's tpmtool paste with its HKLM\HARDWARE\DESCRIPTION\System\BIOS export.
  auto e = msft_tpm(std::nullopt);
  e.windows->bios.system_manufacturer = Fact<std::string>::known("LENOVO", "file:bios.reg:4");
  e.windows->bios.system_product_name = Fact<std::string>::known("21D2CTO1WW", "file:bios.reg:5");
  auto f = check("tpm.not_virtual", e);
  EXPECT_EQ(f.status, rules::Status::Pass);
  EXPECT_NE(f.summary.find("Microsoft Pluton as TPM"), std::string::npos) << f.summary;
  EXPECT_EQ(f.evidence.back().source, "file:bios.reg:5");
  // An Azure / Hyper-V guest's export: a VM whatever the TPM revision says.
  e.windows->bios.system_manufacturer = Fact<std::string>::known("Microsoft Corporation", "file:bios.reg:4");
  e.windows->bios.system_product_name = Fact<std::string>::known("Virtual Machine", "file:bios.reg:5");
  EXPECT_EQ(run("tpm.not_virtual", e), rules::Status::Fail);
}

TEST(RuleTpmNotVirtual, OtherHypervisorsNameThemselvesAndCloudVendorsDecideNothing) {
  for (auto identity : {std::pair<std::string, std::string>{"QEMU", "Standard PC (Q35 + ICH9, 2009)"},
                        std::pair<std::string, std::string>{"innotek GmbH", "VirtualBox"},
                        std::pair<std::string, std::string>{"Xen", "HVM domU"},
                        std::pair<std::string, std::string>{"Red Hat", "KVM"}}) {
    auto e = msft_tpm(identity);
    e.windows->tpmtool.manufacturer_id = Fact<std::string>::known("IFX", "file:tpmtool.txt:3");
    EXPECT_EQ(run("tpm.not_virtual", e), rules::Status::Fail) << identity.first;
  }
  // EC2 names itself the same on bare-metal instances: a physical identity, so MSFT is Pluton
  // only if nothing else says VM; an IFX TPM passes.
  auto ec2 = msft_tpm(std::pair<std::string, std::string>{"Amazon EC2", "m7i.metal-24xl"});
  ec2.windows->tpmtool.manufacturer_id = Fact<std::string>::known("IFX", "file:tpmtool.txt:3");
  EXPECT_EQ(run("tpm.not_virtual", ec2), rules::Status::Pass);
}

TEST(RuleTpmNotVirtual, AGuestOfAHypervisorFailsAndKnownBareMetalMakesMsftPluton) {
  auto e = msft_tpm(std::nullopt);
  e.device.hypervisor = Fact<std::string>::known("Microsoft Hyper-V", "bundle:device.hypervisor");
  auto f = check("tpm.not_virtual", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("a guest of Microsoft Hyper-V"), std::string::npos) << f.summary;
  // Known none: the OS runs on the hardware (a VBS root partition included).
  e.device.hypervisor = Fact<std::string>::known("", "bundle:device.hypervisor");
  f = check("tpm.not_virtual", e);
  EXPECT_EQ(f.status, rules::Status::Pass);
  EXPECT_NE(f.summary.find("Microsoft Pluton as TPM"), std::string::npos) << f.summary;
}

TEST(RuleTpmNotVirtual, LivePlutonVendorStringPasses) {
  auto e = healthy_tpm();
  e.tpm->manufacturer = "MSFT";
  e.tpm->spec_revision = 159;
  EXPECT_EQ(run("tpm.not_virtual", e), rules::Status::Unknown);
  e.tpm->vendor_string = "Pluton.TPM.A";
  auto f = check("tpm.not_virtual", e);
  EXPECT_EQ(f.status, rules::Status::Pass);
  EXPECT_NE(f.summary.find("Microsoft Pluton as TPM"), std::string::npos);
  e.tpm->vendor_string.clear();
  e.tpm->spec_revision = 116;  // Hyper-V's vTPM seen live
  EXPECT_EQ(run("tpm.not_virtual", e), rules::Status::Fail);
}

TEST(RuleTpmFirmware, FailInAnInfineonRocaRangePassOutside) {
  auto e = healthy_tpm();
  EXPECT_EQ(run("tpm.firmware_not_vulnerable", e), rules::Status::Pass);  // 7.85 is outside 7.0-7.61
  e.tpm->firmware_version_1 = (4u << 16) | 32u;  // 4.32: major 4, minor <= 33 (docs/facts/windows.md §14)
  EXPECT_EQ(run("tpm.firmware_not_vulnerable", e), rules::Status::Fail);
  Evidence w;
  w.windows = healthy_windows();
  w.windows->tpmtool.has_vulnerable_firmware = Fact<bool>::known(true, "file:tpmtool.txt:14");
  EXPECT_EQ(run("tpm.firmware_not_vulnerable", w), rules::Status::Fail);
}

TEST(RuleTpmLockout, FailWhenInLockout) {
  auto e = healthy_tpm();
  EXPECT_EQ(run("tpm.not_locked_out", e), rules::Status::Pass);
  e.tpm->permanent_raw = 0x200;
  EXPECT_EQ(run("tpm.not_locked_out", e), rules::Status::Fail);
}

TEST(RuleTpmOwned, NotApplicableWithoutWindowsFailWhenNotReadyForStorage) {
  EXPECT_EQ(run("tpm.owned", healthy_tpm()), rules::Status::NotApplicable);
  Evidence e;
  e.windows = healthy_windows();
  EXPECT_EQ(run("tpm.owned", e), rules::Status::Pass);
  e.windows->tpmtool.ready_for_storage = Fact<bool>::known(false, "file:tpmtool.txt:8");
  EXPECT_EQ(run("tpm.owned", e), rules::Status::Fail);
}

TEST(RuleEkPresent, PassWhenPersistedWarnOnTpmOnlyFailOnWindows) {
  auto e = healthy_tpm();
  EXPECT_EQ(run("ek.present", e), rules::Status::Pass);
  e.tpm->persistent.clear();
  EXPECT_EQ(run("ek.present", e), rules::Status::Warn);
  e.windows = WindowsEvidence{};
  EXPECT_EQ(run("ek.present", e), rules::Status::Fail);
}

TEST(RuleEkCertPresent, FailWhenTheTpmWasSearchedAndHasNonePassFromTheRegistryStore) {
  auto e = healthy_tpm();
  e.ek.tpm_queried = true;
  EXPECT_EQ(run("ek.cert.present", e), rules::Status::Fail);
  e.windows = WindowsEvidence{};
  e.windows->registry.ek_certificates.push_back({"EKCertStore", "AB", {}, {}, "file:tpm.reg:9", ""});
  EXPECT_EQ(run("ek.cert.present", e), rules::Status::Pass);
}

TEST(RuleEventlogPresent, PassFromWbclFailFromTheTpmtoolFlag) {
  Evidence e;
  e.windows = healthy_windows();
  EXPECT_EQ(run("eventlog.present", e), rules::Status::Pass);
  e.windows->registry.wbcl = reg_absent();
  EXPECT_EQ(run("eventlog.present", e), rules::Status::Fail);
  Evidence t;
  t.windows = healthy_windows();
  t.windows->registry.wbcl = RegValueFact{};
  t.windows->tpmtool.information_flags = Fact<std::vector<std::string>>::known({"INFORMATION_TCG_EVENT_LOG"}, "f:1");
  EXPECT_EQ(run("eventlog.present", t), rules::Status::Fail);
}

TEST(RuleEventlogPresent, FollowsTheLogEvidencePresentParsesOrNot) {
  Evidence e;
  e.eventlog = EventLogEvidence{};
  e.eventlog->present = Fact<bool>::known(true, "file:log.bin");
  e.eventlog->parses = Fact<bool>::known(true, "file:log.bin");
  EXPECT_EQ(run("eventlog.present", e), rules::Status::Pass);
  e.eventlog->parses = Fact<bool>::known(false, "file:log.bin");
  e.eventlog->parse_error = "event[3] @0x1a2: EventSize 9 > remaining 2 bytes";
  auto broken = check("eventlog.present", e);
  EXPECT_EQ(broken.status, rules::Status::Fail);
  EXPECT_NE(broken.summary.find("@0x1a2"), std::string::npos) << broken.summary;
  e.eventlog->present = Fact<bool>::known(false, "file:log.bin");
  e.eventlog->parses = Fact<bool>{};
  EXPECT_EQ(run("eventlog.present", e), rules::Status::Fail);
  // No PCR values to compare the log with: the replay rule does not apply (it is not a failure).
  e.eventlog->replay_matches = Fact<bool>::unknown("no PCR values to compare with");
  EXPECT_EQ(run("eventlog.replay_matches", e), rules::Status::NotApplicable);
}

TEST(RuleEventlogReplay, FailNamesThePcrsPassWhenMatching) {
  Evidence e = healthy_tpm();
  e.eventlog = EventLogEvidence{};
  e.eventlog->replay_matches = Fact<bool>::known(true, "file:log.bin");
  EXPECT_EQ(run("eventlog.replay_matches", e), rules::Status::Pass);
  e.eventlog->replay_matches = Fact<bool>::known(false, "file:log.bin");
  e.eventlog->mismatched_pcrs = {4, 7};
  auto f = check("eventlog.replay_matches", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("4, 7"), std::string::npos);
}

TEST(RuleEulaAccepted, FailWhenTheValueIsAbsentPassWhenOne) {
  Evidence e;
  e.windows = healthy_windows();
  EXPECT_EQ(run("win.eula_accepted", e), rules::Status::Pass);
  e.windows->registry.setup_displayed_eula = reg_absent();
  EXPECT_EQ(run("win.eula_accepted", e), rules::Status::Fail);
  EXPECT_EQ(run("win.eula_accepted", healthy_tpm()), rules::Status::NotApplicable);
}

TEST(RuleMaintenanceTaskRan, FailWhenNeverRunPassWhenComplete) {
  Evidence e;
  e.windows = healthy_windows();
  EXPECT_EQ(run("win.maintenance_task_ran", e), rules::Status::Pass);
  e.windows->tpmtool.maintenance_task_complete = Fact<bool>{};
  e.windows->registry.task_states = TaskStatesEvidence{};
  e.windows->tpm_maintenance_task.last_result = Fact<std::uint32_t>::known(0x41303, "file:schtasks.txt:7");
  EXPECT_EQ(run("win.maintenance_task_ran", e), rules::Status::Fail);
}

TEST(RuleTaskStatesEkCertificatePresent, FailWhenAbsentAndSaysTheCertificateIsThere) {
  Evidence e;
  e.windows = healthy_windows();
  EXPECT_EQ(run("win.taskstates.ek_certificate_present", e), rules::Status::Pass);
  e.windows->registry.task_states.ek_certificate_present = reg_absent();
  e.windows->registry.ek_certificates.push_back({"EKCertStore", "AB", {}, {}, "file:tpm.reg:9", ""});
  auto f = check("win.taskstates.ek_certificate_present", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("the TaskStates value is missing, not the certificate"), std::string::npos);
}

TEST(RuleClockSane, FailBeforeTheBuildNotApplicableOffline) {
  auto e = healthy_tpm();
  EXPECT_EQ(run("clock.sane", e), rules::Status::Pass);
  e.system_time = Fact<std::int64_t>::known(946684800, "system clock");  // 2000-01-01
  EXPECT_EQ(run("clock.sane", e), rules::Status::Fail);
  e.system_time = Fact<std::int64_t>::unknown("offline");
  EXPECT_EQ(run("clock.sane", e), rules::Status::NotApplicable);
}

TEST(RuleReadyForAttestation, FollowsTpmtoolAndDerivesFromItsParentsOtherwise) {
  Evidence e;
  e.windows = healthy_windows();
  EXPECT_EQ(run("win.ready_for_attestation", e), rules::Status::Pass);
  e.windows->tpmtool.ready_for_attestation = Fact<bool>::known(false, "file:tpmtool.txt:9");
  EXPECT_EQ(run("win.ready_for_attestation", e), rules::Status::Fail);
  // Without tpmtool, the evaluation derives it: a failing parent makes it fail.
  Evidence d;
  d.windows = healthy_windows();
  d.windows->tpmtool = TpmtoolEvidence{};
  d.windows->registry.task_states.ek_certificate_present = reg_absent();
  cert::CaStore none;
  auto report = evaluate(d, make_context(d, none, kNow));
  const auto* f = rules::find_finding(report.findings, "win.ready_for_attestation");
  ASSERT_NE(f, nullptr);
  EXPECT_EQ(f->status, rules::Status::Fail);
}

TEST(Evaluate, RulesTheTableMarksDerivedFollowTheirParentsWhenTheirOwnCheckIsSilent) {
  Evidence windows_only;
  windows_only.windows = healthy_windows();
  windows_only.windows->tpmtool = TpmtoolEvidence{};
  windows_only.windows->registry.setup_displayed_eula = reg_absent();
  cert::CaStore none;
  int derived = 0;
  for (const Evidence& e : {Evidence{}, healthy_tpm(), windows_only}) {
    auto ctx = make_context(e, none, kNow);
    auto r = evaluate(e, ctx);
    for (const auto& rule : rule_table()) {
      const Finding* f = find_finding(r.findings, rule.id);
      ASSERT_NE(f, nullptr) << rule.id;
      rules::Status own = run_check(rule, e, ctx).status;
      if (rule.derivation == Derivation::None || own != rules::Status::Unknown) {
        EXPECT_EQ(f->status, own) << rule.id;  // only the table's flag lets the parents decide
        continue;
      }
      std::vector<rules::Status> parents;
      for (const auto& p : f->parents) parents.push_back(find_finding(r.findings, p)->status);
      EXPECT_EQ(f->status, derive_from_parents(parents)) << rule.id;
      ++derived;
    }
  }
  EXPECT_GT(derived, 2);  // the prediction, every time, and Windows' answer without tpmtool
}

TEST(Evaluate, HealthyHardwareTpmOnLinuxIsReadyForTheTpmSideWithoutCertificateRules) {
  // No certificate evidence at all: the EK certificate rules are unknown, so not "ready".
  auto e = healthy_tpm();
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.scope, "tpm-only");
  EXPECT_NE(r.verdict, Verdict::NotReady);
}

// What "Ready For Attestation: True" implies: exactly what IsReadyForAttestation checks
// (facts/windows.md §0, §1), each shown as implied, with tpmtool's line as the source.
TEST(ImpliedFacts, ReadyForAttestationTrueImpliesWhatWindowsChecked) {
  Evidence e;
  e.windows = WindowsEvidence{};
  e.windows->tpmtool.ready_for_attestation = Fact<bool>::known(true, "file:tpmtool.txt:9");
  for (const char* id : {"tpm.present", "tpm.version_2_0", "tpm.owned", "eventlog.present", "ek.cert.present",
                         "win.taskstates.ek_certificate_present", "tpm.firmware_not_vulnerable", "ek.present",
                         "win.maintenance_task_ran", "win.eula_accepted"}) {
    auto f = check(id, e);
    EXPECT_EQ(f.status, rules::Status::Pass) << id << ": " << f.summary;
    ASSERT_FALSE(f.evidence.empty()) << id;
    EXPECT_EQ(f.evidence.back().source, "file:tpmtool.txt:9") << id;
    EXPECT_TRUE(f.evidence.back().implied_by.has_value()) << id;
  }
  // Not what the readiness check covers: the EK certificate against the EK, the service's view.
  EXPECT_NE(run("ek.cert.matches_ek", e), rules::Status::Pass);
  EXPECT_NE(run("tpm.not_virtual", e), rules::Status::Pass);
  // "False" implies none of them.
  e.windows->tpmtool.ready_for_attestation = Fact<bool>::known(false, "file:tpmtool.txt:9");
  for (const char* id : {"tpm.version_2_0", "tpm.owned", "eventlog.present", "ek.cert.present"})
    EXPECT_EQ(run(id, e), rules::Status::Unknown) << id;
}

TEST(ImpliedFacts, GetTpmAnswersDecideTheirRules) {
  Evidence e;
  e.windows = WindowsEvidence{};
  auto& g = e.windows->get_tpm;
  g.tpm_present = Fact<bool>::known(false, "file:get-tpm.txt:1");
  auto absent = check("tpm.present", e);
  EXPECT_EQ(absent.status, rules::Status::Fail);
  g.tpm_present = Fact<bool>::known(true, "file:get-tpm.txt:1");
  EXPECT_EQ(run("tpm.present", e), rules::Status::Pass);
  // TpmReady: fully provisioned, so enabled and owned.
  g.tpm_ready = Fact<bool>::known(true, "file:get-tpm.txt:2");
  for (const char* id : {"tpm.enabled", "tpm.owned"}) {
    auto f = check(id, e);
    EXPECT_EQ(f.status, rules::Status::Pass) << id;
    ASSERT_FALSE(f.evidence.empty());
    EXPECT_EQ(f.evidence.back().source, "file:get-tpm.txt:2");
    EXPECT_TRUE(f.evidence.back().implied_by) << id;
  }
  // The specific answers win over TpmReady.
  g.tpm_enabled = Fact<bool>::known(true, "file:get-tpm.txt:3");
  g.tpm_activated = Fact<bool>::known(false, "file:get-tpm.txt:4");
  EXPECT_EQ(run("tpm.enabled", e), rules::Status::Fail);
  g.tpm_owned = Fact<bool>::known(false, "file:get-tpm.txt:5");
  EXPECT_EQ(run("tpm.owned", e), rules::Status::Fail);
}

TEST(ImpliedFacts, AGetTpmPasteAloneNeverPassesTheServicePrediction) {
  Evidence e;
  e.windows = WindowsEvidence{};
  auto& g = e.windows->get_tpm;
  for (auto* f : {&g.tpm_present, &g.tpm_ready, &g.tpm_enabled, &g.tpm_activated, &g.tpm_owned})
    *f = Fact<bool>::known(true, "file:get-tpm.txt:1");
  g.manufacturer_id_txt = Fact<std::string>::known("NTC", "file:get-tpm.txt:8");
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  const Finding* prediction = find_finding(r.findings, "attestation.service_accepts");
  ASSERT_NE(prediction, nullptr);
  EXPECT_EQ(prediction->status, rules::Status::Unknown) << prediction->summary;
  EXPECT_EQ(r.verdict, Verdict::Undetermined);
}

TEST(ImpliedFacts, GetTpmInfineonRocaVersionIsTheRootCause) {
  Evidence e;
  e.windows = WindowsEvidence{};
  auto& g = e.windows->get_tpm;
  g.tpm_present = Fact<bool>::known(true, "file:get-tpm.txt:1");
  g.manufacturer_id_txt = Fact<std::string>::known("IFX", "file:get-tpm.txt:8");
  g.manufacturer_version = Fact<std::string>::known("7.40.2098.0", "file:get-tpm.txt:9");
  auto f = check("tpm.firmware_not_vulnerable", e);
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.verdict, Verdict::NotReady);
  ASSERT_EQ(r.root_causes.size(), 1u);
  EXPECT_EQ(r.root_causes[0].id, "tpm.firmware_not_vulnerable");
  g.manufacturer_version = Fact<std::string>::known("7.85.4555.0", "file:get-tpm.txt:9");
  EXPECT_EQ(run("tpm.firmware_not_vulnerable", e), rules::Status::Pass);
}

TEST(Evaluate, HealthyOfflineWindowsEvidenceIsReadyWithCaveats) {
  // tpmtool says ready; the registry has the EULA value and TaskStates; nothing here holds the EK
  // public key, the PCRs or the device clock: those are caveats, not an open verdict.
  Evidence e;
  e.windows = healthy_windows();
  e.system_time = Fact<std::int64_t>::unknown("offline files carry no device clock");
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.verdict, Verdict::Ready) << (r.undetermined_by.empty() ? "" : r.undetermined_by.front());
  std::vector<std::string> ids;
  for (const auto& c : r.caveats) {
    ids.push_back(c.id);
    EXPECT_FALSE(c.check.empty()) << c.id;
  }
  for (const char* id : {"ek.cert.matches_ek", "eventlog.replay_matches", "clock.sane"})
    EXPECT_NE(std::find(ids.begin(), ids.end(), id), ids.end()) << id;
  EXPECT_EQ(find_finding(r.findings, "attestation.service_accepts")->status, rules::Status::Unknown);
}

TEST(Evaluate, TpmtoolAloneOnSeed000NamesTheEulaAsTheLikelyCauseAndFixesItFirst) {
  Evidence e;
  e.windows = WindowsEvidence{};
  auto& t = e.windows->tpmtool;
  auto src = "file:tpmtool.txt:1";
  t.tpm_present = Fact<bool>::known(true, src);
  t.tpm_version = Fact<std::string>::known("2.0", src);
  t.manufacturer_id = Fact<std::string>::known("STM", src);
  t.ready_for_storage = Fact<bool>::known(true, src);
  t.ready_for_attestation = Fact<bool>::known(false, src);
  t.information_flags = Fact<std::vector<std::string>>::known({"INFORMATION_EK_CERTIFICATE"}, src);
  t.has_vulnerable_firmware = Fact<bool>::known(false, src);
  t.maintenance_task_complete = Fact<bool>::known(false, src);
  t.is_locked_out = Fact<bool>::known(false, src);
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.verdict, Verdict::NotReady);
  const RootCause* task = nullptr;
  for (const auto& rc : r.root_causes)
    if (rc.id == "win.maintenance_task_ran") task = &rc;
  ASSERT_NE(task, nullptr);
  ASSERT_FALSE(task->likely_causes.empty());
  EXPECT_EQ(task->likely_causes.front().id, "win.eula_accepted");
  const Finding* f = find_finding(r.findings, "win.maintenance_task_ran");
  EXPECT_EQ(f->fix.text.rfind("If the likely cause (win.eula_accepted) is confirmed, fix it first: Set HKLM", 0), 0u)
      << f->fix.text;
  // The command that confirms it is the likely cause's own (shown with it), not repeated in the fix.
  EXPECT_EQ(f->fix.text.find("reg query"), std::string::npos) << f->fix.text;
}

TEST(RuleClockSane, OfflineEventsLoggedBeforeTheEkCertificateWasIssuedFail) {
  // Real EK certificate (HIRS corpus, notBefore 2014-02-23); the events carry the device's clock.
  std::ifstream in(std::string(TPMREADY_TEST_DATA) + "/cert/hirs-stm-nuc1-ek_cert_7_byte_header_removed.der",
                   std::ios::binary);
  Bytes der((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(der.empty());
  Evidence e;
  e.system_time = Fact<std::int64_t>::unknown("offline");
  e.ek.certificates.push_back({"file:ek.der", der, std::nullopt});
  WindowsEvent ev;
  ev.channel = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot";
  ev.event_id = 250;
  ev.time = "2009-01-01T00:05:00Z";  // a reset RTC
  e.events = {ev};
  EXPECT_EQ(run("clock.sane", e), rules::Status::Fail);
  e.events[0].time = "2024-05-01T10:00:00Z";
  EXPECT_EQ(run("clock.sane", e), rules::Status::NotApplicable);
}

// ---- tpm.not_in_failure_mode -------------------------------------------------------------------

namespace {
TpmSelfTest self_test(std::uint32_t result, std::string name, std::uint32_t rc = 0) {
  TpmSelfTest t;
  t.response_code = rc;
  t.test_result = result;
  t.result_name = std::move(name);
  t.source = "tpm:tcp:127.0.0.1:2321 GetTestResult";
  return t;
}

WindowsEvent tpm_sys(std::uint32_t id, std::string time) {
  WindowsEvent ev;
  ev.channel = "System";
  ev.provider = "TPM";
  ev.event_id = id;
  ev.time = std::move(time);
  ev.source = "system.evtx#record " + std::to_string(id);
  return ev;
}
}  // namespace

TEST(RuleTpmNotInFailureMode, LiveGetTestResultDecides) {
  Evidence e;
  e.tpm_access = {true, false, "tcp:127.0.0.1:2321", "the TPM is in failure mode", self_test(0x101, "TPM_RC_FAILURE")};
  auto f = check("tpm.not_in_failure_mode", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("failure mode"), std::string::npos) << f.summary;
  // The TPM answered, so it is present; failure mode is the root, Windows' provisioning its effect.
  EXPECT_EQ(run("tpm.present", e), rules::Status::Pass);
  e.tpm_access.self_test = self_test(0, "TPM_RC_FAILURE", 0x101);  // refused even GetTestResult
  EXPECT_EQ(run("tpm.not_in_failure_mode", e), rules::Status::Fail);
  e.tpm_access.self_test = self_test(0, "TPM_RC_SUCCESS");
  EXPECT_EQ(run("tpm.not_in_failure_mode", e), rules::Status::Pass);
  e.tpm_access.self_test = self_test(0x90A, "TPM_RC_TESTING");
  EXPECT_EQ(run("tpm.not_in_failure_mode", e), rules::Status::Pass);
}

TEST(RuleTpmNotInFailureMode, AFullLiveReadImpliesItAndNothingLeavesItUnknown) {
  Evidence live = healthy_tpm();
  auto f = check("tpm.not_in_failure_mode", live);
  EXPECT_EQ(f.status, rules::Status::Pass);
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_TRUE(f.evidence.front().implied_by.has_value());
  EXPECT_EQ(run("tpm.not_in_failure_mode", Evidence{}), rules::Status::Unknown);
}

TEST(RuleTpmNotInFailureMode, TpmDriverEvent27FailsUnlessWindowsLaterFoundTheTpmWorking) {
  Evidence e;
  e.windows = WindowsEvidence{};
  e.events = {tpm_sys(27, "2026-11-30T08:00:00Z")};
  auto f = check("tpm.not_in_failure_mode", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("TPM event 27"), std::string::npos) << f.summary;
  e.windows->tpmtool.ready_for_storage = Fact<bool>::known(true, "file:tpmtool.txt:5");
  EXPECT_EQ(run("tpm.not_in_failure_mode", e), rules::Status::Warn);
  // Event 17 (a command failed) is not failure mode.
  Evidence other;
  other.events = {tpm_sys(17, "2026-11-30T08:00:00Z")};
  EXPECT_EQ(run("tpm.not_in_failure_mode", other), rules::Status::Unknown);
}

TEST(RuleTpmNotInFailureMode, WindowsAnswersImplyItGetTpmSelfTestIsWeakerEvidence) {
  Evidence e;
  e.windows = healthy_windows();
  auto f = check("tpm.not_in_failure_mode", e);
  EXPECT_EQ(f.status, rules::Status::Pass);
  EXPECT_EQ(f.summary, "Implied by Ready For Attestation: True.");
  Evidence g;
  g.windows = WindowsEvidence{};
  g.windows->get_tpm.self_test = Fact<std::string>::known("{}", "file:get-tpm.txt:20");
  auto p = check("tpm.not_in_failure_mode", g);
  EXPECT_EQ(p.status, rules::Status::Pass);
  ASSERT_FALSE(p.evidence.empty());
  EXPECT_NE(p.evidence.front().implied_by->find("UNVERIFIED"), std::string::npos);
  g.windows->get_tpm.self_test = Fact<std::string>::known("{128, 0, 1, 255}", "file:get-tpm.txt:20");
  EXPECT_EQ(run("tpm.not_in_failure_mode", g), rules::Status::Unknown);
}

TEST(RuleTpmNotInFailureMode, FailureModeIsTheRootOfWindowsNotProvisioningTheTpm) {
  Evidence e;
  e.tpm_access = {true, false, "tbs", "the TPM is in failure mode", self_test(0x101, "TPM_RC_FAILURE")};
  e.windows = WindowsEvidence{};
  e.windows->tpmtool.ready_for_storage = Fact<bool>::known(false, "file:tpmtool.txt:5");
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  EXPECT_EQ(r.verdict, Verdict::NotReady);
  ASSERT_FALSE(r.root_causes.empty());
  EXPECT_EQ(r.root_causes.front().id, "tpm.not_in_failure_mode");
  for (const auto& rc : r.root_causes) EXPECT_NE(rc.id, "tpm.owned");
  EXPECT_EQ(r.fault.side, "device");
}

// ---- ek.cert.downloaded ------------------------------------------------------------------------

namespace {
Evidence from_files(const std::vector<std::string>& names) {
  std::vector<std::string> paths;
  for (const auto& n : names) paths.push_back(std::string(TPMREADY_TEST_DATA) + "/offline/" + n);
  auto e = collect::collect_offline(paths);
  EXPECT_TRUE(e.ok()) << e.error().what();
  return e.ok() ? std::move(*e) : Evidence{};
}

WindowsEvent autopilot_event(std::uint32_t id, std::string time) {
  WindowsEvent ev;
  ev.channel = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot";
  ev.provider = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider";
  ev.event_id = id;
  ev.time = std::move(time);
  ev.source = "autopilot.evtx#record " + std::to_string(id);
  return ev;
}
}  // namespace

TEST(RuleEkCertDownloaded, IntelPttWithAnEmptyStoreAfterTpmMaintenanceFailsAndIsTheRoot) {
  Evidence e = from_files({"ftpm-intel-tpmtool.utf16.txt", "ftpm-ek-download-failed.reg"});
  auto f = check("ek.cert.downloaded", e);
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("Intel PTT"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("EkCertProvisionResult is 0x80072ee7"), std::string::npos) << f.summary;
  bool unverified = false;
  for (const auto& ev : f.evidence)
    if (ev.fact == "Endorsement\\EkTries") unverified = ev.implied_by && ev.implied_by->find("UNVERIFIED") != std::string::npos;
  EXPECT_TRUE(unverified);
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  std::vector<std::string> roots;
  for (const auto& rc : r.root_causes) roots.push_back(rc.id);
  EXPECT_EQ(roots, std::vector<std::string>{"ek.cert.downloaded"});
  EXPECT_EQ(r.fault.side, "network");
}

TEST(RuleEkCertDownloaded, Event209OnAFirmwareTpmFailsAPresentCertificatePassesADiscreteTpmIsNotApplicable) {
  Evidence e;
  e.windows = WindowsEvidence{};
  e.windows->tpmtool.manufacturer_id = Fact<std::string>::known("AMD", "file:tpmtool.txt:3");
  e.events = {autopilot_event(209, "2026-11-27T10:00:00Z")};
  auto f = check("ek.cert.downloaded", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("AMD fTPM"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("event 209"), std::string::npos) << f.summary;
  // A later 208 "EK certificate is present": nothing failed.
  e.events.push_back(autopilot_event(208, "2026-11-27T10:05:00Z"));
  EXPECT_EQ(run("ek.cert.downloaded", e), rules::Status::Unknown);
  // Windows has it: pass.
  Evidence healthy;
  healthy.windows = healthy_windows();
  EXPECT_EQ(run("ek.cert.downloaded", healthy), rules::Status::Pass);
  // An Infineon TPM downloads nothing.
  Evidence ifx;
  ifx.windows = WindowsEvidence{};
  ifx.windows->tpmtool.manufacturer_id = Fact<std::string>::known("IFX", "file:tpmtool.txt:3");
  ifx.events = {autopilot_event(209, "2026-11-27T10:00:00Z")};
  EXPECT_EQ(run("ek.cert.downloaded", ifx), rules::Status::NotApplicable);
  // Unknown vendor: 209 alone cannot say it was a download.
  Evidence anon;
  anon.events = {autopilot_event(209, "2026-11-27T10:00:00Z")};
  EXPECT_EQ(run("ek.cert.downloaded", anon), rules::Status::Unknown);
  EXPECT_EQ(run("ek.cert.downloaded", Evidence{}), rules::Status::NotApplicable);
}

// ---- autopilot.profile_assigned ----------------------------------------------------------------

TEST(RuleAutopilotProfileAssigned, TheServicesRefusalInAutopilotDDSZTDFileFailsWithItsMeaning) {
  Evidence e = from_files({"AutopilotDDSZTDFile-not-registered.json", "healthy-tpmtool.utf8bom.txt"});
  auto f = check("autopilot.profile_assigned", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("not registered with Windows Autopilot (807 ZtdDeviceIsNotRegistered)"), std::string::npos)
      << f.summary;
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_EQ(f.evidence.front().source, "file:AutopilotDDSZTDFile-not-registered.json:1");
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  std::vector<std::string> roots;
  for (const auto& rc : r.root_causes) roots.push_back(rc.id);
  EXPECT_EQ(roots, std::vector<std::string>{"autopilot.profile_assigned"});
  EXPECT_EQ(r.fault.side, "configuration");
  EXPECT_EQ(r.fault.advice.rfind("Fix the Autopilot configuration: ", 0), 0u) << r.fault.advice;
}

TEST(RuleAutopilotProfileAssigned, RegistryOfANotRegisteredDeviceFails) {
  Evidence e = from_files({"autopilot-not-registered.reg"});
  auto f = check("autopilot.profile_assigned", e);
  EXPECT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("IsAutopilotDisabled is 1"), std::string::npos) << f.summary;
  EXPECT_NE(f.evidence.front().source.find("autopilot-not-registered.reg:"), std::string::npos);
  // Registered (tenant set, not disabled) but blank tenant: not registered.
  Evidence blank;
  blank.windows = WindowsEvidence{};
  auto& ap = blank.windows->registry.autopilot;
  ap.key_present = Fact<bool>::known(true, "file:ap.reg:3");
  ap.cloud_assigned_tenant_id.exists = Fact<bool>::known(true, "file:ap.reg:4");
  ap.cloud_assigned_tenant_id.type = "REG_SZ";
  ap.cloud_assigned_tenant_id.text = "";
  EXPECT_EQ(run("autopilot.profile_assigned", blank), rules::Status::Fail);
  ap.cloud_assigned_tenant_id.text = "12345678-90ab-cdef-1234-567890abcdef";
  EXPECT_EQ(run("autopilot.profile_assigned", blank), rules::Status::Pass);
}

TEST(RuleAutopilotProfileAssigned, AUserDrivenProfileIsARemarkASelfDeployingOnePasses) {
  EXPECT_EQ(run("autopilot.profile_assigned", from_files({"AutopilotDDSZTDFile-self-deploying.json"})),
            rules::Status::Pass);
  auto f = check("autopilot.profile_assigned", from_files({"AutopilotDDSZTDFile-user-driven.json"}));
  EXPECT_EQ(f.status, rules::Status::Warn);
  EXPECT_NE(f.summary.find("user-driven"), std::string::npos) << f.summary;
}

TEST(RuleAutopilotProfileAssigned, EventsDecideWhenNothingElseDoes) {
  Evidence refused;
  WindowsEvent ev = autopilot_event(709, "2026-11-27T10:00:00Z");
  ev.data = {{"Data1", "400"}, {"Data2", "{\"ErrorCode\":807,\"ErrorReason\":\"ZtdDeviceIsNotRegistered\"}"}};
  refused.events = {ev};
  auto f = check("autopilot.profile_assigned", refused);
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("event 709"), std::string::npos) << f.summary;

  Evidence available;
  WindowsEvent state = autopilot_event(153, "2026-11-27T10:00:00Z");
  state.data = {{"Data1", "ProfileState_Unknown"}, {"Data2", "ProfileState_Available"}};
  available.events = {state};
  EXPECT_EQ(run("autopilot.profile_assigned", available), rules::Status::Pass);

  Evidence attested;  // the TPM step ran: only a self-deploying or pre-provisioning profile does that
  attested.events = {autopilot_event(250, "2026-11-27T10:00:00Z")};
  EXPECT_EQ(run("autopilot.profile_assigned", attested), rules::Status::Pass);

  EXPECT_EQ(run("autopilot.profile_assigned", Evidence{}), rules::Status::NotApplicable);
}

// ---- autopilot.hardware_hash_matches -----------------------------------------------------------

namespace {
HardwareHashCsvEvidence hash_csv(std::vector<std::string> serials) {
  HardwareHashCsvEvidence csv;
  csv.files = {"AutopilotHWID.csv"};
  std::size_t line = 2;
  for (auto& s : serials)
    csv.rows.push_back({std::move(s), "", 4000, std::string(64, 'a'), "file:AutopilotHWID.csv:" + std::to_string(line++)});
  return csv;
}

/// A healthy TPM read on Linux as root, which knows the SMBIOS serial number.
Evidence with_serial(std::optional<std::string> serial) {
  Evidence e = healthy_tpm();
  e.device.serial = serial ? Fact<std::string>::known(*serial, "sysfs:/sys/class/dmi/id/product_serial")
                           : Fact<std::string>::unknown("not read live on Windows");
  return e;
}

std::vector<std::string> caveat_ids(const Evaluation& r) {
  std::vector<std::string> out;
  for (const auto& c : r.caveats) out.push_back(c.id);
  return out;
}

Evaluation evaluate_at_now(const Evidence& e) {
  cert::CaStore none;
  return evaluate(e, make_context(e, none, kNow));
}
}  // namespace

TEST(RuleAutopilotHardwareHash, WithoutACsvItIsNotApplicableAndNoCaveat) {
  auto f = check("autopilot.hardware_hash_matches", with_serial("5CG2041ABC"));
  EXPECT_EQ(f.status, rules::Status::NotApplicable);
  EXPECT_TRUE(f.evidence.empty());
  // The common case adds nothing to the report: neither a caveat nor an open verdict.
  const auto r = evaluate_at_now(with_serial("5CG2041ABC"));
  const auto ids = caveat_ids(r);
  EXPECT_EQ(std::find(ids.begin(), ids.end(), "autopilot.hardware_hash_matches"), ids.end());
  EXPECT_EQ(std::find(r.undetermined_by.begin(), r.undetermined_by.end(), "autopilot.hardware_hash_matches"),
            r.undetermined_by.end());
}

TEST(RuleAutopilotHardwareHash, AnotherSerialFailsNamingBothAndIsTheConfigurationRootCause) {
  Evidence e = with_serial("5CG2041ABC");
  e.hardware_hash_csv = hash_csv({"5CG1987XYZ"});
  auto f = check("autopilot.hardware_hash_matches", e);
  ASSERT_EQ(f.status, rules::Status::Fail);
  EXPECT_NE(f.summary.find("is not for this device's serial number 5CG2041ABC (the CSV has 5CG1987XYZ)"),
            std::string::npos)
      << f.summary;
  EXPECT_NE(f.summary.find("SerialNumberMismatch"), std::string::npos) << f.summary;
  EXPECT_NE(f.fix.text.find("Get-WindowsAutopilotInfo -OutputFile AutopilotHWID.csv"), std::string::npos);
  ASSERT_EQ(f.evidence.size(), 2u);
  EXPECT_EQ(f.evidence[0].source, "sysfs:/sys/class/dmi/id/product_serial");
  EXPECT_EQ(f.evidence[1].source, "file:AutopilotHWID.csv:2");
  const auto r = evaluate_at_now(e);
  ASSERT_FALSE(r.root_causes.empty());
  EXPECT_EQ(r.root_causes.front().id, "autopilot.hardware_hash_matches");
  EXPECT_EQ(r.root_causes.front().chain[1], "autopilot.profile_assigned");  // the service has no profile for it
  EXPECT_EQ(r.fault.side, "configuration");
  EXPECT_EQ(r.verdict, Verdict::NotReady);
  // Many rows: the first five by name, then a count.
  e.hardware_hash_csv = hash_csv({"A1", "A2", "A3", "A4", "A5", "A6", "A7"});
  f = check("autopilot.hardware_hash_matches", e);
  EXPECT_NE(f.summary.find("(its 7 rows have A1, A2, A3, A4, A5 and 2 more)"), std::string::npos) << f.summary;
}

TEST(RuleAutopilotHardwareHash, TheSameSerialStaysUnknownWithACaveatNeverPass) {
  Evidence e = with_serial(" 5cg2041abc ");  // compared trimmed and without case
  e.hardware_hash_csv = hash_csv({"CZC1234ABC", "5CG2041ABC"});
  auto f = check("autopilot.hardware_hash_matches", e);
  ASSERT_EQ(f.status, rules::Status::Unknown);
  EXPECT_NE(f.summary.find("at AutopilotHWID.csv:3 is for this device's serial number 5cg2041abc"), std::string::npos)
      << f.summary;
  EXPECT_NE(f.summary.find("oa3tool.exe /DecodeHwHash"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("endorsement key (EKPub)"), std::string::npos) << f.summary;
  EXPECT_EQ(f.evidence.back().source, "file:AutopilotHWID.csv:3");
  EXPECT_NE(f.evidence.back().value.find("hardware hash of 4000 characters"), std::string::npos);
  const auto r = evaluate_at_now(e);
  const auto ids = caveat_ids(r);
  EXPECT_NE(std::find(ids.begin(), ids.end(), "autopilot.hardware_hash_matches"), ids.end());
  EXPECT_EQ(std::find(r.undetermined_by.begin(), r.undetermined_by.end(), "autopilot.hardware_hash_matches"),
            r.undetermined_by.end());
}

TEST(RuleAutopilotHardwareHash, NoDeviceSerialIsUnknownSayingWhereToFindIt) {
  Evidence e = with_serial(std::nullopt);
  e.hardware_hash_csv = hash_csv({"5CG1987XYZ"});
  auto f = check("autopilot.hardware_hash_matches", e);
  ASSERT_EQ(f.status, rules::Status::Unknown);
  EXPECT_NE(f.summary.find("serial number is not in the evidence"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("(Get-CimInstance Win32_BIOS).SerialNumber"), std::string::npos) << f.summary;
  EXPECT_NE(f.summary.find("5CG1987XYZ"), std::string::npos) << f.summary;
  EXPECT_NE(f.evidence[0].value.find("not read live on Windows"), std::string::npos);
  EXPECT_EQ(f.evidence[0].source, "evidence:device.serial");  // reports need a source for every fact
  // A blank SMBIOS serial (a board whose serial was never written) is no match either way.
  e.device.serial = Fact<std::string>::known("  ", "test");
  f = check("autopilot.hardware_hash_matches", e);
  EXPECT_EQ(f.status, rules::Status::Unknown);
  EXPECT_NE(f.summary.find("blank serial number"), std::string::npos) << f.summary;
}

// ---- attestation.not_retried_after_reset --------------------------------------------------------

namespace {
WindowsEvent tpm_wmi(std::uint32_t id, std::string time, std::string data1) {
  WindowsEvent ev;
  ev.channel = "System";
  ev.provider = "Microsoft-Windows-TPM-WMI";
  ev.event_id = id;
  ev.time = std::move(time);
  ev.data = {{"Data1", std::move(data1)}};
  ev.source = "system.evtx#record " + std::to_string(id);
  return ev;
}

WindowsEvent aik_result(std::string time, std::string hresult) {
  WindowsEvent ev = autopilot_event(251, std::move(time));
  ev.data = {{"Data1", std::move(hresult)}, {"Data2", "420000000"}, {"Data3", "420000"}};
  return ev;
}

/// A pre-provisioning run (509: TPM required by the WhiteGlove policy), its attempt, a TPM clear, the retry.
Evidence reset_retry(const std::string& retry_hresult, bool whiteglove = true) {
  Evidence e;
  WindowsEvent wg = autopilot_event(509, "2026-11-27T09:00:00Z");
  wg.data = {{"Data1", "1"}};
  if (whiteglove) e.events.push_back(wg);
  e.events.push_back(autopilot_event(250, "2026-11-27T09:01:00Z"));
  e.events.push_back(aik_result("2026-11-27T09:08:00Z", "0x800705B4"));
  e.events.push_back(tpm_wmi(519, "2026-11-27T09:20:00Z", "Reset"));
  e.events.push_back(autopilot_event(250, "2026-11-27T09:40:00Z"));
  e.events.push_back(aik_result("2026-11-27T09:47:00Z", retry_hresult));
  return e;
}
}  // namespace

TEST(RuleNotRetriedAfterReset, APreProvisioningRetryAfterATpmClearThatFailsIsTheKnownIssue) {
  Evidence e = reset_retry("0x81039001");
  auto f = check("attestation.not_retried_after_reset", e);
  EXPECT_EQ(f.status, rules::Status::Fail) << f.summary;
  EXPECT_NE(f.summary.find("known issue"), std::string::npos) << f.summary;
  ASSERT_FALSE(f.evidence.empty());
  EXPECT_NE(f.evidence.front().value.find("reason: Reset"), std::string::npos) << f.evidence.front().value;
  cert::CaStore none;
  auto r = evaluate(e, make_context(e, none, kNow));
  std::vector<std::string> roots;
  for (const auto& rc : r.root_causes) roots.push_back(rc.id);
  EXPECT_NE(std::find(roots.begin(), roots.end(), "attestation.not_retried_after_reset"), roots.end());
  EXPECT_EQ(std::find(roots.begin(), roots.end(), "attestation.aik_enrolled"), roots.end());
}

TEST(RuleNotRetriedAfterReset, ASuccessfulRetryPassesNoPreProvisioningIsARemarkNoClearIsNotApplicable) {
  EXPECT_EQ(run("attestation.not_retried_after_reset", reset_retry("0x00000000")), rules::Status::Pass);
  EXPECT_EQ(run("attestation.not_retried_after_reset", reset_retry("0x81039001", false)), rules::Status::Warn);
  Evidence no_clear = reset_retry("0x81039001");
  no_clear.events.erase(no_clear.events.begin() + 3);
  EXPECT_EQ(run("attestation.not_retried_after_reset", no_clear), rules::Status::NotApplicable);
  Evidence clear_first;  // a clear before any attempt (a fresh device): nothing to say
  clear_first.events = {tpm_wmi(519, "2026-11-27T08:00:00Z", "Reset"), autopilot_event(250, "2026-11-27T09:00:00Z"),
                        aik_result("2026-11-27T09:05:00Z", "0x81039001")};
  EXPECT_EQ(run("attestation.not_retried_after_reset", clear_first), rules::Status::NotApplicable);
}
