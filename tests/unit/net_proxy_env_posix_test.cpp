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

// https_get takes the raw setting (credentials included); reports take the masked one.
TEST(NetProxy, EnvironmentCredentialsReachParsingButNotReports) {
  ::setenv("https_proxy", "http://user:p%40ss@proxy.corp:3128", 1);
  ::unsetenv("no_proxy");
  ::unsetenv("NO_PROXY");
  auto raw = environment_proxy("ztd.dds.microsoft.com");
  EXPECT_EQ(raw.variable, "https_proxy");
  EXPECT_EQ(raw.source, "env:https_proxy");
  auto parsed = parse_proxy(raw.raw);
  ASSERT_TRUE(parsed.ok()) << parsed.error().what();
  EXPECT_EQ(parsed->authorization, "Basic dXNlcjpwQHNz");  // base64("user:p@ss")
  auto shown = proxy_from_environment("ztd.dds.microsoft.com");
  EXPECT_EQ(shown.value, "http://***@proxy.corp:3128");
  EXPECT_EQ(shown.value.find("p%40ss"), std::string::npos);
  EXPECT_EQ(shown.value.find("user"), std::string::npos);
  ::setenv("no_proxy", "microsoft.com", 1);
  EXPECT_EQ(environment_proxy("ztd.dds.microsoft.com").raw, "");
  ::unsetenv("no_proxy");
  ::setenv("https_proxy", "http://user:p%zzss@proxy.corp:3128", 1);
  EXPECT_EQ(proxy_from_environment("ztd.dds.microsoft.com").value, "http://***@proxy.corp:3128");
  ::unsetenv("https_proxy");
}
