<#
.SYNOPSIS
Sends a campaign from a CSV through Sinch, unattended: an Azure Automation runbook that can be restarted.

.DESCRIPTION
Reads the Sinch key (user name: key ID, password: key secret) from the Automation credential
asset named by -CredentialName and the project ID from the variable asset named by
-ProjectVariableName. The CSV comes from a path, or from an http(s) URL (downloaded to the
sandbox's temporary folder first, so rows still stream); -Delimiter reads the ';' that European
Excel exports use, and -Encoding the file's encoding. -Metadata is attached to every batch, to find
or cancel them later. -DefaultRegion, -RegionProperty, -AllowFixedLine, -Ttl, -SkipInvalidRow,
-Force and -ResendCancelled are passed to Send-SinchBatch when given; see Get-Help Send-SinchBatch.
-ExcludeRecipientPath names a file (a path or an http(s) URL) of opt-outs, one identity per line,
passed as -ExcludeRecipient: it may grow between runs of a campaign without changing the campaign.

Every row is checked before anything is sent. If any row is refused, nothing is sent, unless
-SkipInvalidRow: then the rows that pass are sent and the refused ones are listed.

Azure Automation restarts an interrupted runbook from the beginning, and an admin may run it
again by hand. Every batch is sent under -CampaignId, so a run over the same CSV sends only the
batches that no earlier run got accepted: no recipient gets the campaign twice. A run whose CSV
changed since stops with SinchBatch.CampaignChanged rather than guess; give it a new campaign ID.
A run that finds another run of the campaign still sending stops with SinchBatch.CampaignInUse.
A run after one that sent part of the campaign first watches the campaign for 30 seconds, to see
that the other run has ended; -Force skips that wait, when you know it has (a job you stopped). A
campaign cancelled with Stop-SinchBatch stops the run with SinchBatch.CampaignCancelled, so a
restarted job never undoes a cancel; -ResendCancelled sends the cancelled batches again.

The output, which Azure keeps in the job's history, never holds a row's columns (a CSV may carry
an IBAN or a birthday); only a reason may name the row's recipient, as Send-SinchBatch's messages
do. It is a summary line (batches, recipients accepted, how many of them by an earlier run, rows
refused, batches failed), Send-SinchBatch's own summary line (which also counts the rows
excluded), a line per batch with its ID, then a line per failed batch (its number,
row count, ErrorId and reason) and per refused row (its number, ErrorId and reason). Row 1 is the
first row under the CSV's header: row 2 in Excel. Azure Automation shows neither the information
stream nor Write-Host, so the summary is written as output.

The job fails (the runbook throws once it has written all that) when a row was refused, a batch
failed, or the campaign is in use, cancelled or changed. A job that shows Completed sent every row.

-Encoding is how the CSV's text is read; the default, UTF8, reads Excel's "CSV UTF-8" and any file
with a byte order mark. Windows PowerShell 5.1's Import-Csv takes only names (UTF8, Unicode,
BigEndianUnicode, UTF32, UTF7, ASCII, OEM, Default), PowerShell 7's takes names and code pages and
reads Default as UTF-8. So the runbook takes either, the same way on both: ANSI or Default is
Windows' ANSI code page (1252 in Western Europe and the Americas, what Excel's plain "CSV" uses); a
code page as a number or a name (1252, windows-1252) is passed on as it is on PowerShell 7, and on
5.1 by the name 5.1 has for it. A code page 5.1 has no name for stops the 5.1 runbook before
anything is read: save the CSV as "CSV UTF-8", or run the runbook on PowerShell 7.

Works in Windows PowerShell 5.1 and PowerShell 7 runbooks; it never prompts.

.EXAMPLE
.\runbook.ps1 -CampaignId 'spring-2026' -Csv 'https://example.blob.core.windows.net/campaigns/customers.csv' -AppId $appId -Region EU

Sends 'Hi ${name}, your code is ${code}' by SMS to the phone column of each row.

.EXAMPLE
.\runbook.ps1 -CampaignId 'herbst-2026' -Csv 'https://example.blob.core.windows.net/kampagnen/kunden.csv' -Delimiter ';' -IdentityProperty Mobil -Text 'Hallo ${Vorname}, Ihre Kundennummer ist ${Kundennummer}.' -AppId $appId

