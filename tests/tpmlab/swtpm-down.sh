#!/usr/bin/env bash
# swtpm-down.sh STATE_DIR
# Stop the swtpm whose pid is in STATE_DIR/swtpm.pid, and only that one. First TPM2_Shutdown(CLEAR)
# so the TPM records an orderly shutdown (an unorderly one after DA-protected use counts as a
# failed authorization on the next start), then SIGTERM, then SIGKILL after SWTPM_STOP_S (5 s).
set -uo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
. "$here/tpmlab-common.sh"

[ $# -eq 1 ] || tpmlab_die "usage: swtpm-down.sh STATE_DIR"
[ -d "$1" ] || tpmlab_die "no such directory: $1"
state=$(tpmlab_abs "$1")
pidf="$state/swtpm.pid"
[ -f "$pidf" ] || { tpmlab_log "no swtpm.pid in $state; nothing to stop"; exit 0; }
pid=$(cat "$pidf")
case "$pid" in ''|*[!0-9]*) tpmlab_die "bad pid file $pidf";; esac

if ! kill -0 "$pid" 2>/dev/null; then
    tpmlab_log "pid $pid not running"; rm -f "$pidf" "$state/swtpm.port"; exit 0
fi
tpmlab_pid_is_ours "$pid" "$state" || tpmlab_die "pid $pid is not the swtpm for $state; not killing it"

if [ -f "$state/swtpm.port" ] && [ "${TPMLAB_NO_SHUTDOWN:-0}" != 1 ]; then
    TPM2TOOLS_TCTI=$(tpmlab_tcti "$(cat "$state/swtpm.port")") tpm2_shutdown -c >/dev/null 2>&1 || true
fi
kill -TERM "$pid" 2>/dev/null || true
steps=$(( ${SWTPM_STOP_S:-5} * 20 ))
for _ in $(seq 1 "$steps"); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
done
if kill -0 "$pid" 2>/dev/null; then
    tpmlab_log "pid $pid ignored SIGTERM; sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
fi
rm -f "$pidf" "$state/swtpm.port"
tpmlab_log "stopped swtpm pid $pid ($state)"
