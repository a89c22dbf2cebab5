# Text as the admin meant it (issue 19, part 2): a double-quoted -Text that PowerShell already filled in, UTF-8 read
# as a single-byte code page, padding, the character that makes an SMS UCS-2, and free text on WhatsApp.
BeforeAll {
    . "$PSScriptRoot/common.ps1"
    $Send = 'SinchBatch.Commands.SendSinchBatchCommand'
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Double quotes (issue 19, 2): a -Text that PowerShell filled in before the command saw it' {
    BeforeEach { Reset-Emulator }

    It 'refuses a double-quoted -Text in a script, continued with a backtick, as ExpandedPlaceholder, shows the single-quoted form, and sends nothing' {
        $script = New-SendScript 'runbook' @'
$rows = 1..3 | ForEach-Object { [pscustomobject]@{ contact_id = "c-$_"; Vorname = "N$_" } }
try {
    $rows | Send-SinchBatch -AppId 'app' -ProjectId 'test-project' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key `
        -Text "Hallo ${Vorname}, Ihr Vertrag läuft aus."
    'the command went on'
}
catch { "caught: $($_.FullyQualifiedErrorId): $_" }
'@

        $said = (Invoke-Pwsh $script -Arguments $env:SINCHBATCH_MODULE, $Emulator.Uri *>&1) -join "`n"

        $said | Should -Match "caught: SinchBatch\.ExpandedPlaceholder,$Send"
        $said | Should -Match ([regex]::Escape("Write it in single quotes, so that Sinch fills in each row's value: 'Hallo `${Vorname}, Ihr Vertrag läuft aus.'"))
        $said | Should -Not -Match 'the command went on'
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'refuses a double-quoted string in a -Message hashtable too' {
        $rows = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann' }

        { $rows | Send-SinchBatch -AppId 'app' -Message @{ text_message = @{ text = "Hi $name!" } } @Connection } |
            Should -Throw -ErrorId "SinchBatch.ExpandedPlaceholder,$Send" -ExpectedMessage "-Message holds a string in double quotes*'Hi `${name}!'*"
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'keeps the warning, and sends, when the text came from a variable' {
        $rows = 1..2 | ForEach-Object { [pscustomobject]@{ contact_id = "c-$_"; Vorname = "N$_" } }
        $Vorname = $null
        $text = "Hallo ${Vorname}!"

        $null = $rows | Send-SinchBatch -AppId 'app' -Text $text @Connection -WarningVariable warnings 3>$null

        "$warnings" | Should -BeLike '*single quotes*'
        (Get-AcceptedRecipient) | Should -HaveCount 2
    }
}

Describe 'Text read in the wrong encoding (issue 19, 2)' {
    BeforeEach { Reset-Emulator }

    It 'refuses a UTF-8 file read with -Encoding 1252 as UnreadableText, naming the column and -Encoding utf8, never the value, and sends nothing' {
        $csv = New-Csv 'contact_id,Vorname', 'c-1,Ann', 'c-2,Günther'

        $caught = $null
        try { Import-Csv $csv -Encoding 1252 | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}' @Connection } catch { $caught = $_ }

        $caught.FullyQualifiedErrorId | Should -Be "SinchBatch.RowsRefused,$Send"
        $refused = @($caught.TargetObject)
        $refused.SinchBatchRow | Should -Be 2
        $refused.SinchBatchErrorId | Should -Be 'SinchBatch.UnreadableText'
        $refused.SinchBatchReason | Should -BeLike "Row 2's 'Vorname' holds the marks of UTF-8 text read as a single-byte code page*Import-Csv -Encoding utf8*-SkipTextCheck*"
        "$caught" | Should -Not -Match 'G.+nther'
        (Get-EmulatorStats).requests | Should -Be 0

        $null = Import-Csv $csv -Encoding utf8 | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}' @Connection
        (Get-AcceptedRecipient).parameters.Vorname | Should -Be 'Ann', 'Günther'
    }

    It 'sends such text with -SkipTextCheck' {
        $csv = New-Csv 'contact_id,Vorname', 'c-1,Günther'

        $null = Import-Csv $csv -Encoding 1252 | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}' -SkipTextCheck @Connection

        (Get-AcceptedRecipient).parameters.Vorname | Should -Be 'GÃ¼nther'
    }

    It 'refuses a -Text that holds the marks itself, and sends nothing' {
        { @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Viele GrÃ¼ÃŸe' @Connection } |
            Should -Throw -ErrorId "SinchBatch.UnreadableText,$Send" -ExpectedMessage '-Text holds the marks of UTF-8 text read as a single-byte code page*UTF-8 with BOM*'
        (Get-EmulatorStats).requests | Should -Be 0
    }
}

Describe 'Padding (issue 19, 2)' {
    BeforeEach { Reset-Emulator }

    It 'trims white space around identities and values on the wire' {
        $csv = New-Csv 'phone,Vorname,code', '" +46701234561 "," Jürgen ",  7', "+46701234562,Ann`t,8"

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}!' -ParameterProperty code -Channel SMS -IdentityProperty phone @Connection

        $sent = Get-AcceptedRecipient
        $sent.recipient.identified_by.channel_identities.identity | Should -Be '+46701234561', '+46701234562'
        $sent.parameters.Vorname | Should -Be 'Jürgen', 'Ann'
        $sent.parameters.code | Should -Be '7', '8'

        Reset-Emulator
        $null = [pscustomobject]@{ contact_id = "`t c-1 "; Vorname = "Ann`u{00A0}" } | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}!' @Connection
        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1'
        (Get-AcceptedRecipient).parameters.Vorname | Should -Be 'Ann'
    }
}

