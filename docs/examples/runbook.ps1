<#
.SYNOPSIS
Sends a campaign from a CSV through Sinch, unattended: an Azure Automation runbook that can be restarted.

.DESCRIPTION
Reads the Sinch key (user name: key ID, password: key secret) from the Automation credential
asset named by -CredentialName and the project ID from the variable asset named by
-ProjectVariableName. The CSV comes from a path, or from an http(s) URL (downloaded to the
sandbox's temporary folder first, so rows still stream); -Delimiter reads the ';' that European
Excel exports use. -Metadata is attached to every batch, to find or cancel them later.

Azure Automation restarts an interrupted runbook from the beginning, and an admin may run it
again by hand. Every batch is sent under -CampaignId, so a run over the same CSV sends only the
batches that no earlier run got accepted: no recipient gets the campaign twice. A run whose CSV
changed since stops with SinchBatch.CampaignChanged rather than guess; give it a new campaign ID.

The output is a summary line naming the campaign, a line per batch with its ID (sent, scheduled,
or already sent by an earlier run), then every row that was not accepted, with its ErrorId and
reason. Works in Windows PowerShell 5.1 and PowerShell 7 runbooks; it never prompts.

.EXAMPLE
.\runbook.ps1 -CampaignId 'spring-2026' -Csv 'https://example.blob.core.windows.net/campaigns/customers.csv' -AppId $appId -Region EU

.EXAMPLE
.\runbook.ps1 -CampaignId 'spring-2026' -Csv .\kunder.csv -Delimiter ';' -AppId $appId -Metadata @{ team = 'retail' }
#>
param(
    [Parameter(Mandatory = $true)] [string] $CampaignId,
    [Parameter(Mandatory = $true)] [string] $Csv,
    [Parameter(Mandatory = $true)] [string] $AppId,
    [string] $Text = 'Hi ${name}, your code is ${code}',
    [string] $Channel = 'SMS',
    [string] $IdentityProperty = 'phone',
    [char] $Delimiter = ',',
    [hashtable] $Metadata,
    [ValidateSet('US', 'EU', 'BR')] [string] $Region = 'EU',
    [string] $CredentialName = 'SinchKey',
    [string] $ProjectVariableName = 'SinchProjectId',
    [Nullable[datetime]] $SendAfter,
    [ValidateRange(1, 1000)] [int] $BatchSize = 1000,
    # Only to try the runbook against the local emulator instead of Sinch.
    [string] $BaseUri,
    [string] $AuthUri
)

$ErrorActionPreference = 'Stop'
Import-Module SinchBatch

function Get-Count([long] $Count, [string] $One, [string] $Many = "${One}s") { "$Count $(if ($Count -eq 1) { $One } else { $Many })" }

$connect = @{
    ProjectId  = Get-AutomationVariable -Name $ProjectVariableName
    Region     = $Region
    Credential = Get-AutomationPSCredential -Name $CredentialName
}
if ($BaseUri) { $connect.BaseUri = $BaseUri }
if ($AuthUri) { $connect.AuthUri = $AuthUri }
Connect-Sinch @connect

$downloaded = $null
try {
    $path = $Csv
    if ($Csv -match '^https?://') {
        $downloaded = Join-Path ([IO.Path]::GetTempPath()) ("sinch-{0}.csv" -f [guid]::NewGuid())
        Invoke-WebRequest -Uri $Csv -OutFile $downloaded -UseBasicParsing
        $path = $downloaded
    }

    $send = @{ AppId = $AppId; Text = $Text; Channel = $Channel; IdentityProperty = $IdentityProperty; CampaignId = $CampaignId; BatchSize = $BatchSize }
    if ($SendAfter) { $send.SendAfter = $SendAfter }
    if ($Metadata) { $send.BatchMetadata = $Metadata }

    # Bad rows and failed batches are errors whose TargetObject holds the rows: collect them and go on.
    # A campaign that cannot be read, or changed input, still stops the runbook.
    $failures = $null
    $batches = @(Import-Csv $path -Delimiter $Delimiter | Send-SinchBatch @send -ErrorVariable failures -ErrorAction SilentlyContinue)

    $failedRows = @(foreach ($failure in @($failures)) {
            foreach ($row in @($failure.TargetObject)) {
                [pscustomobject]@{ Row = $row; ErrorId = $failure.FullyQualifiedErrorId.Split(',')[0]; Reason = $failure.ToString() }
            }
        })
    $recipients = ($batches | Measure-Object -Property RecipientCount -Sum).Sum
    if (-not $recipients) { $recipients = 0 }
    $already = @($batches | Where-Object AlreadySent).Count
    $verb = if ($SendAfter) { 'Scheduled' } else { 'Sent' }

    "Campaign '$CampaignId': $($verb.ToLower()) $(Get-Count $recipients 'recipient') in $(Get-Count $batches.Count 'batch' 'batches') ($already already by an earlier run); $(Get-Count $failedRows.Count 'row') failed."
    foreach ($batch in $batches) {
        $what = if ($batch.AlreadySent) { 'already sent by an earlier run' } elseif ($SendAfter) { "scheduled for $($batch.SendAfter.ToString('u'))" } else { 'sent' }
        "Batch $($batch.BatchNumber): $($batch.BatchId), $(Get-Count $batch.RecipientCount 'recipient'), $what."
    }
    $failedRows
}
finally {
    Disconnect-Sinch
    if ($downloaded) { Remove-Item $downloaded -ErrorAction SilentlyContinue }
}
