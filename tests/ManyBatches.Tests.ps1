BeforeAll {
    # Every request takes 40 to 120 ms, drawn anew each time, so answers come back in another order than asked.
    # A batch sent at once stays Ready for five seconds, so -Wait has something to poll.
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:LatencyMs=40', '--Emulator:LatencyJitterMs=80', '--Emulator:ProcessingSeconds=5'

    # Schedules one batch per row, one request at a time, so the emulator's highest in-flight count stays 1 until the command tested.
    function Send-Many([int] $Count, [string] $Campaign = 'many', [switch] $AsCampaign) {
        $named = if ($AsCampaign) { @{ CampaignId = $Campaign } } else { @{ BatchMetadata = @{ campaign = $Campaign } } }
        1..$Count | ForEach-Object { @{ contact_id = "c-$_" } } |
            Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ThrottleLimit 1 -SendAfter ([datetime]::UtcNow.AddHours(2)) @named @Connection
    }

    # The status of each batch now, as the emulator sees it, once cancellations have had time to take effect.
    function Get-StatusAfterCancel([string[]] $BatchId) {
        Move-EmulatorClock 5
        $statuses = @{}
        foreach ($batch in Get-AcceptedBatch) { $statuses[$batch.batch_id] = $batch.status }
        foreach ($id in $BatchId) { $statuses[$id] }
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Reading and cancelling many batches' {
    BeforeEach { Reset-Emulator }

    It 'Send-SinchBatch keeps -ThrottleLimit requests in flight, and no more' {
        $null = 1..24 | ForEach-Object { @{ contact_id = "c-$_" } } | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ThrottleLimit 4 @Connection

        (Get-EmulatorStats).max_in_flight | Should -Be 4
        (Get-EmulatorStats).accepted_recipients | Should -Be 24
    }

    It 'Get-SinchBatchStatus keeps -ThrottleLimit requests in flight for IDs given <How>' -ForEach @(
        @{ How = 'from the pipeline'; Piped = $true }
        @{ How = 'as an array'; Piped = $false }
    ) {
        $sent = Send-Many 16
        (Get-EmulatorStats).max_in_flight | Should -Be 1

        $statuses = if ($Piped) { $sent.BatchId | Get-SinchBatchStatus -ThrottleLimit 4 @Connection } else { Get-SinchBatchStatus -BatchId $sent.BatchId -ThrottleLimit 4 @Connection }

        (Get-EmulatorStats).max_in_flight | Should -Be 4
        $statuses.BatchId | Should -Be $sent.BatchId
    }

    It 'Stop-SinchBatch keeps -ThrottleLimit requests in flight, <How>' -ForEach @(
        @{ How = 'by pipeline'; Stop = { param($Sent, $Parameters) $Sent | Stop-SinchBatch @Parameters } }
        @{ How = 'by -Metadata'; Stop = { param($Sent, $Parameters) Stop-SinchBatch -Metadata @{ campaign = 'many' } @Parameters } }
        @{ How = 'by -CampaignId'; Campaign = $true; Stop = { param($Sent, $Parameters) Stop-SinchBatch -CampaignId 'many' @Parameters } }
    ) {
        $sent = Send-Many 16 -AsCampaign:([bool]$Campaign)
        (Get-EmulatorStats).max_in_flight | Should -Be 1

        & $Stop $sent ($Connection + @{ ThrottleLimit = 4 })

        (Get-EmulatorStats).max_in_flight | Should -Be 4
        (Get-EmulatorStats).cancel_requests | Should -Be 16
        Get-StatusAfterCancel $sent.BatchId | Select-Object -Unique | Should -Be 'CANCELLED'
    }

    It 'writes statuses, and errors, in input order though the answers arrive in another order: <How>' -ForEach @(
        @{ How = 'Get-SinchBatchStatus'; Read = { param($Ids, $Parameters) Get-SinchBatchStatus -BatchId $Ids @Parameters } }
        @{ How = 'Stop-SinchBatch -PassThru'; Read = { param($Ids, $Parameters) $Ids | Stop-SinchBatch -PassThru @Parameters } }
    ) {
        $sent = Send-Many 30
        $unknown = '01NOSUCHBATCH0000000000007', '01NOSUCHBATCH0000000000019'
        $ids = [Collections.Generic.List[string]]$sent.BatchId
        $ids.Insert(19, $unknown[1])
        $ids.Insert(7, $unknown[0])

        $written = & $Read $ids ($Connection + @{ ThrottleLimit = 8; ErrorAction = 'Continue' }) 2>&1

        $written | ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $_.TargetObject } else { $_.BatchId } } | Should -Be $ids
        $errors = $written | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] }
        $errors.FullyQualifiedErrorId -replace ',.*' | Should -Be 'SinchBatch.BatchNotFound', 'SinchBatch.BatchNotFound'
    }

    It 'writes warnings and statuses in list order when Stop-SinchBatch -Metadata meets batches it cannot cancel' {
        # Five scheduled batches, one sent at once, five scheduled, one sent at once: listed in the order they were accepted.
        $null = foreach ($part in 1..2) {
            Send-Many 5
            @{ contact_id = "now-$part" } | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchMetadata @{ campaign = 'many' } @Connection
        }
        $accepted = Get-AcceptedBatch
        $expected = foreach ($batch in $accepted) {
            if ($batch.request.PSObject.Properties.Name -notcontains 'send_after') { 'warning' }
            $batch.batch_id
        }

        $written = Stop-SinchBatch -Metadata @{ campaign = 'many' } -PassThru -ThrottleLimit 4 @Connection 3>&1

        $written | ForEach-Object { if ($_ -is [System.Management.Automation.WarningRecord]) { 'warning' } else { $_.BatchId } } | Should -Be $expected
        ($expected -eq 'warning') | Should -HaveCount 2
    }

    It 'Stop-SinchBatch <How> cancels by the statuses it listed, reading no batch again' -ForEach @(
        @{ How = '-Metadata'; Campaign = $false; Stop = { param($Parameters) Stop-SinchBatch -Metadata @{ campaign = 'many' } @Parameters } }
        @{ How = '-CampaignId'; Campaign = $true; Stop = { param($Parameters) Stop-SinchBatch -CampaignId 'many' @Parameters } }
    ) {
        $sent = Send-Many 10 -AsCampaign:$Campaign
        $before = Get-EmulatorStats

        & $Stop $Connection

        $after = Get-EmulatorStats
        $after.status_requests - $before.status_requests | Should -Be 1 -Because 'one list, and no GET of a batch before its DELETE'
        $after.cancel_requests - $before.cancel_requests | Should -Be 10
        Get-StatusAfterCancel $sent.BatchId | Select-Object -Unique | Should -Be 'CANCELLED'
    }

    It 'Get-SinchBatchStatus -Wait reads up to -ThrottleLimit batches at once while it polls, and writes them in list order' -Tag Slow {
        $null = 1..12 | ForEach-Object { @{ contact_id = "c-$_" } } |
            Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -ThrottleLimit 1 -BatchMetadata @{ campaign = 'now' } @Connection
        $listed = (Get-AcceptedBatch).batch_id

        $final = Get-SinchBatchStatus -Metadata @{ campaign = 'now' } -Wait -ThrottleLimit 4 @Connection

        (Get-EmulatorStats).max_in_flight | Should -Be 4 -Because 'one list, then rounds of reads of the twelve Ready batches, four at a time'
        $final.BatchId | Should -Be $listed
        $final.Status | Select-Object -Unique | Should -Be 'Processed'
    }

    It 'Get-SinchBatchStatus -Wait leaves a batch scheduled ahead alone until shortly before its time, and Ctrl+C ends that wait' {
        $sent = Send-Many 1
        $before = (Get-EmulatorStats).status_requests
        $shell = [powershell]::Create()
        try {
            $null = $shell.AddScript({
                    param($Module, $BatchId, $Connection)
                    Import-Module $Module
                    Get-SinchBatchStatus -BatchId $BatchId -Wait @Connection
                }).AddArgument($env:SINCHBATCH_MODULE).AddArgument($sent.BatchId).AddArgument($Connection)
            $running = $shell.BeginInvoke()
            $null = Wait-EmulatorCount status_requests ($before + 1)

            # What is proven is that nothing happens for a while, timed by the module's own clock, which a test in another
            # process cannot move (xunit moves it for StatusPoller): polling at its interval would have read again after 1 s and 3 s.
            Start-Sleep -Seconds 4

            (Get-EmulatorStats).status_requests - $before | Should -Be 1 -Because 'the batch is read once, then left until ten seconds before its SendAfter, two hours on'
            $running.IsCompleted | Should -BeFalse
            $stopping = $shell.BeginStop($null, $null)
            $stopping.AsyncWaitHandle.WaitOne([timespan]::FromSeconds(5)) | Should -BeTrue -Because 'Ctrl+C ends the sleep'
            $shell.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally {
            $shell.Dispose()
        }
    }
}
