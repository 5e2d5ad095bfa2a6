#!/usr/bin/env bash
# The one command that installs what is needed, builds tpmready and runs its main job on this
# machine, on a fresh Debian 12 / Ubuntu 22.04+:
#   scripts/run.sh                   # text output
#   scripts/run.sh --format json     # extra arguments go to the tpmready command
# With a TPM device (/dev/tpmrm0) it reads that TPM (read-only). Without one, it provisions a
# fresh SOFTWARE TPM (swtpm, scenario healthy-rsa2048 of tests/tpmlab), runs against it, and
# stops it again. Exit code: tpmready's (0 ok, 1 not ready, 2 usage, 3 undetermined).
# Env: TPMREADY_SKIP_DEPS=1 skips the apt step; TPMREADY_COMMAND (default: check) is the subcommand.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd -P)

if [ "${TPMREADY_SKIP_DEPS:-0}" != 1 ]; then
  scripts/install-deps.sh
fi
cmake --preset release >/dev/null
# Only the program: the unit tests (about half of a cold build) are not run here.
cmake --build --preset release --target tpmready -j "$(nproc 2>/dev/null || echo 2)" >/dev/null
bin=$root/build/release/tpmready
command=${TPMREADY_COMMAND:-check}

if [ -e /dev/tpmrm0 ]; then
  echo "== tpmready $command on this machine's TPM (/dev/tpmrm0) ==" >&2
  exec "$bin" "$command" --tpm device:/dev/tpmrm0 "$@"
fi

state=$(mktemp -d "${TMPDIR:-/tmp}/tpmready-swtpm.XXXXXX")
# shellcheck disable=SC2317  # called by the EXIT trap
stop() { TPMLAB_QUIET=1 tests/tpmlab/swtpm-down.sh "$state" >/dev/null 2>&1 || true; rm -rf "$state"; }
trap stop EXIT
KEEP_RUNNING=1 TPMLAB_QUIET=1 tests/tpmlab/provision.sh "$state" healthy-rsa2048 >/dev/null
port=$(cat "$state/swtpm.port")
cat >&2 <<BANNER
==========================================================================================
 No TPM device on this machine: running against a freshly provisioned SOFTWARE TPM (swtpm)
 (scenario healthy-rsa2048, 127.0.0.1:$port, state in $state; removed afterwards)
==========================================================================================
BANNER
# The lab's throwaway EK CA signed this software TPM's EK certificate: trust it for the chain check.
extra=()
case "$command" in check|ekcert) extra=(--ca-store "$state/lab/ca/chain.pem");; esac
rc=0
"$bin" "$command" --tpm "tcp:127.0.0.1:$port" "${extra[@]}" "$@" || rc=$?
exit $rc
