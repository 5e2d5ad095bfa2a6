#!/usr/bin/env python3
"""Rebuilds the evidence sets in examples/ that are reconstructed from the two field reports
(docs/seeds in the shared corpus: seed 000 = call4cloud "Ready for attestation: a true underdog
story", seed 003 = "TPM Attestation Failed 0x81039001: When EKRSA3072 Breaks Autopilot").

Nothing here is a capture from a real device: certificates come from a throwaway test CA made by
openssl each time this runs, and the Windows exports use only the registry paths, value names and
tpmtool labels recorded in docs/facts/windows.md (§2, §8). The tpmtool output of the Hyper-V
example is the verbatim reader comment of seed 000 (facts §8).

Windows event logs: each example's events are kept as JSON in its folder (events.json,
RECONSTRUCTED: event IDs and insertion strings from the providers' message tables,
facts/field-2026-12.md §A; no real Autopilot .evtx is in the shared corpus) and written as the
.evtx files Windows exports (the Autopilot channel as MdmDiagnosticsTool names it, facts §12.3;
the Application log as `wevtutil epl Application application.evtx` writes it) by
tests/tools/make_evtx.py.

Usage: examples/tools/make_examples.py   (needs openssl; overwrites the example folders)
"""
import datetime
import hashlib
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(os.path.dirname(EXAMPLES), "tests", "tools"))
import make_evtx  # noqa: E402  (tests/tools/make_evtx.py: the reconstructed-.evtx writer)

# facts/windows.md §12.3 (MdmDiagnosticsTool's export name) and §12.4 (channel, provider).
AUTOPILOT_EVTX = "microsoft-windows-moderndeployment-diagnostics-provider-autopilot.evtx"
AUTOPILOT_CHANNEL = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider/Autopilot"
AUTOPILOT_PROVIDER = "Microsoft-Windows-ModernDeployment-Diagnostics-Provider"
# facts/field-2026-12.md §A.5: certenroll.dll's provider writes to the Application log.
CERTENROLL_PROVIDER = "Microsoft-Windows-CertificateServicesClient-CertEnroll"
EVTX_OF_CHANNEL = {AUTOPILOT_CHANNEL: AUTOPILOT_EVTX, "Application": "application.evtx"}


def run(*args):
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def make_ca(d):
    run("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/root.key", "-sha256",
        "-days", "7300", "-subj", "/C=US/O=tpmready EXAMPLE ONLY/CN=Example TPM EK Root CA",
        "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-out", f"{d}/root.pem")
    run("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/int.key",
        "-subj", "/C=US/O=tpmready EXAMPLE ONLY/CN=Example TPM EK Intermediate CA", "-out", f"{d}/int.csr")
    with open(f"{d}/int.ext", "w") as f:
        f.write("[i]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\n"
                "subjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n")
    run("openssl", "x509", "-req", "-in", f"{d}/int.csr", "-CA", f"{d}/root.pem", "-CAkey", f"{d}/root.key",
        "-set_serial", "2", "-days", "7300", "-sha256", "-extfile", f"{d}/int.ext", "-extensions", "i",
        "-out", f"{d}/int.pem")
    run("openssl", "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", f"{d}/dummy.key", "-subj", "/",
        "-out", f"{d}/empty.csr")


def ek_cert(d, bits, digest, manufacturer_id, model, name):
    """An EK certificate shaped like a TCG one (empty subject, critical SAN dirName, EKU 2.23.133.8.1)."""
    run("openssl", "genpkey", "-algorithm", "RSA", "-pkeyopt", f"rsa_keygen_bits:{bits}", "-out", f"{d}/{name}.key")
    run("openssl", "pkey", "-in", f"{d}/{name}.key", "-pubout", "-out", f"{d}/{name}.pub")
    with open(f"{d}/ek.ext", "w") as f:
        f.write("[ek]\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,keyEncipherment\n"
                "extendedKeyUsage=2.23.133.8.1\nsubjectAltName=critical,dirName:tpm_san\nauthorityKeyIdentifier=keyid\n"
                f"[tpm_san]\na.2.23.133.2.1=UTF8String:id:{manufacturer_id}\na.2.23.133.2.2=UTF8String:{model}\n"
                "a.2.23.133.2.3=UTF8String:id:00010002\n")
    run("openssl", "x509", "-req", "-in", f"{d}/empty.csr", "-CA", f"{d}/int.pem", "-CAkey", f"{d}/int.key",
        "-force_pubkey", f"{d}/{name}.pub", "-set_serial", "0x" + os.urandom(8).hex(), "-days", "3650",
        f"-{digest}", "-extfile", f"{d}/ek.ext", "-extensions", "ek", "-outform", "DER", "-out", f"{d}/{name}.der")
    return open(f"{d}/{name}.der", "rb").read()


