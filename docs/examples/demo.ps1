<#
.SYNOPSIS
The README's demo: sends docs/examples/customers.csv to a local emulator, shows what it received, then
schedules the same campaign, reads it back and calls it off. Run it with `dotnet pwsh ./build.ps1 -Task Demo`.
#>
param(
    [Parameter(Mandatory)] [string] $ModuleDir,
    [Parameter(Mandatory)] [string] $EmulatorDll
)

$ErrorActionPreference = 'Stop'
. "$PSScriptRoot/../../src/SinchBatch.Emulator/EmulatorProcess.ps1"

$emulator = Start-SinchEmulator -Path $EmulatorDll
try {
    Import-Module "$ModuleDir/SinchBatch.psd1" -Force
    $key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
    Write-Host "Emulator at $($emulator.Uri). Sending docs/examples/customers.csv:" -ForegroundColor Cyan
    Import-Csv "$PSScriptRoot/customers.csv" |
        Send-SinchBatch -AppId 'DEMO-APP' -Text 'Hi ${name}, your code is ${code}' -Channel SMS -IdentityProperty phone `
            -Ttl 1h -ProjectId 'demo-project' -BaseUri $emulator.Uri -AuthUri "$($emulator.Uri)/oauth2/token" -Credential $key `
            -BatchSize 3 -Verbose |
        Format-Table | Out-String | Write-Host
    $accepted = Invoke-RestMethod "$($emulator.Uri)/_emulator/batches"
    Write-Host 'What the emulator received, recipient by recipient:' -ForegroundColor Cyan
    $accepted | ForEach-Object { foreach ($r in $_.request.recipient_and_params) {
            [pscustomobject]@{ BatchId = $_.batch_id; Phone = $r.recipient.identified_by.channel_identities[0].identity; Parameters = ($r.parameters | ConvertTo-Json -Compress) } } } |
        Format-Table | Out-String | Write-Host

    Connect-Sinch -ProjectId 'demo-project' -BaseUri $emulator.Uri -AuthUri "$($emulator.Uri)/oauth2/token" -Credential $key
    Write-Host 'Scheduling the same campaign for an hour from now, reading it back, and calling it off:' -ForegroundColor Cyan
    $scheduled = Import-Csv "$PSScriptRoot/customers.csv" |
        Send-SinchBatch -AppId 'DEMO-APP' -Text 'Hi ${name}, your code is ${code}' -Channel SMS -IdentityProperty phone `
            -SendAfter (Get-Date).AddHours(1) -BatchMetadata @{ campaign = 'demo' }
    $scheduled | Get-SinchBatchStatus | Format-Table | Out-String | Write-Host
    Stop-SinchBatch -Metadata @{ campaign = 'demo' } -Wait -PassThru | Format-Table | Out-String | Write-Host
    Disconnect-Sinch
}
finally {
    Stop-SinchEmulator $emulator
}
