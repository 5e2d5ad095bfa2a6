#!/usr/bin/env bash
# swtpm-up.sh STATE_DIR [PORT]
# Start a TPM 2.0 swtpm (libtpms) with its state in STATE_DIR: command server on 127.0.0.1:PORT,
# ctrl channel on 127.0.0.1:PORT+1 (loopback only). Without PORT a random free even port is
# picked (and retried if another process wins the race). Writes STATE_DIR/swtpm.pid (the daemon's
# pid) and STATE_DIR/swtpm.port, waits until the TPM answers, re-applies the scenario's PCR
# extends (lab/pcr-extends.txt), and prints on stdout:
#   TPM2TOOLS_TCTI=swtpm:host=127.0.0.1,port=PORT
# Env: SWTPM_LOGLEVEL (default 1), SWTPM_WAIT_S (default 20).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
. "$here/tpmlab-common.sh"

[ $# -ge 1 ] && [ $# -le 2 ] || tpmlab_die "usage: swtpm-up.sh STATE_DIR [PORT]"
tpmlab_need swtpm tpm2_getcap
mkdir -p "$1"
state=$(tpmlab_abs "$1")
want_port=${2:-}

if [ -f "$state/swtpm.pid" ]; then
    oldpid=$(cat "$state/swtpm.pid" 2>/dev/null || true)
    if [ -n "$oldpid" ] && tpmlab_pid_is_ours "$oldpid" "$state"; then
        tpmlab_die "swtpm already running for $state (pid $oldpid); run swtpm-down.sh first"
    fi
    rm -f "$state/swtpm.pid"
fi

start_swtpm() { # start_swtpm PORT -> 0 if the daemon started
    # not-need-init,startup-clear: the TPM answers at once, no power-on/TPM2_Startup needed.
    # The trailing space after dir=... lets tpmlab_pid_is_ours match the exact directory.
    swtpm socket --tpm2 \
        --tpmstate "dir=$state" \
        --server "type=tcp,port=$1,bindaddr=127.0.0.1" \
        --ctrl "type=tcp,port=$(($1 + 1)),bindaddr=127.0.0.1" \
        --flags not-need-init,startup-clear \
        --pid "file=$state/swtpm.pid" \
        --log "file=$state/swtpm.log,level=${SWTPM_LOGLEVEL:-1}" \
        --daemon 2>>"$state/swtpm.log"
}

port=""
tries=1; [ -z "$want_port" ] && tries=5
for attempt in $(seq 1 "$tries"); do
    p=${want_port:-$(tpmlab_pick_port)} || tpmlab_die "no free port pair found"
    rm -f "$state/swtpm.pid"
    if start_swtpm "$p"; then port=$p; break; fi
    tpmlab_log "swtpm failed to start on port $p (attempt $attempt), see $state/swtpm.log"
done
[ -n "$port" ] || tpmlab_die "could not start swtpm for $state (log: $state/swtpm.log)"

tcti=$(tpmlab_tcti "$port")
deadline=$(( $(date +%s) + ${SWTPM_WAIT_S:-20} ))
until [ -s "$state/swtpm.pid" ] && TPM2TOOLS_TCTI=$tcti tpm2_getcap properties-fixed >/dev/null 2>&1; do
    if [ "$(date +%s)" -ge "$deadline" ]; then
        pid=$(cat "$state/swtpm.pid" 2>/dev/null || true)
        if [ -n "$pid" ] && tpmlab_pid_is_ours "$pid" "$state"; then kill "$pid" 2>/dev/null || true; fi
        tpmlab_die "swtpm on port $port did not answer within ${SWTPM_WAIT_S:-20} s (log: $state/swtpm.log)"
    fi
    sleep 0.05
done
echo "$port" > "$state/swtpm.port"
TPM2TOOLS_TCTI=$tcti tpmlab_apply_pcr_extends "$state" || tpmlab_die "PCR extends failed for $state"
tpmlab_log "swtpm pid $(cat "$state/swtpm.pid") on 127.0.0.1:$port (ctrl $((port + 1))), state $state"
echo "TPM2TOOLS_TCTI=$tcti"
