# -ExcludeRecipient (opt-outs, a block list) and the summary line every send ends with (issue 19).
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    # German mobiles +49151234567NN, row NN's name NNN.
    function New-Rows([int] $Count) { foreach ($i in 1..$Count) { [pscustomobject]@{ phone = '+49151234567{0:00}' -f $i; name = "N$i" } } }

    # Row NN's number as an admin's opt-out file may hold it: national, spaced.
    function National([int] $Row) { '0151 234567{0:00}' -f $Row }

    $Send = @{ AppId = 'app'; Text = 'Hi ${name}'; Channel = 'SMS'; IdentityProperty = 'phone'; DefaultRegion = 'DE' }

    function Get-AcceptedPhone { @(Get-AcceptedRecipient | ForEach-Object { $_.recipient.identified_by.channel_identities[0].identity }) }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe '-ExcludeRecipient (issue 19, section 1)' {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'excludes rows whose number the list holds in another format, sends the rest, and counts them in the summary' {
        $rows = New-Rows 6

        $results = @($rows | Send-SinchBatch @Send -ExcludeRecipient (National 2), ' +49 151 23456705 ' -BatchSize 4 @Connection -InformationVariable info)

        (Get-AcceptedPhone | Sort-Object) | Should -Be '+4915123456701', '+4915123456703', '+4915123456704', '+4915123456706'
        $results.RecipientCount | Should -Be 3, 1 -Because 'a result counts the recipients its batch sent'
        $info | Should -HaveCount 1
        "$info" | Should -Be 'Send-SinchBatch: 6 rows read; 4 recipients accepted in 2 batches; 0 recipients in failed batches; 0 rows refused; 2 rows excluded.'
    }

    It 'compares contact IDs trimmed and as written' {
        $rows = 'c-1', 'c-2', 'C-3' | ForEach-Object { @{ contact_id = $_ } }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -ExcludeRecipient ' c-2 ', 'c-3' @Connection

        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'C-3'
    }

    It 'takes a list read from a file with Get-Content, blank lines and all, and an empty file' {
        $file = Join-Path $TestDrive 'optouts.txt'
        Set-Content $file -Value (National 1), '', (National 3), ''
        $empty = Join-Path $TestDrive 'empty.txt'
        Set-Content $empty -Value @() -NoNewline

        $null = New-Rows 3 | Send-SinchBatch @Send -ExcludeRecipient (Get-Content $file) @Connection
        $null = New-Rows 1 | Send-SinchBatch @Send -ExcludeRecipient (Get-Content $empty) @Connection

        Get-AcceptedPhone | Should -Be '+4915123456702', '+4915123456701'
    }

    It 'ends with InvalidExcludeRecipient, naming the entry by its position and not its value, and sends nothing, for an entry that is not a number' {
        $caught = $null
        try { New-Rows 3 | Send-SinchBatch @Send -ExcludeRecipient (National 1), 'Telefonnummer' @Connection }
        catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -Be 'SinchBatch.InvalidExcludeRecipient,SinchBatch.Commands.SendSinchBatchCommand'
        "$caught" | Should -BeLike "-ExcludeRecipient's entry 2 is no phone number that can be read, so nothing was sent*"
        "$caught" | Should -Not -Match 'Telefonnummer'
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }

    It 'still refuses a repeated row that the list holds: the rows refused, and so the batches, do not depend on the list' {
        $rows = @(New-Rows 3) + @(New-Rows 1)

        { $rows | Send-SinchBatch @Send -ExcludeRecipient (National 1) @Connection } |
            Should -Throw -ErrorId 'SinchBatch.RowsRefused,SinchBatch.Commands.SendSinchBatchCommand'
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }

    It 'sends no batch whose every row is excluded, and -WhatIf and -Preview show none of them' {
        $rows = New-Rows 6
        $list = (National 3), (National 4), (National 6)

        $preview = @($rows | Send-SinchBatch @Send -ExcludeRecipient $list -Preview 10)
        $transcript = Join-Path $TestDrive 'whatif.txt'
        $null = Start-Transcript $transcript
        try { $rows | Send-SinchBatch @Send -ExcludeRecipient $list -BatchSize 2 -WhatIf @Connection -InformationVariable whatIfInfo }
        finally { $null = Stop-Transcript }
        $said = Get-Content $transcript -Raw
        $results = @($rows | Send-SinchBatch @Send -ExcludeRecipient $list -BatchSize 2 @Connection -InformationVariable info)

        $preview.RowNumber | Should -Be 1, 2, 5
        $said | Should -Match 'Send batch 1 \(2 recipients\)'
        $said | Should -Match 'Skip batch 2: all 2 of its recipients are on the -ExcludeRecipient list, so it is not sent'
        $said | Should -Match 'Send batch 3 \(1 recipient; 1 excluded\)'
        $whatIfInfo | Should -BeNullOrEmpty -Because '-WhatIf sends nothing, so it has no summary'
        $results.BatchNumber | Should -Be 1, 3
        ((Get-AcceptedBatch).request.batch_metadata.sinchbatch_request_id -replace '^.*-' | Sort-Object) | Should -Be '1', '3'
        (Get-AcceptedPhone | Sort-Object) | Should -Be '+4915123456701', '+4915123456702', '+4915123456705'
        "$info" | Should -BeLike '*3 recipients accepted in 2 batches;*; 3 rows excluded.'
    }
}

