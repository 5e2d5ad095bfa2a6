"""`--online` against real local HTTPS servers (https_lab.py): `ekcert --online` fetching a real
corpus EK certificate (tests/data/cert) for a swtpm EK, every failure step of the HTTPS seam
(404, timeout, untrusted CA, wrong host name, body too large, connection refused, DNS), a CONNECT
proxy (also one that demands Basic credentials, RFC 7617), and `check --online` endpoint probes. Nothing here leaves 127.0.0.1: production names are
mapped with TPMREADY_NET_RESOLVE, and TLS still verifies them (TPMREADY_NET_EXTRA_CA = test CA).

swtpm reports manufacturer "IBM", so the hidden `--assume-vendor intel|amd` makes tpmready take the
Intel/AMD path. The swtpm EK is not the EK of the corpus certificate, so the expected outcome is a
fetched certificate (source online:<url>) that fails ek.cert.matches_ek."""
from __future__ import annotations

import base64
import json
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from https_lab import ConnectProxy, HttpsServer, PRODUCTION_HOSTS, SilentServer, TestPki
from pty_run import run_on_pty
from tpmlab import REPO, SwtpmInstance, closed_port, run_tpmready, run_tpmready_raw

CORPUS_PEM = REPO / "tests" / "data" / "cert" / "hirs-stm-nuc1-tpmcert.pem"

# The authenticating proxy's account. The password needs percent-encoding in a URL (RFC 3986
# §3.2.1: '@' ends the user info), so the setting carries "p%40ss-w0rd" and the proxy must see the
# decoded "p@ss-w0rd" in `Proxy-Authorization: Basic base64(user:password)`.
LAB_USER, LAB_PASSWORD = "labuser", "p@ss-w0rd"
LAB_USERINFO = "labuser:p%40ss-w0rd"
LAB_BASIC = base64.b64encode(f"{LAB_USER}:{LAB_PASSWORD}".encode()).decode()


def corpus_der() -> bytes:
    return subprocess.run(["openssl", "x509", "-in", str(CORPUS_PEM), "-outform", "DER"], capture_output=True,
                          check=True).stdout


def findings(doc: dict) -> dict:
    return {f["id"]: f for f in doc["findings"]}


