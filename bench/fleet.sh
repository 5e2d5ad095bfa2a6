#!/usr/bin/env bash
# bench/fleet.sh [DEVICES]
# Fleet scale: collects real bundles from provisioned swtpm scenarios (tests/tpmlab), varies them
# into DEVICES (default 100000) devices written as one NDJSON stream (serial, device ID, model and
# manufacturer, TPM vendor and firmware, software/hardware TPM, collection day; the scenario decides
# the failures), then times `tpmready fleet ingest` and `tpmready fleet report` (JSON + HTML) as
# whole processes under /usr/bin/time -v: wall, CPU (user+sys: the machine is shared), peak RSS.
# Targets (DESIGN.md): ingest + report <= 30 s on 2 cores, peak RSS <= 256 MB.
# Exit 0 targets met, 1 not met, 2 no binary, 3 tpmready failed.
#
# Env: TPMREADY_BIN (default build/release/tpmready), TPMLAB_TEMPLATES (reuse provisioned
#      templates, e.g. build/release/tpmlab), KEEP=DIR (keep the database and dashboard),
#      KEEP_INPUT=DIR (keep the generated stream and the lab CA chains there), INPUT=DIR (time a
#      stream kept by KEEP_INPUT instead of generating one: repeatable measurements, no swtpm).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd -P)
devices=${1:-100000}
bin=${TPMREADY_BIN:-$root/build/release/tpmready}
lab=$root/tests/tpmlab
scenarios=(healthy-rsa2048 healthy-ecc no-ekcert lockout rsa3072-sha384 expired-ekcert ekcert-mismatch)
[ -x "$bin" ] || { echo "fleet: no tpmready binary at $bin (build the release preset)" >&2; exit 2; }

