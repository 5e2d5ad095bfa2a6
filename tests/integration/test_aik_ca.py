"""`check --online` probing the device's own AIK CA, whose URL only its CertEnroll 86/87/88 events
name (facts/field-2026-12.md §A.5), against a real HTTPS server on loopback standing in for it:
one read-only GET `<url>?operation=GetCACaps` (RFC 8894 §3.5.1), recorded like the other probes;
an unreachable or intercepted AIK CA failing the network rules; URLs from the events that are not
an AIK CA's never contacted; `analyze` never probing.

The events come as a bundle's events[] through the hidden `check --windows-events FILE` (on
Windows, check --online reads them from the Application log). Nothing leaves 127.0.0.1: the
production names and the AIK CA's are mapped with TPMREADY_NET_RESOLVE or a CONNECT proxy, and TLS
still verifies them against the test CA (TPMREADY_NET_EXTRA_CA)."""
from __future__ import annotations

import json
import tempfile
import unittest
from pathlib import Path

from https_lab import ConnectProxy, HttpsServer, PRODUCTION_HOSTS, TestPki
from tpmlab import SwtpmInstance, closed_port, run_tpmready

AIK_HOST = "IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net"
AIK_CA = f"https://{AIK_HOST}/templates/Aik/scep"
PROBE_URL = AIK_CA + "?operation=GetCACaps"
# Windows' own answer from the AIK CA, as CertEnroll 87 logs it (insertion strings %1 subject, %2
# the AIK CA URL, %3 the answer; MS Q&A 49237 and call4cloud's 2023 Infineon wave in the facts).
REJECTED = ("No valid TPM EK/Platform Certificate provided in the TPM identity request message. Bad Request (400). "
            "0x80190190 (-2145844848 HTTP_E_STATUS_BAD_REQUEST)")


def certenroll(event_id: int, url: str, answer: str | None, second: int, record: int) -> dict:
    """A CertEnroll record as a bundle's events[] holds it (what the .evtx reader makes of one)."""
    data = {"Data1": "Local system", "Data2": url}
    if answer is not None:
        data["Data3"] = answer
    return {"time": f"2026-12-06T10:{second // 60:02d}:{second % 60:02d}.000Z", "channel": "Application",
            "provider": "Microsoft-Windows-CertificateServicesClient-CertEnroll", "event_id": event_id,
            "level": 2 if answer else 4, "record_id": record, "data": data,
            "source": f"application.evtx#record {record}"}


def findings(doc: dict) -> dict:
    return {f["id"]: f for f in doc["findings"]}


