<#
.SYNOPSIS
Speed and memory of SinchBatch, as ratios measured side by side: writes output/bench/results.md and the
figures in docs/performance.md.

.DESCRIPTION
- Speed: every case of Cases.ps1 in one pwsh (Measure-Warm.ps1), after -WarmUp rounds, interleaved, medians
  of -Repeat runs; the sends against two floors, Import-Csv | ForEach-Object {} and a no-op compiled cmdlet;
  sends go to an emulator in sink mode (it only counts recipients), reads and cancels to a validating one
  with -LatencyMs per request.
- A fresh process: the floor and the send, each in its own new pwsh, timed from outside (start-up and
  Import-Module included), interleaved, medians of -FreshRepeat.
- Memory: the send, and Import-Csv | ForEach-Object {} alone, over each of -MemoryRows in its own new pwsh, peak
  working set (medians of -FreshRepeat): the send's peak above that floor's, in MB and as a ratio.
With -Case, only those speed cases (and what their ratios need) run, and docs/performance.md is left alone.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $EmulatorDll,
    [int] $Rows = 100000,
    [ValidateRange(5, 99)] [int] $Repeat = 7,
    [int] $WarmUp = 8,
    # A peak varies by up to 10 MB from one process to the next, and the goal is a margin of 50 MB: three were too few.
    [int] $FreshRepeat = 5,
    # The CSV's phone numbers stay unique up to 9 million rows; -File reads '10000,30000' as one number, which this refuses.
    [ValidateRange(1, 9000000)] [int[]] $MemoryRows = @(10000, 1000000),
    [string[]] $Case
)

$ErrorActionPreference = 'Stop'
$root = Split-Path (Split-Path $PSScriptRoot)
. "$root/src/SinchBatch.Emulator/EmulatorProcess.ps1"
$work = "$root/output/bench"
$null = New-Item $work -ItemType Directory -Force
$modulePath = (Resolve-Path "$ModuleDir/SinchBatch.psd1").ProviderPath
$Case = $Case -split ','  # -File passes "a,b" as one string

function Get-BenchCsv([int] $Count) {
    $path = "$work/rows-phone-$Count.csv"
    if (-not (Test-Path $path)) {
        $writer = [IO.StreamWriter]::new($path, $false, [Text.UTF8Encoding]::new($false))
        try {
            # The phone numbers are Swedish mobiles in E.164, all valid and all different (up to 9 million rows).
            $writer.WriteLine('contact_id,phone,name,code')
            for ($i = 1; $i -le $Count; $i++) { $writer.WriteLine("contact-$i,+4670$(1000000 + $i),Customer $i,$(100000 + $i % 900000)") }
        }
        finally { $writer.Dispose() }
    }
    $path
}

# A new pwsh, the one running this script (under `dotnet pwsh` that is dotnet running pwsh.dll).
function Invoke-Pwsh([string] $File, [string[]] $Arguments) {
    $runtime = [Environment]::ProcessPath
    $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($runtime) -eq 'dotnet') { [Reflection.Assembly]::GetEntryAssembly().Location })
    & $runtime @prefix -NoProfile -NonInteractive -File $File @Arguments
    if ($LASTEXITCODE) { throw "$File $Arguments failed with exit code $LASTEXITCODE." }
}

# One case in a new pwsh: its own time and peak working set, and the process's total time seen from here.
function Measure-Process([string] $Name, [int] $Count) {
    $arguments = @('-Case', $Name, '-Csv', (Get-BenchCsv $Count), '-Rows', $Count, '-SinkUri', $sink.Uri)
    if ($Name -notlike 'Floor*') { $arguments += '-ModulePath', $modulePath }
    $clock = [Diagnostics.Stopwatch]::StartNew()
    $output = Invoke-Pwsh "$PSScriptRoot/Measure-Process.ps1" $arguments
    $total = $clock.Elapsed.TotalSeconds
    $result = @($output)[-1] | ConvertFrom-Json
    [pscustomobject]@{ Seconds = $result.seconds; PeakMB = $result.peakMB; Total = $total }
}

function Get-Median([double[]] $Values) {
    $sorted = $Values | Sort-Object
    if ($sorted.Count % 2) { $sorted[($sorted.Count - 1) / 2] } else { ($sorted[$sorted.Count / 2 - 1] + $sorted[$sorted.Count / 2]) / 2 }
}

