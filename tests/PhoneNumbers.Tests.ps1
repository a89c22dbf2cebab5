# Numbers an admin can trust (issue 19 §1): with -DefaultRegion DE, a CSV from abroad or a number whose + Excel
# dropped must never reach a stranger, and SMS goes only to numbers a text can reach.
BeforeAll {
    . "$PSScriptRoot/common.ps1"
    $Send = 'SinchBatch.Commands.SendSinchBatchCommand'

    function Get-SentIdentity { @((Get-AcceptedRecipient).recipient.identified_by.channel_identities.identity) }

    # Sends the rows over SMS, German numbers by default; returns the errors, one per refused row.
    function Send-Phone([object[]] $Rows, [hashtable] $Extra = @{}) {
        $null = $Rows | Send-SinchBatch -AppId 'app' -Text 'Hallo' -Channel SMS -IdentityProperty phone -DefaultRegion DE -SkipInvalidRow @Extra @Connection -ErrorVariable problems -ErrorAction SilentlyContinue
        $problems
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Phone numbers read with -DefaultRegion DE (issue 19, 1)' {
    BeforeEach { Reset-Emulator }

    It 'refuses <Name> as ForeignPhoneNumber, naming the other country, and sends the German mobile' -ForEach @(
        @{ Name = 'a UK mobile written nationally'; Phone = '07911 123456'; Country = 'United Kingdom (GB)' }
        @{ Name = 'a US number written nationally'; Phone = '(202) 456-1111'; Country = 'United States (US)' }
        @{ Name = 'a Swedish mobile written nationally'; Phone = '070-123 45 67'; Country = 'Sweden (SE)' }
    ) {
        $problems = Send-Phone @([pscustomobject]@{ phone = '0151 23456789' }, [pscustomobject]@{ phone = $Phone })

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be "SinchBatch.ForeignPhoneNumber,$Send"
        $problems[0].ToString() | Should -BeLike "Row 2's identity * is no mobile number when read as a number of Germany (DE)*reads as a mobile number of *$Country*-RegionProperty*"
        $problems[0].TargetObject.phone | Should -Be $Phone
        Get-SentIdentity | Should -Be '+4915123456789'
    }

    It 'refuses a Swedish fixed line for SMS, which read as German would be a German fixed line' {
        $problems = Send-Phone @([pscustomobject]@{ phone = '08-123 456 78' })

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.NotMobileNumber,$Send"
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }

    It 'refuses a German mobile whose + Excel dropped as AmbiguousPhoneNumber, naming both readings masked' {
        $problems = Send-Phone @([pscustomobject]@{ phone = '4915123456780' })

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.AmbiguousPhoneNumber,$Send"
        $problems[0].ToString() | Should -BeLike "Row 1's identity 49151•••••780 reads two ways:*+49151•••••780 whose + was lost*write it with + or 00*"
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }

    It 'refuses a Berlin fixed line for SMS as NotMobileNumber, and sends it with -AllowFixedLine' {
        $problems = Send-Phone @([pscustomobject]@{ phone = '030 12345678' })

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.NotMobileNumber,$Send"
        $problems[0].ToString() | Should -Be "Row 1's identity 0301••••678 is a fixed line, which no SMS reaches. The row was not sent. Where Sinch delivers SMS to fixed lines, -AllowFixedLine sends to them."
        (Get-EmulatorStats).batch_requests | Should -Be 0

        $problems = Send-Phone @([pscustomobject]@{ phone = '030 12345678' }) @{ AllowFixedLine = $true }

        $problems | Should -BeNullOrEmpty
        Get-SentIdentity | Should -Be '+493012345678'
    }

    It 'sends a Berlin fixed line on WhatsApp, which reaches fixed lines that have it' {
        $null = [pscustomobject]@{ phone = '030 12345678' } | Send-SinchBatch -AppId 'app' -Text 'Hallo' -Channel WHATSAPP -IdentityProperty phone -DefaultRegion DE @Connection

        Get-SentIdentity | Should -Be '+493012345678'
    }

    It 'ends in one RowsRefused without -SkipInvalidRow, and no error text holds a whole number' {
        $rows = '07911 123456', '4915123456780', '030 12345678' | ForEach-Object { [pscustomobject]@{ phone = $_ } }

        { $rows | Send-SinchBatch -AppId 'app' -Text 'Hallo' -Channel SMS -IdentityProperty phone -DefaultRegion DE @Connection -ErrorAction Stop } |
            Should -Throw -ErrorId "SinchBatch.RowsRefused,$Send"

        $text = ($Error[0].ToString() + ($Error[0].TargetObject.SinchBatchReason -join ' ')) -replace '\D'
        foreach ($digits in '07911123456', '4915123456780', '03012345678', '447911123456', '493012345678') { $text | Should -Not -Match $digits }
        (Get-EmulatorStats).requests | Should -Be 0
    }
}

Describe 'A country column, -RegionProperty (issue 19, 1)' {
    BeforeEach { Reset-Emulator }

    It 'reads each row''s national number in its own country before -DefaultRegion, and does not send the column' {
        $rows = @(
            [pscustomobject]@{ phone = '07911 123456'; land = 'GB' }
            [pscustomobject]@{ phone = '(202) 456-1111'; land = 'United States' }
            [pscustomobject]@{ phone = '0151 23456789'; land = '' }
        )

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hallo' -Channel SMS -IdentityProperty phone -DefaultRegion DE -RegionProperty land -ParameterProperty * @Connection

        Get-SentIdentity | Should -Be '+447911123456', '+12024561111', '+4915123456789'
        (Get-AcceptedRecipient).parameters | Where-Object { $_ } | ForEach-Object { $_.PSObject.Properties.Name } | Should -Not -Contain 'land'
    }

    It 'refuses a row whose country names no country as UnknownCountry' {
        $rows = [pscustomobject]@{ phone = '07911 123456'; land = 'GB' }, [pscustomobject]@{ phone = '07911 123457'; land = 'Narnia' }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hallo' -Channel SMS -IdentityProperty phone -RegionProperty land -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.UnknownCountry,$Send"
        $problems[0].ToString() | Should -Not -Match 'Narnia'
        Get-SentIdentity | Should -Be '+447911123456'
    }

    It 'ends in MissingColumn, sending nothing, when the first row has no such column' {
        { [pscustomobject]@{ phone = '07911 123456' } | Send-SinchBatch -AppId 'app' -Text 'Hallo' -Channel SMS -IdentityProperty phone -RegionProperty land @Connection -ErrorAction Stop } |
            Should -Throw -ErrorId "SinchBatch.MissingColumn,$Send"
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'is refused without a phone channel as RegionPropertyUnused, as -DefaultRegion is' {
        { @{ contact_id = 'c-1'; land = 'GB' } | Send-SinchBatch -AppId 'app' -Text 'Hallo' -RegionProperty land @Connection -ErrorAction Stop } |
            Should -Throw -ErrorId "SinchBatch.RegionPropertyUnused,$Send"
        (Get-EmulatorStats).requests | Should -Be 0
    }
}
