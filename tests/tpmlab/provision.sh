#!/usr/bin/env bash
# provision.sh STATE_DIR SCENARIO
# Create a FRESH swtpm TPM 2.0 state in STATE_DIR and provision one scenario (see README.md).
# STATE_DIR must not exist, be empty, or be an earlier tpmlab state (marker file .tpmlab); its
# contents are wiped. A throwaway test EK CA (root + intermediate) is made in STATE_DIR/lab/ca.
# swtpm is stopped in order at the end (TPM2_Shutdown) unless KEEP_RUNNING=1, which leaves it up
# (port in STATE_DIR/swtpm.port, TCTI printed on stdout).
# Facts for tests go to STATE_DIR/scenario.env; artefacts to STATE_DIR/lab/.
#
# Env: PORT (fixed server port), KEEP_RUNNING=1, OWNER_AUTH (owner-auth-set; default tpmlab-owner),
#      RSA3072_EK_HANDLE (default 0x81010001; swtpm_setup itself uses 0x8101001c).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
# shellcheck source=SCRIPTDIR/tpmlab-common.sh
. "$here/tpmlab-common.sh"

SCENARIOS="healthy-rsa2048 healthy-ecc no-ekcert rsa3072-sha384 ekcert-mismatch not-persisted lockout owner-auth-set expired-ekcert tpm-fresh extra-nv nv-passwords nv-passwords-owner-auth"
usage() { echo "usage: provision.sh STATE_DIR SCENARIO   (SCENARIO: ${SCENARIOS// /|})" >&2; exit 2; }
[ $# -eq 2 ] || usage
scenario=$2
case " $SCENARIOS " in *" $scenario "*) ;; *) usage;; esac
tpmlab_need swtpm tpm2_createek tpm2_nvdefine openssl python3

# ---- fresh state dir ----------------------------------------------------------------------------
if [ -e "$1" ]; then
    [ -d "$1" ] || tpmlab_die "$1 is not a directory"
    if [ -n "$(ls -A "$1")" ]; then
        [ -f "$1/.tpmlab" ] || tpmlab_die "$1 is not empty and not a tpmlab state dir; refusing to wipe it"
        "$here/swtpm-down.sh" "$1" >/dev/null 2>&1 || true
        find "$1" -mindepth 1 -delete
    fi
fi
mkdir -p "$1"
state=$(tpmlab_abs "$1")
touch "$state/.tpmlab"
lab="$state/lab"; mkdir -p "$lab"
t0=$(tpmlab_now)

# ---- start swtpm --------------------------------------------------------------------------------
cleanup() {
    if [ "${KEEP_RUNNING:-0}" != 1 ] || [ "${ok:-0}" != 1 ]; then
        TPMLAB_QUIET=1 "$here/swtpm-down.sh" "$state" >/dev/null 2>&1 || true
    fi
}
trap cleanup EXIT
TPMLAB_QUIET=1 "$here/swtpm-up.sh" "$state" ${PORT:+"$PORT"} >/dev/null
port=$(cat "$state/swtpm.port")
export TPM2TOOLS_TCTI; TPM2TOOLS_TCTI=$(tpmlab_tcti "$port")

# ---- constants ----------------------------------------------------------------------------------
# EK certificate NV indices: facts/tcg.md §3.1 (EKCP §2.2.1.4 low range, §2.2.1.5 high range)
NV_RSA2048_EKCERT=0x01c00002   # L-1
NV_ECCP256_EKCERT=0x01c0000a   # L-2
NV_RSA3072_EKCERT=0x01c0001c   # H-6
# EK persistent handles: facts/tcg.md §3.2 (TCG provisioning guidance)
EK_RSA_HANDLE=0x81010001
EK_ECC_HANDLE=0x81010002
EK_RSA3072_HANDLE=${RSA3072_EK_HANDLE:-0x81010001}
# PolicyB (SHA-384) authPolicy of the H-6/H-7 EK templates: facts/tcg.md §3.4
POLICY_B_SHA384=b26e7d28d11a50bc53d882bcf5fd3a1a074148bb35d3b4e4cb1c0ad9bde419cacb47ba09699646150f9fc000f3f80e12
# EK cert index attributes as platform firmware / swtpm_setup create them (platform-created,
# readable with the index's own empty auth, not DA-protected)
NV_EKCERT_ATTRS="ppwrite|writedefine|ppread|ownerread|authread|no_da|platformcreate"

