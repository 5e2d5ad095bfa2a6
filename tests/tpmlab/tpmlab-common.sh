# shellcheck shell=bash
# Helpers shared by the tpmlab scripts. Sourced, not executed.
# Everything binds to 127.0.0.1 and every process is addressed by the pid it wrote, never by name.

tpmlab_die() { echo "tpmlab: error: $*" >&2; exit 1; }
tpmlab_log() { [ "${TPMLAB_QUIET:-0}" = 1 ] || echo "tpmlab: $*" >&2; }

# tpmlab_need CMD...: fail early, naming the missing tool and the package that has it
tpmlab_need() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 || tpmlab_die "$c not found (run scripts/install-deps.sh)"
    done
}

# true if something listens on 127.0.0.1:$1
tpmlab_port_busy() {
    if command -v ss >/dev/null 2>&1; then
        ss -Htln "sport = :$1" 2>/dev/null | grep -q . && return 0
        return 1
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

# Print a random even port P with P and P+1 free (20000-60999). swtpm's ctrl channel is P+1
# because the libtss2 swtpm TCTI looks for it there.
tpmlab_pick_port() {
    local i p
    for i in $(seq 1 50); do
        p=$(( (RANDOM * 32768 + RANDOM) % 41000 + 20000 ))
        p=$(( p - p % 2 ))
        if ! tpmlab_port_busy "$p" && ! tpmlab_port_busy "$((p + 1))"; then
            echo "$p"; return 0
        fi
    done
    return 1
}

tpmlab_tcti() { echo "swtpm:host=127.0.0.1,port=$1"; }

tpmlab_abs() { (cd "$1" && pwd -P); }

# tpmlab_pid_is_ours PID STATE_DIR: the pid is alive and is the swtpm serving STATE_DIR
# (guards against pid reuse before we signal it)
tpmlab_pid_is_ours() {
    kill -0 "$1" 2>/dev/null || return 1
    tr '\0' ' ' < "/proc/$1/cmdline" 2>/dev/null | grep -q -- "dir=$2 "
}

# Seconds since the epoch with sub-second precision (for the PROVISION_SECONDS fact)
tpmlab_now() { date +%s.%N; }

# tpmlab_apply_pcr_extends STATE_DIR: replay lab/pcr-extends.txt (one tpm2_pcrextend spec per
# line, e.g. "16:sha1=<40 hex>,sha256=<64 hex>"). PCRs are volatile: every start from a template
# loses them (startup-clear), so a scenario that needs non-zero PCRs records its extends and
# they are re-applied after each start.
tpmlab_apply_pcr_extends() {
    local f="$1/lab/pcr-extends.txt" line
    [ -f "$f" ] || return 0
    while IFS= read -r line; do
        [ -n "$line" ] || continue
        tpm2_pcrextend "$line" || return 1
    done < "$f"
}