def cert_store_blob(der):
    """A CryptoAPI serialized certificate element: records {prop id, reserved 1, length, data};
    property 32 (CERT_CERT_PROP_ID) carries the DER (facts/windows.md §2.3)."""
    return struct.pack("<III", 32, 1, len(der)) + der


def reg_hex(name, data, first_prefix):
    """regedit's hex: value with continuation lines, as Windows writes it."""
    items = [f"{b:02x}" for b in data]
    line = f'"{name}"={first_prefix}'
    lines = []
    for i, item in enumerate(items):
        piece = item + ("," if i + 1 < len(items) else "")
        if len(line) + len(piece) > 78:
            lines.append(line + "\\")
            line = "  "
        line += piece
    lines.append(line)
    return "\r\n".join(lines)


def write_reg(path, body_lines):
    text = "Windows Registry Editor Version 5.00\r\n\r\n" + "\r\n".join(body_lines) + "\r\n"
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.encode("utf-16-le"))  # regedit writes UTF-16LE with a BOM


def write_utf16(path, text):
    """PowerShell's `>` redirection writes UTF-16LE with a BOM and CRLF."""
    with open(path, "wb") as f:
        f.write(b"\xff\xfe" + text.replace("\n", "\r\n").encode("utf-16-le"))


def device_reg(path, manufacturer, product, host, build, ubr):
    """The keys that say which device it is (facts/windows.md §2.1), exported one after the other:
    the BIOS key (maker and model), the computer name and the Windows build. No key tpmready reads
    holds the serial number. Values illustrative."""
    write_reg(path, [r"[HKEY_LOCAL_MACHINE\HARDWARE\DESCRIPTION\System\BIOS]",
                     f'"SystemManufacturer"="{manufacturer}"', f'"SystemProductName"="{product}"', "",
                     r"[HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\ComputerName\ComputerName]",
                     f'"ComputerName"="{host}"', "",
                     r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]",
                     f'"CurrentBuildNumber"="{build}"', f'"UBR"=dword:{ubr:08x}', ""])


# Which device each example with registry exports is (maker, model, host name, build, UBR).
DEVICES = {
    "seed-000-eula-missing": ("LENOVO", "21KC0001US", "WKS-0142", "22631", 4460),
    "service-ek-chain-rejected": ("Dell Inc.", "Latitude 7440", "WKS-0217", "22631", 4460),
    "network-aik-unreachable": ("HP", "HP EliteBook 840 G10", "WKS-0305", "26100", 2314),
    "clock-skew": ("Microsoft Corporation", "Surface Laptop, 7th Edition", "WKS-0411", "26100", 2314),
}


def tpmtool_text(manufacturer, full_name, version, ready, flags, maintenance, storage=True):
    lines = ["-TPM Present: True", "-TPM Version: 2.0", f"-TPM Manufacturer ID: {manufacturer}",
             f"-TPM Manufacturer Full Name: {full_name}", f"-TPM Manufacturer Version: {version}",
             "-PPI Version: 1.3", "-Is Initialized: True", f"-Ready For Storage: {storage}",
             f"-Ready For Attestation: {ready}", "-Information Flags Description:"]
    lines += [f"    {f}" for f in flags]
    lines += [f"-Is Capable For Attestation: {ready}", "-Clear Needed To Recover: False", "-Clear Possible: True",
              "-TPM Has Vulnerable Firmware: False", "-PCR7 Binding State: 2",
              f"-Maintenance Task Complete: {maintenance}", "-TPM Spec Version: 1.38",
              "-TPM Errata Date: Friday, June 8, 2018", "-PC Client Version: 1.04", "-Is Locked Out: False"]
    return "\n".join(lines) + "\n"


