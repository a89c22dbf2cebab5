# The bench's cases, dot-sourced by Measure-Warm.ps1 and Measure-Process.ps1: Get-BenchCase lists them,
# and their script blocks find in $Bench (New-BenchContext) where the CSV and the emulators are. Each case:
#   Name    how the bench refers to it;
#   Label   its row in the table (markdown);
#   Versus  what its ratio is to: the name of another case, run in the same round ('Floor', 'NoOp', 'Send'),
#           or a number of seconds (a fixed reference, such as one request at a time); several names give
#           one ratio each;
#   WarmUp  optional, how many warm-up runs it needs, if fewer than the others;
#   Setup   optional, untimed, before every run; what it returns is passed to Run and Check;
#   Run     the timed part;
#   Check   optional, untimed, after every run, given Setup's value and Run's output: throws when the
#           run did not do its work.

function New-BenchContext([string] $Csv, [int] $Rows, [string] $SinkUri, [string] $SlowUri, [int] $Batches = 200, [int] $LatencyMs = 50) {
    $key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
[pscustomobject]@{
        Csv       = $Csv
        Rows      = $Rows
        Text      = 'Hi ${name}, your code is ${code}'
        SinkUri   = $SinkUri
        Sink      = @{ ProjectId = 'bench'; BaseUri = $SinkUri; AuthUri = "$SinkUri/oauth2/token"; Credential = $key }
        SlowUri   = $SlowUri
        Slow      = @{ ProjectId = 'bench'; BaseUri = $SlowUri; AuthUri = "$SlowUri/oauth2/token"; Credential = $key }
        Batches   = $Batches
        LatencyMs = $LatencyMs
        Scheduled = $null
    }
}

function Get-BenchStat([string] $Uri) { Invoke-RestMethod "$Uri/_emulator/stats" }

# Throws unless the sink received every row as a recipient since $Before.
function Assert-AllSunk($Before) {
    $got = (Get-BenchStat $Bench.SinkUri).accepted_recipients - $Before.accepted_recipients
    if ($got -ne $Bench.Rows) { throw "The sink received $got recipients, not $($Bench.Rows)." }
}

