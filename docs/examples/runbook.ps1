<#
.SYNOPSIS
Sends a campaign from a CSV through Sinch, unattended: an Azure Automation runbook.

.DESCRIPTION
Reads the Sinch key (user name: key ID, password: key secret) from the Automation credential
asset named by -CredentialName and the project ID from the variable asset named by
-ProjectVariableName. The CSV comes from a path, or from an http(s) URL (downloaded to the
sandbox's temporary folder first, so rows still stream). One batch goes out per 1000 rows.

The output is one summary line, then every row that was not accepted, with its ErrorId and
reason: pipe those rows' Row property back into Send-SinchBatch to try them again.
Works in Windows PowerShell 5.1 and PowerShell 7 runbooks; it never prompts.

.EXAMPLE
.\runbook.ps1 -Csv 'https://example.blob.core.windows.net/campaigns/customers.csv' -AppId $appId -Region EU
#>
param(
    [Parameter(Mandatory = $true)] [string] $Csv,
    [Parameter(Mandatory = $true)] [string] $AppId,
    [string] $Text = 'Hi ${name}, your code is ${code}',
    [string] $Channel = 'SMS',
    [string] $IdentityProperty = 'phone',
    [ValidateSet('US', 'EU', 'BR')] [string] $Region = 'EU',
    [string] $CredentialName = 'SinchKey',
    [string] $ProjectVariableName = 'SinchProjectId',
    [Nullable[datetime]] $SendAfter,
    # Only to try the runbook against the local emulator instead of Sinch.
    [string] $BaseUri,
    [string] $AuthUri
)

$ErrorActionPreference = 'Stop'
Import-Module SinchBatch

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

    $send = @{ AppId = $AppId; Text = $Text; Channel = $Channel; IdentityProperty = $IdentityProperty }
    if ($SendAfter) { $send.SendAfter = $SendAfter }

    # Rows and batches that fail are errors whose TargetObject holds the rows: collect, don't stop.
    $failures = $null
    $batches = @(Import-Csv $path | Send-SinchBatch @send -ErrorVariable failures -ErrorAction SilentlyContinue)

    $failedRows = @(foreach ($failure in @($failures)) {
            foreach ($row in @($failure.TargetObject)) {
                [pscustomobject]@{ Row = $row; ErrorId = $failure.FullyQualifiedErrorId.Split(',')[0]; Reason = $failure.ToString() }
            }
        })
    $recipients = ($batches | Measure-Object -Property RecipientCount -Sum).Sum
    if (-not $recipients) { $recipients = 0 }

    "Sent $recipients recipients in $($batches.Count) batches; $($failedRows.Count) rows failed."
    $failedRows
}
finally {
    Disconnect-Sinch
    if ($downloaded) { Remove-Item $downloaded -ErrorAction SilentlyContinue }
}
