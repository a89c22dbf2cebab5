# Whatever ends Send-SinchBatch early lets the requests in flight finish and names every accepted batch.
BeforeAll {
    # Each request is held a while, so batches are in flight when the command is ended.
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:LatencyMs=400'

    function New-Rows([int] $Count) {
        foreach ($i in 1..$Count) { [pscustomobject]@{ contact_id = "c-$i" } }
    }

    # Batches the emulator accepted, now and again once it holds no request: a request still alive would be accepted by then.
    function Get-AcceptedIdsSettled {
        $now = @((Get-AcceptedBatch).batch_id)
        $null = Wait-EmulatorIdle
        $later = @((Get-AcceptedBatch).batch_id)
        $later.Count | Should -Be $now.Count -Because 'no request may outlive the command'
        $later
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Ending early under -ErrorAction Stop' {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'waits for the batches in flight at a batch that failed with 500, and names every accepted batch in the error' {
        Set-EmulatorFault @{ InternalError = 0.15; Seed = 5 }
        $csv = Join-Path $TestDrive 'results.csv'

        $caught = $null
        try { New-Rows 5000 | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 250 @Connection -ErrorAction Stop | Export-Csv $csv }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -Be 'SinchBatch.OutcomeUnknown,SinchBatch.Commands.SendSinchBatchCommand'
        "$caught" -match "Get-SinchBatchStatus -Metadata @\{ sinchbatch_request_id = '([0-9a-f]+-\d+)' \}" | Should -BeTrue
        $unknown = $Matches[1]
        "$caught" | Should -Match 'Send-SinchBatch stopped at this error\. Accepted: [\d,]+ recipients in \d+ batches'
        "$caught" | Should -Not -Match 'send them again'
        $written = @(if (Test-Path $csv) { (Import-Csv $csv).BatchId })
        $batches = Get-AcceptedBatch
        $null = Get-AcceptedIdsSettled
        $batches.Count | Should -BeLessThan 20 -Because 'the command stopped at the failed batch'
        foreach ($batch in $batches) {
            $named = $written -contains $batch.batch_id -or "$caught" -match $batch.batch_id
            # A batch that got a 500 may have been recorded anyway: the error names its request ID to look it up.
            $requestId = $batch.request.batch_metadata.sinchbatch_request_id
            ($named -or $requestId -eq $unknown -or "$caught" -match "\b$requestId\b") | Should -BeTrue -Because "$($batch.batch_id) was accepted"
        }
    }
}

Describe 'An answer to a send that cannot be read' {
    BeforeEach { Reset-Emulator }
    AfterAll { Set-EmulatorFault }

    It 'is OutcomeUnknown for <Name>: never sent again, nor advised to be' -ForEach @(
        @{ Name = 'an HTML page'; Fault = 'HtmlAnswer' }
        @{ Name = 'an empty body'; Fault = 'EmptyAnswer' }
        @{ Name = 'JSON without batch_id'; Fault = 'NoBatchIdAnswer' }
    ) {
        Set-EmulatorFault @{ $Fault = 1 }
        $rows = New-Rows 3

        $results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection -ErrorVariable failures -ErrorAction SilentlyContinue

        $results | Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.OutcomeUnknown,SinchBatch.Commands.SendSinchBatchCommand'
        $failures[0].TargetObject | ConvertTo-Json -Compress | Should -Be ($rows | ConvertTo-Json -Compress)
        $failures[0].CategoryInfo.TargetName | Should -Be 'batch 1' -Because 'an error view prints it, and the rows hold personal data'
        "$($failures[0])" | Should -Match 'may or may not have been accepted.*Get-SinchBatchStatus -Metadata'
        "$($failures[0])" | Should -Not -Match 'send them again'
        (Get-EmulatorStats).batch_requests | Should -Be 1
        (Get-AcceptedBatch) | Should -HaveCount 1 -Because 'Sinch accepted it'
    }
}

Describe 'An error further down the pipeline' -Tag Slow {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'ends the send, awaits the requests in flight, and names the accepted batches on the host' {
        $script = New-SendScript 'downstream' @'
$seen = 0
try {
    1..2000 | ForEach-Object { @{ contact_id = "c-$_" } } |
        Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 100 -ThrottleLimit 4 -ProjectId 'test-project' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key |
        ForEach-Object { if (++$seen -eq 2) { throw 'the disk is full' } }
}
catch { "caught: $_" }
# The process lives on, as a runbook's would, until the emulator holds no request: one the command left running is accepted by then.
$null = Invoke-RestMethod "$Uri/_emulator/idle?timeout_seconds=60"
'@

        $said = (Invoke-Pwsh $script -Arguments $env:SINCHBATCH_MODULE, $Emulator.Uri) -join "`n"

        $said | Should -Match 'caught: the disk is full'
        $said | Should -Match 'Send-SinchBatch was stopped\. Accepted: [\d,]+ recipients in \d+ batches'
        $accepted = Get-AcceptedIdsSettled
        $accepted.Count | Should -BeGreaterThan 2 -Because 'batches were in flight when the error came'
        $accepted.Count | Should -BeLessThan 20
        foreach ($id in $accepted) { $said | Should -Match $id }
    }

    It 'says nothing of its own when the command before it fails before its first row' {
        $script = New-SendScript 'upstream' @'
try { Import-Csv (Join-Path $PSScriptRoot 'no-such.csv') | Send-SinchBatch -AppId 'app' -Text 'Hi' -ProjectId 'test-project' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key }
catch { "caught: $($_.FullyQualifiedErrorId)" }
'@

        $said = (Invoke-Pwsh $script -Arguments $env:SINCHBATCH_MODULE, $Emulator.Uri *>&1) -join "`n"

        $said | Should -Match 'caught: FileOpenFailure'
        $said | Should -Not -Match 'Send-SinchBatch was stopped'
    }
}
