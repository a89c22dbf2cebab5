BeforeAll {
    # The emulator also serves the test's CSV files, for the runbook's download path.
    $files = Join-Path ([IO.Path]::GetTempPath()) "sinchbatch-runbook-$PID"
    $null = New-Item $files -ItemType Directory -Force
    . "$PSScriptRoot/common.ps1" -EmulatorSetting "--Emulator:FilesPath=$files"
}

AfterAll {
    Stop-SinchEmulator $Emulator
    Remove-Item $files -Recurse -Force
}

Describe 'The example runbook' {
    BeforeEach { Reset-Emulator }

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
            '+447700900123,"Smith, Jo",3308'
        )
        # A stand-in for Azure Automation: its two asset cmdlets, the module on PSModulePath, then the runbook.
        $job = Join-Path $TestDrive 'job.ps1'
        Set-Content $job -Value @'
param($Runbook, $Csv, $Uri, $ModuleRoot)
function Get-AutomationPSCredential([string] $Name) {
    if ($Name -ne 'SinchKey') { throw "No credential asset '$Name'." }
    [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
}
function Get-AutomationVariable([string] $Name) {
    if ($Name -ne 'SinchProjectId') { throw "No variable asset '$Name'." }
    'runbook-project'
}
$env:PSModulePath = $ModuleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
$output = & $Runbook -Csv $Csv -AppId 'runbook-app' -BaseUri $Uri -AuthUri "$Uri/oauth2/token"
ConvertTo-Json -Compress -Depth 5 -InputObject @{ summary = $output[0]; failed = @($output | Select-Object -Skip 1 | ForEach-Object { @{ phone = $_.Row.phone; errorId = $_.ErrorId } }) }
'@
        $moduleRoot = Split-Path (Split-Path (Split-Path $env:SINCHBATCH_MODULE))

        $source = if ($From -eq 'a URL') { "$($Emulator.Uri)/_emulator/files/customers.csv" } else { $csv }

        $printed = Invoke-Pwsh $job -Arguments "$PSScriptRoot/../docs/examples/runbook.ps1", $source, $Emulator.Uri, $moduleRoot

        $LASTEXITCODE | Should -Be 0
        $result = @($printed)[-1] | ConvertFrom-Json
        $result.summary | Should -Be 'Sent 3 recipients in 1 batches; 2 rows failed.'
        ($result.failed | Sort-Object errorId).errorId | Should -Be 'SinchBatch.MissingParameter', 'SinchBatch.MissingRecipient'
        ($result.failed | Where-Object errorId -eq 'SinchBatch.MissingParameter').phone | Should -Be '+4915112345678'
        $accepted = Get-AcceptedBatch
        $accepted.project_id | Should -Be 'runbook-project'
        $accepted.request.recipient_and_params.recipient.identified_by.channel_identities.identity | Should -Be '+46701234561', '+33612345678', '+447700900123'
    }
}
