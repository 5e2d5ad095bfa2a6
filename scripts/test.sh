#!/usr/bin/env bash
# The one command that runs all of tpmready's tests on a fresh Debian 12 / Ubuntu machine:
# installs dependencies, builds Linux and Windows (MinGW-w64 cross), runs every suite
# (Linux unit + swtpm integration tests; the same under ASan+UBSan with clang; the Windows build's
# tests under Wine; a short libFuzzer smoke of every parser), packages both builds into dist/
# (scripts/package.sh) and ends with one summary line over all suites: "tests: N passed, N failed".
#   scripts/test.sh
# Env: TPMREADY_SKIP_DEPS=1 skips the apt step; TPMREADY_SKIP_WINDOWS=1 skips the Windows build;
#      TPMREADY_SKIP_ASAN=1 skips the sanitizer build, its tests and the fuzz smoke;
#      TPMREADY_FUZZ_SECONDS (default 4) is the smoke time per fuzz target (18 targets: over a minute).
set -uo pipefail
cd "$(dirname "$0")/.."

if [ "${TPMREADY_SKIP_DEPS:-0}" != 1 ]; then
  scripts/install-deps.sh --all || exit 1
fi

jobs=$(nproc 2>/dev/null || echo 2)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
status=0
step() {  # step NAME COMMAND...: runs a step, remembers a failure, keeps going
  echo "==> $1"
  shift
  "$@" 2>&1 | tee -a "$log"
  local rc=${PIPESTATUS[0]}
  [ "$rc" -eq 0 ] || { echo "==> FAILED (exit $rc)"; status=1; }
}

step "configure (release)" cmake --preset release
step "build (release)" cmake --build --preset release -j "$jobs"
if [ "${TPMREADY_SKIP_WINDOWS:-0}" != 1 ]; then
  step "configure (windows)" cmake --preset windows
  step "build (windows)" cmake --build --preset windows -j "$jobs"
  step "windows exe imports only system DLLs" scripts/check-win-imports.sh build/windows/tpmready.exe
  step "tests (windows build under Wine)" scripts/wine-ctest.sh
fi
# The release artifacts from the two builds above (dist/: Windows zip, .deb). The CTest test
# packaging.deb_zip (in the next step) packages again into a temporary folder and checks that.
step "package (dist/)" env TPMREADY_SKIP_DEPS=1 scripts/package.sh
step "tests (linux)" ctest --preset release -j "$jobs"
if [ "${TPMREADY_SKIP_ASAN:-0}" != 1 ]; then
  step "configure (asan: clang, ASan+UBSan, fuzz targets)" cmake --preset asan
  step "build (asan)" cmake --build --preset asan -j "$jobs"
  step "tests (linux, ASan+UBSan)" ctest --preset asan -j "$jobs"
  step "fuzz smoke" fuzz/run.sh "${TPMREADY_FUZZ_SECONDS:-4}"
fi

# One closing line over every ctest run above ("N tests failed out of M" lines).
read -r passed failed < <(awk '/tests failed out of/ {f+=$4; t+=$NF} END {print t-f, f+0}' "$log")
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then failed=1; fi
echo "tests: ${passed:-0} passed, ${failed:-0} failed"
exit $status
