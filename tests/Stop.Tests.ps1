BeforeAll {
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:LatencyMs=3000'

    # Starts a script from New-SendScript in a child pwsh, its output read as it comes; with -FirstLine, returns once the
    # child has written its first line (which Said then leaves out), or throws at the deadline.
    # A test run started in the background (sh's `&`) ignores SIGINT, and its children inherit that: on Linux the child
    # is started through env --default-signal, so Ctrl+C reaches it however the tests were started.
    function Start-SendProcess([string] $Script, [switch] $FirstLine) {
        $pwsh = Get-PwshLauncher
        $command = @($pwsh.Path) + $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-File', $Script, $env:SINCHBATCH_MODULE, $Emulator.Uri)
        if ($IsLinux) { $command = @('env', '--default-signal=INT') + $command }
        $start = [System.Diagnostics.ProcessStartInfo]::new($command[0])
        foreach ($argument in $command | Select-Object -Skip 1) { $start.ArgumentList.Add($argument) }
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        $start.RedirectStandardInput = $true
        $process = [System.Diagnostics.Process]::Start($start)
        if ($FirstLine -and -not $process.StandardOutput.ReadLineAsync().Wait([timespan]::FromSeconds(60))) {
            $process.Kill()
            throw 'The child wrote no line in time.'
        }
        $process | Add-Member -NotePropertyName Said -NotePropertyValue @($process.StandardOutput.ReadToEndAsync(), $process.StandardError.ReadToEndAsync())
        $process
    }

    # Waits for the child to end, promptly, and returns all it said on one line.
    function Wait-SendProcess($Process) {
        $Process.WaitForExit(20000) | Should -BeTrue -Because 'Ctrl+C ends it promptly'
        ($Process.Said[0].Result + $Process.Said[1].Result) -replace '\s+', ' '
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Stopping Send-SinchBatch, waiting on the emulator''s counters (issue 20, 2)' {
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
            $null = Wait-EmulatorCount batch_requests 4

            $shell.Stop()

            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
            $running.IsCompleted | Should -BeTrue
            # A request still alive would be answered, and its batch accepted, before the emulator holds none.
            $settled = Wait-EmulatorIdle
            $settled.batch_requests | Should -Be 4
            $settled.accepted_batches | Should -Be 0
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
            (Wait-EmulatorIdle).accepted_batches | Should -Be 1
        }
        finally {
            if (-not $process.HasExited) { $process.Kill() }
            $process.Dispose()
        }
    }

    It 'says at Ctrl+C while the command before it runs that nothing was sent, and ends promptly' -Skip:$IsWindows {
        # After four rows the command before it says so and waits for an event that never comes, until Ctrl+C.
        $process = Start-SendProcess -FirstLine (New-SendScript 'upstream-waits' @'
1..20 | ForEach-Object { if ($_ -gt 4) { [Console]::Out.WriteLine('waiting'); $null = Wait-Event -SourceIdentifier 'never-raised' }; @{ contact_id = "c-$_" } } |
    Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ProjectId 'p' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key
'finished'
'@)
        try {
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
        @{ Case = 'never answers'; Drop = $false }
        @{ Case = 'drops every connection, so the request is retried'; Drop = $true }
    ) {
        # A token endpoint that takes connections and either never answers, or drops each one at once.
        $silent = [System.Net.Sockets.TcpListener]::new([ipaddress]::Loopback, 0)
        $silent.Start()
        $authUri = "http://127.0.0.1:$($silent.LocalEndpoint.Port)/oauth2/token"
        $taken = [System.Collections.Generic.List[System.Net.Sockets.TcpClient]]::new()
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $Uri, $AuthUri, $Key)
                    Import-Module $Module
                    Connect-Sinch -ProjectId 'p' -BaseUri $Uri -AuthUri $AuthUri -Credential $Key
                }).AddArgument($env:SINCHBATCH_MODULE).AddArgument($Emulator.Uri).AddArgument($authUri).AddArgument($Connection.Credential)
            $running = $shell.BeginInvoke()
            # Never answering, one connection is enough; dropping, the second one is a retry, and the next waits its turn.
            foreach ($attempt in 1..$(if ($Drop) { 2 } else { 1 })) {
                $next = $silent.AcceptTcpClientAsync()
                $next.Wait([timespan]::FromSeconds(60)) | Should -BeTrue -Because 'the token request reaches the endpoint'
                $taken.Add($next.Result)
                if ($Drop) { $next.Result.Client.LingerState = [System.Net.Sockets.LingerOption]::new($true, 0); $next.Result.Close() }
            }
            $running.IsCompleted | Should -BeFalse

            $stopping = $shell.BeginStop($null, $null)

            $stopping.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(5)) | Should -BeTrue -Because 'Ctrl+C ends the token request and its retries'
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $silent.Stop()   # a command that did not stop now fails instead of waiting for HttpClient's time-out
            foreach ($client in $taken) { $client.Dispose() }
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
            $null = Wait-EmulatorCount status_requests 4

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

Describe 'The cancellation the cmdlets share, through their public contract (issue 20, 6)' {
    # That Ctrl+C cancels what each cmdlet waits for is shown above, through the requests the emulator sees given up; here,
    # a Ctrl+C that comes too late. StopProcessing runs on the thread that stops the pipeline, so it can come after the
    # pipeline thread disposed the command: it is called as PowerShell calls it, on the public type, by its Cmdlet contract.
    It 'takes a Ctrl+C that comes after <Name> was disposed, without an error' -ForEach @(
        @{ Name = 'Get-SinchBatchStatus' }
        @{ Name = 'Stop-SinchBatch' }
        @{ Name = 'Connect-Sinch' }
        @{ Name = 'Send-SinchBatch' }
    ) {
        $command = New-Object (Get-Command $Name).ImplementingType
        $stop = [System.Management.Automation.Cmdlet].GetMethod('StopProcessing', [Reflection.BindingFlags]'NonPublic, Instance')

        ([IDisposable]$command).Dispose()

        { $stop.Invoke($command, @()) } | Should -Not -Throw
    }
}
