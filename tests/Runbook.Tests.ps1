BeforeAll {
    # The emulator also serves the test's CSV files, for the runbook's download path.
    $files = Join-Path ([IO.Path]::GetTempPath()) "sinchbatch-runbook-$PID"
    $null = New-Item $files -ItemType Directory -Force
    . "$PSScriptRoot/common.ps1" -EmulatorSetting "--Emulator:FilesPath=$files"

    # A stand-in for Azure Automation: its two asset cmdlets, the module on PSModulePath, then the runbook.
    $job = Join-Path $files 'job.ps1'
    Set-Content $job -Value @'
param($Runbook, $Csv, $Uri, $ModuleRoot, $CampaignId, $BatchSize, $Delimiter = ',')
function Get-AutomationPSCredential([string] $Name) {
    if ($Name -ne 'SinchKey') { throw "No credential asset '$Name'." }
    [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
}
function Get-AutomationVariable([string] $Name) {
    if ($Name -ne 'SinchProjectId') { throw "No variable asset '$Name'." }
    'runbook-project'
}
$env:PSModulePath = $ModuleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
$output = & $Runbook -CampaignId $CampaignId -Csv $Csv -AppId 'runbook-app' -BatchSize $BatchSize -Delimiter $Delimiter -Metadata @{ team = 'retail' } -BaseUri $Uri -AuthUri "$Uri/oauth2/token"
ConvertTo-Json -Compress -Depth 5 -InputObject @{
    summary = $output[0]
    batches = @($output | Select-Object -Skip 1 | Where-Object { $_ -is [string] })
    failed = @($output | Where-Object { $_ -isnot [string] } | ForEach-Object { @{ phone = $_.Row.phone; errorId = $_.ErrorId } })
}
'@
    $moduleRoot = Split-Path (Split-Path (Split-Path $env:SINCHBATCH_MODULE))

    function Invoke-Runbook([string] $Source, [string] $CampaignId, [int] $BatchSize = 1000, [string] $Delimiter = ',') {
        $printed = Invoke-Pwsh $job -Arguments "$PSScriptRoot/../docs/examples/runbook.ps1", $Source, $Emulator.Uri, $moduleRoot, $CampaignId, $BatchSize, $Delimiter
        $LASTEXITCODE | Should -Be 0
        @($printed)[-1] | ConvertFrom-Json
    }
}

AfterAll {
    Stop-SinchEmulator $Emulator
    Remove-Item $files -Recurse -Force
}

Describe 'The example runbook' {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'runs unattended in pwsh -NonInteractive with the Automation cmdlets stood in, and counts right, with the CSV from <From>' -ForEach @(
        @{ From = 'a path' }
        @{ From = 'a URL' }
    ) {
        $csv = Join-Path $files 'customers.csv'
        Set-Content $csv -Encoding utf8 -Value @(
            'phone,name,code'
            '+46701234561,Åsa,4821'
            ',No Phone,1111'
            '+33612345678,Renée,7730'
            '+4915112345678,No Code,'
            '+447911123456,"Smith, Jo",3308'
        )
        $source = if ($From -eq 'a URL') { "$($Emulator.Uri)/_emulator/files/customers.csv" } else { $csv }

        $result = Invoke-Runbook $source -CampaignId "welcome-$($From -replace ' ', '-')"

        $accepted = Get-AcceptedBatch
        $result.summary | Should -Be "Campaign 'welcome-$($From -replace ' ', '-')': sent 3 recipients in 1 batch (0 already by an earlier run); 2 rows failed."
        $result.batches | Should -Be "Batch 1: $($accepted.batch_id), 3 recipients, sent."
        $accepted.request.batch_metadata.team | Should -Be 'retail'
        ($result.failed | Sort-Object errorId).errorId | Should -Be 'SinchBatch.MissingParameter', 'SinchBatch.MissingRecipient'
        ($result.failed | Where-Object errorId -eq 'SinchBatch.MissingParameter').phone | Should -Be '+4915112345678'
        $accepted.project_id | Should -Be 'runbook-project'
        $accepted.request.recipient_and_params.recipient.identified_by.channel_identities.identity | Should -Be '+46701234561', '+33612345678', '+447911123456'
    }

    It 'reads a semicolon CSV, as European Excel saves it, with -Delimiter' {
        $csv = Join-Path $files 'kunder.csv'
        Set-Content $csv -Encoding utf8 -Value @('phone;name;code', '+46701234561;Åsa;4821', '+46701234562;"Berg; Nils";1')

        $result = Invoke-Runbook $csv -CampaignId 'semicolon' -Delimiter ';'

        $result.summary | Should -Be "Campaign 'semicolon': sent 2 recipients in 1 batch (0 already by an earlier run); 0 rows failed."
        (Get-AcceptedRecipient).parameters.name | Should -Be 'Åsa', 'Berg; Nils'
    }

    It 'is restartable: run again after dropped connections, every recipient is accepted exactly once' {
        $csv = Join-Path $files 'campaign.csv'
        Set-Content $csv -Encoding utf8 -Value (@('phone,name,code') + (1..600 | ForEach-Object { '+4670{0:d7},Name {0},{0}' -f $_ }))
        Set-EmulatorFault @{ Dropped = 0.3; Seed = 17 }

        $first = Invoke-Runbook $csv -CampaignId 'restart-test' -BatchSize 50
        Set-EmulatorFault
        $acceptedFirst = @(Get-AcceptedBatch).Count

        $second = Invoke-Runbook $csv -CampaignId 'restart-test' -BatchSize 50

        @($first.failed).Count | Should -BeGreaterThan 0 -Because 'the first run met dropped connections'
        ($first.failed.errorId | Select-Object -Unique) | Should -Be 'SinchBatch.OutcomeUnknown'
        $second.summary | Should -Be "Campaign 'restart-test': sent 600 recipients in 12 batches ($acceptedFirst already by an earlier run); 0 rows failed."
        $accepted = Get-AcceptedBatch
        $identities = $accepted.request.recipient_and_params.recipient.identified_by.channel_identities.identity
        $identities | Should -HaveCount 600
        ($identities | Sort-Object -Unique) | Should -HaveCount 600
        $second.batches | Should -HaveCount 12
        foreach ($batch in $accepted) { ($second.batches -match $batch.batch_id) | Should -HaveCount 1 }
        @($second.batches -match 'already sent by an earlier run') | Should -HaveCount $acceptedFirst
    }
}
