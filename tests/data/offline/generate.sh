#!/bin/sh
# Regenerates the derived fixtures of tests/data/offline from the UTF-8 sources next to it.
# Windows writes these inputs as: regedit .reg = UTF-16LE with BOM and CRLF; PowerShell `>` =
# UTF-16LE with BOM; cmd.exe `>` = single-byte text with CRLF. iconv produces the UTF-16LE forms.
# Usage: sh generate.sh   (from any directory; needs python3 and iconv)
set -eu
cd "$(dirname "$0")"

crlf() { python3 -c 'import sys; d=sys.stdin.buffer.read().replace(b"\r\n",b"\n"); sys.stdout.buffer.write(d.replace(b"\n",b"\r\n"))'; }
utf16bom() { printf '\377\376'; iconv -f UTF-8 -t UTF-16LE; }

# regedit-style hex data: "name"=hex(N):aa,bb,...,\ wrapped before 80 columns, 2-space indent.
reghex() {  # $1 = name, $2 = type prefix (hex or hex(b) ...), $3 = file with the bytes
  python3 - "$1" "$2" "$3" <<'PY'
import sys
name, prefix, path = sys.argv[1], sys.argv[2], sys.argv[3]
data = open(path, "rb").read()
head = '"%s"=%s:' % (name, prefix)
toks = ["%02x" % b for b in data]
lines, cur = [], head
for i, t in enumerate(toks):
    piece = t + ("," if i + 1 < len(toks) else "")
    if len(cur) + len(piece) > 77:
        lines.append(cur + "\\")
        cur = "  "
    cur += piece
lines.append(cur)
print("\n".join(lines))
PY
}

# CryptoAPI serialized certificate element (facts/windows.md §2.3): {u32 prop-id=32, u32 1, u32 len, DER}.
python3 - <<'PY'
import struct
der = open("stm-ek-cert.der", "rb").read()
open("stm-ek-cert.blob.bin", "wb").write(struct.pack("<III", 32, 1, len(der)) + der)
PY
THUMB=B6BAE82B06492321A84308410C282928D789BBCA  # openssl x509 -fingerprint -sha1 of stm-ek-cert.der
WMI='HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\TPM\WMI'

ek_store() {
  printf '[%s\\Endorsement]\n\n[%s\\Endorsement\\EKCertStore]\n\n' "$WMI" "$WMI"
  printf '[%s\\Endorsement\\EKCertStore\\Certificates]\n\n' "$WMI"
  printf '[%s\\Endorsement\\EKCertStore\\Certificates\\%s]\n' "$WMI" "$THUMB"
  reghex Blob hex stm-ek-cert.blob.bin
  printf '\n'
}

# SEED000 device: EK cert in the registry store, but Tpm-Maintenance never ran (EULA not
# accepted), so there is no TaskStates key at all (facts/windows.md §0, §2.1).
{
  printf 'Windows Registry Editor Version 5.00\n\n[%s]\n\n' "$WMI"
  ek_store
} | crlf | utf16bom > seed000-eula-tpm-wmi.reg

{
  printf 'Windows Registry Editor Version 5.00\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE]\n\n'
} | crlf | utf16bom > seed000-eula-oobe.reg

# Healthy device, one combined export (value names/types from facts/windows.md §2.2).
printf '\000\000\000\000\000\000\000\000' > zero8.bin
printf '\001\002\003\004\005\006\007\010' > srkpub-synthetic.bin
healthy() {
  printf 'Windows Registry Editor Version 5.00\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\OOBE]\n'
  printf '"SetupDisplayedEula"=dword:00000001\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\Cryptography\\Ngc\\AIKCertEnroll]\n'
  printf '"ErrorCode"=dword:00000000\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\IntegrityServices]\n'
  reghex WBCL hex win-gcp-wbcl.bin
  printf '\n[%s]\n"TaskReadyForAttestation"=dword:00000001\n"TaskFirmwareVersion"="7.2.3.1"\n\n' "$WMI"
  printf '[%s\\Admin]\n' "$WMI"
  reghex SRKPub hex srkpub-synthetic.bin
  printf '\n'
  ek_store
  printf '[%s\\taskStates]\n' "$WMI"
  printf '"EkCertificatePresent"=dword:00000001\n"MaintenanceTaskComplete"=dword:00000001\n'
  printf '"PCR7BindingState"=dword:00000002\n"TpmProvisionHresult"=dword:00000000\n'
  reghex TcgHvciStatus 'hex(b)' zero8.bin
  printf '\n[%s\\TaskStates\\AttestationInfo]\n' "$WMI"
  printf '"EkCertProvisionResult"=dword:00000000\n"WindowsAikCorrelationId"="{00000000-0000-0000-0000-000000000000}"\n\n'
}
healthy | crlf | utf16bom > healthy-device.reg
healthy | crlf > healthy-device.utf8.reg
rm -f zero8.bin srkpub-synthetic.bin stm-ek-cert.blob.bin

