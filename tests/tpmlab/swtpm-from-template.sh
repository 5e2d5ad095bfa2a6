#!/usr/bin/env bash
# swtpm-from-template.sh TEMPLATE_DIR RUN_DIR [PORT]
# Copy a provisioned (stopped) scenario template into RUN_DIR and start a swtpm on it, so each
# test gets its own TPM without re-provisioning. The copy has the same EK (it derives from the
# seed in tpm2-00.permall). RUN_DIR must not exist, be empty, or be an earlier tpmlab dir
# whose swtpm is down. Prints the same line as swtpm-up.sh (TPM2TOOLS_TCTI=...); the port is in
# RUN_DIR/swtpm.port. Stop it with swtpm-down.sh RUN_DIR.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
. "$here/tpmlab-common.sh"

[ $# -ge 2 ] && [ $# -le 3 ] || tpmlab_die "usage: swtpm-from-template.sh TEMPLATE_DIR RUN_DIR [PORT]"
[ -f "$1/.tpmlab" ] && [ -f "$1/tpm2-00.permall" ] || tpmlab_die "$1 is not a provisioned tpmlab template"
tmpl=$(tpmlab_abs "$1")
if [ -f "$tmpl/swtpm.pid" ] && tpmlab_pid_is_ours "$(cat "$tmpl/swtpm.pid")" "$tmpl"; then
    tpmlab_die "template $tmpl has a running swtpm; copy it only while it is down"
fi
if [ -e "$2" ] && [ -n "$(ls -A "$2")" ]; then
    [ -f "$2/.tpmlab" ] || tpmlab_die "$2 is not empty and not a tpmlab dir; refusing to wipe it"
    [ -f "$2/swtpm.pid" ] && tpmlab_pid_is_ours "$(cat "$2/swtpm.pid")" "$(tpmlab_abs "$2")" && \
        tpmlab_die "$2 has a running swtpm; run swtpm-down.sh first"
    find "$2" -mindepth 1 -delete
fi
mkdir -p "$2"
run=$(tpmlab_abs "$2")
cp -a "$tmpl/." "$run/"
rm -f "$run/swtpm.pid" "$run/swtpm.port" "$run/swtpm.log" "$run/.complete"
exec "$here/swtpm-up.sh" "$run" ${3:+"$3"}
