#!/usr/bin/env bash
# Runs every libFuzzer target (built by the asan preset: clang, ASan+UBSan) seeded with the test
# corpus for its input kind.
#   fuzz/run.sh [SECONDS_PER_TARGET] [TARGET...]     default 5 s each (the CI smoke), all targets
#   TPMREADY_FUZZ_RUNS=10000000 fuzz/run.sh 0 [TARGET...]   the long run: N executions per target
#                                                           instead of a time budget
# A crash leaves its input in build/asan/fuzz/artifacts/<target>/ and fails the run; add such
# inputs to tests as regression cases once fixed. libFuzzer's own output goes to
# build/asan/fuzz/artifacts/<target>.log as it runs, so a long run's progress can be followed
# (tail -f); SIGUSR1 to the fuzz_* process ends it early with its final count.
#   TPMREADY_FUZZ_CORPUS=DIR keeps each target's corpus in DIR/<target> (seeded the first time)
#   instead of a temporary folder, so a long run stopped early can be resumed where it was.
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

seeds_for() {  # the test data a target's parser reads: directories, or directory/glob for one format
  # (a 280 KB .reg among tpmtool's seeds makes every mutation of it cost as much as the .reg parse)
  case "$1" in
    fuzz_tpm_response) echo tests/data/tpm ;;
    fuzz_der|fuzz_cert_store_blob|fuzz_ek_online) echo tests/data/cert ;;
    fuzz_eventlog) echo tests/data/eventlog ;;
    fuzz_reg|fuzz_live_registry) echo 'tests/data/offline/*.reg' ;;  # live_registry: only starting bytes for its record format
    fuzz_tpmtool) echo 'tests/data/offline/*tpmtool*' 'tests/data/offline/get-*' ;;
    fuzz_schtasks) echo 'tests/data/offline/schtasks-*' 'tests/data/offline/get-scheduledtask*' ;;
    fuzz_ztd_file) echo 'tests/data/offline/AutopilotDDSZTDFile-*' ;;
    fuzz_hardware_hash_csv) echo 'tests/data/autopilot-hash/*.csv' ;;
    fuzz_bundle_json|fuzz_fleet_csv|fuzz_fleet_json_subset) echo tests/data/fleet examples ;;
    fuzz_evtx) echo tests/data/evtx ;;
    fuzz_timeline) echo tests/data/timeline ;;
    fuzz_proxy_url) echo tests/data/proxy ;;
    fuzz_explain_code) echo 'examples/*/README.md' ;;  # error codes in sentences
    fuzz_text_safety) echo 'tests/data/offline/*tpmtool*' tests/data/evtx ;;  # text with names, paths and non-ASCII
    fuzz_zip_reader) echo 'tests/data/archive/*.zip' 'tests/data/cert/*.zip' ;;
    fuzz_archive) echo tests/data/archive 'tests/data/offline/*tpmtool*' 'tests/data/offline/seed000*' tests/data/cert ;;  # .evtx: fuzz_evtx
    *) echo tests/data ;;
  esac
}

max_len_for() {  # the longest input a target can use; longer ones only cost time to copy and mutate
  case "$1" in
    fuzz_live_registry) echo 65536 ;;  # a dozen keys with an EK certificate blob or two; more is repetition
    fuzz_proxy_url) echo 4096 ;;       # an environment variable and a header line
    *) echo 1048576 ;;
  esac
}

# Leaks inside Debian's libevtx on damaged .evtx input are not ours to fix; the file says which.
export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

drop_work() { [ -n "${TPMREADY_FUZZ_CORPUS:-}" ] || rm -rf "$work"; }  # a kept corpus stays

failed=0
for t in "${targets[@]}"; do
  if [ -n "${TPMREADY_FUZZ_CORPUS:-}" ]; then work="$TPMREADY_FUZZ_CORPUS/$t"; mkdir -p "$work"; else work=$(mktemp -d); fi
  art="$build/artifacts/$t"
  mkdir -p "$art"
  # libFuzzer reads seed directories; copy the files (not subfolders) of each seed dir into one.
  # -size -1024k, not -1M: find rounds sizes up to whole units, so -1M matches only empty files.
  for d in $(seeds_for "$t"); do
    if [ -d "$d" ]; then find "$d" -type f -size -1024k -exec cp -t "$work" {} + 2>/dev/null
    else find "${d%/*}" -maxdepth 1 -type f -name "${d##*/}" -size -1024k -exec cp -t "$work" {} + 2>/dev/null
    fi
  done
  seeds=$(find "$work" -type f | wc -l)  # the seeds, plus a kept corpus
  [ "$seeds" -gt 0 ] || { echo "fuzz: $t has no seed files ($(seeds_for "$t"))" >&2; failed=1; drop_work; continue; }
  budget=(-max_total_time="$seconds")
  [ -n "${TPMREADY_FUZZ_RUNS:-}" ] && budget=(-runs="$TPMREADY_FUZZ_RUNS")
  start=$(date +%s)
  log="$build/artifacts/$t.log"
  "$build/$t" "${budget[@]}" -rss_limit_mb=2048 -max_len="$(max_len_for "$t")" \
        -artifact_prefix="$art/" -print_final_stats=1 "$work" > "$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  if [ $rc -eq 0 ]; then
    echo "fuzz: $t ok, ${execs:-?} executions in $(( $(date +%s) - start ))s from $seeds starting inputs"
  else
    echo "fuzz: $t FAILED (exit $rc); inputs in $art"
    grep -E "ERROR|SUMMARY" "$log" | head -5
    failed=1
  fi
  drop_work
done
exit $failed