# The device identity Windows copies from SMBIOS (HKLM\HARDWARE\DESCRIPTION\System\BIOS,
# facts/windows.md §2.1), as `reg export` writes it: a Hyper-V VM, and a physical device whose maker is
# also Microsoft (values illustrative).
bios() {  # $1 manufacturer, $2 product, $3 BIOS vendor, $4 BIOS version
  printf 'Windows Registry Editor Version 5.00\n\n'
  printf '[HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS]\n'
  printf '"BiosMajorRelease"=dword:00000004\n"BiosMinorRelease"=dword:00000001\n'
  printf '"BIOSVendor"="%s"\n"BIOSVersion"="%s"\n' "$3" "$4"
  printf '"SystemManufacturer"="%s"\n"SystemProductName"="%s"\n"BaseBoardManufacturer"="%s"\n\n' "$1" "$2" "$1"
}
bios 'Microsoft Corporation' 'Virtual Machine' 'Microsoft Corporation' 'Hyper-V UEFI Release v4.1' | crlf | utf16bom > bios-hyperv-vm.reg
bios 'Microsoft Corporation' 'Surface Laptop, 7th Edition' 'Microsoft Corporation' '175.77.235' | crlf | utf16bom > bios-physical-surface.reg
# One export of the keys that say which device it is (facts/windows.md §2.1): the BIOS key, the
# computer name and the Windows build (CurrentBuildNumber and UBR), as `reg export` of each key
# concatenated by an admin would give them (values illustrative).
{
  bios 'LENOVO' '21KC0001US' 'LENOVO' 'N3YET54W (1.29 )'
  printf '[HKEY_LOCAL_MACHINE\\SYSTEM\\CurrentControlSet\\Control\\ComputerName\\ComputerName]\n'
  printf '"ComputerName"="WKS-0142"\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n'
  printf '"CurrentBuild"="22631"\n"CurrentBuildNumber"="22631"\n"DisplayVersion"="23H2"\n"UBR"=dword:0000116c\n\n'
} | crlf | utf16bom > device-identity.reg

# The Windows build and its update revision (HKLM\SOFTWARE\Microsoft\Windows NT\CurrentVersion,
# facts/windows.md §2.1), as `reg export` writes the values tpmready reads: Windows 11 21H2 before the
# May 2022 cumulative update KB5013943 (22000.675). Only CurrentBuild, CurrentBuildNumber, UBR and the
# version numbers the key is known to hold; the UBR is illustrative (any value below 675).
current_version() {  # $1 build, $2 UBR as 8 hex digits
  printf 'Windows Registry Editor Version 5.00\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n'
  printf '"CurrentBuild"="%s"\n"CurrentBuildNumber"="%s"\n' "$1" "$1"
  printf '"CurrentMajorVersionNumber"=dword:0000000a\n"CurrentMinorVersionNumber"=dword:00000000\n'
  printf '"UBR"=dword:%s\n\n' "$2"
}
current_version 22000 0000022c | crlf | utf16bom > currentversion-22000.556.reg

crlf < seed000-hyperv-tpmtool.txt | utf16bom > seed000-hyperv-tpmtool.utf16.txt
crlf < seed000-eula-tpmtool.txt | utf16bom > seed000-eula-tpmtool.utf16.txt
{ printf '\357\273\277'; crlf < healthy-tpmtool.src.txt; } > healthy-tpmtool.utf8bom.txt
crlf < schtasks-seed000-list.txt | utf16bom > schtasks-seed000-list.utf16.txt
crlf < get-tpm-healthy.src.txt | utf16bom > get-tpm-healthy.txt
crlf < get-tpmekinfo-healthy.src.txt | utf16bom > get-tpmekinfo-healthy.txt
crlf < get-scheduledtaskinfo-healthy.src.txt | utf16bom > get-scheduledtaskinfo-healthy.txt

# Intel PTT device whose EK certificate download failed (facts/field-2026-12.md §C.1; windows.md
# §2.2 key 6 and 9 value names): Tpm-Maintenance ran, the EK certificate store is empty, TaskStates
# has no EkCertificatePresent, AttestationInfo and Endorsement hold retrieval results. The values
# are illustrative: their meanings are inferred from the names (UNVERIFIED).
{
  printf 'Windows Registry Editor Version 5.00\n\n[%s]\n\n' "$WMI"
  printf '[%s\\Endorsement]\n"EkTries"=dword:00000003\n"EkRetryLast"=hex(b):00,c0,7e,2a,7b,61,dd,01\n\n' "$WMI"
  printf '[%s\\Endorsement\\EKCertStore]\n\n[%s\\Endorsement\\EKCertStore\\Certificates]\n\n' "$WMI" "$WMI"
  printf '[%s\\TaskStates]\n"MaintenanceTaskComplete"=dword:00000001\n"PCR7BindingState"=dword:00000002\n\n' "$WMI"
  printf '[%s\\TaskStates\\AttestationInfo]\n"EkCertProvisionResult"=dword:80072ee7\n' "$WMI"
  printf '"EkCertRetrieveCertFailureStep"=dword:00000002\n\n'
} | crlf | utf16bom > ftpm-ek-download-failed.reg
crlf < ftpm-intel-tpmtool.txt | utf16bom > ftpm-intel-tpmtool.utf16.txt

# HKLM\SOFTWARE\Microsoft\Provisioning\Diagnostics\Autopilot of a device that is not registered
# (Microsoft, "Troubleshoot Autopilot OOBE issues": CloudAssignedTenantId blank, IsAutopilotDisabled 1).
{
  printf 'Windows Registry Editor Version 5.00\n\n'
  printf '[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Provisioning\\Diagnostics\\Autopilot]\n'
  printf '"CloudAssignedTenantId"=""\n"CloudAssignedTenantDomain"=""\n"IsAutopilotDisabled"=dword:00000001\n\n'
} | crlf | utf16bom > autopilot-not-registered.reg