function Get-Machine {
    $cpu = if (Test-Path /proc/cpuinfo) { (Select-String '^model name\s*:\s*(.+)' /proc/cpuinfo | Select-Object -First 1).Matches[0].Groups[1].Value } else { $env:PROCESSOR_IDENTIFIER }
    $commit = git -C $root rev-parse --short HEAD 2>$null
    if (git -C $root status --porcelain -- src 2>$null) { $commit += ' with changes' }
    "$([Environment]::ProcessorCount) cores ($cpu), $([Runtime.InteropServices.RuntimeInformation]::OSDescription), " +
    "PowerShell $($PSVersionTable.PSVersion), $([Runtime.InteropServices.RuntimeInformation]::FrameworkDescription), commit $commit"
}

$csv = Get-BenchCsv $Rows
$sink = Start-SinchEmulator -Path $EmulatorDll -Setting '--Emulator:Sink=true'
$slow = Start-SinchEmulator -Path $EmulatorDll -Setting '--Emulator:LatencyMs=50', '--Emulator:KeepBodies=false'
try {
    # Speed, warm (Measure-Warm.ps1 adds the cases the ratios are to).
    $result = "$work/warm.json"
    Write-Host "Speed: $Rows rows, one warm pwsh, $Repeat rounds"
    Invoke-Pwsh "$PSScriptRoot/Measure-Warm.ps1" @(
        '-ModulePath', $modulePath, '-Csv', $csv, '-Rows', $Rows, '-SinkUri', $sink.Uri, '-SlowUri', $slow.Uri,
        '-ResultPath', $result, '-Repeat', $Repeat, '-WarmUp', $WarmUp
        if ($Case) { '-Case', ($Case -join ',') }) |
        Where-Object { $_ -notlike 'What if:*' } | Write-Host
    $warm = Get-Content $result -Raw | ConvertFrom-Json

    if (-not $Case) {
        Write-Host "A fresh process: $FreshRepeat rounds"
        $fresh = @{ Floor = @(); Send = @() }
        for ($round = 1; $round -le $FreshRepeat; $round++) {
            foreach ($name in 'Floor', 'Send') { $fresh[$name] += Measure-Process $name $Rows }
            Write-Host ("  round {0}: Floor {1:0.000} s, Send {2:0.000} s" -f $round, $fresh.Floor[-1].Total, $fresh.Send[-1].Total)
        }

        # Interleaved rounds, as for speed; the floor over as many rows as each send, so what the module adds shows at each size.
        Write-Host "Memory: $FreshRepeat rounds"
        $runs = @{}
        $measured = foreach ($name in 'Send', 'SendSms', 'Floor') { foreach ($count in $MemoryRows) { "$name,$count" } }
        foreach ($key in $measured) { $runs[$key] = @() }
        for ($round = 1; $round -le $FreshRepeat; $round++) {
            foreach ($key in $measured) { $name, $count = $key -split ','; $runs[$key] += Measure-Process $name $count }
            Write-Host "  round $round`: $(($measured | ForEach-Object { '{0} {1:0.0} MB' -f $_, $runs[$_][-1].PeakMB }) -join ', ')"
        }
        $memory = foreach ($key in $measured) {
            $name, $count = $key -split ','
            [pscustomobject]@{ Case = $name; Rows = [int] $count; Seconds = Get-Median $runs[$key].Seconds; PeakMB = Get-Median $runs[$key].PeakMB }
        }
    }
}
finally {
    Stop-SinchEmulator $sink
    Stop-SinchEmulator $slow
}

# Each run's ratio to each of its references in the same round; the median and the range of those ratios.
$byName = @{}
foreach ($c in $warm) { $byName[$c.Name] = [double[]] $c.Seconds }
$speed = foreach ($c in $warm) {
    $ratio, $range = @(), @()
    foreach ($reference in $c.Versus) {
        $ratios = for ($i = 0; $i -lt $c.Seconds.Count; $i++) {
            $c.Seconds[$i] / $(if ($reference -is [string]) { $byName[$reference][$i] } else { $reference })
        }
        $ratio += '{0:0.00}{1}' -f (Get-Median $ratios), $(switch ($reference) { 'Floor' { 'x floor' } 'NoOp' { 'x no-op cmdlet' } 'Send' { "x the send's time" } default { "x ${_} s (one at a time)" } })
        $range += '{0:0.00}-{1:0.00}' -f ($ratios | Measure-Object -Minimum).Minimum, ($ratios | Measure-Object -Maximum).Maximum
    }
    '| {0} | {1:0.000} | {2} | {3} |' -f $c.Label.Replace('|', '\|'), (Get-Median $c.Seconds), ($ratio -join '; '), ($range -join '; ')
}

