BeforeAll {
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:LatencyMs=3000'

    # Starts a script from New-SendScript in a child pwsh, its output read as it comes.
    # A test run started in the background (sh's `&`) ignores SIGINT, and its children inherit that: on Linux the child
    # is started through env --default-signal, so Ctrl+C reaches it however the tests were started.
    function Start-SendProcess([string] $Script) {
        $pwsh = Get-PwshLauncher
        $command = @($pwsh.Path) + $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-File', $Script, $env:SINCHBATCH_MODULE, $Emulator.Uri)
        if ($IsLinux) { $command = @('env', '--default-signal=INT') + $command }
        $start = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in $command | Select-Object -Skip 1) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.RedirectStandardInput = $true
        $process = [System.Diagnostics.Process]::Start($start)
        $process | Add-Member -NotePropertyName Said -NotePropertyValue @($process.StandardOutput.ReadToEndAsync(), $process.StandardError.ReadToEndAsync())
        $process
    }

    # Waits for the child to end, promptly, and returns all it said on one line.
    function Wait-SendProcess($Process) {
        $Process.WaitForExit(20000) | Should -BeTrue -Because 'Ctrl+C ends it promptly'
        ($Process.Said[0].Result + $Process.Said[1].Result) -replace '\s+', ' '
    }

    # Waits until an emulator counter reaches a value, with a deadline.
    function Wait-EmulatorCount([string] $Name, [int] $Value) {
        $deadline = [datetime]::UtcNow.AddSeconds(60)
        while ((Get-EmulatorStats).$Name -lt $Value) {
            if ([datetime]::UtcNow -gt $deadline) { throw "The emulator's $Name did not reach $Value in time." }
            Start-Sleep -Milliseconds 50
        }
    }
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

    # A real SIGINT to a child pwsh; Windows has no such signal to send another console process.
    It 'says at Ctrl+C while it waits for a request what was accepted, what was in flight, what was not started and the campaign to run again, and ends promptly' -Skip:$IsWindows -Tag Slow {
        $process = Start-SendProcess (New-SendScript 'send' @'
1..20 | ForEach-Object { @{ contact_id = "c-$_" } } |
    Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ThrottleLimit 4 -CampaignId 'ctrl-c' -ProjectId 'p' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key
'finished'
'@)
        try {
            # The campaign's first batch goes alone; then four are in flight.
            Wait-EmulatorCount batch_requests 5

            kill -INT $process.Id   # Ctrl+C

            $said = Wait-SendProcess $process
            $said | Should -Match 'Send-SinchBatch was stopped\. Accepted: 1 recipient in 1 batch \(\w+\)\.'
            $said | Should -Match 'Outcome unknown \(cancelled in flight, or no clear answer\): 4 recipients in 4 batches'
            $said | Should -Match "sinchbatch_request_id = '<id>' \}, ids: [0-9a-f]+-2, [0-9a-f]+-3, [0-9a-f]+-4, [0-9a-f]+-5\."
            $said | Should -Match 'Not started: 15 recipients in 15 batches\.'
            $said | Should -Match "run the same command again with -CampaignId 'ctrl-c'"
            $said | Should -Not -Match 'finished'
            Start-Sleep -Seconds 4   # longer than the emulator's latency
            (Get-EmulatorStats).accepted_batches | Should -Be 1
        }
        finally {
            if (-not $process.HasExited) { $process.Kill() }
            $process.Dispose()
        }
    }

    It 'says at Ctrl+C while the command before it runs that nothing was sent, and ends promptly' -Skip:$IsWindows {
        $marker = Join-Path $TestDrive 'upstream-waits'
        $process = Start-SendProcess (New-SendScript 'upstream-waits' (@'
1..20 | ForEach-Object { if ($_ -gt 4) { Set-Content 'MARKER' 'waiting'; Start-Sleep -Seconds 60 }; @{ contact_id = "c-$_" } } |
    Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ProjectId 'p' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key
'finished'
'@).Replace('MARKER', $marker))
        try {
            $deadline = [datetime]::UtcNow.AddSeconds(60)
            while (-not (Test-Path $marker) -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }

            kill -INT $process.Id   # Ctrl+C

            $said = Wait-SendProcess $process
            $said | Should -Match 'Send-SinchBatch was stopped while checking rows \(4 rows read\): nothing was sent\.'
            $said | Should -Not -Match 'finished'
            (Get-EmulatorStats).requests | Should -Be 0
        }
        finally {
            if (-not $process.HasExited) { $process.Kill() }
            $process.Dispose()
        }
    }

    It 'sends nothing when the command before it fails part-way, and says so on the host' {
        $script = New-SendScript 'upstream' @'
try {
    1..20 | ForEach-Object { if ($_ -gt 4) { throw 'the CSV share went away' }; @{ contact_id = "c-$_" } } |
        Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ThrottleLimit 8 -ProjectId 'p' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key
}
catch { "caught: $_" }
'@

        $said = (Invoke-Pwsh $script -Arguments $env:SINCHBATCH_MODULE, $Emulator.Uri) -join ' '

        $said | Should -Match 'Send-SinchBatch was stopped while checking rows \(4 rows read\): nothing was sent\.'
        $said | Should -Match 'caught: the CSV share went away'
        (Get-EmulatorStats).requests | Should -Be 0
    }
}

Describe 'Stopping Connect-Sinch' {
    It 'returns promptly at Ctrl+C while the token endpoint <Case>' -ForEach @(
        @{ Case = 'never answers'; Listen = $true }
        @{ Case = 'refuses connections, so the request is retried'; Listen = $false }
    ) {
        # A listener that never accepts: the connection is made and the token request waits for an answer that never comes.
        $silent = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $silent.Start()
        $authUri = "http://127.0.0.1:$($silent.LocalEndpoint.Port)/oauth2/token"
        if (-not $Listen) { $silent.Stop() }
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $Uri, $AuthUri, $Key)
                    Import-Module $Module
                    Connect-Sinch -ProjectId 'p' -BaseUri $Uri -AuthUri $AuthUri -Credential $Key
                }).AddArgument($env:SINCHBATCH_MODULE).AddArgument($Emulator.Uri).AddArgument($authUri).AddArgument($Connection.Credential)
            $running = $shell.BeginInvoke()
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            if ($Listen) {
                while (-not $silent.Pending() -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
                $silent.Pending() | Should -BeTrue -Because 'the token request has reached the endpoint'
            }
            else {
                Start-Sleep -Seconds 2   # past the first refusals: it now waits to retry
            }
            $running.IsCompleted | Should -BeFalse

            $stopping = $shell.BeginStop($null, $null)

            $stopping.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(5)) | Should -BeTrue -Because 'Ctrl+C ends the token request and its retries'
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $silent.Stop()   # a command that did not stop now fails instead of waiting for HttpClient's time-out
            $shell.Dispose()
        }
    }
}