A German Excel export whose numbers are written nationally (0151 23456789). The job fails, and
nothing was sent:

Campaign 'herbst-2026': 0 batches, 0 recipients accepted (0 by an earlier run); 2000 rows refused; 0 batches failed.
Row 1 refused: SinchBatch.InvalidPhoneNumber: Row 1's identity 01512••••789 has no country code. The row was not sent: write it with + and its country code, or name its country with -DefaultRegion or a column named with -RegionProperty.
Row 2 refused: ...

Fix the input and start the job again with the same -CampaignId; here -DefaultRegion DE reads the
numbers as German:

.\runbook.ps1 -CampaignId 'herbst-2026' -Csv 'https://...' -Delimiter ';' -IdentityProperty Mobil -Text '...' -AppId $appId -DefaultRegion DE

.EXAMPLE
.\runbook.ps1 -CampaignId 'herbst-2026' -Csv 'https://...' -Delimiter ';' -IdentityProperty Mobil -Text '...' -AppId $appId -DefaultRegion DE -SkipInvalidRow

When a few rows are wrong and the rest should go now: the rows that pass are sent, and the job
still fails, listing the refused rows by number. To fix them, get them on your own computer, where
-WhatIf checks every row, sends nothing, and writes an error per refused row whose TargetObject is
the row:

Import-Csv .\kunden.csv -Delimiter ';' -Encoding UTF8 |
    Send-SinchBatch -AppId $appId -Text '...' -Channel SMS -IdentityProperty Mobil -DefaultRegion DE -WhatIf -ErrorVariable refused
# utf8BOM on PowerShell 7 (UTF8 on Windows PowerShell), so that Excel reads the umlauts
$refused | ForEach-Object TargetObject | Export-Csv .\kunden-fix.csv -Delimiter ';' -Encoding utf8BOM -NoTypeInformation

Each refused row comes with its number, ErrorId and reason as three more columns (SinchBatchRow,
SinchBatchErrorId, SinchBatchReason), which Send-SinchBatch does not send. Fix kunden-fix.csv and
send it under a new campaign ID (its rows differ from the campaign's, which the old ID would refuse
as SinchBatch.CampaignChanged):

.\runbook.ps1 -CampaignId 'herbst-2026-fix' -Csv 'https://.../kunden-fix.csv' -Delimiter ';' -IdentityProperty Mobil -Text '...' -AppId $appId -DefaultRegion DE

.EXAMPLE
.\runbook.ps1 -CampaignId 'herbst-2026' -Csv .\kunden.csv -Delimiter ';' -Encoding ANSI -IdentityProperty Mobil -Text '...' -AppId $appId -DefaultRegion DE -Ttl 24h -Metadata @{ team = 'retail' }

A CSV saved by Excel as plain "CSV" (Windows-1252), with messages that wait at most a day.
#>
param(
    [Parameter(Mandatory = $true)] [string] $CampaignId,
    [Parameter(Mandatory = $true)] [string] $Csv,
    [Parameter(Mandatory = $true)] [string] $AppId,
    [string] $Text = 'Hi ${name}, your code is ${code}',
    [string] $Channel = 'SMS',
    [string] $IdentityProperty = 'phone',
    [char] $Delimiter = ',',
    # A name (UTF8, Unicode, ANSI, OEM, ...) or a code page (1252, windows-1252); see the description.
    [string] $Encoding = 'UTF8',
    # The country whose national phone numbers the CSV may hold, such as DE.
    [string] $DefaultRegion,
    # The CSV's column that holds each row's country (DE, DEU, Deutschland), read before -DefaultRegion.
    [string] $RegionProperty,
    # Sends SMS to fixed lines too, where Sinch delivers SMS to them.
    [switch] $AllowFixedLine,
    # A file of identities never to message (opt-outs), one per line: a path or an http(s) URL, UTF-8.
    [string] $ExcludeRecipientPath,
    # How long a message may wait for delivery: '86400s', '24h', '7d'.
    [string] $Ttl,
    [hashtable] $Metadata,
    [ValidateSet('US', 'EU', 'BR')] [string] $Region = 'EU',
    [string] $CredentialName = 'SinchKey',
    [string] $ProjectVariableName = 'SinchProjectId',
    [Nullable[datetime]] $SendAfter,
    [ValidateRange(1, 1000)] [int] $BatchSize = 1000,
    [switch] $SkipInvalidRow,
    [switch] $Force,
    [switch] $ResendCancelled,
    # Only to try the runbook against the local emulator instead of Sinch.
    [string] $BaseUri,
    [string] $AuthUri
)