$report = @"
$(Get-Date -Format 'yyyy-MM-dd'), $(Get-Machine).

Speed, $Rows rows (``contact_id,phone,name,code``), ``-Text 'Hi `${name}, your code is `${code}'``: one ``pwsh``,
$WarmUp warm-up rounds, then $Repeat rounds of the cases interleaved, each run after a full garbage collection.
The ratio is the median of each round's ratio to its reference in that round (the sends have two: the floor, and the
no-op cmdlet, which only binds each row and reads it); the range shows the spread.

| case | median s | ratio | range |
|---|---:|---:|---:|
$($speed -join "`n")
"@
if (-not $Case) {
    $freshFloor = Get-Median $fresh.Floor.Total
    $freshSend = Get-Median $fresh.Send.Total
    # Each send's peak against the floor's over as many rows, in MB and as a ratio (the goal: at most 50 MB above at a million).
    $memoryTable = foreach ($m in $memory) {
        $floorPeak = ($memory | Where-Object { $_.Case -eq 'Floor' -and $_.Rows -eq $m.Rows }).PeakMB
        $versus = if ($m.Case -ne 'Floor') { '{0:+0.0;-0.0} | {1:0.00}x' -f ($m.PeakMB - $floorPeak), ($m.PeakMB / $floorPeak) } else { ' | ' }
        '| {0} | {1:N0} | {2:0.000} | {3:0.0} | {4} |' -f $m.Case, $m.Rows, $m.Seconds, $m.PeakMB, $versus
    }
    $report += @"


A fresh process, as a runbook pays it: a new ``pwsh`` for each run, timed from outside (start-up and
``Import-Module`` included), medians of ${FreshRepeat}:

| case | total s | of which the pipeline, s |
|---|---:|---:|
| ``Import-Csv \| ForEach-Object {}`` | $('{0:0.000}' -f $freshFloor) | $('{0:0.000}' -f (Get-Median $fresh.Floor.Seconds)) |
| ``Import-Module SinchBatch; Import-Csv \| Send-SinchBatch`` | $('{0:0.000}' -f $freshSend) | $('{0:0.000}' -f (Get-Median $fresh.Send.Seconds)) |

Memory, peak working set of a new ``pwsh`` running ``Import-Csv | Send-SinchBatch`` to the sink (Send: by contact ID;
SendSms: with ``-Channel SMS``, which reads every phone number and remembers every recipient to refuse repeats), and of
``Import-Csv | ForEach-Object {}`` alone (Floor), the floor each send is held to over as many rows; medians of ${FreshRepeat}:

| case | rows | seconds | peak MB | above the floor, MB | ratio to the floor |
|---|---:|---:|---:|---:|---:|
$($memoryTable -join "`n")

$(($memory | Where-Object Case -ne 'Floor' | Group-Object Case | ForEach-Object { "$($_.Name): the peaks differ by $('{0:0.00}' -f ($_.Group[-1].PeakMB / $_.Group[0].PeakMB))x from $('{0:N0}' -f $_.Group[0].Rows) to $('{0:N0}' -f $_.Group[-1].Rows) rows." }) -join ' ')
"@
}

Set-Content "$work/results.md" $report
Write-Host "`n$report`n"
Write-Host "Wrote $work/results.md"
if (-not $Case) {
    # docs/performance.md shows the latest full run between these markers.
    $doc = "$root/docs/performance.md"
    $text = Get-Content $doc -Raw
    $pattern = '(?s)<!-- bench:begin -->.*?<!-- bench:end -->'
    if ($text -notmatch $pattern) { throw "$doc lacks the <!-- bench:begin --> and <!-- bench:end --> markers." }
    Set-Content $doc ([regex]::Replace($text, $pattern, { "<!-- bench:begin -->`n$report`n<!-- bench:end -->" })) -NoNewline
    Write-Host "Updated the figures in $doc"
}
