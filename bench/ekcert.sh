#!/usr/bin/env bash
# bench/ekcert.sh [RUNS]
# 1. Offline: decode + chain-check every corpus EK certificate (tests/data/cert) against the shipped
#    vendor CAs (data/vendor-ca) with ONE `tpmready ekcert --format json` process, versus the same
#    work done with openssl: `openssl x509 -text` per certificate plus `openssl verify -partial_chain`
#    against the same CA bundle. Whole processes, RUNS times each (default 10), medians and ratio.
# 2. Live: `tpmready ekcert --tpm tcp:...` against a provisioned swtpm (rsa3072-sha384) versus the
#    tpm2-tools + openssl sequence for the same facts (tpm2_readpublic, tpm2_nvread, openssl x509/verify).
# Exit 0 always when both ran (the numbers are the output), 2 no binary, 3 tpmready failed.
#
# Env: TPMREADY_BIN (default build/release/tpmready), TPMLAB_TEMPLATES (reuse provisioned templates),
#      SKIP_LIVE=1 (offline part only).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=${1:-10}
bin=${TPMREADY_BIN:-$root/build/release/tpmready}
lab=$root/tests/tpmlab
[ -x "$bin" ] || { echo "ekcert: no tpmready binary at $bin (build the release preset)" >&2; exit 2; }

work=$(mktemp -d)
cleanup() { TPMLAB_QUIET=1 "$lab/swtpm-down.sh" "$work/run" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

port=""
if [ "${SKIP_LIVE:-0}" != 1 ]; then
    scenario=rsa3072-sha384
    templates=${TPMLAB_TEMPLATES:-$work/templates}
    if [ ! -f "$templates/$scenario/.complete" ]; then
        TPMLAB_QUIET=1 "$lab/provision-all.sh" "$templates" "$scenario"
    fi
    TPMLAB_QUIET=1 "$lab/swtpm-from-template.sh" "$templates/$scenario" "$work/run" >/dev/null
    port=$(cat "$work/run/swtpm.port")
    cp "$templates/$scenario/lab/ca/chain.pem" "$work/lab-chain.pem"
fi

python3 - "$bin" "$root" "$work" "$runs" "$port" <<'PY'
import glob, os, statistics, subprocess, sys, time

binary, root, work, runs, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5]
certs = sorted(glob.glob(f"{root}/tests/data/cert/*.pem") + glob.glob(f"{root}/tests/data/cert/*.der") +
               glob.glob(f"{root}/tests/data/cert/*.nvbin"))
certs = [c for c in certs if "pubkey" not in c]
bundle = os.path.join(work, "cas.pem")
with open(bundle, "w") as out:  # the vendor CAs as one PEM bundle for openssl
    for ca in sorted(glob.glob(f"{root}/data/vendor-ca/*")):
        if ca.endswith(".md"):
            continue
        fmt = "PEM" if b"-----BEGIN" in open(ca, "rb").read() else "DER"
        out.write(subprocess.run(["openssl", "x509", "-inform", fmt, "-in", ca], capture_output=True,
                                 text=True, check=True).stdout)

def leaf_pem(path):
    # openssl needs plain DER or PEM: strip the NV header and padding the way an admin would
    data = open(path, "rb").read()
    if path.endswith(".pem"):
        return path
    if data[:3] == b"\x10\x01\x00":
        data = data[7:]
    length = int.from_bytes(data[2:4], "big") + 4
    out = os.path.join(work, os.path.basename(path) + ".der")
    open(out, "wb").write(data[:length])
    return out

leaves = [leaf_pem(c) for c in certs]

def run_ours():
    p = subprocess.run([binary, "ekcert", "--format", "json", "--now", "2023-01-01T00:00:00Z", *certs],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        print(p.stderr, file=sys.stderr)
        sys.exit(3)

def run_openssl():
    for leaf in leaves:
        fmt = "PEM" if leaf.endswith(".pem") else "DER"
        subprocess.run(["openssl", "x509", "-inform", fmt, "-in", leaf, "-noout", "-text"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        pem = subprocess.run(["openssl", "x509", "-inform", fmt, "-in", leaf], capture_output=True).stdout
        subprocess.run(["openssl", "verify", "-partial_chain", "-no_check_time", "-CAfile", bundle],
                       input=pem, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

def median_ms(fn):
    for _ in range(2):
        fn()
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples)

ours, theirs = median_ms(run_ours), median_ms(run_openssl)
print(f"offline: {len(certs)} EK certificates, {len(glob.glob(root + '/data/vendor-ca/*')) - 1} vendor CAs, {runs} runs")
print(f"  tpmready ekcert (1 process)           {ours:8.1f} ms")
print(f"  openssl x509 -text + verify ({2*len(leaves)} + {2*len(leaves)} processes) {theirs:8.1f} ms")
print(f"  ratio openssl/tpmready                {theirs / ours:8.1f}x")

if port:
    env = dict(os.environ, TPM2TOOLS_TCTI=f"swtpm:host=127.0.0.1,port={port}")
    chain = os.path.join(work, "lab-chain.pem")
    def live_ours():
        p = subprocess.run([binary, "ekcert", "--tpm", f"tcp:127.0.0.1:{port}", "--ca-store", chain,
                            "--format", "json"], capture_output=True, text=True)
        if p.returncode not in (0, 1):
            print(p.stderr, file=sys.stderr)
            sys.exit(3)
    def live_tools():
        der = os.path.join(work, "nv.der")
        for cmd in (["tpm2_getcap", "properties-fixed"], ["tpm2_getcap", "handles-persistent"],
                    ["tpm2_getcap", "handles-nv-index"], ["tpm2_readpublic", "-c", "0x81010001"],
                    ["tpm2_nvreadpublic"], ["tpm2_nvread", "0x01c0001c", "-C", "0x01c0001c", "-o", der]):
            subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        subprocess.run(["openssl", "x509", "-inform", "DER", "-in", der, "-noout", "-text"],
                       stdout=subprocess.DEVNULL, check=True)
        subprocess.run(["openssl", "verify", "-CAfile", chain, "-partial_chain", der], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
    ours, theirs = median_ms(live_ours), median_ms(live_tools)
    print(f"live (swtpm rsa3072-sha384, {runs} runs)")
    print(f"  tpmready ekcert --tpm                 {ours:8.1f} ms")
    print(f"  tpm2-tools (6) + openssl (2)          {theirs:8.1f} ms")
    print(f"  ratio                                 {theirs / ours:8.1f}x")
PY
