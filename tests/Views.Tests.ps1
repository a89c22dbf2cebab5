BeforeAll {
    . "$PSScriptRoot/common.ps1"

    # A campaign ID as admins write them: longer than any column can show.
    $longCampaign = 'fruehjahr-2026-bestandskunden-vertragsverlaengerung-welle-1'

    # The table as a 120-column console shows it (Windows' default console width). Asserts that every column is there
    # under its whole label, on one header line, and that no line is longer than 120; returns the table's lines.
    function Assert-TableFits($Objects, [string[]] $Label) {
        $lines = @(($Objects | Format-Table | Out-String -Width 120) -split '\r?\n')
        $rule = [array]::FindIndex($lines, [Predicate[string]] { param($line) $line -match '^-[- ]*$' })
        $rule | Should -BeGreaterThan 0 -Because "the table has a header: $($lines -join "`n")"
        $columns = [regex]::Matches($lines[$rule], '-+')
        $columns.Count | Should -Be $Label.Count -Because "no column is left out: $($lines[$rule - 1])"
        for ($i = 0; $i -lt $Label.Count; $i++) {
            $column = $columns[$i]
            $heading = $lines[$rule - 1].PadRight($column.Index + $column.Length).Substring($column.Index, $column.Length).Trim()
            $heading | Should -BeExactly $Label[$i] -Because 'no label is cut or wrapped'
        }
        $lines[$rule - 2] | Should -BeNullOrEmpty -Because 'the labels take one line'
        $lines | Where-Object Length -gt 120 | Should -BeNullOrEmpty
        $lines
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Table views fit a 120-column console without cutting a label (issue 19, 3)' {
    BeforeEach { Reset-Emulator }

    It 'shows send results with whole batch IDs beside a long campaign ID' {
        $rows = 1..3 | ForEach-Object { @{ contact_id = "customer-$_" } }
        $sent = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 2 -CampaignId $longCampaign -SendAfter ([datetime]::UtcNow.AddHours(2)) @Connection

        $lines = Assert-TableFits $sent 'BatchNumber', 'BatchId', 'RecipientCount', 'SendAfter (UTC)', 'AlreadySent', 'CampaignId'

        $sent.BatchId | ForEach-Object { $_.Length | Should -Be 26; ($lines -match "\b$_\b") | Should -HaveCount 1 }
        ($lines -match 'fruehjahr-2026-bestandskunden') | Should -HaveCount 2
    }

    It 'shows statuses, CancelRequested the longest, with the metadata an admin set' {
        $sent = 1..2 | ForEach-Object { @{ contact_id = "customer-$_" } } |
            Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1 -CampaignId $longCampaign -SendAfter ([datetime]::UtcNow.AddHours(2)) -BatchMetadata @{ team = 'retail' } @Connection
        $cancelled = $sent[0] | Stop-SinchBatch -PassThru @Connection
        $scheduled = $sent[1] | Get-SinchBatchStatus @Connection

        $lines = Assert-TableFits @($cancelled, $scheduled) 'BatchId', 'Status', 'SendAfter (UTC)', 'SendAfter (local)', 'CampaignId', 'Metadata'

        $cancelled.Status | Should -Be 'CancelRequested'
        ($lines -match "^$($cancelled.BatchId) CancelRequested ") | Should -HaveCount 1
        ($lines -match "^$($scheduled.BatchId) Scheduled .* team=retail$") | Should -HaveCount 1
    }

    It 'shows previews with the text wrapped under its own column' {
        $rows = 1..2 | ForEach-Object { @{ phone = "+4915123456$('{0:000}' -f $_)"; name = "Jürgen Müller-Lüdenscheid $_" } }

        $previews = $rows | Send-SinchBatch -AppId 'app' -Text 'Hallo ${name}, Ihr Vertrag läuft am 30.04. aus – jetzt verlängern: https://example.com/vertrag' -Channel SMS -IdentityProperty phone -Preview 2

        $lines = Assert-TableFits $previews 'RowNumber', 'Recipient', 'SmsEncoding', 'SmsParts', 'Text'
        ($lines -match '^\s+1 \+4915123456001\s+UCS-2\s+2 Hallo Jürgen') | Should -HaveCount 1
    }

    It 'shows a connection with a GUID project and the EU endpoint' {
        $project = '0f6b7a52-2c3d-4e8f-9a1b-2c3d4e5f6a7b'
        try {
            # Connect-Sinch fetches a token only: the emulator's stands in for Sinch's, and nothing goes to the EU host.
            $connection = Connect-Sinch -ProjectId $project -Region EU -AuthUri "$($Emulator.Uri)/oauth2/token" -Credential $Connection.Credential -PassThru
        }
        finally { Disconnect-Sinch }

        $lines = Assert-TableFits $connection 'ProjectId', 'BaseUri', 'KeyId'
        ($lines -match "^$project https://eu\.conversationbatch\.api\.sinch\.com/\s+emulator-key$") | Should -HaveCount 1
    }
}

Describe 'Export-Csv writes metadata as key=value pairs (issue 19, 3)' {
    BeforeEach { Reset-Emulator }

    It 'writes a send result''s metadata in key order' {
        $sent = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -SendAfter ([datetime]::UtcNow.AddHours(1)) -BatchMetadata ([ordered]@{ wave = 1; campaign = 'spring' }) @Connection
        $csv = Join-Path $TestDrive 'results.csv'

        $sent | Export-Csv $csv -NoTypeInformation

        (Import-Csv $csv).Metadata | Should -BeExactly 'campaign=spring; wave=1'
    }

    It 'writes a status''s metadata in key order, the module''s own keys last' {
        $sent = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -SendAfter ([datetime]::UtcNow.AddHours(1)) -BatchMetadata ([ordered]@{ wave = 1; campaign = 'spring' }) @Connection
        $csv = Join-Path $TestDrive 'statuses.csv'

        $sent | Get-SinchBatchStatus @Connection | Export-Csv $csv -NoTypeInformation

        (Import-Csv $csv).Metadata | Should -BeExactly "campaign=spring; wave=1; sinchbatch_request_id=$($sent.RequestId)"
    }

    It 'keeps metadata a dictionary: indexed, read by key, converted to JSON as an object, and bound to -Metadata' {
        $sent = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -SendAfter ([datetime]::UtcNow.AddHours(1)) -BatchMetadata @{ campaign = 'spring' } @Connection
        $status = $sent | Get-SinchBatchStatus @Connection

        $sent.Metadata['campaign'] | Should -Be 'spring'
        $status.Metadata.campaign | Should -Be 'spring'
        $sent.Metadata['no-such-key'] | Should -BeNullOrEmpty
        $sent.Metadata | Should -BeOfType ([System.Collections.Generic.IReadOnlyDictionary[string, string]])
        ($sent | ConvertTo-Json -WarningAction SilentlyContinue | ConvertFrom-Json).Metadata.campaign | Should -Be 'spring'
        $cancelled = Stop-SinchBatch -Metadata $sent.Metadata -PassThru -Confirm:$false @Connection
        $cancelled.BatchId | Should -Be $sent.BatchId
    }
}