# ---- test CA ------------------------------------------------------------------------------------
make_ca() {
    local d="$lab/ca"; mkdir -p "$d"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout "$d/root.key" -sha256 -days 7300 \
        -subj "/C=US/O=tpmlab TEST ONLY/CN=tpmlab Test EK Root CA" \
        -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
        -out "$d/root.pem" 2>/dev/null
    openssl req -new -newkey rsa:2048 -nodes -keyout "$d/intermediate.key" \
        -subj "/C=US/O=tpmlab TEST ONLY/CN=tpmlab Test EK Intermediate CA" -out "$d/intermediate.csr" 2>/dev/null
    printf '[i]\nbasicConstraints=critical,CA:TRUE,pathlen:0\nkeyUsage=critical,keyCertSign,cRLSign\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' > "$d/intermediate.ext"
    openssl x509 -req -in "$d/intermediate.csr" -CA "$d/root.pem" -CAkey "$d/root.key" -set_serial 2 \
        -days 7300 -sha256 -extfile "$d/intermediate.ext" -extensions i -out "$d/intermediate.pem" 2>/dev/null
    cat "$d/intermediate.pem" "$d/root.pem" > "$d/chain.pem"
    # TCG EK certs have an EMPTY subject and a critical SAN (facts/tcg.md §3.5). The CSR key is a
    # dummy: the EK public key is forced into the cert.
    openssl req -new -newkey rsa:2048 -nodes -keyout "$d/dummy.key" -subj "/" -out "$d/empty.csr" 2>/dev/null
}

# issue_ekcert EK_PUB_PEM OUT_DER KIND(rsa|ecc) DIGEST(sha256|sha384)
issue_ekcert() {
    local pub=$1 out=$2 kind=$3 md=$4 ku d="$lab/ca"
    [ "$kind" = ecc ] && ku=keyAgreement || ku=keyEncipherment
    # openssl strips a leading "N." from dirName field names, hence the dummy "a." prefix on the
    # TCG attribute OIDs (manufacturer/model/version, facts/tcg.md §3.5).
    cat > "$d/ek.ext" <<EOX
[ek]
basicConstraints=critical,CA:FALSE
keyUsage=critical,$ku
extendedKeyUsage=2.23.133.8.1
subjectAltName=critical,dirName:tpm_san
authorityKeyIdentifier=keyid
[tpm_san]
a.2.23.133.2.1=UTF8String:id:49424D00
a.2.23.133.2.2=UTF8String:swtpm
a.2.23.133.2.3=UTF8String:id:20191023
EOX
    openssl x509 -req -in "$d/empty.csr" -CA "$d/intermediate.pem" -CAkey "$d/intermediate.key" \
        -force_pubkey "$pub" -set_serial "0x$(openssl rand -hex 8 | sed 's/^./1/')" -days 3650 "-$md" \
        -extfile "$d/ek.ext" -extensions ek -outform DER -out "$out" 2>/dev/null
}

# backdate_cert IN_DER OUT_DER NOTBEFORE NOTAFTER (UTCTime YYMMDDHHMMSSZ)
# OpenSSL 3.0 cannot combine explicit dates with -force_pubkey, so the TBS validity is patched
# in place (same length) and the TBS is re-signed with the intermediate key.
backdate_cert() {
    python3 "$here/der_backdate.py" "$1" "$2" "$3" "$4" "$lab/ca/intermediate.key"
}

