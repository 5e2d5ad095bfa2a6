// Cross-check with tpm2-tools: our replayed PCRs equal tpm2_eventlog's `pcrs:` summary on every
// corpus log, except where tpm2_eventlog 5.4 is known to differ from a spec-correct replay
// (facts/tcg.md "Verified locally"): each such log and PCR is named below with its reason, and the
// reason itself is asserted, so a difference is explained rather than tolerated.
#include <gtest/gtest.h>

#include "util/file.h"

#include <cstdio>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <sys/wait.h>

#include "collect/eventlog_source.h"
#include "eventlog/analysis.h"

using namespace tpmready;
using namespace tpmready::eventlog;

namespace {

const std::string kDir = std::string(TPMREADY_TEST_DATA) + "/eventlog/";

struct ToolRun {
  int status = -1;
  std::string out;
};

ToolRun run_tpm2_eventlog(const std::string& path) {
  ToolRun r;
  std::string cmd = "tpm2_eventlog '" + path + "' 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.status = pclose(p);
  return r;
}

// "pcrs:\n  sha1:\n    0  : 0x51C3...\n" -> bank -> pcr -> lowercase hex
std::map<std::string, std::map<unsigned, std::string>> parse_pcrs(const std::string& yaml) {
  std::map<std::string, std::map<unsigned, std::string>> out;
  auto at = yaml.find("\npcrs:\n");
  if (at == std::string::npos) return out;
  std::regex bank_re(R"(^  (\w+):$)"), pcr_re(R"(^\s+(\d+)\s*:\s*0x([0-9a-fA-F]+)$)");
  std::string bank;
  std::size_t pos = at + 7;
  while (pos < yaml.size()) {
    auto end = yaml.find('\n', pos);
    std::string line = yaml.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
    pos = end == std::string::npos ? yaml.size() : end + 1;
    std::smatch m;
    if (std::regex_match(line, m, bank_re)) {
      bank = m[1];
    } else if (std::regex_match(line, m, pcr_re) && !bank.empty()) {
      std::string hex = m[2];
      for (auto& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      out[bank][static_cast<unsigned>(std::stoul(m[1]))] = hex;
    }
  }
  return out;
}

struct Known {
  std::set<unsigned> pcrs;  // PCRs where tpm2_eventlog differs, every bank
  std::string reason;
};

// facts/tcg.md "Verified locally": tpm2_eventlog 5.4 ignores StartupLocality (PCR 0 starts at 0).
const std::map<std::string, Known> kKnownDifferences = {
    {"gtt-glinux-alex.bin", {{0}, "StartupLocality 3"}},
    {"kl-binary_bios_measurements", {{0}, "StartupLocality 3"}},
};
// Logs tpm2_eventlog 5.4 cannot process at all (no pcrs: to compare).
const std::map<std::string, std::string> kToolFails = {
    {"ga-option-rom.bin", "crashes (SIGSEGV) on the PCR 0xFFFFFFFF EV_NO_ACTION event 60"},
    {"ga-short-no-action.bin", "exits 1 on a first EV_NO_ACTION shorter than a Spec ID event"},
    {"wbcl-sha1-startuplocality.bin", "exits 1 (\"invalid eventDataSize in specid event\") on a SHA-1 log whose first "
                                      "event is a StartupLocality EV_NO_ACTION"},
    {"wbcl-sha1-pcr-minus-1.bin", "crashes (SIGSEGV) on the PCR 0xFFFFFFFF EV_NO_ACTION event 1"},
};

}  // namespace

TEST(EventLogCrossCheck, ReplayEqualsTpm2EventlogExceptNamedPcrs) {
  if (std::system("command -v tpm2_eventlog >/dev/null 2>&1") != 0) GTEST_SKIP() << "tpm2_eventlog not installed";
  std::size_t compared = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kDir)) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".yaml" || entry.path().extension() == ".json" || entry.path().extension() == ".md") continue;
    if (name.find("-bogus") != std::string::npos || name.find("-empty") != std::string::npos) continue;
    SCOPED_TRACE(name);
    auto bytes = read_file(entry.path().string(), kMaxEventLogBytes);
    ASSERT_TRUE(bytes.ok());
    auto ours = process_log(*bytes);
    ASSERT_TRUE(ours.ok()) << ours.error().what();
    auto tool = run_tpm2_eventlog(entry.path().string());
    if (auto f = kToolFails.find(name); f != kToolFails.end()) {
      EXPECT_FALSE(WIFEXITED(tool.status) && WEXITSTATUS(tool.status) == 0) << "tpm2_eventlog now handles it: " << f->second;
      continue;
    }
    ASSERT_TRUE(WIFEXITED(tool.status) && WEXITSTATUS(tool.status) == 0);
    auto theirs = parse_pcrs(tool.out);
    auto known = kKnownDifferences.find(name);
    if (known != kKnownDifferences.end()) {
      // The named reason must hold: the log carries a StartupLocality of 3.
      EXPECT_EQ(ours->replay.startup_locality(), std::optional<std::uint8_t>(3)) << known->second.reason;
    }
    for (const auto& [bank, values] : ours->replay.values()) {
      for (const auto& [pcr, value] : values) {
        bool differs_by_design = known != kKnownDifferences.end() && known->second.pcrs.count(pcr);
        auto their = theirs[bank].count(pcr) ? theirs[bank][pcr] : std::string("(absent)");
        if (differs_by_design) {
          EXPECT_NE(to_hex(value), their) << bank << " PCR " << pcr << " expected to differ: " << known->second.reason;
        } else {
          EXPECT_EQ(to_hex(value), their) << bank << " PCR " << pcr;
        }
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 150u);
}
