<#
.SYNOPSIS
Runs xunit, then Pester against the built module in a fresh pwsh; writes "N passed, M failed" to
output/TestResults/summary.txt and exits 1 when any failed.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    # Pester.psd1, as SinchBatch.Build's Get-BuildTool restored it from NuGet.
    [Parameter(Mandatory)] [string] $PesterModule,
    [string] $Configuration = 'Release',
    # Pester tags to leave out: build.ps1 -Task Fast leaves out Slow.
    [string[]] $ExcludeTag = @()
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

# Pester in a fresh process, so nothing of this one leaks in.
$env:SINCHBATCH_PESTER = $PesterModule
$env:SINCHBATCH_EXCLUDE_TAG = $ExcludeTag -join ','
$env:SINCHBATCH_MODULE = "$ModuleDir/SinchBatch.psd1"
$env:SINCHBATCH_EMULATOR = $EmulatorDll
$env:SINCHBATCH_RESULTS = "$results/pester.json"
$env:SINCHBATCH_TESTS = $PSScriptRoot
dotnet pwsh -NoProfile -NonInteractive -Command {
    Import-Module $env:SINCHBATCH_PESTER
    $config = New-PesterConfiguration
    $config.Run.Path = $env:SINCHBATCH_TESTS
    $config.Run.PassThru = $true
    $config.Filter.ExcludeTag = @($env:SINCHBATCH_EXCLUDE_TAG -split ',' | Where-Object { $_ })
    $config.Output.Verbosity = 'Detailed'
    $run = Invoke-Pester -Configuration $config
    @{ passed = $run.PassedCount; failed = $run.FailedCount + $run.FailedBlocksCount + $run.FailedContainersCount } |
        ConvertTo-Json | Set-Content $env:SINCHBATCH_RESULTS
}
$pester = if (Test-Path "$results/pester.json") { Get-Content "$results/pester.json" -Raw | ConvertFrom-Json } else { @{ passed = 0; failed = 1 } }

Write-Host "xunit: $xunitPassed passed, $xunitFailed failed. Pester: $($pester.passed) passed, $($pester.failed) failed."
$passed = $xunitPassed + $pester.passed
$failed = $xunitFailed + $pester.failed
Set-Content "$results/summary.txt" "$passed passed, $failed failed"
exit ([int]($failed -gt 0 -or $passed -eq 0))