# store_cert INDEX DER: platform-created EK cert index, written, then write-locked like firmware
store_cert() {
    local idx=$1 der=$2 size
    size=$(stat -c %s "$der")
    tpm2_nvdefine "$idx" -C p -s "$size" -a "$NV_EKCERT_ATTRS" >/dev/null
    tpm2_nvwrite "$idx" -C p -i "$der"
    tpm2_nvwritelock "$idx" -C p
}

ek_rsa2048() { # $1 = persistent handle, or "" for a transient EK that is flushed again
    if [ -n "$1" ]; then
        tpm2_createek -c "$1" -G rsa -u "$lab/ek.pem" -f pem >/dev/null
    else
        tpm2_createek -c "$lab/ek.ctx" -G rsa -u "$lab/ek.pem" -f pem >/dev/null
        tpm2_flushcontext -t; rm -f "$lab/ek.ctx"
    fi
}

env_out() { # env_out KEY VALUE: set KEY in scenario.env (replacing an existing KEY)
    local f="$state/scenario.env"
    grep -v "^$1=" "$f" > "$f.tmp" || true; echo "$1=$2" >> "$f.tmp"; mv "$f.tmp" "$f"
}
: > "$state/scenario.env"
env_out SCENARIO "$scenario"
env_out EK_HANDLE ""
env_out EK_CERT_INDEX ""
env_out OWNER_AUTH ""

healthy_rsa() {
    make_ca; ek_rsa2048 "$EK_RSA_HANDLE"
    issue_ekcert "$lab/ek.pem" "$lab/ekcert.der" rsa sha256
    store_cert "$NV_RSA2048_EKCERT" "$lab/ekcert.der"
    env_out EK_HANDLE "$EK_RSA_HANDLE"; env_out EK_CERT_INDEX "$NV_RSA2048_EKCERT"
}

# extra_nv: ordinary (non-EK) indices of several sizes and attributes, as OEM tools leave them.
# 0x01500001 written (32 B), 0x01500002 written (1500 B > NV_BUFFER_MAX 1024, so reads are
# chunked), 0x01500003 defined but never written (NV_Read fails with TPM_RC_NV_UNINITIALIZED),
# 0x01800001 platform-created (ppread only for reads). Plus PCR extends in sha1 and sha256.
extra_nv() {
    head -c 32 /dev/urandom > "$lab/nv-01500001.bin"
    tpm2_nvdefine 0x01500001 -C o -s 32 -a "ownerread|ownerwrite|authread|authwrite|no_da" >/dev/null
    tpm2_nvwrite 0x01500001 -C o -i "$lab/nv-01500001.bin"
    head -c 1500 /dev/urandom > "$lab/nv-01500002.bin"
    tpm2_nvdefine 0x01500002 -C o -s 1500 -a "ownerread|ownerwrite|authread|authwrite|no_da|read_stclear" >/dev/null
    tpm2_nvwrite 0x01500002 -C o -i "$lab/nv-01500002.bin"
    tpm2_nvdefine 0x01500003 -C o -s 64 -a "ownerread|ownerwrite|authread|authwrite|no_da" >/dev/null
    head -c 16 /dev/urandom > "$lab/nv-01800001.bin"
    tpm2_nvdefine 0x01800001 -C p -s 16 -a "ppread|ppwrite|ownerread|platformcreate|no_da" >/dev/null
    tpm2_nvwrite 0x01800001 -C p -i "$lab/nv-01800001.bin"
    env_out EXTRA_NV_INDICES "0x01500001 0x01500002 0x01500003 0x01800001"
    env_out UNWRITTEN_NV_INDEX 0x01500003
    local pcr
    : > "$lab/pcr-extends.txt"
    for pcr in 7 16 23; do
        echo "$pcr:sha1=$(openssl rand -hex 20),sha256=$(openssl rand -hex 32)" >> "$lab/pcr-extends.txt"
    done
    tpmlab_apply_pcr_extends "$state"
    env_out PCR_EXTENDED "7 16 23"
}

