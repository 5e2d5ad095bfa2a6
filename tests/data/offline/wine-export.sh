#!/bin/sh
# How wine-regedit-tpm.reg and wine-reg-export-oobe.reg were made: real regedit.exe / reg.exe
# (Wine 8.0, Debian 8.0~repack-4) writing exports of values added with `reg add`, so the .reg
# parser is checked against an independent writer, not only against our own generate.sh.
# Value names and types are those of facts/windows.md §2.2; the Blob wraps stm-ek-cert.der as a
# serialized certificate element (§2.3). Run from this directory; uses a throwaway WINEPREFIX.
set -eu
export WINEPREFIX="${WINEPREFIX:-/tmp/offline-wine}" WINEDEBUG=-all
wineboot -i
BLOB=$(python3 -c "
import struct
der = open('stm-ek-cert.der', 'rb').read()
print((struct.pack('<III', 32, 1, len(der)) + der).hex())")
W='HKLM\SYSTEM\CurrentControlSet\Services\TPM\WMI'
wine reg add "$W\TaskStates" /v EkCertificatePresent /t REG_DWORD /d 1 /f
wine reg add "$W\TaskStates" /v TcgHvciStatus /t REG_QWORD /d 0x1122334455667788 /f
wine reg add "$W\TaskStates\AttestationInfo" /v WindowsAikCorrelationId /t REG_SZ /d 'quote " and back \ slash' /f
wine reg add "$W\Endorsement\EKCertStore\Certificates\B6BAE82B06492321A84308410C282928D789BBCA" /v Blob /t REG_BINARY /d "$BLOB" /f
wine reg add "$W" /v TaskFirmwareVersion /t REG_SZ /d 7.2.3.1 /f
wine reg add "$W" /v ExpandSample /t REG_EXPAND_SZ /d '%SystemRoot%\x' /f
wine reg add "$W" /v MultiSample /t REG_MULTI_SZ /d 'one\0two' /f
wine reg add "$W\Admin" /v SRKPub /t REG_BINARY /d 0102030405060708 /f
wine reg add 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\OOBE' /f
wine regedit /E wine-regedit-tpm.reg 'HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\TPM'
wine reg export 'HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion\Setup\OOBE' wine-reg-export-oobe.reg /y