Describe 'A campaign re-run with a longer opt-out list (issue 19, section 1, Campaigns)' {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'sends the rest without the newly excluded, raises no CampaignChanged, and keeps the batches sent before' {
        $rows = New-Rows 40
        $firstList = (National 1), (National 38)
        # A run that got batches 1 to 4 accepted and went no further, as a job stopped there would: the same batches, the same digests.
        $null = $rows | Select-Object -First 20 | Send-SinchBatch @Send -ExcludeRecipient $firstList -BatchSize 5 -CampaignId 'optout' @Connection
        $acceptedFirst = Get-AcceptedPhone
        $acceptedFirst | Should -HaveCount 19
        $acceptedFirst | Should -Not -Contain '+4915123456701'

        # The list grew: row 7 (batch 2, sent before), row 23 (batch 5, not sent) and the whole of batch 7 (rows 31 to 35).
        $secondList = $firstList + (National 7) + (National 23) + (31..35 | ForEach-Object { National $_ })
        $second = @($rows | Send-SinchBatch @Send -ExcludeRecipient $secondList -BatchSize 5 -CampaignId 'optout' -Force @Connection -ErrorAction Stop -InformationVariable info)

        $second.BatchNumber | Should -Be 1, 2, 3, 4, 5, 6, 8
        $second.AlreadySent | Should -Be $true, $true, $true, $true, $false, $false, $false
        $second.RecipientCount | Should -Be 4, 5, 5, 5, 4, 5, 4 -Because 'a batch counts the recipients it sent: batch 2 went with row 7, before it opted out'
        $accepted = Get-AcceptedPhone
        $never = 1, 23, 31, 32, 33, 34, 35, 38 | ForEach-Object { '+49151234567{0:00}' -f $_ }
        ($accepted | Sort-Object) | Should -Be (1..40 | ForEach-Object { '+49151234567{0:00}' -f $_ } | Where-Object { $_ -notin $never })
        $accepted | Should -Contain '+4915123456707' -Because 'its batch went out before it opted out'
        @(Get-AcceptedBatch | Where-Object { $_.request.batch_metadata.sinchbatch_batch -eq '7' }) | Should -HaveCount 0
        "$info" | Should -Be 'Send-SinchBatch: 40 rows read; 32 recipients accepted in 7 batches, 4 of them already sent by earlier runs; 0 recipients in failed batches; 0 rows refused; 8 rows excluded.' -Because 'rows read add up: 32 with Sinch, and rows 1, 23, 31 to 35 and 38 left out'

        $posts = (Get-EmulatorStats).batch_requests
        $third = @($rows | Send-SinchBatch @Send -ExcludeRecipient $secondList -BatchSize 5 -CampaignId 'optout' @Connection -ErrorAction Stop -InformationVariable thirdInfo)

        (Get-EmulatorStats).batch_requests | Should -Be $posts -Because 'a batch wholly excluded stays unsent, and the campaign is complete'
        $third.AlreadySent | Should -Not -Contain $false
        $third.BatchNumber | Should -Be $second.BatchNumber
        "$thirdInfo" | Should -Be 'Send-SinchBatch: 40 rows read; 32 recipients accepted in 7 batches, 7 of them already sent by earlier runs; 0 recipients in failed batches; 0 rows refused; 8 rows excluded.'
    }

    It 'still ends with CampaignChanged when a row itself changed, list or not' {
        $rows = New-Rows 10
        $null = $rows | Send-SinchBatch @Send -BatchSize 5 -CampaignId 'changed' @Connection
        $posts = (Get-EmulatorStats).batch_requests
        $rows[7].name = 'Other'

        { $rows | Send-SinchBatch @Send -ExcludeRecipient (National 8) -BatchSize 5 -CampaignId 'changed' -Force @Connection } |
            Should -Throw -ErrorId 'SinchBatch.CampaignChanged,SinchBatch.Commands.SendSinchBatchCommand'
        (Get-EmulatorStats).batch_requests | Should -Be $posts
    }
}

