<#
.SYNOPSIS
One bench case, once, in this fresh pwsh process (as a runbook runs it: start-up, Import-Module, no warm-up).
Prints {"seconds":..,"peakMB":..} as its last line: the case's own time, and the process's peak working set.
#>
param(
    [Parameter(Mandatory)] [string] $Case,
    [Parameter(Mandatory)] [string] $Csv,
    [Parameter(Mandatory)] [int] $Rows,
    [Parameter(Mandatory)] [string] $SinkUri,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
if ($ModulePath) { Import-Module $ModulePath }
. "$PSScriptRoot/Cases.ps1"
$Bench = New-BenchContext -Csv $Csv -Rows $Rows -SinkUri $SinkUri -SlowUri $SinkUri
$c = Get-BenchCase | Where-Object Name -eq $Case
$state = if ($c.Setup) { & $c.Setup }
$clock = [Diagnostics.Stopwatch]::StartNew()
$output = & $c.Run $state
$seconds = $clock.Elapsed.TotalSeconds
if ($c.Check) { & $c.Check $state $output }
$peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
@{ seconds = [math]::Round($seconds, 3); peakMB = [math]::Round($peak, 1) } | ConvertTo-Json -Compress