# Password-protected NV indices without TPMA_NV_NO_DA: a wrong (or empty) password against them
# counts towards dictionary-attack lockout. DA is armed as in `lockout` (3 failures lock the TPM),
# so a read-only tool that guesses locks this TPM within one run of three commands.
#   0x01c00100  EK certificate chain range, the security review's reproduction: owner-readable too
#   0x01c0000a  the ECC EK certificate index, readable with its password only
#   0x01500200  elsewhere, readable with its password only
nv_passwords() {
    healthy_rsa
    tpm2_dictionarylockout -s -n 3 -t 86400 -l 86400
    head -c 8 /dev/urandom > "$lab/nv-01c00100.bin"
    tpm2_nvdefine 0x01c00100 -C o -s 8 -a "ownerwrite|authread|authwrite|ownerread" -p tpmlab-nv >/dev/null
    tpm2_nvwrite 0x01c00100 -C o -i "$lab/nv-01c00100.bin"
    head -c 16 /dev/urandom > "$lab/nv-01c0000a.bin"
    tpm2_nvdefine 0x01c0000a -C o -s 16 -a "authread|authwrite" -p tpmlab-nv >/dev/null
    tpm2_nvwrite 0x01c0000a -C 0x01c0000a -P tpmlab-nv -i "$lab/nv-01c0000a.bin"
    head -c 8 /dev/urandom > "$lab/nv-01500200.bin"
    tpm2_nvdefine 0x01500200 -C o -s 8 -a "authread|authwrite" -p tpmlab-nv >/dev/null
    tpm2_nvwrite 0x01500200 -C 0x01500200 -P tpmlab-nv -i "$lab/nv-01500200.bin"
    env_out NV_PASSWORD tpmlab-nv
    env_out NV_PASSWORD_INDICES "0x01c00100 0x01c0000a 0x01500200"
}

case "$scenario" in
healthy-rsa2048) healthy_rsa ;;
healthy-ecc)
    make_ca
    tpm2_createek -c "$EK_ECC_HANDLE" -G ecc -u "$lab/ek.pem" -f pem >/dev/null
    issue_ekcert "$lab/ek.pem" "$lab/ekcert.der" ecc sha256
    store_cert "$NV_ECCP256_EKCERT" "$lab/ekcert.der"
    env_out EK_HANDLE "$EK_ECC_HANDLE"; env_out EK_CERT_INDEX "$NV_ECCP256_EKCERT" ;;
no-ekcert)
    ek_rsa2048 "$EK_RSA_HANDLE"; env_out EK_HANDLE "$EK_RSA_HANDLE" ;;
rsa3072-sha384)
    make_ca
    python3 -c 'import sys;sys.stdout.buffer.write(bytes.fromhex(sys.argv[1]))' "$POLICY_B_SHA384" > "$lab/policyB-sha384.bin"
    # EK template H-6 (facts/tcg.md §3.4): RSA 3072, nameAlg SHA384, AES-256-CFB, PolicyB-SHA384,
    # empty unique. tpm2_createek 5.4 only knows the low templates, so it is built by hand.
    tpm2_createprimary -C e -g sha384 -G rsa3072:null:aes256cfb \
        -a 'fixedtpm|fixedparent|sensitivedataorigin|userwithauth|adminwithpolicy|restricted|decrypt' \
        -L "$lab/policyB-sha384.bin" -c "$lab/ek.ctx" >/dev/null
    tpm2_evictcontrol -C o -c "$lab/ek.ctx" "$EK_RSA3072_HANDLE" >/dev/null
    tpm2_flushcontext -t; rm -f "$lab/ek.ctx"
    tpm2_readpublic -c "$EK_RSA3072_HANDLE" -f pem -o "$lab/ek.pem" >/dev/null
    issue_ekcert "$lab/ek.pem" "$lab/ekcert.der" rsa sha384
    store_cert "$NV_RSA3072_EKCERT" "$lab/ekcert.der"
    env_out EK_HANDLE "$EK_RSA3072_HANDLE"; env_out EK_CERT_INDEX "$NV_RSA3072_EKCERT" ;;