work=$(mktemp -d)
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() { TPMLAB_QUIET=1 "$lab/swtpm-down.sh" "$work/run" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
ca_args=()
reuse() {  # the stream and CA chains kept by an earlier KEEP_INPUT run
    cp "$INPUT/fleet.ndjson" "$work/fleet.ndjson"
    for c in "$INPUT"/ca-*.pem; do [ -f "$c" ] && ca_args+=(--ca-store "$c"); done
    gen_start=0 gen_end=0
}
generate() {
templates=${TPMLAB_TEMPLATES:-$work/templates}
TPMLAB_QUIET=1 "$lab/provision-all.sh" "$templates" "${scenarios[@]}" >/dev/null

mkdir -p "$work/seeds"
for s in "${scenarios[@]}"; do
    TPMLAB_QUIET=1 "$lab/swtpm-from-template.sh" "$templates/$s" "$work/run" >/dev/null
    "$bin" collect --tpm "tcp:127.0.0.1:$(cat "$work/run/swtpm.port")" -o "$work/seeds/$s.json"
    TPMLAB_QUIET=1 "$lab/swtpm-down.sh" "$work/run" >/dev/null
    rm -rf "$work/run"
    [ -f "$templates/$s/lab/ca/chain.pem" ] && ca_args+=(--ca-store "$templates/$s/lab/ca/chain.pem")
done

gen_start=$(date +%s.%N)
python3 - "$work/seeds" "$devices" "$work/fleet.ndjson" <<'PY'
"""Generator: each seed bundle is dumped once with placeholders, then filled per device by string
replacement (fast: no JSON work per device)."""
import hashlib, json, random, sys
from pathlib import Path

seeds_dir, n, out = Path(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
rng = random.Random(8)
templates, collected = {}, {}
for p in sorted(seeds_dir.glob("*.json")):
    b = json.loads(p.read_text())
    collected[p.stem] = b["system_time"]["value"]
    b["device"]["serial"] = {"value": "@@SERIAL@@", "source": "bench"}
    b["device"]["model"] = {"value": "@@MODEL@@", "source": "bench"}
    b["device"]["manufacturer"] = {"value": "@@MANU@@", "source": "bench"}
    b["device"]["id"] = "@@ID@@"
    b["system_time"] = {"value": "@@TIME@@", "source": "bench"}
    b["tpm"]["manufacturer"] = "@@VENDOR@@"
    b["tpm"]["firmware_version"] = "@@FW@@"
    b["tpm"]["software_tpm"] = "@@SOFT@@"
    templates[p.stem] = json.dumps(b, separators=(",", ":")).replace('"@@TIME@@"', "@@TIME@@").replace('"@@SOFT@@"', "@@SOFT@@")
# Healthy dominates, like a real fleet; each other scenario adds its own root cause.
weights = {"healthy-rsa2048": 50, "healthy-ecc": 15, "no-ekcert": 10, "lockout": 5, "rsa3072-sha384": 10,
           "expired-ekcert": 5, "ekcert-mismatch": 5}
names = [k for k in weights if k in templates]
cum = [weights[k] for k in names]
models = [("Lenovo", "ThinkPad T14 Gen 3"), ("Lenovo", "ThinkPad X1 Carbon Gen 11"), ("Lenovo", "ThinkCentre M70q"),
          ("Dell", "Latitude 7440"), ("Dell", "OptiPlex 7010"), ("HP", "EliteBook 840 G10"), ("HP", "ProDesk 400 G9"),
          ("Microsoft", "Surface Laptop 5"), ("Microsoft", "Virtual Machine")]
vendors = [("IFX", ["7.85.4555.0", "7.63.3353.0", "5.63.13.6400"]), ("STM", ["1.512.0.0", "1.769.0.0"]),
           ("NTC", ["7.2.3.1", "7.2.2.0"]), ("INTC", ["600.18.0.0", "500.14.0.0"]), ("AMD", ["3.87.0.5"])]
with open(out, "w") as f:
    for i in range(n):
        scenario = rng.choices(names, cum)[0]
        manu, model = models[rng.randrange(len(models))]
        virtual = model == "Virtual Machine"
        vendor, fws = vendors[rng.randrange(len(vendors))]
        serial = f"PF{i:07d}"
        line = (templates[scenario].replace("@@SERIAL@@", serial).replace("@@MODEL@@", model)
                .replace("@@MANU@@", manu).replace("@@ID@@", hashlib.sha256(serial.encode()).hexdigest()[:32])
                # Runs over 30 days after collection (the lab's EK certificates are hours old).
                .replace("@@TIME@@", str(collected[scenario] + rng.randrange(30) * 86400 + rng.randrange(86400)))
                .replace("@@VENDOR@@", "MSFT" if virtual else vendor).replace("@@FW@@", rng.choice(fws))
                .replace("@@SOFT@@", "false"))
        f.write(line + "\n")
PY
gen_end=$(date +%s.%N)
}
if [ -n "${INPUT:-}" ]; then reuse; else generate; fi
size=$(stat -c %s "$work/fleet.ndjson")

measure() {  # measure NAME CMD...: runs under /usr/bin/time -v, leaves NAME.time
    local name=$1; shift
    set +e
    /usr/bin/time -v -o "$work/$name.time" "$@" >"$work/$name.out" 2>"$work/$name.err"
    local rc=$?
    set -e
    echo "$rc" >"$work/$name.rc"
}
# The machine is shared: the load average before the run says how much the wall times are worth.
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
measure ingest "$bin" fleet ingest "$work/fleet.ndjson" --db "$work/fleet.sqlite" "${ca_args[@]}"
measure report "$bin" fleet report --db "$work/fleet.sqlite" --format json -o "$work/report.json" --html "$work/dashboard.html"

rc=0
python3 - "$work" "$devices" "$size" "$gen_start" "$gen_end" "$load_before" <<'PY' || rc=$?
import json, os, re, sys
from pathlib import Path

work, devices, size = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
gen = float(sys.argv[5]) - float(sys.argv[4])

def stats(name):
    t = (work / f"{name}.time").read_text()
    def field(label):
        return re.search(rf"{re.escape(label)}: (.*)", t).group(1).strip()
    parts = [float(x) for x in field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")]
    wall = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    cpu = float(field("User time (seconds)")) + float(field("System time (seconds)"))
    rss = int(field("Maximum resident set size (kbytes)")) / 1024
    return wall, cpu, rss, int((work / f"{name}.rc").read_text())

ing, rep = stats("ingest"), stats("report")
made = f"generated in {gen:.1f} s" if gen > 0 else "reused from INPUT"
print(f"fleet bench: {devices} devices, NDJSON {size / 1e6:.0f} MB ({made}); load average before {sys.argv[6]}, "
      f"{os.cpu_count()} cores")
print((work / "ingest.out").read_text().splitlines()[0])
for name, (wall, cpu, rss, rc) in (("ingest", ing), ("report", rep)):
    print(f"  {name:7s} wall {wall:6.2f} s   cpu {cpu:6.2f} s   peak RSS {rss:6.1f} MB   exit {rc}   "
          f"({cpu / devices * 1e6:.0f} us CPU per device)")
total = ing[0] + rep[0]
print(f"  total   wall {total:6.2f} s   cpu {ing[1] + rep[1]:6.2f} s   (target <= 30 s, <= 256 MB)")
r = json.loads((work / "report.json").read_text())
print(f"  devices {r['devices']}: {r['verdicts']}; top root causes: "
      + ", ".join(f"{c['id']} {c['devices']}" for c in r["root_causes"][:4]))
if ing[3] != 0 or rep[3] != 0 or r["devices"] != devices:
    print((work / "ingest.err").read_text()[-2000:], (work / "report.err").read_text()[-2000:], file=sys.stderr)
    sys.exit(3)
sys.exit(0 if total <= 30 and max(ing[2], rep[2]) <= 256 else 1)
PY
if [ -n "${KEEP_INPUT:-}" ]; then
    mkdir -p "$KEEP_INPUT" && mv "$work/fleet.ndjson" "$KEEP_INPUT"/
    i=0
    for ((a = 1; a < ${#ca_args[@]}; a += 2)); do cp "${ca_args[a]}" "$KEEP_INPUT/ca-$((i++)).pem"; done
fi
if [ -n "${KEEP:-}" ]; then mkdir -p "$KEEP" && cp "$work/fleet.sqlite" "$work/dashboard.html" "$work/report.json" "$KEEP"/; fi
exit $rc
