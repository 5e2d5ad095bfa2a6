#!/usr/bin/env bash
# Event-log parse + replay benchmark: tpmready vs tpm2_eventlog, whole processes (shared DESIGN.md
# "Performance targets": never slower on real logs, >= 10x faster on a 50 MB log, bounded memory).
#   (a) every corpus log: median wall time of N runs of each command, and the ratio
#   (b) a 50 MB log built by repeating a real log's events: median of M runs, ratio, max RSS
#   (c) in-process parse+replay throughput (hidden --bench-iterations flag), MB/s
# Usage: bench/eventlog.sh [BUILD_DIR] (default build/release). Env: RUNS (20), BIG_RUNS (3).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/release}
bin=$build/tpmready
logs=$here/tests/data/eventlog
runs=${RUNS:-20}
big_runs=${BIG_RUNS:-3}
[ -x "$bin" ] || { echo "no $bin: build first (cmake --build --preset release)" >&2; exit 2; }
command -v tpm2_eventlog >/dev/null || { echo "tpm2_eventlog not installed" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# median wall seconds of "$@" over $n runs, output discarded; failures count (tpm2_eventlog
# crashes on some logs) but are timed all the same.
median() {
  local n=$1; shift
  python3 - "$n" "$@" <<'PY'
import subprocess, sys, time, statistics
n = int(sys.argv[1]); cmd = sys.argv[2:]
times = []
for _ in range(n):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    times.append(time.perf_counter() - t)
print(f"{statistics.median(times):.6f}")
PY
}

max_rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "(a) corpus logs, median of $runs whole-process runs"
printf "%-40s %10s %10s %8s\n" log tpmready_ms tpm2_ms ratio
total_ours=0; total_theirs=0; slower=0
for f in "$logs"/*; do
  case $f in *.yaml|*.json|*.md|*-bogus|*-empty) continue ;; esac
  ours=$(median "$runs" "$bin" eventlog "$f" --replay --format json)
  theirs=$(median "$runs" tpm2_eventlog "$f")
  ratio=$(python3 -c "print(f'{$theirs/$ours:.2f}')")
  printf "%-40s %10.2f %10.2f %7sx\n" "$(basename "$f")" "$(python3 -c "print($ours*1000)")" \
    "$(python3 -c "print($theirs*1000)")" "$ratio"
  if python3 -c "import sys; sys.exit(0 if $ours > $theirs else 1)"; then slower=$((slower + 1)); fi
done
echo "logs where tpmready is slower: $slower"

echo
echo "(b) 50 MB log (gtt-rhel8-uefi.bin's events repeated), median of $big_runs runs"
python3 - "$logs/gtt-rhel8-uefi.bin" "$tmp/big.log" <<'PY'
import struct, sys
src = open(sys.argv[1], 'rb').read()
size = struct.unpack_from('<I', src, 28)[0]           # first (SHA-1 format) event's EventSize
header, body = src[:32 + size], src[32 + size:]
n = (50_000_000 - len(header)) // len(body) + 1
open(sys.argv[2], 'wb').write(header + body * n)
PY
size=$(stat -c %s "$tmp/big.log")
ours=$(median "$big_runs" "$bin" eventlog "$tmp/big.log" --replay --format json)
theirs=$(median "$big_runs" tpm2_eventlog "$tmp/big.log")
printf "size %d bytes: tpmready %.3f s, tpm2_eventlog %.3f s, ratio %sx\n" "$size" "$ours" "$theirs" \
  "$(python3 -c "print(f'{$theirs/$ours:.1f}')")"
printf "max RSS: tpmready %s KB (log is %d KB), tpm2_eventlog %s KB\n" \
  "$(max_rss_kb "$bin" eventlog "$tmp/big.log" --replay --format json)" $((size / 1024)) \
  "$(max_rss_kb tpm2_eventlog "$tmp/big.log")"

echo
echo "(c) in-process parse + replay"
"$bin" eventlog "$tmp/big.log" --bench-iterations 5
