# Remediate-TpmReady.ps1: the remediation script of an Intune Remediations script package for
# tpmready; it runs when Detect-TpmReady.ps1 exits 1.
#
# Runs `tpmready.exe fix --apply`: only the safe actions the check found a root cause for (set
# SetupDisplayedEula = 1, start the Tpm-Maintenance task and wait for it); it never clears, resets
# or takes ownership of the TPM. The full result (the plan, each change, the verdict before and
# after) goes to a log file; Intune's output column gets one line: the verdict after the fix, its
# root causes and the log's path. The exit code is tpmready's: 0 ready after the fix, 1 still not
# ready, 2 not elevated or usage, 3 undetermined. Run as SYSTEM, 64-bit PowerShell.
$TpmReady = Join-Path $(if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }) 'tpmready\tpmready.exe'
$LogDir = Join-Path $env:ProgramData 'tpmready'

if (-not (Test-Path -LiteralPath $TpmReady -PathType Leaf)) {
    Write-Output "tpmready: error: $TpmReady not found (deploy tpmready.exe there first)"
    exit 2
}
New-Item -ItemType Directory -Force -Path $LogDir | Out-Null
& $TpmReady fix --apply --ascii -o (Join-Path $LogDir 'fix-result.txt')
exit $LASTEXITCODE