Describe 'The summary line (issue 19, section 3)' {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'goes to the information stream tagged PSHOST, and never into the output' {
        $output = @(New-Rows 3 | Send-SinchBatch @Send -ExcludeRecipient (National 2) @Connection -InformationVariable info 6>$null)
        $withInfo = @(New-Rows 2 | Send-SinchBatch @Send @Connection 6>&1)

        $output | ForEach-Object { $_ | Should -BeOfType SinchBatch.SinchBatchResult }
        $info | Should -HaveCount 1
        $info[0].Tags | Should -Be 'PSHOST'
        $info[0].MessageData | Should -Be 'Send-SinchBatch: 3 rows read; 2 recipients accepted in 1 batch; 0 recipients in failed batches; 0 rows refused; 1 row excluded.'
        @($withInfo | Where-Object { $_ -is [System.Management.Automation.InformationRecord] }) | Should -HaveCount 1
    }

    It 'is shown by the host without -Verbose, counting refused rows, and not by a send that ends refusing rows' {
        $script = New-SendScript 'summary' @'
$connection = @{ ProjectId = 'test-project'; BaseUri = $Uri; AuthUri = "$Uri/oauth2/token"; Credential = $key }
$rows = @{ phone = '+4915123456701' }, @{ phone = 'not a number' }, @{ phone = '+4915123456703' }
$results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS -IdentityProperty phone -SkipInvalidRow @connection -ErrorAction SilentlyContinue
"output: $(@($results | ForEach-Object { $_.GetType().Name }) -join ',')"
try { $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS -IdentityProperty phone @connection }
catch { "caught: $($_.FullyQualifiedErrorId)" }
'@

        $said = @(Invoke-Pwsh $script -Arguments $env:SINCHBATCH_MODULE, $Emulator.Uri)

        $said | Should -Contain 'Send-SinchBatch: 3 rows read; 2 recipients accepted in 1 batch; 0 recipients in failed batches; 1 row refused; 0 rows excluded.'
        $said | Should -Contain 'output: SinchBatchResult'
        $said | Should -Contain 'caught: SinchBatch.RowsRefused,SinchBatch.Commands.SendSinchBatchCommand'
        @($said | Where-Object { $_ -like 'Send-SinchBatch: *' }) | Should -HaveCount 1 -Because 'a send that refuses rows and sends nothing ends without the summary'
    }
}
