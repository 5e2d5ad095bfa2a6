#include <gtest/gtest.h>

#include "collect/tpm_collector.h"
#include "report/tpm_text.h"
#include "tpm/replay_transport.h"

using namespace tpmready;

namespace {

TpmEvidence collected(const std::string& session) {
  auto t = tpm::make_replay_transport(std::string(TPMREADY_TEST_DATA) + "/tpm/" + session);
  EXPECT_TRUE(t.ok());
  auto e = collect::collect_tpm(**t);
  EXPECT_TRUE(e.ok()) << e.error().what();
  return e.ok() ? *e : TpmEvidence{};
}

}  // namespace

TEST(TpmText, SoftwareTpmBannerComesFirst) {
  std::string text = report::render_tpm_text(collected("swtpm-lockout.session"));
  EXPECT_EQ(text.rfind("SOFTWARE TPM (swtpm) \u2014 not a hardware TPM\n", 0), 0u) << text.substr(0, 80);
}

TEST(TpmText, AlignedGroupedRows) {
  std::string text = report::render_tpm_text(collected("swtpm-lockout.session"));
  EXPECT_NE(text.find("\nState\n"), std::string::npos);
  EXPECT_NE(text.find("\n  In lockout            yes (failures 3 of 3, interval 86400 s, lockout recovery 86400 s)\n"),
            std::string::npos);
  EXPECT_NE(text.find("\n  Manufacturer          \"IBM\" (0x49424d00) IBM\n"), std::string::npos);
  EXPECT_NE(text.find("\n  0x01c00002            RSA 2048 EK certificate: "), std::string::npos);
  EXPECT_NE(text.find("\n  sha256                0-23\n"), std::string::npos);
  ASSERT_GE(text.size(), 2u);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_NE(text[text.size() - 2], '\n');  // exactly one final newline, no trailing blank line
}

TEST(TpmText, NoBannerForHardware) {
  TpmEvidence e = collected("swtpm-tpm-fresh.session");
  e.software_tpm = false;
  EXPECT_EQ(report::software_tpm_banner(e), "");
  std::string text = report::render_tpm_text(e);
  EXPECT_EQ(text.rfind("TPM\n", 0), 0u);
  EXPECT_NE(text.find("none of the EK certificate indices"), std::string::npos);
}
