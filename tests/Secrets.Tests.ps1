BeforeAll {
    $secret = "S3cret-$(New-Guid)"
    . "$PSScriptRoot/common.ps1" -EmulatorSetting "--Emulator:KeySecret=$secret"

    $goodKey = [pscredential]::new('emulator-key', (ConvertTo-SecureString $secret -AsPlainText -Force))
    $wrongSecret = "Wr0ng-$(New-Guid)"
    $wrongKey = [pscredential]::new('emulator-key', (ConvertTo-SecureString $wrongSecret -AsPlainText -Force))
    $endpoint = @{ ProjectId = 'secret-test'; BaseUri = $Emulator.Uri; AuthUri = "$($Emulator.Uri)/oauth2/token" }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Secrets' {
    It 'never shows the key secret, the Basic header or a token: not in output, streams, errors or a transcript, on success or failure' {
        $transcript = Join-Path $TestDrive 'transcript.txt'
        $output = [System.Collections.Generic.List[object]]::new()
        $problems = [System.Collections.Generic.List[object]]::new()
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ contact_id = "c-$_"; name = "N$_" } }

        $null = Start-Transcript $transcript
        $VerbosePreference = 'Continue'
        $DebugPreference = 'Continue'
        try {
            # A good run: connect, send, read, cancel; then a token the service refuses, renewed.
            $output.Add((Connect-Sinch @endpoint -Credential $goodKey -PassThru -Verbose -Debug))
            $sent = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -SendAfter ([datetime]::UtcNow.AddHours(1)) -BatchSize 2 -Verbose -Debug
            $output.AddRange(@($sent))
            $output.AddRange(@($sent | Get-SinchBatchStatus -Verbose -Debug))
            $output.AddRange(@($sent | Stop-SinchBatch -PassThru -Verbose -Debug))
            Revoke-EmulatorToken
            $output.AddRange(@($rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -Verbose -Debug))
            Disconnect-Sinch -Verbose

            # Failures: a wrong secret at Connect-Sinch and at Send-SinchBatch, shown as errors are.
            try { Connect-Sinch @endpoint -Credential $wrongKey -Verbose -Debug }
            catch { $problems.Add($_); $_ | Out-Host }
            try { $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @endpoint -Credential $wrongKey -Verbose -Debug }
            catch { $problems.Add($_); $_ | Out-Host }
        }
        finally {
            $VerbosePreference = 'SilentlyContinue'
            $DebugPreference = 'SilentlyContinue'
            $null = Stop-Transcript
        }

        $recorded = Get-Content $transcript -Raw
        $everything = @(
            $recorded
            $output | ConvertTo-Json -Depth 6
            $output | Format-List * -Force | Out-String -Width 4096
            foreach ($problem in $problems) {
                $problem | Format-List * -Force | Out-String -Width 4096
                $problem.Exception | Format-List * -Force | Out-String -Width 4096
                $problem.TargetObject | ConvertTo-Json -Depth 4
            }
        ) -join "`n"
        $needles = @($secret, $wrongSecret) + (Get-IssuedToken) + @(
            foreach ($pair in "emulator-key:$secret", "emulator-key:$wrongSecret") { [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($pair)) })

        # The search means something only if the run was recorded, failures included.
        $recorded | Should -Match 'POST /v1/projects/secret-test/messages -> 200'
        $recorded | Should -Match 'POST /v1/projects/secret-test/messages -> 401'
        $recorded | Should -Match "refused key ID 'emulator-key'"
        $problems.Count | Should -BeGreaterThan 1
        (Get-IssuedToken).Count | Should -Be 2
        foreach ($needle in $needles) {
            $everything.Contains($needle) | Should -BeFalse -Because 'no secret or token may be shown'
        }
    }

    It 'keeps no secret in what Connect-Sinch -PassThru writes' {
        $connection = Connect-Sinch @endpoint -Credential $goodKey -PassThru
        try {
            $connection.PSObject.Properties.Name | Should -Be 'ProjectId', 'BaseUri', 'AuthUri', 'KeyId'
        }
        finally { Disconnect-Sinch }
    }
}
