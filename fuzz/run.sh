#!/usr/bin/env bash
# Runs every libFuzzer target (built by the asan preset: clang, ASan+UBSan) seeded with the test
# corpus for its input kind.
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     default 5 s each (the CI smoke), all targets
#   TPMREADY_FUZZ_RUNS=10000000 fuzz/run.sh 0 [TARGET...]   the long run: N executions per target
#                                                           instead of a time budget
# A crash leaves its input in build/asan/fuzz/artifacts/<target>/ and fails the run; add such
# inputs to tests as regression cases once fixed.
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-5}
shift || true
build=${TPMREADY_FUZZ_DIR:-build/asan/fuzz}   # fuzz/CMakeLists.txt builds the targets here; a copy elsewhere keeps a long run independent of rebuilds
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(find "$build" -maxdepth 1 -name 'fuzz_*' -type f -executable -printf '%f\n' | sort)
fi
[ ${#targets[@]} -gt 0 ] || { echo "fuzz/run.sh: no fuzz targets in $build (cmake --preset asan && cmake --build --preset asan)" >&2; exit 2; }

seeds_for() {  # the test data a target's parser reads
  case "$1" in
    fuzz_tpm_response) echo tests/data/tpm ;;
    fuzz_der|fuzz_cert_store_blob|fuzz_ek_online) echo tests/data/cert ;;
    fuzz_eventlog) echo tests/data/eventlog ;;
    fuzz_reg|fuzz_tpmtool|fuzz_schtasks|fuzz_powershell) echo tests/data/offline ;;
    fuzz_bundle_json|fuzz_fleet_csv|fuzz_fleet_json_subset) echo tests/data/fleet examples ;;
    fuzz_evtx) echo tests/data/evtx ;;
    fuzz_archive) echo tests/data/cert tests/data/evtx tests/data/offline ;;
    *) echo tests/data ;;
  esac
}

failed=0
for t in "${targets[@]}"; do
  work=$(mktemp -d)
  art="$build/artifacts/$t"
  mkdir -p "$art"
  # libFuzzer reads seed directories; copy the files (not subfolders) of each seed dir into one.
  for d in $(seeds_for "$t"); do
    [ -d "$d" ] && find "$d" -type f -size -1M -exec cp -t "$work" {} + 2>/dev/null
  done
  budget=(-max_total_time="$seconds")
  [ -n "${TPMREADY_FUZZ_RUNS:-}" ] && budget=(-runs="$TPMREADY_FUZZ_RUNS")
  start=$(date +%s)
  out=$("$build/$t" "${budget[@]}" -rss_limit_mb=2048 -max_len=1048576 \
        -artifact_prefix="$art/" -print_final_stats=1 "$work" 2>&1)
  rc=$?
  execs=$(echo "$out" | sed -n 's/^stat::number_of_executed_units: *//p' | tail -1)
  if [ $rc -eq 0 ]; then
    echo "fuzz: $t ok, ${execs:-?} executions in $(( $(date +%s) - start ))s"
  else
    echo "fuzz: $t FAILED (exit $rc); inputs in $art"
    echo "$out" | grep -E "ERROR|SUMMARY" | head -5
    failed=1
  fi
  rm -rf "$work"
done
exit $failed
