#!/usr/bin/env bash
# bench/tpm_facts.sh [RUNS]
# Wall time of `tpmready tpm --format json` against a freshly started, provisioned swtpm
# (healthy-rsa2048 by default), versus the tpm2-tools command sequence that reads the same facts,
# both as whole processes, RUNS times each (default 20) after two warm-up runs. Prints medians,
# the ratio and tpmready's TPM round trips. Targets (DESIGN.md): tpmready <= 50 ms, >= 10x faster.
# Exit 0 targets met, 1 not met, 2 no binary, 3 tpmready failed.
#
# Env: TPMREADY_BIN (default build/release/tpmready), SCENARIO (default healthy-rsa2048),
#      TPMLAB_TEMPLATES (reuse provisioned templates, e.g. build/release/tpmlab).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
runs=${1:-20}
bin=${TPMREADY_BIN:-$root/build/release/tpmready}
scenario=${SCENARIO:-healthy-rsa2048}
lab=$root/tests/tpmlab
[ -x "$bin" ] || { echo "tpm_facts: no tpmready binary at $bin (build the release preset)" >&2; exit 2; }

work=$(mktemp -d)
cleanup() { TPMLAB_QUIET=1 "$lab/swtpm-down.sh" "$work/run" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
templates=${TPMLAB_TEMPLATES:-$work/templates}
if [ ! -f "$templates/$scenario/.complete" ]; then
    TPMLAB_QUIET=1 "$lab/provision-all.sh" "$templates" "$scenario"
fi
TPMLAB_QUIET=1 "$lab/swtpm-from-template.sh" "$templates/$scenario" "$work/run" >/dev/null
port=$(cat "$work/run/swtpm.port")

python3 - "$bin" "$port" "$runs" <<'PY'
import json, os, statistics, subprocess, sys, time

binary, port, runs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
env = dict(os.environ, TPM2TOOLS_TCTI=f"swtpm:host=127.0.0.1,port={port}")

def tools(*args):
    return subprocess.run(args, env=env, capture_output=True, check=True, text=True).stdout

persistent = [l[2:] for l in tools("tpm2_getcap", "handles-persistent").splitlines() if l.startswith("- ")]
nv = [l[2:] for l in tools("tpm2_getcap", "handles-nv-index").splitlines() if l.startswith("- ")]
ekcert = [i for i in nv if int(i, 16) in (0x01C00002, 0x01C0000A, 0x01C0001C)]  # facts/tcg.md §3.1

# the tpm2-tools sequence that reads what `tpmready tpm` reports (it also reports the algorithm
# and command lists and the clock, hence those three)
sequence = [["tpm2_getcap", c] for c in ("properties-fixed", "properties-variable",
                                         "handles-persistent", "handles-nv-index", "pcrs",
                                         "algorithms", "commands")]
sequence.append(["tpm2_nvreadpublic"])
sequence += [["tpm2_readpublic", "-c", h] for h in persistent]
sequence += [["tpm2_nvread", i, "-C", i, "-o", os.devnull] for i in ekcert]
sequence.append(["tpm2_pcrread"])  # all PCRs of all banks
sequence.append(["tpm2_readclock"])
ours = [binary, "tpm", "--tpm", f"tcp:127.0.0.1:{port}", "--format", "json"]

def run_tools():
    for cmd in sequence:
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)

def run_ours():
    p = subprocess.run(ours, capture_output=True, text=True)
    if p.returncode != 0:
        sys.exit(f"tpm_facts: tpmready exited {p.returncode}: {p.stderr.strip()}")
    return p.stdout

def median_ms(fn):
    fn(); fn()  # warm-up (page cache, swtpm state)
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter(); fn(); samples.append((time.perf_counter() - t0) * 1000)
    return statistics.median(samples), min(samples), max(samples)

print("tpm2-tools sequence:", "; ".join(" ".join(c) for c in sequence))
t_med, t_min, t_max = median_ms(run_tools)
print(f"tpm2-tools sequence ({len(sequence)} processes): median {t_med:.1f} ms (min {t_min:.1f}, max {t_max:.1f}), {runs} runs")
try:
    out = run_ours()
except SystemExit as e:
    print(e, file=sys.stderr); sys.exit(3)
round_trips = json.loads(out)["tpm"].get("round_trips")
o_med, o_min, o_max = median_ms(run_ours)
print(f"tpmready tpm --format json: median {o_med:.1f} ms (min {o_min:.1f}, max {o_max:.1f}), {runs} runs, {round_trips} TPM round trips")
ratio = t_med / o_med
print(f"ratio (tpm2-tools / tpmready): {ratio:.1f}x")
ok = o_med <= 50 and ratio >= 10
print(f"targets (<= 50 ms, >= 10x): {'met' if ok else 'NOT met'}")
sys.exit(0 if ok else 1)
PY
