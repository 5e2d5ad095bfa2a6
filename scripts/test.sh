#!/usr/bin/env bash
# The one command that runs all of tpmready's tests on a fresh Debian 12 / Ubuntu machine:
# installs dependencies, builds, runs every test suite, and ends with CTest's summary.
#   scripts/test.sh            # everything CI runs
# Env: TPMREADY_SKIP_DEPS=1 skips the apt step (already installed).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${TPMREADY_SKIP_DEPS:-0}" != 1 ]; then
  scripts/install-deps.sh --all
fi

jobs=$(nproc 2>/dev/null || echo 2)
cmake --preset release >/dev/null
cmake --build --preset release -j "$jobs"
ctest --preset release -j "$jobs" --output-on-failure
