#!/usr/bin/env bash
# Event-log parse + replay benchmark: tpmready vs tpm2_eventlog, whole processes (shared DESIGN.md
# "Performance targets": never slower on real logs, >= 10x faster on a 50 MB log, bounded memory).
#   (a) every corpus log: median wall time of N runs of each command, and the ratio
#   (b) a 50 MB log built by repeating a real log's events: median of M runs, wall and CPU ratios
#   (c) peak RSS (/usr/bin/time -v) on a small real log, the 50 MB log and a 500 MB one: logs are
#       streamed in 1 MiB chunks, so tpmready's RSS must stay flat (fixed overhead + a few MB)
#   (d) in-process parse+replay throughput (hidden --bench-iterations flag), MB/s
# Usage: bench/eventlog.sh [BUILD_DIR] (default build/release). Env: RUNS (20), BIG_RUNS (3),
# HUGE_MB (500; 0 skips the 500 MB log, which needs that much free space in $TMPDIR).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$here/build/release}
bin=$build/tpmready
logs=$here/tests/data/eventlog
runs=${RUNS:-20}
big_runs=${BIG_RUNS:-3}
huge_mb=${HUGE_MB:-500}
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
# repeat_log SRC DEST MB: SRC's first (Spec ID, SHA-1 format) event, then its other events
# repeated until DEST is at least MB megabytes; written piecewise so the generator stays small.
repeat_log() {
  python3 - "$1" "$2" "$3" <<'PY'
import struct, sys
src = open(sys.argv[1], 'rb').read()
size = struct.unpack_from('<I', src, 28)[0]           # first (SHA-1 format) event's EventSize
header, body = src[:32 + size], src[32 + size:]
n = (int(sys.argv[3]) * 1_000_000 - len(header)) // len(body) + 1
with open(sys.argv[2], 'wb') as out:
    out.write(header)
    block = body * 1000
    for _ in range(n // 1000): out.write(block)
    out.write(body * (n % 1000))
PY
}

# peak_rss CMD...: "Maximum resident set size" from /usr/bin/time -v, in KB.
peak_rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'; }

echo
echo "(b) 50 MB log (gtt-rhel8-uefi.bin's events repeated), median of $big_runs runs"
repeat_log "$logs/gtt-rhel8-uefi.bin" "$tmp/big.log" 50
size=$(stat -c %s "$tmp/big.log")
read -r ow oc < <(median "$big_runs" "$bin" eventlog "$tmp/big.log" --replay --format json)
read -r tw tc < <(median "$big_runs" tpm2_eventlog "$tmp/big.log")
printf "size %d bytes\n  wall: tpmready %.3f s, tpm2_eventlog %.3f s, ratio %sx\n" "$size" "$ow" "$tw" "$(ratio "$tw" "$ow")"
printf "  cpu:  tpmready %.3f s, tpm2_eventlog %.3f s, ratio %sx (user+sys; tpmready uses two threads)\n" \
  "$oc" "$tc" "$(ratio "$tc" "$oc")"
echo "(load average: $(cut -d' ' -f1-3 /proc/loadavg))"

echo
echo "(c) peak RSS, tpmready eventlog --replay --format json (streamed: must not grow with the log)"
small=$logs/gtt-rhel8-uefi.bin
printf "  %-28s %10d bytes  tpmready %7s KB\n" "$(basename "$small")" "$(stat -c %s "$small")" \
  "$(peak_rss "$bin" eventlog "$small" --replay --format json)"
printf "  %-28s %10d bytes  tpmready %7s KB  tpm2_eventlog %7s KB\n" "50 MB log" "$size" \
  "$(peak_rss "$bin" eventlog "$tmp/big.log" --replay --format json)" "$(peak_rss tpm2_eventlog "$tmp/big.log")"
if [ "$huge_mb" -gt 0 ]; then
  repeat_log "$logs/gtt-rhel8-uefi.bin" "$tmp/huge.log" "$huge_mb"
  huge=$(stat -c %s "$tmp/huge.log")
  # Above the 256 MiB default log limit (util/file.h): raised for this run only.
  rss=$(TPMREADY_MAX_INPUT_BYTES=$((huge + 1)) peak_rss "$bin" eventlog "$tmp/huge.log" --replay --format json)
  read -r hw hc < <(TPMREADY_MAX_INPUT_BYTES=$((huge + 1)) median 1 "$bin" eventlog "$tmp/huge.log" --replay --format json)
  printf "  %-28s %10d bytes  tpmready %7s KB  (wall %.2f s, cpu %.2f s)\n" "$huge_mb MB log" "$huge" "$rss" "$hw" "$hc"
  rm -f "$tmp/huge.log"
fi

echo
echo "(d) in-process parse + replay (streamed from the file)"
"$bin" eventlog "$tmp/big.log" --bench-iterations 5