def autopilot_event(time, event_id, level=4, **data):
    """One Autopilot-channel record (field-2026-12.md §A.1, autopilotdiag.dll's message table:
    208 EK certificate present, 250 AIK task started, 251 AIK task returned HRESULT = %1, 169 TPM
    identity confirmed)."""
    return {"time": time, "channel": AUTOPILOT_CHANNEL, "provider": AUTOPILOT_PROVIDER, "event_id": event_id,
            "level": level, "data": data}


def event_day(der):
    """The day after the EK certificate's notBefore: the events must come after the certificate
    was issued, or clock.sane rightly reports the device clock as wrong."""
    out = subprocess.run(["openssl", "x509", "-inform", "DER", "-noout", "-startdate"], input=der,
                         capture_output=True, check=True).stdout.decode().strip()
    issued = datetime.datetime.strptime(out.split("=", 1)[1], "%b %d %H:%M:%S %Y %Z")
    return (issued + datetime.timedelta(days=1)).strftime("%Y-%m-%d")


def aik_attempts(day, hresults):
    """250 then 251 per attempt (six minutes apart), each 251 carrying its HRESULT."""
    events = []
    for i, hr in enumerate(hresults):
        m = 6 * i
        events.append(autopilot_event(f"{day}T10:{m:02d}:00.000Z", 250))
        if hr is not None:  # None: the attempt logged no result
            events.append(autopilot_event(f"{day}T10:{m + 5:02d}:00.000Z", 251, level=2, HRESULT=hr))
    return events


def certenroll_event(time, event_id, url, text, level=2):
    """One CertEnroll record of the Application log (field-2026-12.md §A.5): 86/87 "SCEP Certificate
    enrollment … for %1 via %2 failed: %3", the AIK CA's URL as %2 and its answer as %3, written as
    unnamed Data elements like every classic source."""
    return {"time": time, "channel": "Application", "provider": CERTENROLL_PROVIDER, "event_id": event_id,
            "level": level, "data": ["Local system", url, text]}


def write_events(out, events):
    """events.json (the reconstructed source, kept for review) and one .evtx per log, which
    analyze reads."""
    with open(f"{out}/events.json", "w") as f:
        json.dump(events, f, indent=1)
        f.write("\n")
    files = []
    for channel, name in EVTX_OF_CHANNEL.items():
        mine = [e for e in events if e["channel"] == channel]
        if mine:
            make_evtx.write_evtx(mine, f"{out}/{name}")
            files.append(f"`{name}`")
    with open(f"{out}/README.md", "w") as f:
        f.write(f"RECONSTRUCTED, not captured from a device: `events.json` lists the Windows events of this story "
                f"(IDs and insertion strings from the providers' message tables, docs/facts/field-2026-12.md §A) "
                f"and {' and '.join(files)} {'is' if len(files) == 1 else 'are'} written from it by "
                f"tests/tools/make_evtx.py (examples/tools/make_examples.py rebuilds them). `expected.json` is the "
                f"report it must produce.\n")


INTEL_PTT = ("494E5443", "Intel PTT", "INTC", "Intel", "600.18.0.0")
# Infineon SLB9670 with firmware 7.85 (after the ROCA fix, facts/windows.md §14).
INFINEON_DTPM = ("49465800", "SLB9670", "IFX", "Infineon Technologies", "7.85.4555.0")