class Online(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="tpmready-online-")
        root = Path(cls.tmp.name)
        cls.pki = TestPki(root)
        cls.good = cls.pki.leaf("services", PRODUCTION_HOSTS)
        cls.wrong_host = cls.pki.leaf("wrong", ["wrong.example"])
        cls.der = corpus_der()
        cls.tpm = SwtpmInstance("no-ekcert").start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tpm.stop()
        cls.tmp.cleanup()

    def env(self, port: int, trust: bool = True, host: str = "127.0.0.1") -> dict:
        e = {"TPMREADY_NET_RESOLVE": ",".join(f"{h}={host}:{port}" for h in PRODUCTION_HOSTS),
             "https_proxy": "", "HTTPS_PROXY": ""}
        e["TPMREADY_NET_EXTRA_CA"] = str(self.pki.ca_pem) if trust else ""
        return e

    def ekcert(self, vendor: str, env: dict, online: bool = True, timeout: float = 60):
        args = ["ekcert", "--tpm", self.tpm.tpm_arg, "--assume-vendor", vendor, "--format", "json"]
        return run_tpmready(*args, *(["--online"] if online else []), env=env, timeout=timeout)

    def online_error(self, run) -> str:
        self.assertEqual(run.code, 1, run)
        f = findings(run.json())["ek.cert.online"]
        self.assertEqual(f["status"], "fail", f)
        return f["evidence"][0]

    # --- ekcert --online ----------------------------------------------------------------------

    def test_intel_json_envelope_is_fetched_checked_and_does_not_match_this_ek(self):
        with HttpsServer(*self.good, mode="intel-json", payload=self.der) as srv:
            run = self.ekcert("intel", self.env(srv.port))
        self.assertEqual(run.code, 1, run)
        doc = run.json()
        self.assertEqual(len(srv.requests), 1)
        host, path = srv.requests[0]
        self.assertEqual(host, "ekop.intel.com")
        self.assertTrue(path.startswith("/ekcertservice/") and path.endswith("%3D"), path)
        url = "https://ekop.intel.com" + path
        [cert] = doc["certificates"]
        self.assertEqual(cert["source"], "online:" + url)
        fp = subprocess.run(["openssl", "x509", "-in", str(CORPUS_PEM), "-noout", "-fingerprint", "-sha1"],
                            capture_output=True, text=True, check=True).stdout
        self.assertEqual(cert["sha1_thumbprint"], fp.strip().split("=", 1)[1].replace(":", ""))
        self.assertIs(cert["matches_ek"], False)
        f = findings(doc)
        self.assertEqual(f["ek.cert.online"]["status"], "pass")
        self.assertIn(url, f["ek.cert.online"]["summary"])
        self.assertEqual(f["ek.cert.matches_ek"]["status"], "fail")
        self.assertIn("online:" + url, f["ek.cert.matches_ek"]["summary"])
        self.assertEqual(f["ek.cert.present"]["status"], "pass")

    def test_amd_der_response(self):
        with HttpsServer(*self.good, mode="der", payload=self.der) as srv:
            run = self.ekcert("amd", self.env(srv.port))
        self.assertEqual(run.code, 1, run)
        [(host, path)] = srv.requests
        self.assertEqual(host, "ftpm.amd.com")
        self.assertRegex(path, r"^/pki/aia/[0-9A-F]{32}$")
        doc = run.json()
        self.assertEqual(doc["certificates"][0]["source"], "online:https://ftpm.amd.com" + path)
        self.assertEqual(findings(doc)["ek.cert.matches_ek"]["status"], "fail")

    def test_without_online_nothing_is_contacted(self):
        with HttpsServer(*self.good, mode="der", payload=self.der) as srv:
            run = self.ekcert("intel", self.env(srv.port), online=False)
        self.assertEqual(srv.requests, [])
        f = findings(run.json())["ek.cert.online"]
        self.assertEqual(f["status"], "warn")
        self.assertIn("not fetched (use --online)", f["evidence"][0])

    def test_http_404(self):
        with HttpsServer(*self.good, mode="404") as srv:
            err = self.online_error(self.ekcert("intel", self.env(srv.port)))
        self.assertRegex(err, r"^https://ekop\.intel\.com/ekcertservice/\S+: HTTP status 404 Not Found$")

    def test_timeout_is_bounded(self):
        with SilentServer() as srv:
            t0 = time.monotonic()
            err = self.online_error(self.ekcert("intel", self.env(srv.port), timeout=40))
            elapsed = time.monotonic() - t0
        self.assertIn("timeout: TLS handshake with ekop.intel.com not done within 15000 ms", err)
        self.assertLess(elapsed, 25)

    def test_untrusted_ca_names_the_issuer(self):
        with HttpsServer(*self.good, mode="der", payload=self.der) as srv:
            err = self.online_error(self.ekcert("intel", self.env(srv.port, trust=False)))
        self.assertIn("certificate verification: unable to get local issuer certificate", err)
        self.assertIn("issued by O=tpmready tests,CN=tpmready test CA", err)

    def test_wrong_host_name(self):
        with HttpsServer(*self.wrong_host, mode="der", payload=self.der) as srv:
            err = self.online_error(self.ekcert("intel", self.env(srv.port)))
        self.assertIn("certificate verification: hostname mismatch (server certificate for ekop.intel.com", err)
        self.assertEqual(srv.requests, [])

    def test_body_over_the_limit(self):
        with HttpsServer(*self.good, mode="big") as srv:
            err = self.online_error(self.ekcert("intel", self.env(srv.port)))
        self.assertIn("body too large: Content-Length 200000 exceeds the limit of 65536 bytes", err)

    def test_connection_refused(self):
        port = closed_port()
        err = self.online_error(self.ekcert("intel", self.env(port)))
        self.assertIn(f"connect: 127.0.0.1:{port}: Connection refused", err)

    def test_dns_failure(self):
        err = self.online_error(self.ekcert("intel", self.env(443, host="no-such-host.invalid")))
        self.assertIn("DNS: cannot resolve no-such-host.invalid", err)

    def test_through_a_connect_proxy(self):
        with HttpsServer(*self.good, mode="intel-json", payload=self.der) as srv, \
                ConnectProxy({"ekop.intel.com": srv.port}) as proxy:
            env = {"TPMREADY_NET_RESOLVE": "", "TPMREADY_NET_EXTRA_CA": str(self.pki.ca_pem),
                   "https_proxy": f"http://127.0.0.1:{proxy.port}", "no_proxy": ""}
            run = self.ekcert("intel", env)
        self.assertEqual(proxy.connects, ["CONNECT ekop.intel.com:443 HTTP/1.1"])
        self.assertEqual(len(srv.requests), 1)
        self.assertTrue(run.json()["certificates"][0]["source"].startswith("online:https://ekop.intel.com/"))

    def test_proxy_refusal_names_the_proxy(self):
        with ConnectProxy({}) as proxy:
            env = {"TPMREADY_NET_RESOLVE": "", "https_proxy": f"http://127.0.0.1:{proxy.port}", "no_proxy": ""}
            err = self.online_error(self.ekcert("intel", env))
        self.assertIn(f"proxy: http://127.0.0.1:{proxy.port} refused CONNECT ekop.intel.com:443: HTTP 403", err)

    # --- a proxy that demands credentials ------------------------------------------------------

    def auth_proxy_env(self, proxy: ConnectProxy, userinfo: str | None) -> dict:
        at = f"{userinfo}@" if userinfo else ""
        return {"TPMREADY_NET_RESOLVE": "", "TPMREADY_NET_EXTRA_CA": str(self.pki.ca_pem),
                "https_proxy": f"http://{at}127.0.0.1:{proxy.port}", "no_proxy": ""}

    def assert_no_secret(self, text: str, *more: str) -> None:
        """Neither password (as given or decoded), user name nor the Basic token is in `text`."""
        for secret in (LAB_PASSWORD, "p%40ss", LAB_USER, LAB_BASIC, *more):
            self.assertNotIn(secret, text)

    def test_proxy_credentials_are_decoded_and_sent_as_basic(self):
        with HttpsServer(*self.good, mode="intel-json", payload=self.der) as srv, \
                ConnectProxy({"ekop.intel.com": srv.port}, credentials=(LAB_USER, LAB_PASSWORD)) as proxy:
            run = self.ekcert("intel", self.auth_proxy_env(proxy, LAB_USERINFO))
        self.assertEqual(proxy.connects, ["CONNECT ekop.intel.com:443 HTTP/1.1"])
        self.assertEqual(proxy.authorizations, ["Basic " + LAB_BASIC])
        self.assertEqual(len(srv.requests), 1)  # the tunnel was made: the GET reached the server through it
        doc = run.json()
        self.assertTrue(doc["certificates"][0]["source"].startswith("online:https://ekop.intel.com/"))
        self.assertEqual(findings(doc)["ek.cert.online"]["status"], "pass")
        self.assert_no_secret(run.stdout + run.stderr)

    def test_wrong_proxy_password_is_one_clear_line(self):
        with ConnectProxy({}, credentials=(LAB_USER, LAB_PASSWORD)) as proxy:
            run = self.ekcert("intel", self.auth_proxy_env(proxy, "labuser:wr0ng%21pw"))
        err = self.online_error(run)
        self.assertRegex(err, r"^https://ekop\.intel\.com/ekcertservice/\S+: proxy: http://\*\*\*@127\.0\.0\.1:%d "
                              r"refused the credentials \(HTTP 407\)$" % proxy.port)
        self.assertEqual(proxy.authorizations, ["Basic " + base64.b64encode(b"labuser:wr0ng!pw").decode()])
        self.assertNotIn("Traceback", run.stderr)
        self.assert_no_secret(run.stdout + run.stderr, "wr0ng")

    def test_proxy_that_wants_credentials_says_so(self):
        with ConnectProxy({}, credentials=(LAB_USER, LAB_PASSWORD)) as proxy:
            err = self.online_error(self.ekcert("intel", self.auth_proxy_env(proxy, None)))
        self.assertEqual(proxy.authorizations, [None])
        self.assertTrue(err.endswith(f": proxy: http://127.0.0.1:{proxy.port} requires credentials (HTTP 407): "
                                     "set them as http://user:password@host:port"), err)

    def test_proxy_that_wants_another_scheme_is_named(self):
        with ConnectProxy({}, credentials=(LAB_USER, LAB_PASSWORD), challenges=("NTLM", "Negotiate")) as proxy:
            err = self.online_error(self.ekcert("intel", self.auth_proxy_env(proxy, LAB_USERINFO)))
        self.assertTrue(err.endswith(f": proxy: http://***@127.0.0.1:{proxy.port} asks for NTLM, Negotiate (HTTP 407); "
                                     "tpmready sends Basic only"), err)

    def test_bad_percent_encoding_in_the_proxy_password(self):
        with ConnectProxy({}, credentials=(LAB_USER, LAB_PASSWORD)) as proxy:
            run = self.ekcert("intel", self.auth_proxy_env(proxy, "labuser:p%4"))
        err = self.online_error(run)
        self.assertTrue(err.endswith(f": https_proxy: proxy 'http://***@127.0.0.1:{proxy.port}': password: "
                                     "bad %-escape at offset 1 (write '%' as %25)"), err)
        self.assertEqual(proxy.connects, [])  # refused before anything is sent
        self.assert_no_secret(run.stdout + run.stderr, "p%4")

    def test_reports_and_bundles_never_show_the_proxy_credentials(self):
        with HttpsServer(*self.good, mode="ok") as srv, \
                ConnectProxy({h: srv.port for h in PRODUCTION_HOSTS}, credentials=(LAB_USER, LAB_PASSWORD)) as proxy, \
                tempfile.TemporaryDirectory() as tmp:
            env = self.auth_proxy_env(proxy, LAB_USERINFO)
            runs = {fmt: run_tpmready("check", "--tpm", self.tpm.tpm_arg, "--online", "--format", fmt, env=env,
                                      timeout=120) for fmt in ("json", "text", "html")}
            bundle = Path(tmp) / "bundle.json"
            collected = run_tpmready("collect", "--tpm", self.tpm.tpm_arg, "--online", "-o", str(bundle), env=env,
                                     timeout=120)
            bundle_text = bundle.read_text()
        shown = f"http://***@127.0.0.1:{proxy.port}"
        net = runs["json"].json()["network"]
        self.assertEqual(net["proxy"], {"value": shown, "source": "env:https_proxy"})
        self.assertEqual([p["http_status"] for p in net["probes"]], [200, 200, 200])
        self.assertIn(f"proxy: {shown} (env:https_proxy)", runs["text"].stdout)
        self.assertIn(shown, runs["html"].stdout)
        self.assertEqual(collected.code, 0, collected)
        self.assertIn(shown, bundle_text)
        self.assertEqual(proxy.authorizations, ["Basic " + LAB_BASIC] * 12)  # 4 runs x 3 endpoints
        for run in [*runs.values(), collected]:
            self.assert_no_secret(run.stdout + run.stderr)
        self.assert_no_secret(bundle_text)

    def test_check_online_with_a_wrong_proxy_password(self):
        with ConnectProxy({}, credentials=(LAB_USER, LAB_PASSWORD)) as proxy:
            env = self.auth_proxy_env(proxy, "labuser:wr0ng%21pw")
            runs = {fmt: run_tpmready("check", "--tpm", self.tpm.tpm_arg, "--online", "--format", fmt, env=env,
                                      timeout=120) for fmt in ("json", "text", "html")}
        refused = f"proxy: http://***@127.0.0.1:{proxy.port} refused the credentials (HTTP 407)"
        doc = runs["json"].json()
        for p in doc["network"]["probes"]:
            self.assertFalse(p["reachable"], p)
            self.assertEqual(p["error"], f"{p['url']}: {refused}")
        self.assertEqual(findings(doc)["network.endpoints_reachable"]["status"], "fail")
        # The proxy refused the tunnel: no TLS handshake happened, so interception was not tested.
        self.assertEqual(findings(doc)["network.tls_not_intercepted"]["status"], "unknown")
        self.assertIn(refused, " ".join(runs["text"].stdout.split()))  # the text is wrapped: compare the words
        for run in runs.values():
            self.assertIn(run.code, (1, 3), run)
            self.assert_no_secret(run.stdout + run.stderr, "wr0ng")

    # --- check --online -----------------------------------------------------------------------

    def check(self, env: dict, online: bool = True):
        args = ["check", "--tpm", self.tpm.tpm_arg, "--format", "json"]
        return run_tpmready(*args, *(["--online"] if online else []), env=env, timeout=120)

    def test_check_online_probes_the_documented_endpoints(self):
        with HttpsServer(*self.good, mode="ok") as srv:
            run = self.check(self.env(srv.port))
        self.assertIn(run.code, (0, 1, 3), run)
        net = run.json()["network"]
        self.assertEqual(net["proxy"], {"value": "direct", "source": "env: no https_proxy/HTTPS_PROXY set"})
        # swtpm is an IBM TPM: no vendor EK-certificate service is probed (facts/windows.md §6).
        self.assertEqual([p["url"] for p in net["probes"]],
                         ["https://ztd.dds.microsoft.com", "https://cs.dds.microsoft.com", "https://login.live.com"])
        for p in net["probes"]:
            self.assertTrue(p["reachable"], p)
            self.assertEqual(p["http_status"], 200)
            self.assertEqual(p["tls_issuer"], "O=tpmready tests,CN=tpmready test CA")
        self.assertEqual(sorted(h for h, _ in srv.requests),
                         ["cs.dds.microsoft.com", "login.live.com", "ztd.dds.microsoft.com"])
        inputs = {i["name"]: i for i in run.json()["inputs"]}
        self.assertEqual(inputs["network:--online"]["detail"], "3 of 3 attestation endpoints reachable")

    def test_check_online_through_proxy_reports_it(self):
        with HttpsServer(*self.good, mode="404") as srv, \
                ConnectProxy({h: srv.port for h in PRODUCTION_HOSTS}) as proxy:
            env = {"TPMREADY_NET_RESOLVE": "", "TPMREADY_NET_EXTRA_CA": str(self.pki.ca_pem),
                   "https_proxy": f"http://127.0.0.1:{proxy.port}", "no_proxy": ""}
            run = self.check(env)
        net = run.json()["network"]
        self.assertEqual(net["proxy"], {"value": f"http://127.0.0.1:{proxy.port}", "source": "env:https_proxy"})
        self.assertEqual([p["http_status"] for p in net["probes"]], [404, 404, 404])  # any answer = reachable
        self.assertEqual(len(proxy.connects), 3)

    def test_check_online_unreachable_and_text_section(self):
        port = closed_port()
        run = run_tpmready("check", "--tpm", self.tpm.tpm_arg, "--online", env=self.env(port), timeout=120)
        self.assertIn("Network (--online)", run.stdout)
        self.assertIn(f"FAIL  https://ztd.dds.microsoft.com  https://ztd.dds.microsoft.com: connect: 127.0.0.1:{port}",
                      run.stdout)

    def test_check_online_without_a_handshake_tls_is_not_tested(self):
        """Connection refused: no TLS handshake happened, so interception is unknown, never a pass;
        the endpoints fail with the step each stopped at."""
        run = self.check(self.env(closed_port()))
        doc = run.json()
        self.assertEqual([p["failed_step"] for p in doc["network"]["probes"]], ["connect"] * 3)
        f = findings(doc)
        self.assertEqual(f["network.tls_not_intercepted"]["status"], "unknown", f["network.tls_not_intercepted"])
        self.assertIn("Not tested: no TLS handshake with https://ztd.dds.microsoft.com (connect)",
                      f["network.tls_not_intercepted"]["summary"])
        self.assertEqual(f["network.endpoints_reachable"]["status"], "fail")
        self.assertIn("https://login.live.com (connect)", f["network.endpoints_reachable"]["summary"])

    def test_check_online_tls_failure_fails_interception(self):
        with HttpsServer(*self.wrong_host, mode="ok") as srv:
            doc = self.check(self.env(srv.port)).json()
        self.assertEqual([p["failed_step"] for p in doc["network"]["probes"]], ["certificate verification"] * 3)
        f = findings(doc)
        self.assertEqual(f["network.tls_not_intercepted"]["status"], "fail")
        self.assertNotEqual(f["network.endpoints_reachable"]["status"], "fail")

    def test_check_online_all_handshakes_pass_interception(self):
        with HttpsServer(*self.good, mode="ok") as srv:
            doc = self.check(self.env(srv.port)).json()
        self.assertEqual(findings(doc)["network.tls_not_intercepted"]["status"], "pass")
        self.assertEqual([p["failed_step"] for p in doc["network"]["probes"]], [""] * 3)

    def test_check_online_dead_proxy_is_waited_for_once(self):
        """A proxy that refuses connections: the first probe names it, the others are not probed
        (each would fail the same way), and nothing passes."""
        env = {"TPMREADY_NET_RESOLVE": "", "https_proxy": f"http://127.0.0.1:{closed_port()}", "no_proxy": ""}
        doc = self.check(env).json()
        probes = doc["network"]["probes"]
        self.assertEqual([p["failed_step"] for p in probes], ["proxy", "not probed", "not probed"])
        self.assertEqual(probes[1]["error"],
                         "not probed: the proxy could not be reached when probing https://ztd.dds.microsoft.com")
        f = findings(doc)
        self.assertEqual(f["network.tls_not_intercepted"]["status"], "unknown")
        self.assertEqual(f["network.endpoints_reachable"]["status"], "fail")
        self.assertIn("Not probed, since the proxy was unreachable: https://cs.dds.microsoft.com, "
                      "https://login.live.com.", f["network.endpoints_reachable"]["summary"])

    def test_check_online_silent_proxy_shows_progress_on_a_terminal(self):
        """A proxy that accepts and never answers: one wait (the 15 s timeout), not three, and on a
        terminal a progress line says what tpmready waits for, then is erased."""
        with SilentServer() as proxy:
            env = {"TPMREADY_NET_RESOLVE": "", "https_proxy": f"http://127.0.0.1:{proxy.port}", "no_proxy": "",
                   "COLUMNS": "100"}
            t0 = time.monotonic()
            code, out = run_on_pty("check", "--tpm", self.tpm.tpm_arg, "--online", env=env)
            elapsed = time.monotonic() - t0
        text = out.decode("utf-8", "replace")
        self.assertLess(elapsed, 30, text)
        self.assertIn(code, (1, 3), text)
        self.assertRegex(text, r"\rprobing https://ztd\.dds\.microsoft\.com \.\.\. \d+ s")
        self.assertNotIn("probing https://cs.dds.microsoft.com", text)
        progress = text[text.index("\rprobing"):]
        self.assertRegex(progress, r"\r +\r", "the progress line is erased when the wait ends")

    def test_check_online_progress_is_not_written_when_stderr_is_not_a_terminal(self):
        with SilentServer() as proxy:
            env = {"TPMREADY_NET_RESOLVE": "", "https_proxy": f"http://127.0.0.1:{proxy.port}", "no_proxy": ""}
            run = run_tpmready("check", "--tpm", self.tpm.tpm_arg, "--online", env=env, timeout=60)
        self.assertNotIn("probing", run.stderr)
        self.assertNotIn("\r", run.stderr)

    def test_check_online_hostile_proxy_reply_keeps_json_valid_and_text_escaped(self):
        """A proxy's reason phrase with ESC, a byte that is not UTF-8 and a C1 control (UTF-8 CSI):
        JSON stays valid (the byte becomes U+FFFD) and the text report shows the controls escaped.
        The exit code is the one of a plain refusal."""
        hostile = b"HTTP/1.1 403 Forbidden \x1b[31m\xff\xc2\x9b2J\r\nContent-Length: 0\r\n\r\n"
        runs = {}
        for name, refusal in (("plain", ConnectProxy.REFUSAL), ("hostile", hostile)):
            with ConnectProxy({}, refusal=refusal) as proxy:
                env = {"TPMREADY_NET_RESOLVE": "", "https_proxy": f"http://127.0.0.1:{proxy.port}", "no_proxy": ""}
                base = ["check", "--tpm", self.tpm.tpm_arg, "--online"]
                runs[name] = (run_tpmready_raw(*base, "--format", "json", env=env, timeout=120),
                              run_tpmready_raw(*base, env=env, timeout=120))
        (plain_json, plain_text), (js, text) = runs["plain"], runs["hostile"]
        self.assertEqual(js.returncode, plain_json.returncode, js.stderr)
        self.assertEqual(text.returncode, plain_text.returncode, text.stderr)
        doc = json.loads(js.stdout.decode("utf-8"))  # strict UTF-8, valid JSON
        errors = [p["error"] for p in doc["network"]["probes"]]
        self.assertEqual(len(errors), 3)
        for e in errors:
            self.assertIn("HTTP 403 Forbidden \x1b[31m\ufffd\x9b2J", e)  # data, as received (JSON-escaped)
        out = text.stdout.decode("utf-8")
        self.assertIn("HTTP 403 Forbidden \\x1b[31m\ufffd\\u009b2J", out)
        self.assertNotIn("\x1b", out)
        self.assertNotIn("\x9b", out)
        self.assertNotIn("\x1b", text.stderr.decode("utf-8"))

    def test_check_without_online_has_no_network_section(self):
        with HttpsServer(*self.good, mode="ok") as srv:
            run = self.check(self.env(srv.port), online=False)
        self.assertNotIn("network", run.json())
        self.assertEqual(srv.requests, [])


if __name__ == "__main__":
    unittest.main(verbosity=2)