class AikCaOnline(unittest.TestCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls) -> None:
        cls.tmp = tempfile.TemporaryDirectory(prefix="tpmready-aikca-")
        cls.root = Path(cls.tmp.name)
        cls.pki = TestPki(cls.root)
        cls.good = cls.pki.leaf("services", PRODUCTION_HOSTS + [AIK_HOST])
        # A TLS-inspecting proxy's own CA, which the device does not trust.
        cls.inspector = TestPki(cls.root, "Corp TLS Inspection CA").leaf("inspected", [AIK_HOST])
        cls.bundle = cls.write_bundle("events", [certenroll(87, AIK_CA, REJECTED, 0, 1)])
        cls.tpm = SwtpmInstance("no-ekcert").start()

    @classmethod
    def tearDownClass(cls) -> None:
        cls.tpm.stop()
        cls.tmp.cleanup()

    @classmethod
    def write_bundle(cls, name: str, events: list[dict]) -> Path:
        path = cls.root / f"{name}.json"
        path.write_text(json.dumps({"schema_version": 1, "events": events}))
        return path

    def env(self, ports: dict[str, int]) -> dict:
        return {"TPMREADY_NET_RESOLVE": ",".join(f"{h}=127.0.0.1:{p}" for h, p in ports.items()),
                "TPMREADY_NET_EXTRA_CA": str(self.pki.ca_pem), "https_proxy": "", "HTTPS_PROXY": ""}

    def check(self, env: dict, bundle: Path | None = None, fmt: str = "json", online: bool = True):
        args = ["check", "--tpm", self.tpm.tpm_arg, "--format", fmt]
        if online:
            args.append("--online")
        if bundle is not None:
            args += ["--windows-events", str(bundle)]
        run = run_tpmready(*args, env=env, timeout=120)
        self.assertIn(run.code, (0, 1, 3), run)
        return run

    def aik_probe(self, doc: dict) -> dict:
        probes = [p for p in doc["network"]["probes"] if p.get("aik_ca")]
        self.assertEqual(len(probes), 1, doc["network"])
        return probes[0]

    def test_the_aik_ca_the_events_name_is_asked_for_its_capabilities_only(self):
        with HttpsServer(*self.good, mode="getcacaps") as srv:
            env = self.env({h: srv.port for h in PRODUCTION_HOSTS + [AIK_HOST]})
            doc = self.check(env, self.bundle).json()
            text = self.check(env, self.bundle, fmt="text").stdout
            html = self.check(env, self.bundle, fmt="html").stdout
        # Read-only: one GET of GetCACaps per run at the AIK CA, no other method, no body, no cookie.
        aik = [path for host, path in srv.requests if host == AIK_HOST.lower()]  # DNS names: any case
        self.assertEqual(aik, ["/templates/Aik/scep?operation=GetCACaps"] * 3)
        self.assertEqual(set(srv.methods), {"GET"})
        for headers in srv.headers:
            self.assertFalse({"cookie", "content-length", "transfer-encoding"} & set(headers), headers)
        p = self.aik_probe(doc)
        self.assertEqual(p["url"], PROBE_URL)
        self.assertTrue(p["reachable"])
        self.assertEqual(p["http_status"], 200)
        self.assertEqual(p["failed_step"], "")
        self.assertEqual(p["answer"], ["POSTPKIOperation", "SHA-256", "SHA-1", "AES", "DES3", "SCEPStandard", "Renewal"])
        self.assertIn("CN=tpmready test CA", p["tls_issuer"])
        self.assertEqual(p["purpose"], "the device's AIK CA, named by CertEnroll event 87; SCEP GetCACaps")
        self.assertNotIn("aik_ca_not_probed", doc["network"])
        # The record that named it is in the timeline, with the service's own answer.
        [entry] = [t for t in doc["timeline"] if t["event_id"] == 87]
        self.assertEqual(entry["url"], AIK_CA)
        self.assertEqual(entry["code"], "0x80190190")
        f = findings(doc)
        self.assertEqual(f["network.endpoints_reachable"]["status"], "pass")
        self.assertIn({"source": "online probe:" + PROBE_URL,
                       "fact": "the device's AIK CA, named by CertEnroll event 87; SCEP GetCACaps",
                       "value": "reachable (HTTP 200); answer: POSTPKIOperation, SHA-256, SHA-1, AES, DES3, "
                                "SCEPStandard, Renewal; TLS issuer: " + p["tls_issuer"]},
                      [{k: e[k] for k in ("source", "fact", "value")} for e in f["network.endpoints_reachable"]["evidence"]])
        self.assertEqual(f["network.tls_not_intercepted"]["status"], "pass")
        # Text: the probe's line with its answer and label; HTML: the finding's evidence.
        line = next(l for l in text.splitlines() if PROBE_URL in l)
        self.assertTrue(line.lstrip().startswith("OK"), line)
        self.assertIn("answer: POSTPKIOperation,", text)
        self.assertIn("(the device's AIK CA, named by CertEnroll", text)
        # Within 100 columns, but a URL is never broken (the GetCACaps URL alone is 97 characters).
        self.assertTrue(all(len(l) <= 100 for l in text.splitlines() if "://" not in l), text)
        self.assertIn(PROBE_URL.replace("&", "&amp;"), html)
        self.assertIn("POSTPKIOperation, SHA-256", html)

    def test_through_a_connect_proxy_only_the_aik_host_is_added(self):
        with HttpsServer(*self.good, mode="getcacaps") as srv, \
                ConnectProxy({h: srv.port for h in PRODUCTION_HOSTS + [AIK_HOST.lower()]}) as proxy:
            env = {"TPMREADY_NET_EXTRA_CA": str(self.pki.ca_pem), "https_proxy": f"http://127.0.0.1:{proxy.port}",
                   "HTTPS_PROXY": "", "TPMREADY_NET_RESOLVE": ""}
            doc = self.check(env, self.bundle).json()
        self.assertEqual(proxy.connects[-1], f"CONNECT {AIK_HOST.lower()}:443 HTTP/1.1")
        self.assertEqual([c for c in proxy.connects if "microsoftaik" in c], [proxy.connects[-1]])
        p = self.aik_probe(doc)
        self.assertTrue(p["reachable"], p)
        self.assertEqual(p["answer"][0], "POSTPKIOperation")

    def test_an_unreachable_aik_ca_fails_reachability_with_its_step(self):
        with HttpsServer(*self.good, mode="ok") as srv:
            ports = {h: srv.port for h in PRODUCTION_HOSTS}
            ports[AIK_HOST] = closed_port()
            doc = self.check(self.env(ports), self.bundle).json()
        p = self.aik_probe(doc)
        self.assertFalse(p["reachable"])
        self.assertEqual(p["failed_step"], "connect")
        self.assertNotIn("answer", p)
        f = findings(doc)
        reach = f["network.endpoints_reachable"]
        self.assertEqual(reach["status"], "fail")
        self.assertIn(f"The device could not reach: {PROBE_URL} (connect).", reach["summary"])
        # No handshake with the AIK CA: interception there is untested, never passed.
        self.assertEqual(f["network.tls_not_intercepted"]["status"], "unknown")
        self.assertIn(f"Not tested: no TLS handshake with {PROBE_URL} (connect).", f["network.tls_not_intercepted"]["summary"])

    def test_an_aik_ca_presenting_another_issuer_is_interception(self):
        with HttpsServer(*self.good, mode="ok") as srv, HttpsServer(*self.inspector, mode="getcacaps") as mitm:
            ports = {h: srv.port for h in PRODUCTION_HOSTS}
            ports[AIK_HOST] = mitm.port
            doc = self.check(self.env(ports), self.bundle).json()
        self.assertEqual(mitm.requests, [])  # the handshake failed: nothing was sent
        p = self.aik_probe(doc)
        self.assertEqual(p["failed_step"], "certificate verification")
        tls = findings(doc)["network.tls_not_intercepted"]
        self.assertEqual(tls["status"], "fail")
        self.assertIn(f"TLS to {PROBE_URL}", tls["summary"])

    def test_urls_that_are_not_an_aik_cas_are_never_contacted(self):
        hostile = ["https://evil.example/templates/Aik/scep",
                   "http://IFX-KeyId-1.microsoftaik.azure.net/templates/Aik/scep",
                   "https://ifx-keyid-1.microsoftaik.azure.net.evil.example/templates/Aik/scep",
                   "https://ifx-keyid-1.microsoftaik.azure.net@evil.example/templates/Aik/scep",
                   "https://ifx-keyid-1.microsoftaik.azure.net:8443/templates/Aik/scep",
                   "https://ifx-keyid-1.microsoftaik.azure.net/templates/Aik/scep?operation=PKIOperation&message=AA",
                   "https://ifx-keyid-1.microsoftaik.azure.net/" + "a" * 5000]
        bundle = self.write_bundle("hostile", [certenroll(86, u, "0x80072efd", i, i + 1) for i, u in enumerate(hostile)])
        with HttpsServer(*self.good, mode="getcacaps") as srv:
            hosts = PRODUCTION_HOSTS + ["evil.example", "ifx-keyid-1.microsoftaik.azure.net",
                                        "ifx-keyid-1.microsoftaik.azure.net.evil.example"]
            doc = self.check(self.env({h: srv.port for h in hosts}), bundle).json()
            text = self.check(self.env({h: srv.port for h in hosts}), bundle, fmt="text").stdout
        self.assertEqual([h for h, _ in srv.requests if h.lower() not in PRODUCTION_HOSTS], [])
        net = doc["network"]
        self.assertFalse(any(p.get("aik_ca") for p in net["probes"]))
        reasons = {r["url"]: r["reason"] for r in net["aik_ca_refused"]}
        self.assertEqual(len(net["aik_ca_refused"]), len(hostile))
        self.assertEqual(reasons[hostile[0]], "the host evil.example is not under .microsoftaik.azure.net")
        self.assertEqual(reasons[hostile[1]], "not https")
        self.assertEqual(reasons[hostile[3]], "carries user info ('@')")
        self.assertEqual(reasons[hostile[4]], "names port 8443, not 443")
        self.assertEqual(reasons[hostile[5]], "carries a query ('?')")
        self.assertTrue(all(len(r["url"]) <= 260 for r in net["aik_ca_refused"]))
        self.assertIn("not contacted", net["aik_ca_not_probed"])
        self.assertIn("SKIP  https://evil.example/templates/Aik/scep  not contacted: the host evil.example", text)
        self.assertTrue(all(len(l) <= 100 for l in text.splitlines() if "://" not in l), text)

    def test_without_an_aik_ca_url_the_report_says_so_and_how_to_get_one(self):
        with HttpsServer(*self.good, mode="ok") as srv:
            env = self.env({h: srv.port for h in PRODUCTION_HOSTS})
            doc = self.check(env).json()
            text = self.check(env, fmt="text").stdout
        net = doc["network"]
        self.assertFalse(any(p.get("aik_ca") for p in net["probes"]))
        self.assertIn("no AIK CA URL in the device's events", net["aik_ca_not_probed"])
        self.assertIn("CertEnroll events 86/87/88", net["aik_ca_not_probed"])
        # Linux has no Windows event log: the input says so.
        [log] = [i for i in doc["inputs"] if i["name"] == "event log:Application"]
        self.assertEqual(log["status"], "not used")
        self.assertIn("no Windows event log", log["detail"])
        reach = findings(doc)["network.endpoints_reachable"]
        self.assertEqual(reach["status"], "pass")
        self.assertIn("The device's AIK CA was not probed: no AIK CA URL", reach["summary"])
        self.assertIn("  AIK CA  not probed: no AIK CA URL in the device's events", text)

    def test_a_redacted_bundle_tokenises_the_aik_host_in_the_probe_as_in_the_events(self):
        with HttpsServer(*self.good, mode="getcacaps") as srv:
            env = self.env({h: srv.port for h in PRODUCTION_HOSTS + [AIK_HOST]})
            run = run_tpmready("collect", "--tpm", self.tpm.tpm_arg, "--online", "--windows-events", str(self.bundle),
                               "--redact", "-o", "-", env=env, timeout=120)
        self.assertEqual(run.code, 0, run)
        self.assertNotIn(AIK_HOST.lower(), run.stdout.lower())
        doc = run.json()
        [p] = [p for p in doc["network"]["probes"] if p.get("aik_ca")]
        [ev] = doc["events"]
        token = ev["data"]["Data2"].split("/")[2]
        self.assertTrue(token.startswith("redacted-"), ev)
        self.assertEqual(p["url"], f"https://{token}/templates/Aik/scep?operation=GetCACaps")
        self.assertEqual(p["answer"][0], "POSTPKIOperation")

    def test_windows_events_needs_online(self):
        run = run_tpmready("check", "--tpm", self.tpm.tpm_arg, "--windows-events", str(self.bundle))
        self.assertEqual(run.code, 2, run)
        self.assertIn("--online", run.stderr)

    def test_analyze_of_the_same_events_never_probes(self):
        with HttpsServer(*self.good, mode="getcacaps") as srv:
            run = run_tpmready("analyze", str(self.bundle), "--format", "json",
                               env=self.env({h: srv.port for h in PRODUCTION_HOSTS + [AIK_HOST]}))
        self.assertIn(run.code, (0, 1, 3), run)
        self.assertEqual(srv.requests, [])
        doc = run.json()
        self.assertIsNone(doc.get("network"))
        reach = findings(doc)["network.endpoints_reachable"]
        self.assertIn(f"The device's events name its AIK CA ({AIK_CA}): tpmready check --online on the device "
                      "probes it.", reach["summary"])


if __name__ == "__main__":
    unittest.main()