$ErrorActionPreference = 'Stop'

function Get-Count([long] $Count, [string] $One, [string] $Many = "${One}s") { "$Count $(if ($Count -eq 1) { $One } else { $Many })" }

# What Import-Csv -Encoding takes for $Name on this edition (see the description for why they differ).
function Get-CsvEncoding([string] $Name, [string] $Edition = $PSVersionTable.PSEdition, [int] $AnsiCodePage = [Text.Encoding]::Default.CodePage) {
    $ansi = $Name -eq 'ANSI' -or $Name -eq 'Default'
    if ($Edition -eq 'Core') {
        if ($ansi) { return 'ANSI' }
        # PowerShell 7 reads a code page as a number, never as a string of digits.
        if ($Name -match '^\d+$') { return [int] $Name }
        return $Name
    }
    if ($ansi) { return 'Default' }
    $names = 'UTF8', 'Unicode', 'BigEndianUnicode', 'UTF32', 'UTF7', 'ASCII', 'OEM'
    if ($names -contains $Name) { return $Name }
    $codePage = if ($Name -match '^\d+$') { [int] $Name } else { try { [Text.Encoding]::GetEncoding($Name).CodePage } catch { 0 } }
    $named = @{ 65001 = 'UTF8'; 1200 = 'Unicode'; 1201 = 'BigEndianUnicode'; 12000 = 'UTF32'; 65000 = 'UTF7'; 20127 = 'ASCII' }
    $named[$AnsiCodePage] = 'Default'
    if ($named.ContainsKey($codePage)) { return $named[$codePage] }
    throw "Windows PowerShell 5.1 reads a CSV only as $($names -join ', ') or ANSI (code page $AnsiCodePage here), not as '$Name'. Save the CSV as 'CSV UTF-8', or run the runbook on PowerShell 7."
}

# A refused row's line: Send-SinchBatch adds its number, ErrorId and reason to the row; its other columns stay unprinted.
function Format-RefusedRow($Row) { "Row $($Row.SinchBatchRow) refused: $($Row.SinchBatchErrorId): $($Row.SinchBatchReason)" }

# A failed batch's line: its error's Exception (a SinchBatch.SinchBatchException) holds the batch's number.
function Format-FailedBatch($Record) {
    "Batch $($Record.Exception.BatchNumber) failed ($(Get-Count $Record.TargetObject.Count 'row')): $($Record.Exception.ErrorId): $Record"
}

$import = @{ Delimiter = $Delimiter; Encoding = Get-CsvEncoding $Encoding }
$send = @{ AppId = $AppId; Text = $Text; Channel = $Channel; IdentityProperty = $IdentityProperty; CampaignId = $CampaignId; BatchSize = $BatchSize }
if ($SendAfter) { $send.SendAfter = $SendAfter }
if ($Metadata) { $send.BatchMetadata = $Metadata }
if ($DefaultRegion) { $send.DefaultRegion = $DefaultRegion }
if ($RegionProperty) { $send.RegionProperty = $RegionProperty }
if ($AllowFixedLine) { $send.AllowFixedLine = $true }
if ($Ttl) { $send.Ttl = $Ttl }
if ($SkipInvalidRow) { $send.SkipInvalidRow = $true }
if ($Force) { $send.Force = $true }
if ($ResendCancelled) { $send.ResendCancelled = $true }

Import-Module SinchBatch
$connect = @{
    ProjectId  = Get-AutomationVariable -Name $ProjectVariableName
    Region     = $Region
    Credential = Get-AutomationPSCredential -Name $CredentialName
}
if ($BaseUri) { $connect.BaseUri = $BaseUri }
if ($AuthUri) { $connect.AuthUri = $AuthUri }
Connect-Sinch @connect

