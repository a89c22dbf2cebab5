<#
.SYNOPSIS
Speed and memory of Send-SinchBatch against the emulator on loopback, as ratios measured side by side in one run.
Each case runs in a fresh pwsh process; times are medians of -Repeat runs.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [int] $Rows = 100000,
    [int] $Repeat = 3,
    [int[]] $MemoryRows = @(10000, 1000000)
)

$ErrorActionPreference = 'Stop'
$root = Split-Path (Split-Path $PSScriptRoot)
. "$root/src/SinchBatch.Emulator/EmulatorProcess.ps1"
$work = "$root/output/bench"
$null = New-Item $work -ItemType Directory -Force

function Get-Csv([int] $Count) {
    $path = "$work/rows-$Count.csv"
    if (-not (Test-Path $path)) {
        $writer = [IO.StreamWriter]::new($path, $false, [Text.UTF8Encoding]::new($false))
        try {
            $writer.WriteLine('contact_id,name,code')
            for ($i = 1; $i -le $Count; $i++) { $writer.WriteLine("contact-$i,Customer $i,$(100000 + $i % 900000)") }
        }
        finally { $writer.Dispose() }
    }
    $path
}

function Measure-Case([string] $Case, [string] $Csv) {
    $output = dotnet pwsh -NoProfile -NonInteractive -File "$PSScriptRoot/Measure-Case.ps1" -Case $Case -Csv $Csv -Uri $emulator.Uri -ModulePath "$ModuleDir/SinchBatch.psd1"
    if ($LASTEXITCODE) { throw "Benchmark case $Case failed: $output" }
    @($output)[-1] | ConvertFrom-Json
}

function Get-Median([double[]] $Values) { ($Values | Sort-Object)[[math]::Floor($Values.Count / 2)] }

$emulator = Start-SinchEmulator -Path $EmulatorDll -Setting '--Emulator:KeepBodies=false'
try {
    $csv = Get-Csv $Rows
    # A real service is warm: let the emulator compile its code before anything is timed.
    $null = Measure-Case 'Module' (Get-Csv 10000)
    $cases = 'Floor', 'FloorReading', 'ModuleWhatIf', 'Module', 'Script'
    $times = @{}
    foreach ($case in $cases) { $times[$case] = @() }
    for ($run = 1; $run -le $Repeat; $run++) {
        foreach ($case in $cases) {
            $times[$case] += (Measure-Case $case $csv).seconds
            Write-Host "  run $run ${case}: $($times[$case][-1]) s"
        }
    }
    $floor = Get-Median $times.Floor
    $floorReading = Get-Median $times.FloorReading
    $moduleWhatIf = Get-Median $times.ModuleWhatIf
    $module = Get-Median $times.Module
    $script = Get-Median $times.Script

    $memory = foreach ($count in $MemoryRows) {
        $result = Measure-Case 'Module' (Get-Csv $count)
        [pscustomobject]@{ Rows = $count; Seconds = $result.seconds; PeakMB = $result.peakMB }
        Write-Host "  memory ${count} rows: $($result.peakMB) MB peak working set, $($result.seconds) s"
    }
    $floorMemory = (Measure-Case 'Floor' (Get-Csv $MemoryRows[-1])).peakMB
}
finally {
    Stop-SinchEmulator $emulator
}

$report = @"
Speed, $Rows rows with two parameter columns, median of $Repeat runs each (seconds):

| case | seconds | ratio |
|---|---:|---:|
| ``Import-Csv \| ForEach-Object {}`` (floor) | $floor | 1.00 |
| ``Import-Csv \| ForEach-Object { `$_.contact_id, `$_.name, `$_.code }`` (floor that reads the columns) | $floorReading | $([math]::Round($floorReading / $floor, 2)) x floor |
| ``Import-Csv \| Send-SinchBatch -WhatIf`` (the module's own work, no network) | $moduleWhatIf | $([math]::Round($moduleWhatIf / $floor, 2)) x floor |
| ``Import-Csv \| Send-SinchBatch`` | $module | $([math]::Round($module / $floor, 2)) x floor |
| plain script: ConvertTo-Json + Invoke-RestMethod | $script | $([math]::Round($script / $module, 2)) x the module's time |

Memory, peak working set of the whole pwsh process running ``Import-Csv | Send-SinchBatch``:

| rows | seconds | peak MB |
|---:|---:|---:|
$(($memory | ForEach-Object { "| $($_.Rows) | $($_.Seconds) | $($_.PeakMB) |" }) -join "`n")

Ratio of the peaks ($($MemoryRows[-1]) / $($MemoryRows[0]) rows): $([math]::Round($memory[-1].PeakMB / $memory[0].PeakMB, 2)).
The floor alone (``Import-Csv | ForEach-Object {}``) over $($MemoryRows[-1]) rows peaks at $floorMemory MB.
"@
Set-Content "$work/results.md" $report
$report
