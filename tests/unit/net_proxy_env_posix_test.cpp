// proxy_from_environment reads https_proxy/HTTPS_PROXY and no_proxy/NO_PROXY (setenv: POSIX only).
#include <gtest/gtest.h>

#include <cstdlib>

#include "net/http1.h"

using namespace tpmready::net;

TEST(NetProxy, EnvironmentProxyNamesItsSource) {
  ::setenv("https_proxy", "http://proxy.corp:3128", 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  auto s = proxy_from_environment("ztd.dds.microsoft.com");
  EXPECT_EQ(s.value, "http://proxy.corp:3128");
  EXPECT_EQ(s.source, "env:https_proxy");
  ::setenv("no_proxy", ".microsoft.com", 1);
  EXPECT_EQ(proxy_from_environment("ztd.dds.microsoft.com").value, "direct");
  ::unsetenv("no_proxy");
  ::unsetenv("https_proxy");
  ::unsetenv("HTTPS_PROXY");
  EXPECT_EQ(proxy_from_environment("x").value, "direct");
}

TEST(NetProxy, UnparseableProxyIsShownWithoutItsCredentials) {
  ::setenv("https_proxy", "socks5://alice:s3cret@proxy.corp:1080", 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  auto s = proxy_from_environment("ztd.dds.microsoft.com");
  EXPECT_EQ(s.value, "socks5://***@proxy.corp:1080");
  auto p = parse_proxy("socks5://alice:s3cret@proxy.corp:1080");
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().what().find("s3cret"), std::string::npos) << p.error().what();
  ::unsetenv("https_proxy");
}
