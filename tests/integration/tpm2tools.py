"""tpm2-tools as the oracle: run the tools against a TPM and parse their YAML-ish output.

Small stdlib parsers for the exact shapes tpm2-tools 5.4 prints (facts/tcg.md §6), and
`expected_contract()`, which builds from them the values `tpmready tpm --format json` must show.
Every parser fails loudly (ValueError naming the tool and line) on output it does not understand,
so a changed tool version breaks the tests instead of silently comparing nothing.
"""
from __future__ import annotations

import os
import re
import subprocess
from typing import Any

BANKS = ("sha1", "sha256", "sha384", "sha512")  # the banks the JSON contract names


class ToolError(RuntimeError):
    pass


def run(tool: str, *args: str, tcti: str, check: bool = True, binary: bool = False,
        timeout: float = 30) -> subprocess.CompletedProcess:
    env = dict(os.environ, TPM2TOOLS_TCTI=tcti)
    p = subprocess.run([tool, *args], env=env, capture_output=True, timeout=timeout,
                       text=not binary)
    if check and p.returncode != 0:
        err = p.stderr if isinstance(p.stderr, str) else p.stderr.decode(errors="replace")
        raise ToolError(f"{tool} {' '.join(args)} exited {p.returncode}: {err.strip()}")
    return p


# ---- parsers ------------------------------------------------------------------------------------
def _int(text: str) -> int:
    return int(text.strip(), 0)


def parse_properties(text: str) -> dict[str, Any]:
    """`tpm2_getcap properties-fixed|properties-variable`.

    Three shapes: `NAME: 0x3` (one line); `NAME:` + `  raw: 0x..` (+ `  value: ..`);
    `NAME:` + `  flag:   0` lines (TPMA_PERMANENT / TPMA_STARTUP_CLEAR bit fields).
    Returns NAME -> int (raw) or NAME -> {flag: int}.
    """
    props: dict[str, Any] = {}
    current = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"(TPM2_PT_\w+):\s*(\S.*)?", line)
        if m:
            current = m.group(1)
            props[current] = _int(m.group(2)) if m.group(2) else {}
            continue
        m = re.fullmatch(r"\s+(\w+):\s*(.*)", line)
        if not m or current is None or not isinstance(props[current], dict):
            raise ValueError(f"tpm2_getcap properties: line {n} not understood: {line!r}")
        key, value = m.groups()
        fields = props[current]
        if key == "raw":
            props[current] = {"raw": _int(value)}
        elif key == "value":
            fields["value"] = value.strip().strip('"')
        else:
            fields[key] = _int(value)
    # NAME: {raw: x[, value]} -> x
    return {k: (v["raw"] if isinstance(v, dict) and "raw" in v else v) for k, v in props.items()}


def parse_handles(text: str) -> list[int]:
    """`tpm2_getcap handles-persistent|handles-nv-index`: lines `- 0x1C00002`."""
    handles = []
    for n, line in enumerate(text.splitlines(), 1):
        m = re.fullmatch(r"- (0x[0-9A-Fa-f]+)", line.strip())
        if not m:
            raise ValueError(f"tpm2_getcap handles: line {n} not understood: {line!r}")
        handles.append(int(m.group(1), 16))
    return handles


def parse_nvreadpublic(text: str) -> dict[int, dict[str, Any]]:
    """`tpm2_nvreadpublic`: blocks `0x1c00002:` with `name:`, `attributes:` {friendly, value}
    and `size:`."""
    out: dict[int, dict[str, Any]] = {}
    index = None
    section = None
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        m = re.fullmatch(r"(0x[0-9A-Fa-f]+):", line)
        if m:
            index = int(m.group(1), 16)
            out[index] = {}
            continue
        if index is None:
            raise ValueError(f"tpm2_nvreadpublic: line {n} outside an index block: {line!r}")
        m = re.fullmatch(r"  (\S[^:]*):\s*(.*)", line)
        if m:
            section = m.group(1)
            if section == "size":
                out[index]["size"] = int(m.group(2))
            elif section == "name":
                out[index]["name"] = m.group(2).strip().lower()
            continue
        m = re.fullmatch(r"    value:\s*(0x[0-9A-Fa-f]+)", line)
        if m and section == "attributes":
            out[index]["attributes"] = int(m.group(1), 16)
    for index, fields in out.items():
        if "size" not in fields or "attributes" not in fields:
            raise ValueError(f"tpm2_nvreadpublic: index 0x{index:08x} lacks size/attributes")
    return out


