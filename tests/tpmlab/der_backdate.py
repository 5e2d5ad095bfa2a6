#!/usr/bin/env python3
"""der_backdate.py IN_DER OUT_DER NOTBEFORE NOTAFTER CA_KEY

Rewrite the validity of a DER X.509 certificate (UTCTime YYMMDDHHMMSSZ, same length, so no
length field changes) and re-sign its TBS with CA_KEY (sha256, via `openssl dgst`). Used by the
expired-ekcert scenario because OpenSSL 3.0 cannot combine -force_pubkey with explicit dates.
"""
import subprocess
import sys


def header(buf: bytes, i: int) -> tuple[int, int]:
    """Return (content offset, content length) of the DER TLV at i."""
    first = buf[i + 1]
    if first < 0x80:
        return i + 2, first
    n = first & 0x7F
    return i + 2 + n, int.from_bytes(buf[i + 2:i + 2 + n], "big")


def main() -> int:
    src, out, not_before, not_after, key = sys.argv[1:6]
    cert = open(src, "rb").read()
    body, _ = header(cert, 0)
    tbs_body, tbs_len = header(cert, body)
    tbs_end = tbs_body + tbs_len
    tbs = bytearray(cert[body:tbs_end])
    # Validity ::= SEQUENCE { UTCTime(13), UTCTime(13) } -> 30 1e 17 0d ... 17 0d ...
    i = tbs.find(b"\x30\x1e\x17\x0d")
    if i <= 0 or tbs[i + 17:i + 19] != b"\x17\x0d":
        sys.exit(f"der_backdate: {src}: UTCTime validity not found in TBS")
    tbs[i + 4:i + 17] = not_before.encode()
    tbs[i + 19:i + 32] = not_after.encode()
    sig = subprocess.run(["openssl", "dgst", "-sha256", "-sign", key], input=bytes(tbs),
                         capture_output=True, check=True).stdout
    old_sig_len = 256  # RSA-2048 intermediate: BIT STRING content is 0x00 + 256 bytes
    if len(sig) != old_sig_len or cert[-old_sig_len:] == sig:
        sys.exit(f"der_backdate: {src}: unexpected signature length {len(sig)}")
    open(out, "wb").write(cert[:body] + bytes(tbs) + cert[tbs_end:len(cert) - len(sig)] + sig)
    return 0


if __name__ == "__main__":
    sys.exit(main())
