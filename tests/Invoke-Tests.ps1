<#
.SYNOPSIS
Runs xunit, then Pester against the built module in a fresh pwsh; ends with "N passed, M failed".
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
$root = Split-Path $PSScriptRoot
$results = "$root/output/TestResults"
if (Test-Path $results) { Remove-Item $results -Recurse -Force }

# xunit
dotnet test "$PSScriptRoot/SinchBatch.Tests/SinchBatch.Tests.csproj" -c $Configuration --no-build --nologo `
    --logger 'trx;LogFileName=xunit.trx' --logger 'console;verbosity=minimal' --results-directory $results
$counters = ([xml](Get-Content "$results/xunit.trx" -Raw)).TestRun.ResultSummary.Counters
$xunitPassed = [int]$counters.passed
$xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted

# Pester, from NuGet (no PowerShell Gallery here), in a fresh process so nothing of this one leaks in.
dotnet restore "$PSScriptRoot/Tools/Tools.csproj" --nologo -v quiet
if ($LASTEXITCODE) { throw 'Could not restore Pester from NuGet.' }
$packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
$env:SINCHBATCH_PESTER = "$packages/pester/5.7.1/tools/Pester.psd1"
$env:SINCHBATCH_MODULE = "$ModuleDir/SinchBatch.psd1"
$env:SINCHBATCH_EMULATOR = $EmulatorDll
$env:SINCHBATCH_RESULTS = "$results/pester.json"
$env:SINCHBATCH_TESTS = $PSScriptRoot
dotnet pwsh -NoProfile -NonInteractive -Command {
    Import-Module $env:SINCHBATCH_PESTER
    $config = New-PesterConfiguration
    $config.Run.Path = $env:SINCHBATCH_TESTS
    $config.Run.PassThru = $true
    $config.Output.Verbosity = 'Detailed'
    $run = Invoke-Pester -Configuration $config
    @{ passed = $run.PassedCount; failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount } |
        ConvertTo-Json | Set-Content $env:SINCHBATCH_RESULTS
}
$pester = if (Test-Path "$results/pester.json") { Get-Content "$results/pester.json" -Raw | ConvertFrom-Json } else { @{ passed = 0; failed = 1 } }

Write-Host "xunit: $xunitPassed passed, $xunitFailed failed. Pester: $($pester.passed) passed, $($pester.failed) failed."
$passed = $xunitPassed + $pester.passed
$failed = $xunitFailed + $pester.failed
"$passed passed, $failed failed"
exit ([int]($failed -gt 0 -or $passed -eq 0))