def parse_readpublic(text: str) -> dict[str, Any]:
    """`tpm2_readpublic -c HANDLE`: type, name-alg, attributes, bits/exponent/rsa or curve/x/y."""
    out: dict[str, Any] = {}
    parent = None
    for line in text.splitlines():
        m = re.fullmatch(r"(\S[^:]*):\s*(.*)", line)
        if m:
            parent, value = m.group(1), m.group(2).strip()
            if value:
                out[parent] = value
            continue
        m = re.fullmatch(r"\s+(value|raw):\s*(.*)", line)
        if m and parent:
            out.setdefault(f"{parent}.{m.group(1)}", m.group(2).strip())
    if "type.value" not in out:
        raise ValueError("tpm2_readpublic: no 'type' in output")
    return out


def parse_pcrread(text: str) -> dict[str, dict[int, str]]:
    """`tpm2_pcrread`: `  sha256:` then `    0 : 0xABC...` -> {bank: {index: lowercase hex}}."""
    out: dict[str, dict[int, str]] = {}
    bank = None
    for n, line in enumerate(text.splitlines(), 1):
        m = re.fullmatch(r"\s*(sha1|sha256|sha384|sha512|sm3_256):", line)
        if m:
            bank = m.group(1)
            out[bank] = {}
            continue
        m = re.fullmatch(r"\s*(\d+)\s*:\s*0x([0-9A-Fa-f]+)", line)
        if not m or bank is None:
            raise ValueError(f"tpm2_pcrread: line {n} not understood: {line!r}")
        out[bank][int(m.group(1))] = m.group(2).lower()
    return out


def manufacturer_id(raw: int) -> str:
    """TPM_PT_MANUFACTURER as its 4 ASCII bytes, trailing NULs/spaces trimmed ("IBM")."""
    return raw.to_bytes(4, "big").rstrip(b"\0 ").decode("ascii", errors="replace")


# ---- the oracle ---------------------------------------------------------------------------------
# EK certificate indices, low and high range (facts/tcg.md §3.1)
EK_CERT_INDICES = (0x01C00002, 0x01C0000A, 0x01C00012, 0x01C00014, 0x01C00016, 0x01C00018,
                   0x01C0001A, 0x01C0001C, 0x01C0001E)


def collect(tcti: str) -> dict[str, Any]:
    """Everything the tools print for this TPM, parsed (EK certificate indices also read)."""
    fixed = parse_properties(run("tpm2_getcap", "properties-fixed", tcti=tcti).stdout)
    variable = parse_properties(run("tpm2_getcap", "properties-variable", tcti=tcti).stdout)
    persistent = parse_handles(run("tpm2_getcap", "handles-persistent", tcti=tcti).stdout)
    nv_handles = parse_handles(run("tpm2_getcap", "handles-nv-index", tcti=tcti).stdout)
    nv_public = parse_nvreadpublic(run("tpm2_nvreadpublic", tcti=tcti).stdout) if nv_handles else {}
    public = {h: parse_readpublic(run("tpm2_readpublic", "-c", f"0x{h:08x}", tcti=tcti).stdout)
              for h in persistent}
    pcrs = parse_pcrread(run("tpm2_pcrread", tcti=tcti).stdout)
    ek_certs = {i: nv_read(tcti, i) for i in nv_handles if i in EK_CERT_INDICES}
    return {"fixed": fixed, "variable": variable, "persistent": persistent,
            "nv_handles": nv_handles, "nv_public": nv_public, "public": public, "pcrs": pcrs,
            "ek_certs": ek_certs}


def nv_read(tcti: str, index: int) -> bytes:
    """The whole data of an index readable with its own empty auth (EK cert indices)."""
    p = run("tpm2_nvread", f"0x{index:08x}", "-C", f"0x{index:08x}", tcti=tcti, binary=True)
    return p.stdout


def expected_contract(facts: dict[str, Any]) -> dict[str, Any]:
    """The `.tpm` fields of the JSON contract, as the tools see them."""
    fixed, variable = facts["fixed"], facts["variable"]
    return {
        "manufacturer": manufacturer_id(fixed["TPM2_PT_MANUFACTURER"]),
        "firmware_version_1": fixed["TPM2_PT_FIRMWARE_VERSION_1"],
        "firmware_version_2": fixed["TPM2_PT_FIRMWARE_VERSION_2"],
        "persistent_handles": [f"0x{h:08x}" for h in facts["persistent"]],
        "nv_indices": [{"index": f"0x{i:08x}", "size": facts["nv_public"][i]["size"]}
                       for i in facts["nv_handles"]],
        "pcrs": {bank: {str(i): v for i, v in values.items()}
                 for bank, values in facts["pcrs"].items() if bank in BANKS},
        "in_lockout": bool(variable["TPM2_PT_PERMANENT"]["inLockout"]),
        "owner_auth_set": bool(variable["TPM2_PT_PERMANENT"]["ownerAuthSet"]),
    }