def healthy_device(out, tmp, name, tpm=INTEL_PTT):
    """A device that meets every requirement tpmready checks: RSA-2048/SHA-256 EK certificate in
    Windows' store, EULA recorded, Tpm-Maintenance ran (TaskStates), tpmtool ready."""
    vendor_hex, model, vendor_id, vendor_name, version = tpm
    der = ek_cert(tmp, 2048, "sha256", vendor_hex, model, name)
    thumb = hashlib.sha1(der).hexdigest().upper()
    write_utf16(f"{out}/tpmtool.txt", tpmtool_text(vendor_id, vendor_name, version, True, [], True))
    base = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\TPM"
    write_reg(f"{out}/tpm.reg", [
        f"[{base}]", "",
        f"[{base}\\WMI]", "",
        f"[{base}\\WMI\\TaskStates]", '"EkCertificatePresent"=dword:00000001', "",
        f"[{base}\\WMI\\Endorsement\\EKCertStore\\Certificates\\{thumb}]",
        reg_hex("Blob", cert_store_blob(der), "hex:"), ""])
    write_reg(f"{out}/oobe.reg", [r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\OOBE]",
                                  '"SetupDisplayedEula"=dword:00000001', ""])
    device_reg(f"{out}/device.reg", *DEVICES[os.path.basename(out)])
    return event_day(der)


