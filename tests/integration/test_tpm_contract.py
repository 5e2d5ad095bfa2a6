"""`tpmready tpm --format json` against differently provisioned swtpm TPMs, field by field
against what tpm2-tools print for the same TPM (tests/integration/tpm2tools.py)."""
from __future__ import annotations

import unittest

import tpm2tools
from tpmlab import SwtpmInstance, main_skipping_if_placeholder, run_tpmready

# scenario -> (in_lockout, owner_auth_set) as provisioned (tests/tpmlab/README.md)
SCENARIOS = {
    "healthy-rsa2048": (False, False),
    "healthy-ecc": (False, False),
    "extra-nv": (False, False),
    "owner-auth-set": (False, True),
    "lockout": (True, False),
    "tpm-fresh": (False, False),
    "rsa3072-sha384": (False, False),
    "not-persisted": (False, False),
}


class TpmContract(unittest.TestCase):
    maxDiff = None

    def check_scenario(self, scenario: str) -> None:
        with SwtpmInstance(scenario) as tpm:
            run = run_tpmready("tpm", "--tpm", tpm.tpm_arg, "--format", "json")
            facts = tpm2tools.collect(tpm.tcti)
            expected = tpm2tools.expected_contract(facts)
        self.assertEqual(run.code, 0, run)
        self.assertEqual(run.stderr, "", run)
        got = run.json()["tpm"]

        self.assertEqual(got["manufacturer"], expected["manufacturer"])
        self.assertEqual(got["firmware_version_1"], expected["firmware_version_1"])
        self.assertEqual(got["firmware_version_2"], expected["firmware_version_2"])
        self.assertEqual(sorted(got["persistent_handles"]), sorted(expected["persistent_handles"]))
        self.assertEqual(sorted((n["index"], n["size"]) for n in got["nv_indices"]),
                         sorted((n["index"], n["size"]) for n in expected["nv_indices"]))
        self.assertEqual(got["pcrs"], expected["pcrs"])
        self.assertIs(got["lockout"]["in_lockout"], expected["in_lockout"])
        self.assertIs(got["permanent"]["owner_auth_set"], expected["owner_auth_set"])

        # the scenario really is what it claims (so equality above is not zero == zero)
        in_lockout, owner_auth_set = SCENARIOS[scenario]
        self.assertIs(got["lockout"]["in_lockout"], in_lockout)
        self.assertIs(got["permanent"]["owner_auth_set"], owner_auth_set)
        self.assertIs(got["software_tpm"], True, "swtpm must be reported as a software TPM")
        self.assertIsInstance(got["round_trips"], int)
        # at least: properties, persistent handles, NV handles, one PCR_Read
        self.assertGreaterEqual(got["round_trips"], 4)
        self.assertLessEqual(got["round_trips"], 64)
        self.assertEqual(set(got["pcrs"]), {"sha1", "sha256", "sha384", "sha512"})
        self.check_beyond_contract(got, facts)

    def assert_present_fields_equal(self, got: dict, oracle: dict) -> None:
        for key, value in oracle.items():
            if key in got:
                self.assertEqual(got[key], value, key)

    def check_beyond_contract(self, got: dict, facts: dict) -> None:
        """Fields outside the minimal contract that `tpmready tpm` also prints (persistent
        objects, NV attributes/names, EK certificate bytes): where present, they must equal
        tpm2_readpublic / tpm2_nvreadpublic / tpm2_nvread."""
        for obj in got.get("persistent", []):
            with self.subTest(persistent=obj["handle"]):
                pub = facts["public"][int(obj["handle"], 16)]
                key = obj.get("public_key") or {}
                oracle = {"name": pub["name"], "type": pub["type.value"],
                          "name_alg": pub["name-alg.value"],
                          "attributes_raw": int(pub["attributes.raw"], 16)}
                if pub["type.value"] == "rsa":
                    oracle["key_bits"] = int(pub["bits"])
                    key_oracle = {"modulus": pub["rsa"].lower()}
                else:
                    key_oracle = {"x": pub["x"].lower(), "y": pub["y"].lower()}
                self.assert_present_fields_equal(obj, oracle)
                self.assert_present_fields_equal(key, key_oracle)
        for nv in got.get("nv_indices", []):
            with self.subTest(nv=nv["index"]):
                oracle = facts["nv_public"][int(nv["index"], 16)]
                self.assert_present_fields_equal(
                    nv, {"attributes_raw": oracle["attributes"], "name": oracle["name"]})
        if "ek_cert_indices" in got:
            self.assertEqual(sorted(int(c["index"], 16) for c in got["ek_cert_indices"]),
                             sorted(facts["ek_certs"]))
            for cert in got["ek_cert_indices"]:
                with self.subTest(ek_cert=cert["index"]):
                    self.assertEqual(bytes.fromhex(cert["data"]),
                                     facts["ek_certs"][int(cert["index"], 16)])

    def test_healthy_rsa2048(self):
        self.check_scenario("healthy-rsa2048")

    def test_healthy_ecc(self):
        self.check_scenario("healthy-ecc")

    def test_extra_nv(self):
        self.check_scenario("extra-nv")

    def test_owner_auth_set(self):
        self.check_scenario("owner-auth-set")

    def test_lockout(self):
        self.check_scenario("lockout")

    def test_tpm_fresh(self):
        self.check_scenario("tpm-fresh")

    def test_rsa3072_sha384(self):
        self.check_scenario("rsa3072-sha384")

    def test_not_persisted(self):
        self.check_scenario("not-persisted")


if __name__ == "__main__":
    main_skipping_if_placeholder()
