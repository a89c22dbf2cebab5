# Recipients as real CSVs hold them: phone numbers as people type them, repeats, per-recipient
# metadata, only the columns the message uses, and problems of a whole column or of the file's encoding.
BeforeAll {
    . "$PSScriptRoot/common.ps1"
    $Send = 'SinchBatch.Commands.SendSinchBatchCommand'

    function Get-SentIdentity { (Get-AcceptedRecipient).recipient.identified_by.channel_identities.identity }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Phone numbers' {
    BeforeEach { Reset-Emulator }

    It 'sends international numbers however they are written in E.164' {
        $csv = New-Csv 'phone,name', '+46 70 123 45 67,Ann', '"+46 (0)70-123 45 68",Bo', '+447911123456,Cy'

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -Channel SMS -IdentityProperty phone @Connection

        Get-SentIdentity | Should -Be '+46701234567', '+46701234568', '+447911123456'
    }

    It 'reads national numbers, and 00 as the international prefix, in -DefaultRegion' {
        $csv = New-Csv 'phone,name', '070-123 45 67,Ann', '(070) 123-45-68,Bo', '0046701234569,Cy', '+44 7911 123456,Di'

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -Channel SMS -IdentityProperty phone -DefaultRegion se @Connection

        Get-SentIdentity | Should -Be '+46701234567', '+46701234568', '+46701234569', '+447911123456'
    }

    It 'refuses a national number without -DefaultRegion, saying that -DefaultRegion would read it, and sends the rest' {
        $csv = New-Csv 'phone,name', '+46701234567,Ann', '070-123 45 68,Bo'

        $results = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -Channel SMS -IdentityProperty phone -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be "SinchBatch.InvalidPhoneNumber,$Send"
        # The example is a number of the country most rows are from: here Sweden, from row 1.
        $problems[0].ToString() | Should -Be "Row 2's identity 070••••568 has no country code. The row was not sent: write it with + and its country code, such as +46 70 123 45 67, or name its country with -DefaultRegion or a column named with -RegionProperty."
        $problems[0].TargetObject.name | Should -Be 'Bo'
        $results.RecipientCount | Should -Be 1
        Get-SentIdentity | Should -Be '+46701234567'
    }

    It 'refuses numbers that cannot be read or cannot exist, naming the row and showing the value masked' -ForEach @(
        @{ Value = '+4670BAD'; Masked = '+••••BAD'; Why = 'cannot be read as a phone number' }
        @{ Value = '+4670123'; Masked = '+••••123'; Why = 'is not a valid phone number' }
        @{ Value = '+999 1234 5678'; Masked = '+9991••••678'; Why = 'is not a valid phone number' }
    ) {
        $rows = [pscustomobject]@{ phone = '+46701234567' }, [pscustomobject]@{ phone = $Value }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel WHATSAPP -IdentityProperty phone -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.InvalidPhoneNumber,$Send"
        $problems[0].ToString() | Should -BeLike "Row 2's identity $Masked $Why*"
        Get-SentIdentity | Should -Be '+46701234567'
    }

    It 'sends identities as they are with -SkipPhoneNumberCheck' {
        $rows = [pscustomobject]@{ phone = '070-123 45 67' }, [pscustomobject]@{ phone = '+4670BAD' }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS -IdentityProperty phone -SkipPhoneNumberCheck @Connection

        Get-SentIdentity | Should -Be '070-123 45 67', '+4670BAD'
    }

    It 'leaves identities on channels without phone numbers alone' {
        $null = [pscustomobject]@{ identity = '2742378659140124' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel MESSENGER @Connection

        Get-SentIdentity | Should -Be '2742378659140124'
    }

    It 'completes -DefaultRegion with the regions libphonenumber knows, each with its country' {
        $completion = TabExpansion2 -inputScript 'Send-SinchBatch -DefaultRegion S' -cursorColumn 32

        $completion.CompletionMatches.CompletionText | Should -Contain 'SE'
        $completion.CompletionMatches.CompletionText | Should -Not -Contain 'GB'
        ($completion.CompletionMatches | Where-Object CompletionText -EQ 'SE').ToolTip | Should -Be 'Sweden'
        (TabExpansion2 -inputScript 'Send-SinchBatch -DefaultRegion swe' -cursorColumn 34).CompletionMatches.CompletionText | Should -Be 'SE'
    }

    It 'says that the United Kingdom''s code is GB' {
        { @{ identity = '07911 123456' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS -DefaultRegion UK @Connection } |
            Should -Throw -ErrorId "SinchBatch.InvalidRegion,$Send" -ExpectedMessage "*The United Kingdom's code is GB."
    }
}

Describe 'A recipient only once per command' {
    BeforeEach { Reset-Emulator }

    It 'refuses a repeated contact ID, naming both rows' {
        $rows = 'c-1', 'c-2', 'c-1' | ForEach-Object { [pscustomobject]@{ contact_id = $_ } }

        $results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be "SinchBatch.DuplicateRecipient,$Send"
        $problems[0].ToString() | Should -BeLike "Row 3 has the same recipient as row 1, •••, so*"
        $results.RecipientCount | Should -Be 2
        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'c-2'
    }

    It 'refuses one phone number written two ways' {
        $rows = [pscustomobject]@{ phone = '+46 70 123 45 67' }, [pscustomobject]@{ phone = '070-123 45 67' }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS -IdentityProperty phone -DefaultRegion SE -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.DuplicateRecipient,$Send"
        $problems[0].ToString() | Should -BeLike "Row 2 has the same recipient as row 1, +4670••••567, so*"
        Get-SentIdentity | Should -Be '+46701234567'
    }

    It 'sends repeats with -AllowDuplicateRecipient' {
        $rows = 'c-1', 'c-1' | ForEach-Object { [pscustomobject]@{ contact_id = $_ } }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -AllowDuplicateRecipient @Connection

        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'c-1'
    }
}

Describe 'Per-recipient metadata' {
    BeforeEach { Reset-Emulator }

    It 'puts the named columns into each recipient''s own message_metadata and conversation_metadata, as strings, and not into its parameters' {
        $csv = New-Csv 'contact_id,name,order,segment', 'c-1,Ann,1001,gold', 'c-2,Bo,,silver'

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -MessageMetadataProperty order -ConversationMetadataProperty segment, order -ParameterProperty * @Connection

        $sent = Get-AcceptedRecipient
        $sent[0].message_metadata.order | Should -BeExactly '1001'
        $sent[0].conversation_metadata.PSObject.Properties.Name | Should -Be 'order', 'segment'
        $sent[0].parameters.PSObject.Properties.Name | Should -Be 'name'
        # An empty value leaves its key out, and an object left empty is not sent.
        $sent[1].PSObject.Properties.Name | Should -Not -Contain 'message_metadata'
        $sent[1].conversation_metadata.PSObject.Properties.Name | Should -Be 'segment'
    }

    It 'warns of a metadata or parameter column the first row lacks, as a likely misspelling' {
        $row = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann'; ref = 'R1'; email = 'a@b' }

        $null = $row | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -MessageMetadataProperty reference -ParameterProperty mail @Connection -WarningVariable warnings 3>$null

        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike "The first row has no column 'mail' (-ParameterProperty) and no column 'reference' (-MessageMetadataProperty)*check the spelling."
        (Get-AcceptedRecipient) | Should -HaveCount 1
    }
}

Describe 'Only the columns the message uses leave the machine' {
    BeforeEach { Reset-Emulator }

    It 'sends as parameters only the columns the placeholders name' {
        $csv = New-Csv 'contact_id,name,national_id,email', 'c-1,Ann,19800101-1234,ann@example.com'

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection
        $null = @{ contact_id = 'c-2'; name = 'Bo'; national_id = '19900101-5678' } | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection

        (Get-AcceptedRecipient).parameters | ForEach-Object { $_.PSObject.Properties.Name } | Should -Be 'name', 'name'
        (Get-AcceptedBatch).request | ConvertTo-Json -Depth 10 | Should -Not -Match '19800101|ann@example|19900101'
    }

    It 'adds the -ParameterProperty columns, and with * every column' {
        $row = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann'; code = '7'; note = 'x' }

        $null = $row | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -ParameterProperty code @Connection
        $null = $row | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -ParameterProperty * @Connection

        $sent = Get-AcceptedRecipient
        ($sent[0].parameters.PSObject.Properties.Name | Sort-Object) | Should -Be 'code', 'name'
        ($sent[1].parameters.PSObject.Properties.Name | Sort-Object) | Should -Be 'code', 'name', 'note'
    }

    It 'warns once when the message has no placeholders and the rows have other columns, about double quotes' {
        $rows = 1..3 | ForEach-Object { [pscustomobject]@{ contact_id = "c-$_"; name = "N$_" } }
        $name = $null
        # Built in a variable: a double-quoted -Text written in the command itself is refused (Text.Tests.ps1).
        $text = "Hej ${name}!"

        $null = $rows | Send-SinchBatch -AppId 'app' -Text $text @Connection -WarningVariable warnings 3>$null

        $warnings | Should -HaveCount 1
        "$warnings" | Should -BeLike 'The message has no ${placeholders}, so no per-recipient values are sent (the rows also hold name)*single quotes*'
        (Get-AcceptedRecipient) | Should -HaveCount 3
        (Get-AcceptedRecipient)[0].PSObject.Properties.Name | Should -Not -Contain 'parameters'
    }
}

Describe 'Problems of a whole column, and text that was not UTF-8' {
    BeforeEach { Reset-Emulator }

    It 'ends at a first row without the placeholder''s column, listing the columns it has, and sends nothing' {
        $csv = New-Csv (@('contact_id,first_name') + (1..50 | ForEach-Object { "c-$_,N$_" }))

        { Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection -ErrorVariable problems } |
            Should -Throw -ErrorId "SinchBatch.MissingColumn,$Send" -ExpectedMessage "The first row has no column 'name' (for `${name}); it has only 'contact_id', 'first_name'. Nothing was sent.*"
        $problems | Should -HaveCount 1
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'points at -Delimiter when the one column''s name holds a semicolon' {
        $csv = New-Csv 'Mobile Phone;First Name;Code', '+46701234567;Ann;1'

        { Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${First Name}' -Channel SMS -IdentityProperty 'Mobile Phone' @Connection } |
            Should -Throw -ErrorId "SinchBatch.MissingColumn,$Send" -ExpectedMessage "*the file looks separated by ';'; read it with Import-Csv -Delimiter ';'."
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'keeps an empty value in a later row a row error' {
        $csv = New-Csv 'contact_id,name', 'c-1,Ann', 'c-2,'

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.MissingParameter,$Send"
        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1'
    }

    It 'refuses rows of an ANSI CSV read as UTF-8, suggesting Import-Csv -Encoding; read right, it goes' {
        $csv = New-Csv 'contact_id,name', 'c-1,Ann', 'c-2,Åsa Öberg' -Encoding ([Text.Encoding]::GetEncoding(1252))

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be "SinchBatch.UnreadableText,$Send"
        $problems[0].ToString() | Should -BeLike "Row 2's 'name' holds U+FFFD*Import-Csv -Encoding*"
        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1'

        Reset-Emulator
        $null = Import-Csv $csv -Encoding 1252 | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection
        (Get-AcceptedRecipient).parameters.name | Should -Be 'Ann', 'Åsa Öberg'
    }
}
