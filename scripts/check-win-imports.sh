#!/usr/bin/env bash
# Fails when a Windows exe imports anything but Windows system DLLs (the exe must run from a USB
# stick in OOBE with nothing installed). Prints the import list and the size.
set -euo pipefail
allow='^(kernel32|msvcrt|advapi32|bcrypt|crypt32|ncrypt|ole32|oleaut32|ws2_32|tbs|user32|shell32|shlwapi|setupapi|cfgmgr32|wintrust|winhttp|ntdll|secur32|iphlpapi|wevtapi|cabinet)\.dll$'
rc=0
for exe in "$@"; do
  dlls=$(x86_64-w64-mingw32-objdump -p "$exe" | sed -n 's/^[[:space:]]*DLL Name: //p' | tr 'A-Z' 'a-z')
  echo "$exe: $(stat -c %s "$exe") bytes, imports: $(echo $dlls)"
  for dll in $dlls; do
    echo "$dll" | grep -Eq "$allow" || { echo "$exe: non-system DLL import: $dll" >&2; rc=1; }
  done
done
exit $rc
