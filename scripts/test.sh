#!/usr/bin/env bash
# The one command that runs all of tpmready's tests on a fresh Debian 12 / Ubuntu machine:
# installs dependencies, builds Linux and Windows (MinGW-w64 cross), runs every suite
# (Linux unit + swtpm integration tests; the same under ASan+UBSan with clang; the Windows build's
# tests under Wine; a short libFuzzer smoke of every parser), packages both builds into dist/
# (scripts/package.sh) and ends with one summary line over all suites: "tests: N passed, N failed".
#   scripts/test.sh
# Env: TPMREADY_SKIP_DEPS=1 skips the apt step; TPMREADY_SKIP_WINDOWS=1 skips the Windows build;
#      TPMREADY_SKIP_ASAN=1 skips the sanitizer build, its tests and the fuzz smoke;
#      TPMREADY_FUZZ_SECONDS (default 4) is the smoke time per fuzz target (20 targets: over a minute).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${TPMREADY_SKIP_DEPS:-0}" != 1 ]; then
  scripts/install-deps.sh --all || exit 1
fi

jobs=$(nproc 2>/dev/null || echo 2)
logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0
n=0
step() {  # step NAME COMMAND...: runs a step, remembers a failure, keeps going
  n=$((n + 1))
  echo "==> $1"
  shift
  "$@" 2>&1 | tee "$logs/$n.log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { echo "==> FAILED (exit $rc)"; status=1; }
}
# Test runs mostly wait (on swtpm, servers, sleeps): one runs in the background while the next
# build compiles, its output held back and shown when it ends, so the log reads as in order.
# Measured on 2 cores: the release test run uses ~1/4 of the CPU for ~4 minutes.
background() {  # background NAME COMMAND...: starts a step; `finish` waits for it
  n=$((n + 1))
  bg_name=$1
  bg_log="$logs/$n.log"
  shift
  ( "$@" >"$bg_log" 2>&1 ) &
  bg_pid=$!
  echo "==> $bg_name (running alongside the next step)"
}
finish() {
  [ -n "${bg_pid:-}" ] || return 0
  local rc=0
  wait "$bg_pid" || rc=$?
  echo "==> $bg_name"
  cat "$bg_log"
  [ "$rc" -eq 0 ] || { echo "==> FAILED (exit $rc)"; status=1; }
  bg_pid=
}

# Both test runs use one set of provisioned TPM templates (made once, a minute of work).
tpmlab="-DTPMREADY_TPMLAB_DIR=$PWD/build/tpmlab"
step "configure (release)" cmake --preset release "$tpmlab"
step "build (release)" cmake --build --preset release -j "$jobs"
# Packaging builds and reads build/windows: it runs once that build is done (below).
background "tests (linux)" ctest --preset release -j "$jobs" -LE packaging
if [ "${TPMREADY_SKIP_WINDOWS:-0}" != 1 ]; then
  step "configure (windows)" cmake --preset windows
  step "build (windows)" cmake --build --preset windows -j "$jobs"
  step "windows exe imports only system DLLs" scripts/check-win-imports.sh build/windows/tpmready.exe
  step "tests (windows build under Wine)" scripts/wine-ctest.sh
fi
# The release artifacts from the two builds above (dist/: Windows zip, .deb). The CTest test
# packaging.deb_zip (the next step) packages again into a temporary folder and checks that.
step "package (dist/)" env TPMREADY_SKIP_DEPS=1 scripts/package.sh
step "tests (packaging)" ctest --preset release -L packaging
if [ "${TPMREADY_SKIP_ASAN:-0}" != 1 ]; then
  step "configure (asan: clang, ASan+UBSan, fuzz targets)" cmake --preset asan "$tpmlab"
  step "build (asan)" cmake --build --preset asan -j "$jobs"
  finish
  background "fuzz smoke" fuzz/run.sh "${TPMREADY_FUZZ_SECONDS:-4}"
  step "tests (linux, ASan+UBSan)" ctest --preset asan -j "$jobs"
fi
finish

# One closing line over every ctest run above ("N tests failed out of M" lines).
read -r passed failed < <(cat "$logs"/*.log | awk '/tests failed out of/ {f+=$4; t+=$NF} END {print t-f, f+0}')
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit $status
