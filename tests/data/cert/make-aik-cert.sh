#!/bin/sh
# Writes aik-synthetic.pem: an AIK certificate shaped as the TPM attestation requirements describe
# one (docs/facts/tcg.md §3.6: extended key usage 2.23.133.8.3, digitalSignature, cA=FALSE, empty
# subject with a critical SAN naming the TPM), issued by a throwaway CA. Keys are generated on
# each run; the committed file is one run's output (only its shape is tested).
set -eu
cd "$(dirname "$0")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/ca.key" -out "$tmp/ca.pem" -days 3650 \
  -subj "/CN=tpmready test AIK CA" 2>/dev/null
openssl req -new -newkey rsa:2048 -nodes -keyout "$tmp/aik.key" -out "$tmp/aik.csr" -subj "/" 2>/dev/null
cat > "$tmp/ext.cnf" <<'CNF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=2.23.133.8.3
subjectAltName=critical,dirName:tpm_san
[tpm_san]
a.2.23.133.2.1=UTF8String:id:49465800
a.2.23.133.2.2=UTF8String:SLB9670
a.2.23.133.2.3=UTF8String:id:00070055
CNF
openssl x509 -req -in "$tmp/aik.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca.key" -set_serial 0x2a -days 3650 \
  -extfile "$tmp/ext.cnf" -out aik-synthetic.pem 2>/dev/null
