<#
.SYNOPSIS
Times the bench's cases inside this one pwsh process: -WarmUp rounds (a case's WarmUp, where it sets one),
then -Repeat rounds with the cases interleaved, so a slow moment of a shared machine falls on every case alike. Each run starts after
a full garbage collection; only Run is timed. Writes to -ResultPath, as JSON, every case with its runs'
seconds.
#>
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $Csv,
    [Parameter(Mandatory)] [int] $Rows,
    [Parameter(Mandatory)] [string] $SinkUri,
    [Parameter(Mandatory)] [string] $SlowUri,
    [Parameter(Mandatory)] [string] $ResultPath,
    [string[]] $Case,
    [int] $Repeat = 7,
    # PowerShell compiles a script block after some runs, and .NET recompiles hot methods in tiers: the send reaches tier 1
    # around its eighth run in a process (the JIT log), so fewer warm-ups would time it part unwarmed.
    [int] $WarmUp = 8
)

$ErrorActionPreference = 'Stop'
Import-Module $ModulePath
. "$PSScriptRoot/Cases.ps1"
$Bench = New-BenchContext -Csv $Csv -Rows $Rows -SinkUri $SinkUri -SlowUri $SlowUri
$Case = $Case -split ','
# The cases named, and those their ratios are to (run in the same rounds).
$all = @(Get-BenchCase)
$named = @($all | Where-Object { -not $Case -or $_.Name -in $Case })
$cases = @($all | Where-Object { $_.Name -in $named.Name -or $_.Name -in ($named.Versus | Where-Object { $_ -is [string] }) })

function Measure-Run($BenchCase) {
    $state = if ($BenchCase.Setup) { & $BenchCase.Setup }
    [GC]::Collect()
    [GC]::WaitForPendingFinalizers()
    [GC]::Collect()
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = & $BenchCase.Run $state
    $seconds = $clock.Elapsed.TotalSeconds
    if ($BenchCase.Check) { & $BenchCase.Check $state $output }
    $seconds
}

for ($round = 1; $round -le $WarmUp; $round++) {
    $warmed = foreach ($c in $cases | Where-Object { $round -le ($_.WarmUp ?? $WarmUp) }) { "{0} {1:0.000}" -f $c.Name, (Measure-Run $c) }
    Write-Host "  warm-up $round`: $($warmed -join ', ')"
}

$times = @{}
foreach ($c in $cases) { $times[$c.Name] = [Collections.Generic.List[double]]::new() }
for ($round = 1; $round -le $Repeat; $round++) {
    foreach ($c in $cases) {
        $times[$c.Name].Add((Measure-Run $c))
    }
    Write-Host ("  round {0}: {1}" -f $round, (($cases | ForEach-Object { "{0} {1:0.000}" -f $_.Name, $times[$_.Name][-1] }) -join ', '))
}

$cases | ForEach-Object { [ordered]@{ Name = $_.Name; Label = $_.Label; Versus = $_.Versus; Seconds = $times[$_.Name] } } |
    ConvertTo-Json -Depth 5 -AsArray | Set-Content $ResultPath