def service_chain_rejected(tmp):
    """Device fine (Infineon dTPM, RSA-2048 EK certificate in Windows' store); the AIK CA answers
    every enrolment with HTTP 400 "No valid TPM EK/Platform Certificate provided in the TPM identity
    request message" (the 2023 Infineon wave, resolved on the service's side: field-2026-12.md
    §C.11), logged by CertEnroll 87 with the per-vendor AIK CA URL (§A.5); Autopilot's AIK task
    returns 0x80190190 three times, then gives up with 0x81039001. The fault is the service's."""
    out = fresh("service-ek-chain-rejected")
    day = healthy_device(out, tmp, "ekservice", INFINEON_DTPM)
    url = "https://IFX-KeyId-0d5f3a91c2e74b68.microsoftaik.azure.net/templates/Aik/scep"
    answer = ("No valid TPM EK/Platform Certificate provided in the TPM identity request message. "
              "Bad Request (400). 0x80190190 (-2145844848 HTTP_E_STATUS_BAD_REQUEST)")
    events = [autopilot_event(f"{day}T09:58:00.000Z", 208)]
    for e in aik_attempts(day, ["0x80190190", "0x80190190", "0x80190190"]):
        if e["event_id"] == 251:  # the AIK CA's answer comes just before the task returns
            returned = datetime.datetime.strptime(e["time"], "%Y-%m-%dT%H:%M:%S.000Z")
            answered = (returned - datetime.timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
            events.append(certenroll_event(answered, 87, url, answer))
        events.append(e)
    events.append(autopilot_event(f"{day}T10:18:00.000Z", 251, level=2, HRESULT="0x81039001"))
    write_events(out, events)
    return out


def network_unresolved(tmp):
    """Device fine; the AIK CA host name does not resolve (WinHTTP 0x80072EE7, facts §9 —
    UNVERIFIED source), e.g. DNS or a proxy that blocks *.microsoftaik.azure.net (facts §6)."""
    out = fresh("network-aik-unreachable")
    day = healthy_device(out, tmp, "eknetwork")
    write_events(out, [autopilot_event(f"{day}T09:58:00.000Z", 208)] +
                 aik_attempts(day, ["0x80072EE7", "0x80072EE7", "0x80072EE7"]))
    return out


def clock_skew(tmp):
    """Device fine, but its clock is years behind (a reset RTC, no time sync in OOBE: facts §3,
    "Clock skew"): the Autopilot events are stamped before the EK certificate was issued, and the
    AIK enrolment fails with 0x81039001 (facts §3 names "TPM attestation errors", no specific
    code). The only evidence of the clock offline is those time stamps."""
    out = fresh("clock-skew")
    healthy_device(out, tmp, "ekclock")
    day = "2020-01-01"  # a CMOS reset's usual date is earlier still; any day before notBefore will do
    write_events(out, [autopilot_event(f"{day}T09:58:00.000Z", 208)] +
                 aik_attempts(day, [None, None, "0x81039001"]))
    return out


def fresh(name):
    """Empties the example folder but keeps expected.json (written by hand: the report the
    evidence must produce)."""
    path = os.path.join(EXAMPLES, name)
    os.makedirs(path, exist_ok=True)
    for entry in os.listdir(path):
        if entry != "expected.json":
            os.remove(os.path.join(path, entry))
    return path


def seed000_eula(tmp):
    out = fresh("seed-000-eula-missing")
    der = ek_cert(tmp, 2048, "sha256", "53544D20", "ST33TPHF2XSPI", "ek000")
    thumb = hashlib.sha1(der).hexdigest().upper()
    # The device: EK certificate present in NV and in Windows' EK certificate store, but the
    # Tpm-Maintenance task never ran (no SetupDisplayedEula), so TaskStates does not exist.
    write_utf16(f"{out}/tpmtool.txt", tpmtool_text("STM", "STMicroelectronics", "1.258.0.0", False,
                                                   ["INFORMATION_EK_CERTIFICATE"], False))
    base = r"HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\TPM"
    write_reg(f"{out}/tpm.reg", [
        f"[{base}]", "",
        f"[{base}\\WMI]", "",
        f"[{base}\\WMI\\Endorsement]", "",
        f"[{base}\\WMI\\Endorsement\\EKCertStore]", "",
        f"[{base}\\WMI\\Endorsement\\EKCertStore\\Certificates]", "",
        f"[{base}\\WMI\\Endorsement\\EKCertStore\\Certificates\\{thumb}]",
        reg_hex("Blob", cert_store_blob(der), "hex:"), ""])
    write_reg(f"{out}/oobe.reg", [r"[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\OOBE]", ""])
    device_reg(f"{out}/device.reg", *DEVICES["seed-000-eula-missing"])
    with open(f"{out}/{thumb}.crt", "wb") as f:  # as (Get-TpmEndorsementKeyInfo).ManufacturerCertificates exports it
        f.write(der)
    # Autopilot: no 208 (Windows does not see its EK certificate as present), three AIK attempts,
    # the last ending in 0x81039001, the code the seed reports.
    write_events(out, aik_attempts(event_day(der), [None, None, "0x81039001"]))
    return out


def seed000_hyperv():
    out = fresh("seed-000-hyperv-vtpm")
    # Verbatim from the seed 000 reader comment (facts/windows.md §8), a Hyper-V VM.
    text = ("-TPM Present: True\n-TPM Version: 2.0\n-TPM Manufacturer ID: MSFT\n-TPM Manufacturer Full Name: Microsoft\n"
            "-TPM Manufacturer Version: 8213.275.21.18466\n-PPI Version: 1.3\n-Is Initialized: True\n"
            "-Ready For Storage: True\n-Ready For Attestation: False\n-Information Flags Description:\n"
            "    INFORMATION_EK_CERTIFICATE\n-Is Capable For Attestation: False\n-Clear Needed To Recover: False\n"
            "-Clear Possible: True\n-TPM Has Vulnerable Firmware: False\n-PCR7 Binding State: 2\n"
            "-Maintenance Task Complete: True\n-TPM Spec Version: 1.16\n-TPM Errata Date: Wednesday, October 29, 2014\n"
            "-PC Client Version: 0.00\n-Is Locked Out: False\n")
    with open(f"{out}/tpmtool.txt", "w", newline="\r\n") as f:
        f.write(text)
    return out


def seed003_rsa3072(tmp):
    out = fresh("seed-003-rsa3072-sha384")
    der = ek_cert(tmp, 3072, "sha384", "53544D20", "ST33KTPM2X", "ek003")
    thumb = hashlib.sha1(der).hexdigest().upper()
    # Windows itself calls the device ready; the AIK service rejects the RSA-3072/SHA-384 EK.
    write_utf16(f"{out}/tpmtool.txt", tpmtool_text("STM", "STMicroelectronics", "2.512.0.0", True, [], True))
    with open(f"{out}/{thumb}.crt", "wb") as f:
        f.write(der)
    return out


def main():
    with tempfile.TemporaryDirectory() as tmp:
        make_ca(tmp)
        seed000_eula(tmp)
        seed003_rsa3072(tmp)
        service_chain_rejected(tmp)
        network_unresolved(tmp)
        clock_skew(tmp)
        shutil.copy(f"{tmp}/root.pem", os.path.join(EXAMPLES, "example-ca-root.pem"))
        shutil.copy(f"{tmp}/int.pem", os.path.join(EXAMPLES, "example-ca-intermediate.pem"))
    seed000_hyperv()


if __name__ == "__main__":
    main()