# Schedules $Bench.Batches batches of one recipient each under the metadata campaign=$Campaign; returns their IDs.
function New-ScheduledBatch([string] $Campaign) {
    $slow = $Bench.Slow
    $ids = 1..$Bench.Batches | ForEach-Object { @{ contact_id = "c-$_" } } |
        Send-SinchBatch -AppId 'bench-app' -Text 'Hi' -SendAfter ([datetime]::UtcNow.AddHours(2)) -BatchMetadata @{ campaign = $Campaign } `
            -BatchSize 1 -ThrottleLimit 64 @slow |
        ForEach-Object BatchId
    if (@($ids).Count -ne $Bench.Batches) { throw "Scheduling $($Bench.Batches) batches gave $(@($ids).Count)." }
    $ids
}

# The CSV to the sink through Send-SinchBatch, with $Extra parameters; throws at any error.
function Send-ToSink([hashtable] $Extra = @{}) {
    $sink = $Bench.Sink
    Import-Csv $Bench.Csv | Send-SinchBatch -AppId 'bench-app' -Text $Bench.Text -ErrorVariable failures @sink @Extra | Out-Null
    if ($failures) { throw "The send had $($failures.Count) errors: $($failures[0])" }
}

# A plain script as an administrator might write it without the module: ConvertTo-Json and Invoke-RestMethod.
function Send-PlainBatch($Recipients, $Token) {
    $body = @{ app_id = 'bench-app'; message = @{ text_message = @{ text = $Bench.Text } }; recipient_and_params = $Recipients } |
        ConvertTo-Json -Depth 10 -Compress
    $null = Invoke-RestMethod -Method Post -Uri "$($Bench.SinkUri)/v1/projects/bench/messages" -Headers @{ Authorization = "Bearer $Token" } `
        -Body ([Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/json; charset=utf-8'
}

# Compiles the no-op cmdlet (NoOpCmdlet.cs) as Send-NoOpBatch with Send-SinchBatch's own [Cmdlet] attribute and parameters,
# read from the loaded module, so it follows Send-SinchBatch as parameters are added. Add-Type rather than a project:
# nothing to build or clean, and it cannot ship. Validation and transformation attributes are left out: they run once,
# on the command line's values, not for each row.
function Import-NoOpCmdlet {
    $send = Get-Command Send-SinchBatch
    $cmdlet = $send.ImplementingType.GetCustomAttributes([Management.Automation.CmdletAttribute], $true)[0]
    $common = @([Management.Automation.Cmdlet]::CommonParameters) + @([Management.Automation.Cmdlet]::OptionalCommonParameters)
    $parameters = foreach ($p in $send.Parameters.Values | Where-Object Name -notin $common) {
        $attributes = foreach ($a in $p.Attributes | Where-Object { $_ -is [Management.Automation.ParameterAttribute] }) {
            $flags = foreach ($flag in 'Mandatory', 'ValueFromPipeline', 'ValueFromPipelineByPropertyName') { "$flag = $("$($a.$flag)".ToLower())" }
            "[Parameter(ParameterSetName = `"$($a.ParameterSetName)`", Position = $($a.Position), $($flags -join ', '))]"
        }
        "        $($attributes -join ' ') public $(Get-CSharpType $p.ParameterType) $($p.Name) { get; set; }"
    }
    $default = if ($cmdlet.DefaultParameterSetName) { ", DefaultParameterSetName = `"$($cmdlet.DefaultParameterSetName)`"" }
    $source = (Get-Content "$PSScriptRoot/NoOpCmdlet.cs" -Raw) + @"

namespace SinchBatchBench
{
    [Cmdlet("Send", "NoOpBatch", SupportsShouldProcess = $("$($cmdlet.SupportsShouldProcess)".ToLower()), ConfirmImpact = ConfirmImpact.$($cmdlet.ConfirmImpact)$default)]
    public sealed partial class NoOpSendCommand
    {
$($parameters -join "`n")
    }
}
"@
    # Naming the module's assembly (for its parameter types) drops Add-Type's default references: netstandard, as the module is built for it.
    $references = 'netstandard', [PSObject].Assembly.Location, $send.ImplementingType.Assembly.Location
    # Optimised, as the module is built in Release (Add-Type compiles Debug code unless told).
    $type = Add-Type -TypeDefinition $source -ReferencedAssemblies $references -CompilerOptions '-optimize+' -PassThru
    Import-Module -Assembly $type[0].Assembly
}

function Get-CSharpType([type] $Type) {
    if ($Type.IsArray) { return (Get-CSharpType $Type.GetElementType()) + '[]' }
    if ($underlying = [Nullable]::GetUnderlyingType($Type)) { return (Get-CSharpType $underlying) + '?' }
    'global::' + $Type.FullName.Replace('+', '.')
}

function Get-BenchCase {
    [pscustomobject]@{
        Name   = 'Floor'
        Label  = '`Import-Csv | ForEach-Object {}` (the floor)'
        Versus = 'Floor'
        Run    = { Import-Csv $Bench.Csv | ForEach-Object {} }
    }
    [pscustomobject]@{
        Name   = 'FloorReading'
        Label  = '`Import-Csv | ForEach-Object { $_.contact_id, $_.name, $_.code }` (the floor, reading the columns)'
        Versus = 'Floor'
        Run    = { Import-Csv $Bench.Csv | ForEach-Object { $null = $_.contact_id, $_.name, $_.code } }
    }
    [pscustomobject]@{
        Name   = 'NoOp'
        Label  = '`Import-Csv | Send-NoOpBatch` (a compiled cmdlet with Send-SinchBatch''s parameters that only reads `contact_id,name,code`: the floor for any compiled cmdlet)'
        Versus = 'Floor'
        Setup  = {
            if (-not (Get-Command Send-NoOpBatch -ErrorAction Ignore)) { Import-NoOpCmdlet }
            [SinchBatchBench.NoOpSendCommand]::Rows = 0
        }
        Run    = { $sink = $Bench.Sink; Import-Csv $Bench.Csv | Send-NoOpBatch -AppId 'bench-app' -Text $Bench.Text -ErrorVariable failures @sink | Out-Null }
        Check  = { if ([SinchBatchBench.NoOpSendCommand]::Rows -ne $Bench.Rows) { throw "Send-NoOpBatch read $([SinchBatchBench.NoOpSendCommand]::Rows) rows, not $($Bench.Rows)." } }
    }
    [pscustomobject]@{
        Name   = 'WhatIf'
        Label  = '`Import-Csv | Send-SinchBatch -WhatIf` (the module''s own work, nothing sent)'
        Versus = 'Floor', 'NoOp'
        Run    = { $sink = $Bench.Sink; Import-Csv $Bench.Csv | Send-SinchBatch -AppId 'bench-app' -Text $Bench.Text -WhatIf @sink | Out-Null }
    }
    [pscustomobject]@{
        Name   = 'Send'
        Label  = '`Import-Csv | Send-SinchBatch` (to the sink)'
        Versus = 'Floor', 'NoOp'
        Setup  = { Get-BenchStat $Bench.SinkUri }
        Run    = { Send-ToSink }
        Check  = { param($before) Assert-AllSunk $before }
    }
    [pscustomobject]@{
        Name   = 'Script'
        Label  = 'plain script: ConvertTo-Json + Invoke-RestMethod, 1000 rows a request (to the sink)'
        Versus = 'Send'
        Setup  = { Get-BenchStat $Bench.SinkUri }
        Run    = {
            $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('emulator-key:emulator-secret'))
            $token = (Invoke-RestMethod -Method Post "$($Bench.SinkUri)/oauth2/token" -Headers @{ Authorization = "Basic $basic" } -Body @{ grant_type = 'client_credentials' }).access_token
            $batch = [System.Collections.Generic.List[object]]::new()
            Import-Csv $Bench.Csv | ForEach-Object {
                $batch.Add(@{ recipient = @{ contact_id = $_.contact_id }; parameters = @{ name = $_.name; code = $_.code } })
                if ($batch.Count -eq 1000) { Send-PlainBatch $batch $token; $batch.Clear() }
            }
            if ($batch.Count) { Send-PlainBatch $batch $token }
        }
        Check  = { param($before) Assert-AllSunk $before }
    }
    [pscustomobject]@{
        Name   = 'StatusById'
        Label  = "``Get-SinchBatchStatus`` of $($Bench.Batches) batches piped by ID, $($Bench.LatencyMs) ms a request"
        Versus = $Bench.Batches * $Bench.LatencyMs / 1000
        WarmUp = 1
        Setup  = { if (-not $Bench.Scheduled) { $Bench.Scheduled = New-ScheduledBatch 'status' }; $Bench.Scheduled }
        Run    = { param($ids) $slow = $Bench.Slow; $ids | Get-SinchBatchStatus @slow }
        Check  = { param($ids, $statuses) if (@($statuses).Count -ne $Bench.Batches) { throw "Read $(@($statuses).Count) statuses, not $($Bench.Batches)." } }
    }
    [pscustomobject]@{
        Name   = 'StopByMetadata'
        Label  = "``Stop-SinchBatch -Metadata`` of $($Bench.Batches) scheduled batches, $($Bench.LatencyMs) ms a request"
        Versus = $Bench.Batches * $Bench.LatencyMs / 1000
        WarmUp = 1
        Setup  = {
            $campaign = 'stop-' + [guid]::NewGuid().ToString('N')
            $null = New-ScheduledBatch $campaign
            @{ Campaign = $campaign; Before = Get-BenchStat $Bench.SlowUri }
        }
        Run    = { param($state) $slow = $Bench.Slow; Stop-SinchBatch -Metadata @{ campaign = $state.Campaign } -Confirm:$false @slow }
        Check  = {
            param($state)
            $cancelled = (Get-BenchStat $Bench.SlowUri).cancel_requests - $state.Before.cancel_requests
            if ($cancelled -ne $Bench.Batches) { throw "Stop-SinchBatch asked to cancel $cancelled batches, not $($Bench.Batches)." }
        }
    }
    [pscustomobject]@{
        Name   = 'SendSms'
        Label  = '`Import-Csv | Send-SinchBatch -Channel SMS -IdentityProperty phone` (E.164 numbers checked with libphonenumber, repeats refused; to the sink)'
        Versus = 'Floor', 'NoOp'
        Setup  = { Get-BenchStat $Bench.SinkUri }
        Run    = { Send-ToSink @{ Channel = 'SMS'; IdentityProperty = 'phone' } }
        Check  = { param($before) Assert-AllSunk $before }
    }
}
