# Bad input, case by case: a stable ErrorId, nothing sent, and the module still working after.
# Every bad parameter of Send-SinchBatch has its row in the one table below.
BeforeAll {
    . "$PSScriptRoot/common.ps1"
    $Send = 'SinchBatch.Commands.SendSinchBatchCommand'

    function New-Row([string] $Contact = 'c-1') { [pscustomobject]@{ contact_id = $Contact; name = 'Ann' } }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Bad parameters stop Send-SinchBatch before anything is sent' {
    BeforeEach { Reset-Emulator }

    AfterEach {
        # The module still works for the next command.
        (New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection).RecipientCount | Should -Be 1
    }

    It '<Name>: <ErrorId>' -ForEach @(
        @{ Name = 'an empty -AppId'; Given = @{ AppId = '' }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a null -AppId'; Given = @{ AppId = $null }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a blank -AppId'; Given = @{ AppId = '   ' }; ErrorId = 'SinchBatch.MissingAppId' }
        @{ Name = 'an empty -Text'; Given = @{ Text = '' }; ErrorId = 'SinchBatch.EmptyText' }
        @{ Name = 'a null -Text'; Given = @{ Text = $null }; ErrorId = 'ParameterArgumentValidationErrorNullNotAllowed' }
        @{ Name = 'a null -Message'; Given = @{ Message = $null }; ErrorId = 'ParameterArgumentValidationErrorNullNotAllowed' }
        @{ Name = 'an empty -Message'; Given = @{ Message = '' }; ErrorId = 'SinchBatch.MessageInvalidJson' }
        @{ Name = 'a -Message of unclosed JSON'; Given = @{ Message = '{"text_message": {' }; ErrorId = 'SinchBatch.MessageInvalidJson' }
        @{ Name = 'a -Message of JSON with a trailing comma'; Given = @{ Message = '{"text_message": {"text": "a"},}' }; ErrorId = 'SinchBatch.MessageInvalidJson' }
        @{ Name = 'a -Message of JSON null'; Given = @{ Message = 'null' }; ErrorId = 'SinchBatch.MessageKindMissing' }
        @{ Name = 'a -Message of a JSON string'; Given = @{ Message = '"Hi"' }; ErrorId = 'SinchBatch.MessageKindMissing' }
        @{ Name = 'a -Message that is a number'; Given = @{ Message = 42 }; ErrorId = 'SinchBatch.MessageKindMissing' }
        @{ Name = 'a -Message that is an array'; Given = @{ Message = @(1, 2) }; ErrorId = 'SinchBatch.MessageKindMissing' }
        @{ Name = 'a -Message with one kind twice'; Given = @{ Message = '{"text_message":{"text":"a"},"text_message":{"text":"b"}}' }; ErrorId = 'SinchBatch.MessageKindAmbiguous' }
        @{ Name = 'a -Message whose text is null'; Given = @{ Message = @{ text_message = @{ text = $null } } }; ErrorId = 'SinchBatch.EmptyText' }
        @{ Name = 'a -Message kind spelt in another case'; Given = @{ Message = @{ TEXT_MESSAGE = @{ text = 'a' } } }; ErrorId = 'SinchBatch.MessageKindUnknown' }
        @{ Name = 'a -Ttl of words'; Given = @{ Ttl = 'a day' }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl with a fraction'; Given = @{ Ttl = 1.5 }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl that is a bare integer'; Given = @{ Ttl = 24 }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl that is a bare number in a string'; Given = @{ Ttl = '10' }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a negative -Ttl'; Given = @{ Ttl = -5 }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'an empty -Ttl'; Given = @{ Ttl = '' }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl that is a list'; Given = @{ Ttl = @(10, 20) }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl that is a boolean'; Given = @{ Ttl = $true }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -SendAfter that is no date'; Given = @{ SendAfter = 'tomorrow-ish' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = 'the first -SendAfter there is'; Given = @{ SendAfter = [datetime]::MinValue }; ErrorId = 'SinchBatch.SendAfterInPast' }
        @{ Name = 'the last -SendAfter there is'; Given = @{ SendAfter = [datetime]::MaxValue }; ErrorId = 'SinchBatch.SendAfterTooFar' }
        @{ Name = 'a -SendAfter of a week from now'; Given = @{ SendAfter = { (Get-Date).AddDays(7) } }; ErrorId = 'SinchBatch.SendAfterTooFar' }
        @{ Name = 'a huge -CorrelationId'; Given = @{ CorrelationId = 'x' * 100000 }; ErrorId = 'SinchBatch.CorrelationIdTooLong' }
        @{ Name = 'an empty -CorrelationId'; Given = @{ CorrelationId = '' }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a huge channel property'; Given = @{ ChannelProperties = @{ KEY = 'x' * 100000 } }; ErrorId = 'SinchBatch.ChannelPropertyTooLong' }
        @{ Name = '-BatchMetadata that is a string'; Given = @{ BatchMetadata = 'campaign=x' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = '-BatchMetadata with _batch_id'; Given = @{ BatchMetadata = @{ _batch_id = 1 } }; ErrorId = 'SinchBatch.ReservedBatchMetadata' }
        @{ Name = '-BatchMetadata with sinchbatch_request_id'; Given = @{ BatchMetadata = @{ sinchbatch_request_id = 'x' } }; ErrorId = 'SinchBatch.ReservedBatchMetadata' }
        @{ Name = '-BatchMetadata with a key of the module''s own'; Given = @{ BatchMetadata = @{ SinchBatch_Campaign = 'x' } }; ErrorId = 'SinchBatch.ReservedBatchMetadata' }
        @{ Name = 'an empty -CampaignId'; Given = @{ CampaignId = '' }; ErrorId = 'SinchBatch.InvalidCampaignId' }
        @{ Name = 'a -CampaignId of 65 characters'; Given = @{ CampaignId = 'c' * 65 }; ErrorId = 'SinchBatch.InvalidCampaignId' }
        @{ Name = 'a -CampaignId with a space'; Given = @{ CampaignId = 'black friday' }; ErrorId = 'SinchBatch.InvalidCampaignId' }
        @{ Name = 'a -CampaignId with a letter outside ASCII'; Given = @{ CampaignId = 'vår-2026' }; ErrorId = 'SinchBatch.InvalidCampaignId' }
        @{ Name = 'an unknown -Channel'; Given = @{ Channel = 'PIGEON' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = 'an empty -Channel list'; Given = @{ Channel = @() }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'an unknown channel in -ChannelPriorityOrder'; Given = @{ ChannelPriorityOrder = 'SMS', 'FAX' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = 'an unknown -ProcessingStrategy'; Given = @{ ProcessingStrategy = 'Fast' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = 'a -BatchSize of words'; Given = @{ BatchSize = 'ten' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = 'a -BatchSize of 0'; Given = @{ BatchSize = 0 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a -ThrottleLimit of 0'; Given = @{ ThrottleLimit = 0 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a -ThrottleLimit of 65'; Given = @{ ThrottleLimit = 65 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'an ftp -CallbackUrl'; Given = @{ CallbackUrl = 'ftp://example.com/cb' }; ErrorId = 'SinchBatch.InvalidCallbackUrl' }
        @{ Name = 'a -BaseUri that is no URI'; Given = @{ BaseUri = 'not a uri' }; ErrorId = 'SinchBatch.InvalidUri' }
        @{ Name = 'a -BaseUri with a user name and password'; Given = @{ BaseUri = 'https://key:secret@example.com' }; ErrorId = 'SinchBatch.InvalidUri' }
        @{ Name = 'a plain-http -BaseUri on the network'; Given = @{ BaseUri = 'http://10.1.2.3' }; ErrorId = 'SinchBatch.InsecureUri' }
        @{ Name = 'a plain-http -AuthUri on the network'; Given = @{ AuthUri = 'http://auth.example.com/token' }; ErrorId = 'SinchBatch.InsecureUri' }
        @{ Name = 'an unknown -Region'; Given = @{ Region = 'MARS' }; ErrorId = 'CannotConvertArgumentNoMessage' }
        @{ Name = '-IdentityProperty without -Channel'; Given = @{ IdentityProperty = 'phone' }; ErrorId = 'SinchBatch.IdentityWithoutChannel' }
        @{ Name = '-ContactIdProperty with -Channel'; Given = @{ ContactIdProperty = 'id'; Channel = 'SMS' }; ErrorId = 'SinchBatch.ContactIdWithChannel' }
        @{ Name = 'a -DefaultRegion that is no region'; Given = @{ Channel = 'SMS'; DefaultRegion = 'UK' }; ErrorId = 'SinchBatch.InvalidRegion' }
        @{ Name = 'a -DefaultRegion without a phone channel'; Given = @{ DefaultRegion = 'SE' }; ErrorId = 'SinchBatch.DefaultRegionUnused' }
        @{ Name = 'a -DefaultRegion with -SkipPhoneNumberCheck'; Given = @{ Channel = 'SMS'; DefaultRegion = 'SE'; SkipPhoneNumberCheck = $true }; ErrorId = 'SinchBatch.DefaultRegionUnused' }
        @{ Name = 'an empty -DefaultRegion'; Given = @{ Channel = 'SMS'; DefaultRegion = '' }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'the recipient''s column in -MessageMetadataProperty'; Given = @{ MessageMetadataProperty = 'contact_id' }; ErrorId = 'SinchBatch.RecipientInMetadata' }
        @{ Name = 'the recipient''s column in -ConversationMetadataProperty'; Given = @{ Channel = 'SMS'; IdentityProperty = 'phone'; ConversationMetadataProperty = 'Phone' }; ErrorId = 'SinchBatch.RecipientInMetadata' }
        @{ Name = 'an empty -ParameterProperty'; Given = @{ ParameterProperty = @() }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a -Ttl under 3 seconds'; Given = @{ Ttl = '2s' }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl over the maximum'; Given = @{ Ttl = '315576000001s' }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -Ttl with a fraction of a second'; Given = @{ Ttl = [timespan]::FromMilliseconds(4500) }; ErrorId = 'SinchBatch.InvalidTtl' }
        @{ Name = 'a -SendAfter five minutes ago'; Given = @{ SendAfter = { [datetime]::UtcNow.AddMinutes(-5) } }; ErrorId = 'SinchBatch.SendAfterInPast' }
        @{ Name = 'a -CorrelationId of 129 characters'; Given = @{ CorrelationId = 'x' * 129 }; ErrorId = 'SinchBatch.CorrelationIdTooLong' }
        @{ Name = 'a channel property of 1025 characters'; Given = @{ ChannelProperties = @{ KEY = 'x' * 1025 } }; ErrorId = 'SinchBatch.ChannelPropertyTooLong' }
        @{ Name = 'a relative -CallbackUrl'; Given = @{ CallbackUrl = 'callbacks/here' }; ErrorId = 'SinchBatch.InvalidCallbackUrl' }
        @{ Name = 'a -BatchSize of 1001'; Given = @{ BatchSize = 1001 }; ErrorId = 'ParameterArgumentValidationError' }
        @{ Name = 'a -Message of an empty hashtable'; Given = @{ Message = @{} }; ErrorId = 'SinchBatch.MessageKindMissing' }
        @{ Name = 'a -Message with two kinds'; Given = @{ Message = @{ text_message = @{ text = 'a' }; media_message = @{ url = 'https://x' } } }; ErrorId = 'SinchBatch.MessageKindAmbiguous' }
        @{ Name = 'a -Message of a kind the API lacks'; Given = @{ Message = @{ sms_message = @{ text = 'a' } } }; ErrorId = 'SinchBatch.MessageKindUnknown' }
        @{ Name = 'a -Message whose text is empty'; Given = @{ Message = @{ text_message = @{ text = '' } } }; ErrorId = 'SinchBatch.EmptyText' }
        @{ Name = 'a -Message whose kind is not an object'; Given = @{ Message = @{ text_message = 'Hi' } }; ErrorId = 'SinchBatch.InvalidMessage' }
        @{ Name = '-Text and -Message together'; Given = @{ Message = @{ text_message = @{ text = 'a' } } }; ErrorId = 'AmbiguousParameterSet'; KeepText = $true }
    ) {
        $parameters = Join-Connection @{ AppId = 'app' }
        if (-not $Given.ContainsKey('Message') -or $KeepText) { $parameters.Text = 'Hi ${name}' }
        # Times are taken when the test runs, not when Pester discovers it minutes earlier.
        foreach ($key in $Given.Keys) { $parameters[$key] = if ($Given[$key] -is [scriptblock]) { & $Given[$key] } else { $Given[$key] } }

        { New-Row | Send-SinchBatch @parameters } | Should -Throw -ErrorId "$ErrorId,$Send"
        (Get-EmulatorStats).requests | Should -Be 0
    }
}

Describe 'A bad -CampaignId stops Get-SinchBatchStatus and Stop-SinchBatch before anything is asked' {
    BeforeEach { Reset-Emulator }

    It '<Command> -CampaignId <Name>: SinchBatch.InvalidCampaignId' -ForEach @(
        @{ Command = 'Get-SinchBatchStatus'; Name = 'empty'; Id = ''; Class = 'GetSinchBatchStatusCommand' }
        @{ Command = 'Get-SinchBatchStatus'; Name = 'of 65 characters'; Id = 'c' * 65; Class = 'GetSinchBatchStatusCommand' }
        @{ Command = 'Stop-SinchBatch'; Name = 'with a slash'; Id = 'a/b'; Class = 'StopSinchBatchCommand' }
    ) {
        { & $Command -CampaignId $Id @Connection } | Should -Throw -ErrorId "SinchBatch.InvalidCampaignId,SinchBatch.Commands.$Class"
        (Get-EmulatorStats).requests | Should -Be 0
    }
}

Describe 'Bad rows are refused, each with its ErrorId: nothing goes, or with -SkipInvalidRow the good ones' {
    BeforeEach { Reset-Emulator }

    It '<Name>: <ErrorId>' -ForEach @(
        @{ Name = 'a null recipient'; Row = [pscustomobject]@{ contact_id = $null; name = 'Bo' }; ErrorId = 'SinchBatch.MissingRecipient' }
        @{ Name = 'a blank recipient'; Row = [pscustomobject]@{ contact_id = " `t "; name = 'Bo' }; ErrorId = 'SinchBatch.MissingRecipient' }
        @{ Name = 'a row that is a string'; Row = 'c-2'; ErrorId = 'SinchBatch.MissingRecipient' }
        @{ Name = 'a row that is a number'; Row = 42; ErrorId = 'SinchBatch.MissingRecipient' }
        @{ Name = 'a null row'; Row = $null; ErrorId = 'SinchBatch.NullRow' }
        @{ Name = 'an empty hashtable'; Row = @{}; ErrorId = 'SinchBatch.MissingRecipient' }
        @{ Name = 'a row without the placeholder value'; Row = [pscustomobject]@{ contact_id = 'c-2' }; ErrorId = 'SinchBatch.MissingParameter' }
    ) {
        $rows = @((New-Row 'c-1'), $Row, (New-Row 'c-3'))
        $refused = try { $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection } catch { $_ }

        $refused.FullyQualifiedErrorId | Should -Be 'SinchBatch.RowsRefused,SinchBatch.Commands.SendSinchBatchCommand'
        "$refused" | Should -BeLike "1 of 3 rows were refused; nothing was sent: 1 $($ErrorId -replace '^SinchBatch\.') (Row 2 *"
        (Get-EmulatorStats).requests | Should -Be 0

        $results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems | Should -HaveCount 1
        $problems[0].FullyQualifiedErrorId | Should -Be "$ErrorId,SinchBatch.Commands.SendSinchBatchCommand"
        $problems[0].ToString() | Should -Match '^Row 2 '
        $results.RecipientCount | Should -Be 2
        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'c-3'
    }
}

Describe 'Awkward but good input is sent as it is' {
    BeforeEach { Reset-Emulator }

    It 'reads a CSV with a byte-order mark' {
        $csv = Join-Path $TestDrive 'bom.csv'
        [IO.File]::WriteAllText($csv, "contact_id,name`r`nc-1,Ann`r`nc-2,Bo`r`n", [Text.UTF8Encoding]::new($true))

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection

        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'c-2'
    }

    It 'reads a CSV with blank lines, quoted commas, quotes and line breaks in values' {
        $csv = Join-Path $TestDrive 'awkward.csv'
        Set-Content $csv -Value @('contact_id,name', 'c-1,"Smith, Jo"', '', 'c-2,"Say ""hi"""', '', 'c-3,"two', 'lines"')

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection

        $sent = Get-AcceptedRecipient
        $sent.recipient.contact_id | Should -Be 'c-1', 'c-2', 'c-3'
        $sent.parameters.name | Should -Be 'Smith, Jo', 'Say "hi"', "two$([Environment]::NewLine)lines"
    }

    It 'refuses a CSV that lacks the recipient column with one error naming the columns it has' {
        $csv = Join-Path $TestDrive 'nocontact.csv'
        Set-Content $csv -Value @('phone,name', '+46701234561,Ann', '+46701234562,Bo')

        { Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection -ErrorAction SilentlyContinue } |
            Should -Throw -ErrorId 'SinchBatch.MissingColumn,SinchBatch.Commands.SendSinchBatchCommand' -ExpectedMessage "The first row has no column 'contact_id' (the recipient, -ContactIdProperty); it has only 'phone', 'name'. Nothing was sent.*"
        (Get-EmulatorStats).batch_requests | Should -Be 0
    }

    It 'refuses a CSV row cut short, and with -SkipInvalidRow sends the rest' {
        $csv = Join-Path $TestDrive 'short.csv'
        Set-Content $csv -Value @('contact_id,name,code', 'c-1,Ann,1', 'c-2,Bo', 'c-3,Cy,3')

        $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}, ${code}' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

        $problems.FullyQualifiedErrorId | Should -Be 'SinchBatch.MissingParameter,SinchBatch.Commands.SendSinchBatchCommand'
        (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'c-3'
    }

    It 'sends control characters escaped, and they arrive as they were' {
        $name = "Ann`0`a`b`t`r`n$([char]0x1b)[31m"

        $null = [pscustomobject]@{ contact_id = 'c-1'; name = $name } | Send-SinchBatch -AppId 'app' -Text "Hi `${name}`u{2028}" @Connection

        (Get-AcceptedRecipient).parameters.name | Should -BeExactly $name
        (Get-AcceptedBatch).request.message.text_message.text | Should -BeExactly "Hi `${name}`u{2028}"
    }

    It 'sends a megabyte of text whole' {
        $text = 'x' * 1MB

        $null = New-Row | Send-SinchBatch -AppId 'app' -Text $text @Connection

        (Get-AcceptedBatch).request.message.text_message.text.Length | Should -Be 1MB
    }
}