ekcert-mismatch)
    make_ca; ek_rsa2048 "$EK_RSA_HANDLE"
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$lab/other.key" 2>/dev/null
    openssl pkey -in "$lab/other.key" -pubout -out "$lab/other.pem"
    issue_ekcert "$lab/other.pem" "$lab/ekcert.der" rsa sha256
    store_cert "$NV_RSA2048_EKCERT" "$lab/ekcert.der"
    env_out EK_HANDLE "$EK_RSA_HANDLE"; env_out EK_CERT_INDEX "$NV_RSA2048_EKCERT" ;;
not-persisted)
    make_ca; ek_rsa2048 ""
    issue_ekcert "$lab/ek.pem" "$lab/ekcert.der" rsa sha256
    store_cert "$NV_RSA2048_EKCERT" "$lab/ekcert.der"
    env_out EK_CERT_INDEX "$NV_RSA2048_EKCERT" ;;
lockout)
    healthy_rsa
    # maxTries 3, recoveryTime and lockoutRecovery 86400 s (recoveryTime 0 would disable DA);
    # lockoutAuth stays empty so `tpm2_dictionarylockout -c` can clear it.
    tpm2_dictionarylockout -s -n 3 -t 86400 -l 86400
    # A DA-protected index (no TPMA_NV_NO_DA) with a password, hammered with a wrong one: owner
    # and endorsement auth failures do not count towards lockout, index auth failures do.
    tpm2_nvdefine 0x01500100 -C o -s 8 -a "authread|authwrite" -p tpmlab-right >/dev/null
    for _ in 1 2 3 4; do tpm2_nvread 0x01500100 -C 0x01500100 -P tpmlab-wrong -s 8 >/dev/null 2>&1 || true; done
    env_out DA_INDEX 0x01500100 ;;
owner-auth-set)
    healthy_rsa
    tpm2_changeauth -c o "${OWNER_AUTH:-tpmlab-owner}"
    env_out OWNER_AUTH "${OWNER_AUTH:-tpmlab-owner}" ;;
expired-ekcert)
    make_ca; ek_rsa2048 "$EK_RSA_HANDLE"
    issue_ekcert "$lab/ek.pem" "$lab/ekcert-valid.der" rsa sha256
    backdate_cert "$lab/ekcert-valid.der" "$lab/ekcert.der" 200101000000Z 210101000000Z
    rm -f "$lab/ekcert-valid.der"
    store_cert "$NV_RSA2048_EKCERT" "$lab/ekcert.der"
    env_out EK_HANDLE "$EK_RSA_HANDLE"; env_out EK_CERT_INDEX "$NV_RSA2048_EKCERT" ;;
extra-nv) healthy_rsa; extra_nv ;;
nv-passwords) nv_passwords ;;
nv-passwords-owner-auth)
    nv_passwords
    tpm2_changeauth -c o "${OWNER_AUTH:-tpmlab-owner}"
    env_out OWNER_AUTH "${OWNER_AUTH:-tpmlab-owner}" ;;
tpm-fresh) ;;
esac

if [ -f "$lab/ekcert.der" ]; then
    openssl x509 -inform DER -in "$lab/ekcert.der" -out "$lab/ekcert.pem"
fi
env_out PROVISION_SECONDS "$(python3 -c 'import sys;print(round(float(sys.argv[1])-float(sys.argv[2]),2))' "$(tpmlab_now)" "$t0")"
ok=1
if [ "${KEEP_RUNNING:-0}" = 1 ]; then
    tpmlab_log "provisioned $scenario; swtpm still running on 127.0.0.1:$port"
    echo "TPM2TOOLS_TCTI=$TPM2TOOLS_TCTI"
else
    tpmlab_log "provisioned $scenario in $state"
fi
