BeforeAll {
    # Cancellations take effect two seconds after they are asked for, as Sinch's do a little later.
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:CancelSeconds=2'
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Get-SinchBatchStatus' {
    BeforeEach { Reset-Emulator }

    It 'shows the send time in local time too, beside UTC in the table' {
        $at = [datetime]::UtcNow.AddHours(1)
        $sent = Send-Scheduled 'spring' -At $at

        $status = Get-SinchBatchStatus -BatchId $sent.BatchId @Connection

        $status.SendAfterLocal | Should -Be $status.SendAfter.ToLocalTime()
        $status.SendAfterLocal.Kind | Should -Be 'Local'
        $sent.SendAfterLocal | Should -Be $sent.SendAfter.ToLocalTime()
        $table = $status | Format-Table | Out-String -Width 200
        $table | Should -Match 'SendAfter \(UTC\)\s+SendAfter \(local\)'
        $table | Should -Match ([regex]::Escape($status.SendAfterLocal.ToString('yyyy-MM-dd HH:mm')))
    }

    It 'reads a scheduled batch as Scheduled, with its send time and metadata' {
        $sent = Send-Scheduled 'spring'

        $status = Get-SinchBatchStatus -BatchId $sent.BatchId @Connection

        $status | Should -BeOfType SinchBatch.SinchBatchStatus
        $status.BatchId | Should -Be $sent.BatchId
        $status.Status | Should -Be ([SinchBatch.SinchBatchState]::Scheduled)
        $status.SendAfter | Should -Be $sent.SendAfter
        $status.SendAfter.Kind | Should -Be 'Utc'
        $status.Metadata['campaign'] | Should -Be 'spring'
        $status.ProjectId | Should -Be 'test-project'
    }

    It 'takes IDs from the pipeline, as strings and as the BatchId of send results' {
        $sent = Send-Scheduled 'a', 'b'

        $byValue = $sent.BatchId | Get-SinchBatchStatus @Connection
        $byProperty = $sent | Get-SinchBatchStatus @Connection

        $byValue.BatchId | Should -Be $sent.BatchId
        $byProperty.BatchId | Should -Be $sent.BatchId
    }

    It 'looks a batch up in the project it was sent to, from the pipeline' {
        $noProject = Join-Connection -Without ProjectId
        $sent = @{ contact_id = 'c' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -ProjectId 'other-project' @noProject

        $status = $sent | Get-SinchBatchStatus @noProject

        $status.ProjectId | Should -Be 'other-project'
        $status.BatchId | Should -Be $sent.BatchId
    }

    It 'reports an unknown ID as ObjectNotFound and still answers for the others' {
        $sent = Send-Scheduled 'a', 'b'

        $statuses = Get-SinchBatchStatus -BatchId $sent[0].BatchId, '01NOSUCHBATCH0000000000000', $sent[1].BatchId @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $statuses.BatchId | Should -Be $sent.BatchId
        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.BatchNotFound,SinchBatch.Commands.GetSinchBatchStatusCommand'
        $problems[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $problems[0].TargetObject | Should -Be '01NOSUCHBATCH0000000000000'
    }

    It 'lists the batches whose metadata matches, and no others' {
        $sent = Send-Scheduled 'spring', 'summer', 'spring'

        $statuses = Get-SinchBatchStatus -Metadata @{ campaign = 'spring' } @Connection

        ($statuses.BatchId | Sort-Object) | Should -Be (($sent | Where-Object { $_.Metadata['campaign'] -eq 'spring' }).BatchId | Sort-Object)
    }

    It 'warns when no batch matches the metadata' {
        $null = Send-Scheduled 'spring'

        $statuses = Get-SinchBatchStatus -Metadata @{ campaign = 'winter' } @Connection -WarningVariable warnings 3>$null

        $statuses | Should -BeNullOrEmpty
        $warnings[0] | Should -Match "campaign = 'winter'"
    }

    It 'waits for an immediate batch to be Processed: Send | Get-SinchBatchStatus -Wait' {
        $status = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection | Get-SinchBatchStatus -Wait @Connection

        $status.Status | Should -Be 'Processed'
    }

    It 'returns at once when the batch is already final' {
        $sent = Send-Scheduled 'a'
        Move-EmulatorClock 7200
        $before = (Get-EmulatorStats).status_requests

        $status = $sent | Get-SinchBatchStatus -Wait @Connection

        $status.Status | Should -Be 'Processed'
        (Get-EmulatorStats).status_requests - $before | Should -Be 1
    }

    It 'names the batch and its last status when -Wait runs out of time' {
        $sent = Send-Scheduled 'a'

        $null = $sent | Get-SinchBatchStatus -Wait -Timeout '00:00:02' @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.WaitTimedOut,SinchBatch.Commands.GetSinchBatchStatusCommand'
        $problems[0].ToString() | Should -Match "Batch $($sent.BatchId) is still Scheduled"
    }

    It 'sees a scheduled batch become Processed when its time passes' {
        $sent = Send-Scheduled 'a' -At ([datetime]::UtcNow.AddMinutes(10))

        Move-EmulatorClock 1200

        ($sent | Get-SinchBatchStatus @Connection).Status | Should -Be 'Processed'
    }
}

Describe 'Stop-SinchBatch' {
    BeforeEach { Reset-Emulator }

    It 'cancels a scheduled batch: CancelRequested, then Cancelled once Sinch has acted' {
        $sent = Send-Scheduled 'a'

        $after = $sent | Stop-SinchBatch -PassThru @Connection
        $meanwhile = Get-SinchBatchStatus $sent.BatchId @Connection
        $final = $sent | Stop-SinchBatch -Wait -PassThru @Connection

        $after.Status | Should -Be 'CancelRequested'
        $meanwhile.Status | Should -Be 'Scheduled' -Because 'Sinch still reports it so until it has acted'
        $final.Status | Should -Be 'Cancelled'
        (Get-SinchBatchStatus $sent.BatchId @Connection).Status | Should -Be 'Cancelled'
    }

    It 'cancels what Send-SinchBatch just scheduled: Send | Stop-SinchBatch -Wait' {
        $sent = 1..5 | ForEach-Object { @{ contact_id = "c-$_" } } |
            Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 2 -SendAfter ([datetime]::UtcNow.AddHours(2)) @Connection

        $final = $sent | Stop-SinchBatch -Wait -PassThru @Connection

        $final | Should -HaveCount 3
        $final.Status | Select-Object -Unique | Should -Be 'Cancelled'
        (Get-EmulatorStats).cancel_requests | Should -Be 3
    }

    It 'cancels by metadata exactly the matching batches and no others' {
        $sent = Send-Scheduled 'spring', 'summer', 'spring', 'autumn'

        $null = Stop-SinchBatch -Metadata @{ campaign = 'spring' } -Wait @Connection

        foreach ($batch in $sent) {
            $expected = if ($batch.Metadata['campaign'] -eq 'spring') { 'Cancelled' } else { 'Scheduled' }
            (Get-SinchBatchStatus $batch.BatchId @Connection).Status | Should -Be $expected
        }
        (Get-EmulatorStats).cancel_requests | Should -Be 2
    }

    It 'cancels nothing with -WhatIf, and says what it would cancel' {
        $sent = Send-Scheduled 'spring', 'spring'
        $transcript = Join-Path $TestDrive 'whatif.txt'

        $null = Start-Transcript $transcript
        try { Stop-SinchBatch -Metadata @{ campaign = 'spring' } -WhatIf @Connection }
        finally { $null = Stop-Transcript }

        (Get-EmulatorStats).cancel_requests | Should -Be 0
        foreach ($batch in $sent) {
            (Get-Content $transcript) -match "What if: Performing the operation `"Cancel`" on target `"batch $($batch.BatchId)" | Should -HaveCount 1
            (Get-SinchBatchStatus $batch.BatchId @Connection).Status | Should -Be 'Scheduled'
        }
    }

    It 'warns, and asks nothing of Sinch, for a batch whose time has passed' {
        $sent = Send-Scheduled 'a' -At ([datetime]::UtcNow.AddMinutes(10))
        Move-EmulatorClock 1200

        $status = $sent | Stop-SinchBatch -PassThru @Connection -WarningVariable warnings 3>$null

        $warnings | Should -HaveCount 1
        $warnings[0] | Should -Match "Batch $($sent.BatchId) cannot be cancelled: it was sent"
        $status.Status | Should -Be 'Processed'
        (Get-EmulatorStats).cancel_requests | Should -Be 0
    }

    It 'warns that a batch sent at once cannot be cancelled' {
        $sent = @{ contact_id = 'c' } | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection

        $null = $sent | Stop-SinchBatch @Connection -WarningVariable warnings 3>$null

        $warnings | Should -HaveCount 1
        $warnings[0] | Should -Match 'cannot be cancelled'
        (Get-EmulatorStats).cancel_requests | Should -Be 0
    }

    It 'reports a batch that went out before the cancellation took effect' {
        $sent = Send-Scheduled 'a' -At ([datetime]::UtcNow.AddMinutes(10))
        # One second before it is due; the cancellation takes two.
        Move-EmulatorClock (($sent.SendAfter - [datetime]::UtcNow).TotalSeconds - 1)

        $final = $sent | Stop-SinchBatch -Wait -PassThru @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.CancelTooLate,SinchBatch.Commands.StopSinchBatchCommand'
        $problems[0].TargetObject.BatchId | Should -Be $sent.BatchId
        $final.Status | Should -Be 'Processed'
        (Get-EmulatorStats).cancel_requests | Should -Be 1
    }

    It 'keeps ConfirmImpact Medium, so the default preference never prompts' {
        $command = Get-Command Stop-SinchBatch
        $command.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0].ConfirmImpact | Should -Be 'Medium'
    }
}

Describe 'Results and statuses carry where their batch was sent' {
    BeforeEach { Reset-Emulator }

    It 'reads and cancels what Send-SinchBatch -BaseUri sent, given no -BaseUri or -Region: Send | <Command>' -ForEach @(
        @{ Command = 'Get-SinchBatchStatus'; Expected = 'Scheduled'; Extra = @{} }
        @{ Command = 'Stop-SinchBatch'; Expected = 'Cancelled'; Extra = @{ Wait = $true; PassThru = $true } }
    ) {
        $sent = Send-Scheduled 'spring'

        $read = $sent | & $Command -Credential $Connection.Credential @Extra

        $sent.Endpoint.BaseUri | Should -Be ([uri]$Emulator.Uri)
        "$($sent.Endpoint)" | Should -Be ([uri]$Emulator.Uri).AbsoluteUri
        $read.Status | Should -Be $Expected
        $read.Endpoint.BaseUri | Should -Be ([uri]$Emulator.Uri)
    }

    It 'takes the endpoint only from the module''s own objects: a column named <Column> redirects nothing' -ForEach @(
        @{ Column = 'Endpoint' }
        @{ Column = 'BaseUri' }
    ) {
        $sent = Send-Scheduled 'spring'
        Connect-Sinch @Connection
        try {
            $row = [pscustomobject]@{ BatchId = $sent.BatchId; $Column = 'http://127.0.0.1:1' }

            $read = $row | Get-SinchBatchStatus

            $read.Status | Should -Be 'Scheduled'
            $read.Endpoint.BaseUri | Should -Be ([uri]$Emulator.Uri)
        }
        finally { Disconnect-Sinch }
    }
}

Describe 'Bad input to Get-SinchBatchStatus and Stop-SinchBatch' {
    BeforeEach { Reset-Emulator }

    It '<Command> refuses <Name> with <ErrorId>' -ForEach @(
        foreach ($command in 'Get-SinchBatchStatus', 'Stop-SinchBatch') {
            @{ Command = $command; Name = 'an empty ID'; Extra = @{ BatchId = '' }; ErrorId = 'ParameterArgumentValidationError' }
            @{ Command = $command; Name = 'metadata with no pair'; Extra = @{ Metadata = @{} }; ErrorId = 'SinchBatch.InvalidMetadataFilter' }
            @{ Command = $command; Name = 'metadata with two pairs'; Extra = @{ Metadata = @{ a = '1'; b = '2' } }; ErrorId = 'SinchBatch.InvalidMetadataFilter' }
            @{ Command = $command; Name = 'a negative -Timeout'; Extra = @{ BatchId = '01X'; Timeout = '-00:00:05' }; ErrorId = 'ParameterArgumentValidationError' }
            @{ Command = $command; Name = 'a -Timeout of zero'; Extra = @{ BatchId = '01X'; Timeout = [timespan]::Zero }; ErrorId = 'ParameterArgumentValidationError' }
        }
    ) {
        $type = (Get-Command $Command).ImplementingType.FullName

        { & $Command @Extra @Connection } | Should -Throw -ErrorId "$ErrorId,$type"
        (Get-EmulatorStats).requests | Should -Be 0
    }
}
