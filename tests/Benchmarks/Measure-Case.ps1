<#
.SYNOPSIS
One benchmark case in its own pwsh process; prints {"seconds":..,"peakMB":..} as the last line.
#>
param(
    [Parameter(Mandatory)] [ValidateSet('Floor', 'FloorReading', 'Module', 'ModuleWhatIf', 'Script')] [string] $Case,
    [Parameter(Mandatory)] [string] $Csv,
    [Parameter(Mandatory)] [string] $Uri,
    [string] $ModulePath
)

$ErrorActionPreference = 'Stop'
$text = 'Hi ${name}, your code is ${code}'
$key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
if ($Case -like 'Module*') { Import-Module $ModulePath }

# A plain script as an administrator might write it without the module: ConvertTo-Json and Invoke-RestMethod.
function Send-PlainBatch($Recipients, $Token) {
    $body = @{ app_id = 'bench-app'; message = @{ text_message = @{ text = $text } }; recipient_and_params = $Recipients } |
        ConvertTo-Json -Depth 10 -Compress
    $null = Invoke-RestMethod -Method Post -Uri "$Uri/v1/projects/bench/messages" -Headers @{ Authorization = "Bearer $Token" } `
        -Body ([Text.Encoding]::UTF8.GetBytes($body)) -ContentType 'application/json; charset=utf-8'
}

$clock = [Diagnostics.Stopwatch]::StartNew()
switch ($Case) {
    'Floor' { Import-Csv $Csv | ForEach-Object {} }
    # The floor plus reading each row's three columns: PowerShell's own cost of a property read.
    'FloorReading' { Import-Csv $Csv | ForEach-Object { $null = $_.contact_id, $_.name, $_.code } }
    'Module' {
        $failures = $null
        Import-Csv $Csv |
            Send-SinchBatch -AppId 'bench-app' -Text $text -ProjectId 'bench' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key -ErrorVariable failures |
            Out-Null
        if ($failures) { throw "The module run had $($failures.Count) errors: $($failures[0])" }
    }
    # The module's own work (reading rows, checking, writing JSON) without the network or the emulator.
    'ModuleWhatIf' {
        Import-Csv $Csv |
            Send-SinchBatch -AppId 'bench-app' -Text $text -ProjectId 'bench' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key -WhatIf 6>$null |
            Out-Null
    }
    'Script' {
        $basic = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('emulator-key:emulator-secret'))
        $token = (Invoke-RestMethod -Method Post "$Uri/oauth2/token" -Headers @{ Authorization = "Basic $basic" } -Body @{ grant_type = 'client_credentials' }).access_token
        $batch = [System.Collections.Generic.List[object]]::new()
        Import-Csv $Csv | ForEach-Object {
            $batch.Add(@{ recipient = @{ contact_id = $_.contact_id }; parameters = @{ name = $_.name; code = $_.code } })
            if ($batch.Count -eq 1000) { Send-PlainBatch $batch $token; $batch.Clear() }
        }
        if ($batch.Count) { Send-PlainBatch $batch $token }
    }
}
$seconds = $clock.Elapsed.TotalSeconds
$peak = [Diagnostics.Process]::GetCurrentProcess().PeakWorkingSet64 / 1MB
@{ seconds = [math]::Round($seconds, 3); peakMB = [math]::Round($peak, 1) } | ConvertTo-Json -Compress