Describe 'Stopping Get-SinchBatchStatus and Stop-SinchBatch' {
    BeforeEach { Reset-Emulator }

    It 'returns promptly at Ctrl+C while <Command> has -ThrottleLimit requests in flight' -ForEach @(
        @{ Command = 'Get-SinchBatchStatus' }
        @{ Command = 'Stop-SinchBatch' }
    ) {
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $Command, $Connection)
                    Import-Module $Module
                    1..20 | ForEach-Object { '01NOSUCHBATCH{0:d13}' -f $_ } | & $Command -ThrottleLimit 4 @Connection
                }).AddArgument($env:SINCHBATCH_MODULE).AddArgument($Command).AddArgument($Connection)
            $running = $shell.BeginInvoke()
            # Wait until the first four reads have reached the emulator, which holds each for three seconds.
            $deadline = [datetime]::UtcNow.AddSeconds(30)
            while ((Get-EmulatorStats).status_requests -lt 4 -and [datetime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }

            $stopping = $shell.BeginStop($null, $null)

            $stopping.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(2)) | Should -BeTrue -Because 'Ctrl+C cancels the requests in flight'
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            (Get-EmulatorStats).status_requests | Should -Be 4
        }
        finally {
            $shell.Dispose()
        }
    }
}

Describe 'The cancellation the cmdlets share' {
    It 'disposes <Name>''s cancellation with the command, and takes a Ctrl+C that comes after, without an error' -ForEach @(
        @{ Name = 'Get-SinchBatchStatus' }
        @{ Name = 'Stop-SinchBatch' }
        @{ Name = 'Connect-Sinch' }
        @{ Name = 'Send-SinchBatch' }
    ) {
        # StopProcessing runs on the thread that stops the pipeline, so it can come after the pipeline thread disposed the command.
        $command = New-Object (Get-Command $Name).ImplementingType
        $stop = [SinchBatch.Commands.SinchCmdlet].GetMethod('StopProcessing', [Reflection.BindingFlags]'NonPublic, Instance')

        ([IDisposable]$command).Dispose()

        $source = [SinchBatch.Commands.SinchCmdlet].GetField('_stop', [Reflection.BindingFlags]'NonPublic, Instance').GetValue($command)
        { $source.CancelAfter(1) } | Should -Throw -ExpectedMessage "*disposed*"
        { $stop.Invoke($command, @()) } | Should -Not -Throw
    }
}
