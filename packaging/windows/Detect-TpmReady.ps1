# Detect-TpmReady.ps1: the detection script of an Intune Remediations script package for tpmready.
#
# Runs `tpmready.exe check --summary`, which prints one line (verdict, root causes, fix action IDs;
# always shorter than the 2,048 characters Intune keeps) that shows in the Remediations report and
# its CSV export (`tpmready fleet ingest` reads that export back). Then exits as Remediations
# expects of a detection script:
#   exit 0  ready: no issue, the remediation script does not run
#   exit 1  not ready, undetermined, or tpmready.exe could not run: the remediation script runs
# Microsoft documents the convention: "A remediation script only runs if the detection script uses
# exit code `exit 1`, meaning the issue was detected." and "The remediation script won't run when
# there's any other exit code" (Microsoft Learn, "Remediations", sections "Script requirements" and
# "Deploy the script packages": https://learn.microsoft.com/intune/intune-service/fundamentals/remediations;
# its source: github.com/MicrosoftDocs/memdocs, memdocs/intune/fundamentals/remediations.md).
# Undetermined (tpmready exit 3: a required fact could not be read) is reported as an issue too:
# any other exit code would count the device as one without issues.
#
# tpmready.exe must already be on the device (a script package carries only the two scripts): the
# path below is where README.txt's steps put it. Run as SYSTEM (not with the logged-on
# credentials), 64-bit PowerShell.
$TpmReady = Join-Path $(if ($env:ProgramW6432) { $env:ProgramW6432 } else { $env:ProgramFiles }) 'tpmready\tpmready.exe'

if (-not (Test-Path -LiteralPath $TpmReady -PathType Leaf)) {
    Write-Output "tpmready: error: $TpmReady not found (deploy tpmready.exe there first)"
    exit 1
}
& $TpmReady check --summary --ascii
if ($LASTEXITCODE -eq 0) { exit 0 }
exit 1
