// Where a failed request stopped decides what the network rules may conclude: only a TLS step
// failure is interception, and only a handshake that happened tested it.
#include <gtest/gtest.h>

#include "net/https.h"

using namespace tpmready;
using net::failed_step;
using net::proxy_unreachable;

TEST(NetFailedStep, NamesTheStepAtTheStartOfTheMessage) {
  EXPECT_EQ(failed_step(Error(ErrorKind::Io, "DNS: cannot resolve x.invalid: Name or service not known")), "DNS");
  EXPECT_EQ(failed_step(Error(ErrorKind::Io, "TLS handshake: ztd.dds.microsoft.com: alert")), "TLS handshake");
  EXPECT_EQ(failed_step(Error(ErrorKind::Io, "certificate verification: hostname mismatch")), "certificate verification");
  EXPECT_EQ(failed_step(Error(ErrorKind::Timeout, "timeout: TLS handshake not done within 15000 ms")), "timeout");
  // Not one of https_get's steps, or the step name without its separator.
  EXPECT_EQ(failed_step(Error(ErrorKind::Usage, "only https:// URLs are fetched")), "");
  EXPECT_EQ(failed_step(Error(ErrorKind::Io, "DNSSEC: no")), "");
  EXPECT_EQ(failed_step(Error(ErrorKind::Io, "connect")), "");
}

TEST(NetFailedStep, AConnectionToTheProxyThatFailedIsTheProxysAndMeansItIsUnreachable) {
  Error refused(ErrorKind::Io, "connect: 127.0.0.1:9: Connection refused");
  refused.context("proxy http://127.0.0.1:9");
  EXPECT_EQ(failed_step(refused), "proxy");
  EXPECT_TRUE(proxy_unreachable(refused));
  // A proxy that answered CONNECT with a refusal is reachable; one that never answered is not.
  const Error refusal(ErrorKind::Io, "proxy: http://127.0.0.1:3128: HTTP 403 Forbidden");
  EXPECT_EQ(failed_step(refusal), "proxy");
  EXPECT_FALSE(proxy_unreachable(refusal));
  EXPECT_TRUE(proxy_unreachable(Error(ErrorKind::Timeout, "proxy: http://127.0.0.1:3128: timeout: CONNECT reply not done")));
  EXPECT_FALSE(proxy_unreachable(Error(ErrorKind::Io, "connect: 127.0.0.1:443: Connection refused")));
}