Describe 'UCS-2 (issue 19, 2): the character that makes an SMS cost more' {
    BeforeEach { Reset-Emulator }

    It 'names the en dash in the message in the preview' {
        $row = [pscustomobject]@{ phone = '+46701234561'; Vorname = 'Ann' }

        $preview = $row | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname} – bis bald' -Channel SMS -IdentityProperty phone -Preview 1

        $preview.SmsEncoding | Should -Be 'UCS-2'
        $preview.SmsEncodingReason | Should -Be "'–' (U+2013 EN DASH) in the message"
    }

    It 'names the column that holds it, in the preview and under -WhatIf, and leaves GSM-7 messages without a reason' {
        $rows = [pscustomobject]@{ phone = '+46701234561'; Vorname = 'Åsa' }, [pscustomobject]@{ phone = '+46701234562'; Vorname = 'Łukasz' }

        $previews = $rows | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}' -Channel SMS -IdentityProperty phone -Preview 2
        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hallo ${Vorname}' -Channel SMS -IdentityProperty phone @Connection -WhatIf -WarningVariable warnings 3>$null

        $previews.SmsEncodingReason | Should -Be $null, "'Ł' (U+0141 LATIN CAPITAL LETTER L WITH STROKE) in column 'Vorname'"
        "$warnings" | Should -BeLike "1 SMS message of 2 would go as UCS-2, 70 characters a part instead of 160*the first, row 2, for 'Ł' (U+0141 LATIN CAPITAL LETTER L WITH STROKE) in column 'Vorname'."
        (Get-EmulatorStats).requests | Should -Be 0
    }
}

Describe 'WhatsApp (issue 19, 2)' {
    It 'warns once that free text reaches only customers who wrote in the last 24 hours, and not for a template' {
        $rows = 1..2 | ForEach-Object { [pscustomobject]@{ phone = "+4670123456$_" } }

        $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel WHATSAPP -IdentityProperty phone -Preview 2 -WarningVariable text 3>$null
        $null = $rows | Send-SinchBatch -AppId 'app' -Message @{ template_message = @{ omni_template = @{ template_id = 't'; version = '1'; language_code = 'en' } } } -Channel WHATSAPP -IdentityProperty phone -Preview 2 -WarningVariable template 3>$null

        @($text | Where-Object { "$_" -like '*24 hours*' }) | Should -HaveCount 1
        "$text" | Should -BeLike '*template_message*'
        @($template | Where-Object { "$_" -like '*24 hours*' }) | Should -HaveCount 0
    }
}