# A path, or an http(s) URL downloaded to the sandbox's temporary folder (so rows still stream); the download is noted for removal.
$downloaded = [Collections.Generic.List[string]]::new()
function Get-LocalPath([string] $Source) {
    if ($Source -notmatch '^https?://') { return $Source }
    $file = Join-Path ([IO.Path]::GetTempPath()) ("sinch-{0}.txt" -f [guid]::NewGuid())
    $downloaded.Add($file)
    Invoke-WebRequest -Uri $Source -OutFile $file -UseBasicParsing
    $file
}

try {
    $path = Get-LocalPath $Csv
    # ReadAllLines reads UTF-8 (with or without a BOM) alike on Windows PowerShell 5.1 and PowerShell 7; .NET needs the full path.
    if ($ExcludeRecipientPath) { $send.ExcludeRecipient = [IO.File]::ReadAllLines((Convert-Path (Get-LocalPath $ExcludeRecipientPath))) }

    # Refused rows and failed batches are errors whose TargetObject holds whole rows (a failed batch's, up to
    # 1000): each is taken from the pipeline as it comes, never written, and only its line below is kept.
    # Whatever ends the send early (rows refused, the campaign in use, cancelled or changed) is caught.
    $batches = [Collections.Generic.List[object]]::new()
    $failedBatches = [Collections.Generic.List[string]]::new()
    $refusedRows = [Collections.Generic.List[string]]::new()
    $stopped = $null
    try {
        Import-Csv $path @import | Send-SinchBatch @send -ErrorAction Continue -InformationVariable summary 2>&1 | ForEach-Object {
            if ($_ -isnot [Management.Automation.ErrorRecord]) { $batches.Add($_) }
            elseif ($_.TargetObject -is [Collections.IList]) { $failedBatches.Add((Format-FailedBatch $_)) }
            else { $refusedRows.Add((Format-RefusedRow $_.TargetObject)) }
        }
    }
    catch { $stopped = $_ }
    $stoppedId = if ($stopped) { $stopped.FullyQualifiedErrorId.Split(',')[0] }
    if ($stoppedId -eq 'SinchBatch.RowsRefused') { foreach ($row in $stopped.TargetObject) { $refusedRows.Add((Format-RefusedRow $row)) } }
    # RowsRefused hands back the first 10,000 refused rows; its message, thrown below, counts them all.
    $refused = if ($refusedRows.Count -ge 10000 -and $stoppedId -eq 'SinchBatch.RowsRefused') { "at least $($refusedRows.Count) rows" } else { Get-Count $refusedRows.Count 'row' }

    $recipients = [long] ($batches | Measure-Object -Property RecipientCount -Sum).Sum
    $already = [long] ($batches | Where-Object AlreadySent | Measure-Object -Property RecipientCount -Sum).Sum
    "Campaign '$CampaignId': $(Get-Count $batches.Count 'batch' 'batches'), $(Get-Count $recipients 'recipient') accepted ($already by an earlier run); $refused refused; $(Get-Count $failedBatches.Count 'batch' 'batches') failed."
    # Send-SinchBatch's own summary (with the rows excluded) goes to the information stream, which Azure does not show.
    $summary | Where-Object Tags -Contains 'PSHOST' | ForEach-Object { "$($_.MessageData)" }
    foreach ($batch in $batches) {
        $what = if ($batch.AlreadySent) { 'already sent by an earlier run' } elseif ($SendAfter) { "scheduled for $($batch.SendAfter.ToString('u'))" } else { 'sent' }
        "Batch $($batch.BatchNumber): $($batch.BatchId), $(Get-Count $batch.RecipientCount 'recipient'), $what."
    }
    $failedBatches
    $refusedRows

    # A new error, not the one caught: that one's TargetObject holds rows, and Azure keeps errors in the job's history.
    if ($stopped) { throw "Campaign '$CampaignId' stopped: ${stoppedId}: $stopped" }
    if ($refusedRows.Count -or $failedBatches.Count) {
        throw "Campaign '$CampaignId' was not sent whole: $refused refused, $(Get-Count $failedBatches.Count 'batch' 'batches') failed, as listed above."
    }
}
finally {
    Disconnect-Sinch
    foreach ($file in $downloaded) { Remove-Item $file -ErrorAction SilentlyContinue }
}
