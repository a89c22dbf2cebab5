BeforeAll {
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:LatencyMs=3000'
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Stopping Send-SinchBatch' {
    BeforeEach { Reset-Emulator }

    It 'cancels the requests in flight when the pipeline is stopped' {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $Connection)
                    Import-Module $Module
                    1..20 | ForEach-Object { @{ contact_id = "c-$_" } } |
                        Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ThrottleLimit 4 @Connection
                }).AddArgument($env:SINCHBATCH_MODULE).AddArgument($Connection)
            $running = $shell.BeginInvoke()
            # Wait until the first requests have reached the emulator, which holds each for three seconds.
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ((Get-EmulatorStats).batch_requests -lt 4 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }

            $shell.Stop()

            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $running.IsCompleted | Should -BeTrue
            Start-Sleep -Seconds 4   # longer than the emulator's latency: a request still alive would be accepted by now
            (Get-EmulatorStats).batch_requests | Should -Be 4
            (Get-EmulatorStats).accepted_batches | Should -Be 0
        }
        finally {
            $shell.Dispose()
        }
    }
}
