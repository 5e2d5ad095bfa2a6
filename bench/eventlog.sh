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

# "WALL CPU": median wall seconds and median CPU seconds (user+sys of the child) of "$@" over $n
# runs, output discarded. CPU time is the fair number on a loaded 2-core machine; wall is what a
# user waits. Failures (tpm2_eventlog crashes on some logs) are timed all the same.
median() {
  local n=$1; shift
  python3 - "$n" "$@" <<'PY'
import resource, subprocess, sys, time, statistics
n = int(sys.argv[1]); cmd = sys.argv[2:]
wall, cpu = [], []
def used():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)  # microsecond resolution, unlike os.times()
    return r.ru_utime + r.ru_stime
for _ in range(n):
    before = used()
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall.append(time.perf_counter() - t)
    cpu.append(used() - before)
print(f"{statistics.median(wall):.6f} {statistics.median(cpu):.6f}")
PY
}
ms() { python3 -c "print(f'{$1*1000:.2f}')"; }
ratio() { python3 -c "print(f'{$1/$2:.2f}' if $2 > 0 else 'n/a')"; }

max_rss_kb() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }

echo "(a) corpus logs, median of $runs whole-process runs"
printf "%-38s %9s %9s %7s | %9s %9s %7s\n" log wall_ours wall_tpm2 ratio cpu_ours cpu_tpm2 ratio
slower=0
for f in "$logs"/*; do
  case $f in *.yaml|*.json|*.md|*-bogus|*-empty) continue ;; esac
  read -r ow oc < <(median "$runs" "$bin" eventlog "$f" --replay --format json)
  read -r tw tc < <(median "$runs" tpm2_eventlog "$f")
  printf "%-38s %9s %9s %6sx | %9s %9s %6sx\n" "$(basename "$f")" "$(ms "$ow")" "$(ms "$tw")" "$(ratio "$tw" "$ow")" \
    "$(ms "$oc")" "$(ms "$tc")" "$(ratio "$tc" "$oc")"
  if python3 -c "import sys; sys.exit(0 if $oc > $tc else 1)"; then slower=$((slower + 1)); fi
done
echo "(times in ms; load average: $(cut -d' ' -f1-3 /proc/loadavg))"
echo "logs where tpmready takes more CPU than tpm2_eventlog: $slower"

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
read -r ow oc < <(median "$big_runs" "$bin" eventlog "$tmp/big.log" --replay --format json)
read -r tw tc < <(median "$big_runs" tpm2_eventlog "$tmp/big.log")
printf "size %d bytes\n  wall: tpmready %.3f s, tpm2_eventlog %.3f s, ratio %sx\n" "$size" "$ow" "$tw" "$(ratio "$tw" "$ow")"
printf "  cpu:  tpmready %.3f s, tpm2_eventlog %.3f s, ratio %sx\n" "$oc" "$tc" "$(ratio "$tc" "$oc")"
printf "max RSS: tpmready %s KB (log is %d KB), tpm2_eventlog %s KB\n" \
  "$(max_rss_kb "$bin" eventlog "$tmp/big.log" --replay --format json)" $((size / 1024)) \
  "$(max_rss_kb tpm2_eventlog "$tmp/big.log")"

echo
echo "(c) in-process parse + replay"
"$bin" eventlog "$tmp/big.log" --bench-iterations 5
