// The endpoint table is the only list of hosts tpmready may contact: never a host that is not
// Microsoft's or a TPM vendor's, so `--online` cannot leak evidence to anyone else.
#include <gtest/gtest.h>

#include "net/endpoints.h"
#include "net/http1.h"

using namespace tpmready;
using namespace tpmready::net;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0 &&
         s[s.size() - suffix.size() - 1] == '.';
}

}  // namespace

TEST(NetEndpoints, EveryHostIsMicrosoftsOrATpmVendorsOverHttps) {
  ASSERT_EQ(attestation_endpoints().size(), 6u);
  for (const auto& e : attestation_endpoints()) {
    auto u = parse_url(std::string(e.url));
    ASSERT_TRUE(u.ok()) << e.url;
    EXPECT_EQ(u->scheme, "https") << e.url;
    EXPECT_TRUE(ends_with(u->host, "microsoft.com") || ends_with(u->host, "live.com") ||
                ends_with(u->host, "intel.com") || ends_with(u->host, "amd.com"))
        << e.url;
    EXPECT_EQ(e.citation, "facts/windows.md §6");
    EXPECT_TRUE(is_allowed_host(u->host));
  }
}

TEST(NetEndpoints, NothingElseIsAllowed) {
  EXPECT_TRUE(is_allowed_host("EKOP.INTEL.COM"));
  EXPECT_FALSE(is_allowed_host("example.com"));
  EXPECT_FALSE(is_allowed_host("127.0.0.1"));
  EXPECT_FALSE(is_allowed_host("evil.ekop.intel.com"));
  EXPECT_FALSE(is_allowed_host("microsoftaik.azure.net"));  // wildcard in the facts, no concrete host
}

TEST(NetEndpoints, VendorServiceOnlyForThatVendorsTpm) {
  auto hosts = [](std::optional<std::uint32_t> m) {
    std::vector<std::string> out;
    for (const auto& e : endpoints_for(m)) out.push_back(parse_url(std::string(e.url))->host);
    return out;
  };
  const std::vector<std::string> common = {"ztd.dds.microsoft.com", "cs.dds.microsoft.com", "login.live.com"};
  EXPECT_EQ(hosts(std::nullopt), common);
  EXPECT_EQ(hosts(0x49465800u), common);  // Infineon: discrete TPM, no online service
  auto intel = hosts(0x494E5443u);
  ASSERT_EQ(intel.size(), 4u);
  EXPECT_EQ(intel.back(), "ekop.intel.com");
  EXPECT_EQ(hosts(0x414D4400u).back(), "ftpm.amd.com");
  EXPECT_EQ(hosts(0x51434F4Du).back(), "ekcert.spserv.microsoft.com");
}
