#!/usr/bin/env bash
# provision-all.sh OUT_DIR [SCENARIO...]
# Provision scenario templates once, two at a time (the CI machine has 2 cores), into
# OUT_DIR/<scenario>/ (stopped, ready for swtpm-from-template.sh). Without SCENARIO: all of them.
# Per-scenario logs in OUT_DIR/<scenario>.log. A template that is already complete (stamp file
# OUT_DIR/<scenario>/.complete, written last, holding the hash of the provisioning scripts) is
# kept while those scripts are unchanged, unless TPMLAB_REPROVISION=1.
# Exit 0 only if every scenario is provisioned; failures are listed with their log's tail.
# Env: TPMLAB_JOBS (default 2).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=SCRIPTDIR/tpmlab-common.sh
. "$here/tpmlab-common.sh"

ALL="healthy-rsa2048 healthy-ecc no-ekcert rsa3072-sha384 ekcert-mismatch not-persisted lockout owner-auth-set expired-ekcert tpm-fresh extra-nv nv-passwords nv-passwords-owner-auth"
[ $# -ge 1 ] || tpmlab_die "usage: provision-all.sh OUT_DIR [SCENARIO...]"
mkdir -p "$1"
out=$(tpmlab_abs "$1"); shift
# shellcheck disable=SC2086  # $ALL is a word list
[ $# -gt 0 ] || set -- $ALL
for s in "$@"; do
    case " $ALL " in *" $s "*) ;; *) tpmlab_die "unknown scenario '$s' (known: $ALL)";; esac
done

stamp=$(cat "$here/provision.sh" "$here/tpmlab-common.sh" "$here/der_backdate.py" | sha256sum | cut -c1-16)
todo=()
for s in "$@"; do
    if [ "$(cat "$out/$s/.complete" 2>/dev/null)" = "$stamp" ] && [ "${TPMLAB_REPROVISION:-0}" != 1 ]; then
        tpmlab_log "$s: template exists, kept"
    else
        todo+=("$s")
    fi
done

if [ ${#todo[@]} -gt 0 ]; then
    t0=$(tpmlab_now)
    # xargs runs provision.sh per scenario, TPMLAB_JOBS at a time; each one's status goes in
    # its own file so one failure does not hide the others.
    # shellcheck disable=SC2016  # the sh -c script gets its values as $1..$4
    printf '%s\n' "${todo[@]}" | xargs -P "${TPMLAB_JOBS:-2}" -I{} sh -c \
        'rm -f "$2/$1.status"; if TPMLAB_QUIET=1 "$3/provision.sh" "$2/$1" "$1" >"$2/$1.log" 2>&1; then
             echo "$4" > "$2/$1/.complete"; echo ok > "$2/$1.status"; else echo failed > "$2/$1.status"; fi' \
        _ {} "$out" "$here" "$stamp"
    tpmlab_log "provisioned ${#todo[@]} scenario(s) in $(python3 -c 'import sys;print(round(float(sys.argv[1])-float(sys.argv[2]),1))' "$(tpmlab_now)" "$t0") s"
fi

failed=0
for s in "${todo[@]}"; do
    if [ "$(cat "$out/$s.status" 2>/dev/null)" != ok ]; then
        failed=1
        echo "tpmlab: error: provisioning $s failed; last lines of $out/$s.log:" >&2
        tail -n 5 "$out/$s.log" >&2 || true
    fi
    rm -f "$out/$s.status"
done
exit $failed
