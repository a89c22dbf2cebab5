# Every row is checked before the first message goes: input with refused rows sends nothing, unless -SkipInvalidRow.
BeforeAll {
    . "$PSScriptRoot/common.ps1"

    # A German Excel export's shape: the identity is the customer number; IBAN and birthday must never reach an error's text.
    function New-Customers([int] $Count, [int[]] $Bad = @()) {
        foreach ($i in 1..$Count) {
            [pscustomobject]@{
                Vorname      = if ($i -in $Bad) { '' } else { "Name$i" }
                Kundennummer = "k-$i"
                Geburtstag   = '1980-01-{0:d2}' -f (($i % 28) + 1)
                IBAN         = 'DE89370400440532{0:d6}' -f $i
            }
        }
    }

    $Send = @{ AppId = 'app'; Text = 'Hallo ${Vorname}'; ContactIdProperty = 'Kundennummer' }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Every row is checked before the first message goes (issue 18, 1): input with refused rows' {
    BeforeEach { Reset-Emulator }

    It 'sends nothing and ends in one RowsRefused error that counts the refused rows by reason' {
        $rows = @(New-Customers 30 -Bad 3, 7, 9, 20) + [pscustomobject]@{ Vorname = 'X'; Kundennummer = ''; Geburtstag = '1990-02-02'; IBAN = 'DE00' }

        $problems = @(try { $rows | Send-SinchBatch @Send -BatchSize 10 @Connection -ErrorAction SilentlyContinue } catch { $_ })

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.RowsRefused,SinchBatch.Commands.SendSinchBatchCommand'
        "$($problems[0])" | Should -BeLike '5 of 31 rows were refused; nothing was sent: 4 MissingParameter (rows 3, 7, 9, …; the first: Row 3 *), 1 MissingRecipient (Row 31 *). Fix those rows and run the command again, or add -SkipInvalidRow to send the other rows.*'
        (Get-EmulatorStats).requests | Should -Be 0 -Because 'nothing reaches the network, not even a token request'
    }

    It 'names rows, never their other columns, and hands the refused rows back with their number, ErrorId and reason as columns at the end' {
        $rows = New-Customers 12 -Bad 4, 11
        $csv = Join-Path $TestDrive 'refused.csv'

        $problem = try { $rows | Send-SinchBatch @Send @Connection } catch { $_ }
        $problem.TargetObject | Export-Csv $csv
        $refused = @(Import-Csv $csv)

        foreach ($row in $rows) { "$problem" | Should -Not -Match $row.IBAN; "$problem" | Should -Not -Match $row.Geburtstag }
        $refused | Should -HaveCount 2
        $refused[0].PSObject.Properties.Name | Should -Be 'Vorname', 'Kundennummer', 'Geburtstag', 'IBAN', 'SinchBatchRow', 'SinchBatchErrorId', 'SinchBatchReason'
        $refused.SinchBatchRow | Should -Be '4', '11'
        $refused.Kundennummer | Should -Be 'k-4', 'k-11'
        $refused.IBAN | Should -Be $rows[3].IBAN, $rows[10].IBAN
        $refused.SinchBatchErrorId | Should -Be 'SinchBatch.MissingParameter', 'SinchBatch.MissingParameter'
        $refused[0].SinchBatchReason | Should -BeLike "Row 4 (•••) has no value for `${Vorname}*"
    }

    It 'takes the fixed rows piped straight back, and sends none of the added columns, not even with -ParameterProperty *' {
        $problem = try { New-Customers 5 -Bad 2, 5 | Send-SinchBatch @Send @Connection } catch { $_ }
        $fixed = $problem.TargetObject | ForEach-Object { $_.Vorname = 'Fixed'; $_ }

        $result = $fixed | Send-SinchBatch @Send -ParameterProperty * @Connection

        $result.RecipientCount | Should -Be 2
        $sent = Get-AcceptedRecipient
        $sent.recipient.contact_id | Should -Be 'k-2', 'k-5'
        $sent[0].parameters.PSObject.Properties.Name | Sort-Object | Should -Be 'Geburtstag', 'IBAN', 'Vorname'
    }

    It 'keeps at most 10,000 refused rows to hand back and counts them all' {
        $rows = foreach ($i in 1..10050) { [pscustomobject]@{ Kundennummer = "k-$i"; Vorname = '' } }

        $problem = try { $rows | Send-SinchBatch @Send @Connection } catch { $_ }

        "$problem" | Should -BeLike '10,050 of 10,050 rows were refused; nothing was sent: 10,050 MissingParameter*The first 10,000 refused rows are this error''s TargetObject*'
        $problem.TargetObject | Should -HaveCount 10000
        $problem.TargetObject[-1].SinchBatchRow | Should -Be 10000
    }

    It 'ends with SpoolUnavailable, and sends nothing, when the temporary folder cannot take the spool' -Skip:$IsWindows {
        $saved = $env:TMPDIR
        $env:TMPDIR = Join-Path $TestDrive 'no-such-folder'
        try { $problem = try { New-Customers 3 | Send-SinchBatch @Send @Connection } catch { $_ } }
        finally { $env:TMPDIR = $saved }

        $problem.FullyQualifiedErrorId | Should -Be 'SinchBatch.SpoolUnavailable,SinchBatch.Commands.SendSinchBatchCommand'
        "$problem" | Should -BeLike '*no-such-folder*, so nothing was sent: *Set TMPDIR*'
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'sends nothing under $ErrorActionPreference = ''Stop'' with a bad row at 1,500 of 2,000' {
        $ErrorActionPreference = 'Stop'

        $problem = try { New-Customers 2000 -Bad 1500 | Send-SinchBatch @Send -BatchSize 500 @Connection } catch { $_ }

        $ErrorActionPreference = 'Continue'
        $problem.FullyQualifiedErrorId | Should -Be 'SinchBatch.RowsRefused,SinchBatch.Commands.SendSinchBatchCommand'
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }
}

Describe 'Every row is checked before the first message goes (issue 18, 1): -SkipInvalidRow' {
    BeforeEach { Reset-Emulator }

    It 'sends the rows that pass, with one error per refused row, its target the row with its number and reason' {
        $rows = New-Customers 25 -Bad 3, 18

        $results = $rows | Send-SinchBatch @Send -BatchSize 10 -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $results.RecipientCount | Should -Be 10, 10, 3
        (Get-AcceptedRecipient).recipient.contact_id | Sort-Object | Should -Be ($rows | Where-Object Vorname | ForEach-Object Kundennummer | Sort-Object)
        $problems | Should -HaveCount 2
        $problems.FullyQualifiedErrorId | Select-Object -Unique | Should -Be 'SinchBatch.MissingParameter,SinchBatch.Commands.SendSinchBatchCommand'
        $problems.TargetObject.SinchBatchRow | Should -Be 3, 18
        $problems.TargetObject.Kundennummer | Should -Be 'k-3', 'k-18'
    }

    It 'names a refused row by its number, and RowsRefused by its count, in the error''s category info, which Windows PowerShell''s error view prints' {
        $rows = New-Customers 3 -Bad 2
        $null = $rows | Send-SinchBatch @Send -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue
        $refused = try { $rows | Send-SinchBatch @Send @Connection } catch { $_ }

        $problems[0].CategoryInfo.TargetName | Should -Be 'row 2'
        $refused.CategoryInfo.TargetName | Should -Be '1 refused row'
        $ErrorView = 'NormalView'
        foreach ($problem in $problems[0], $refused) { $problem | Out-String | Should -Not -Match $rows[1].IBAN }
    }

    It 'writes the refused rows'' errors after the send, so -ErrorAction Stop cannot end it between checking and sending' {
        $problem = try { New-Customers 25 -Bad 3 | Send-SinchBatch @Send -BatchSize 10 -SkipInvalidRow @Connection -ErrorAction Stop } catch { $_ }

        $problem.FullyQualifiedErrorId | Should -Be 'SinchBatch.MissingParameter,SinchBatch.Commands.SendSinchBatchCommand'
        (Get-EmulatorStats).accepted_recipients | Should -Be 24
    }
}

Describe 'Every row is checked before the first message goes (issue 18, 1): looking before sending' {
    BeforeEach { Reset-Emulator }

    It '-WhatIf writes one error per refused row and sends nothing' {
        $null = New-Customers 25 -Bad 3, 18 | Send-SinchBatch @Send @Connection -WhatIf -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.TargetObject.SinchBatchRow | Should -Be 3, 18
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }

    It '-Preview reports the same refusals and previews only rows that pass' {
        $previews = New-Customers 5 -Bad 1, 2 | Send-SinchBatch @Send -Preview 2 -ErrorVariable problems -ErrorAction SilentlyContinue

        $previews.RowNumber | Should -Be 3, 4
        $problems.TargetObject.SinchBatchRow | Should -Be 1, 2
        (Get-EmulatorStats).requests | Should -Be 0
    }
}
