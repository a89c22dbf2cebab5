BeforeAll {
    . "$PSScriptRoot/common.ps1"

    function New-Row([string] $Contact = 'contact-1', [string] $Name = 'Ann') {
        [pscustomobject]@{ contact_id = $Contact; name = $Name }
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Send-SinchBatch' {
    BeforeEach { Reset-Emulator }

    Context 'sending rows' {
        It 'sends a UTF-8 CSV so the emulator receives exactly its recipients and parameters' {
            $csv = Join-Path $TestDrive 'customers.csv'
            Set-Content $csv -Encoding utf8 -Value @(
                'contact_id,name,city'
                'c-1,Renée,Zürich'
                'c-2,Jürgen Müller,"Köln, Germany"'
                'c-3,李伟,北京'
                'c-4,Zoë 🎉,"Smith, ""Jo"""'
            )

            $results = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name} from ${city}' @Connection

            $results.RecipientCount | Should -Be 4
            $sent = Get-AcceptedRecipient
            $sent.recipient.contact_id | Should -Be 'c-1', 'c-2', 'c-3', 'c-4'
            $sent.parameters.name | Should -Be 'Renée', 'Jürgen Müller', '李伟', 'Zoë 🎉'
            $sent.parameters.city | Should -Be 'Zürich', 'Köln, Germany', '北京', 'Smith, "Jo"'
            (Get-AcceptedBatch).request.message.text_message.text | Should -Be 'Hi ${name} from ${city}'
        }

        It 'hands back a failed batch''s CSV rows with every column, value and type name, to export or send again' {
            $csv = Join-Path $TestDrive 'customers.csv'
            Set-Content $csv -Encoding utf8 -Value @(
                '#TYPE Customer'
                'contact_id,name,phone,note'
                'c-1,Ann,+46701234561,"first, with a comma"'
                'c-2,Bo,,'
                'c-3,Cy'
            )
            Set-EmulatorFault @{ Unavailable = 1 }
            try {
                $null = Import-Csv $csv | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -MaximumRetryCount 0 @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
            }
            finally { Set-EmulatorFault }

            $failures | Should -HaveCount 1
            $rows = $failures[0].TargetObject
            # JSON tells a missing value (null: the short line) from an empty one.
            $rows | ConvertTo-Json -Compress | Should -Be (Import-Csv $csv | ConvertTo-Json -Compress)
            $rows | ConvertTo-Csv | Should -Be (Import-Csv $csv | ConvertTo-Csv)
            $rows | ForEach-Object { $_.PSTypeNames[0] } | Should -Be 'Customer', 'Customer', 'Customer'
            $results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -ParameterProperty note @Connection
            $results.RecipientCount | Should -Be 3
            (Get-AcceptedRecipient).parameters.note | Should -Be 'first, with a comma', '', $null
        }

        It 'splits 2500 rows into batches of 1000, 1000 and 500 and writes one result for each' {
            $rows = 1..2500 | ForEach-Object { [pscustomobject]@{ contact_id = "c-$_" } }

            $results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hello' @Connection

            $results.RecipientCount | Should -Be 1000, 1000, 500
            $results.BatchNumber | Should -Be 1, 2, 3
            $results | ForEach-Object { $_ | Should -BeOfType SinchBatch.SinchBatchResult }
            $results.BatchId | Select-Object -Unique | Should -HaveCount 3
            $accepted = Get-AcceptedBatch
            $accepted.batch_id | Sort-Object | Should -Be ($results.BatchId | Sort-Object)
            ($accepted | Measure-Object recipient_count -Sum).Sum | Should -Be 2500
            (Get-AcceptedRecipient).recipient.contact_id | Sort-Object { [int]$_.Substring(2) } | Should -Be ($rows.contact_id)
        }

        It 'honours -BatchSize' {
            $results = 1..7 | ForEach-Object { @{ contact_id = "c-$_" } } | Send-SinchBatch -AppId 'app' -Text 'Hello' -BatchSize 3 @Connection

            $results.RecipientCount | Should -Be 3, 3, 1
        }

        It 'addresses phone numbers on a channel with -Channel and -IdentityProperty' {
            $rows = @([pscustomobject]@{ phone = '+46701234561'; name = 'Åsa' }, [pscustomobject]@{ phone = '+33612345678'; name = 'Renée' })

            $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -Channel SMS -IdentityProperty phone @Connection

            $sent = Get-AcceptedRecipient
            $sent[0].recipient.identified_by.channel_identities | Should -HaveCount 1
            $sent[0].recipient.identified_by.channel_identities[0].channel | Should -Be 'SMS'
            $sent.recipient.identified_by.channel_identities.identity | Should -Be '+46701234561', '+33612345678'
            $sent.parameters.name | Should -Be 'Åsa', 'Renée'
            $sent[0].parameters.PSObject.Properties.Name | Should -Be 'name'
        }

        It 'gives a row one channel identity per -Channel, all with the same identity' {
            $null = @{ identity = '+46701234561' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel WhatsApp, Sms, Rcs @Connection

            $identities = (Get-AcceptedRecipient).recipient.identified_by.channel_identities
            $identities.channel | Should -Be 'WHATSAPP', 'SMS', 'RCS'
            $identities.identity | Select-Object -Unique | Should -Be '+46701234561'
        }

        It 'takes a hashtable row, turning the keys its placeholders name into parameters as invariant strings' {
            $culture = [cultureinfo]::CurrentCulture
            try {
                [cultureinfo]::CurrentCulture = 'de-DE'
                $null = @{ contact_id = 'c-1'; amount = 1234.5; count = 3; note = 'private' } | Send-SinchBatch -AppId 'app' -Text 'You owe ${amount} for ${count}' @Connection
            }
            finally { [cultureinfo]::CurrentCulture = $culture }

            $sent = Get-AcceptedRecipient
            $sent.recipient.contact_id | Should -Be 'c-1'
            $sent.parameters.amount | Should -Be '1234.5'
            $sent.parameters.count | Should -Be '3'
            $sent.parameters.PSObject.Properties.Name | Should -Not -Contain 'note'
        }

        It 'sends only the -ParameterProperty columns as parameters' {
            $null = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann'; secret_note = 'x' } |
                Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -ParameterProperty name @Connection

            (Get-AcceptedRecipient).parameters.PSObject.Properties.Name | Should -Be 'name'
        }

        It 'reads the recipient from -ContactIdProperty' {
            $null = [pscustomobject]@{ Customer = 'c-9' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -ContactIdProperty Customer @Connection

            (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-9'
        }

        It 'fills ${name} from a column spelt Name' {
            $null = [pscustomobject]@{ contact_id = 'c-1'; Name = 'Ann' } | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection

            (Get-AcceptedRecipient).parameters.name | Should -BeExactly 'Ann'
        }

        It 'with -ParameterProperty *, takes parameters from the properties of the rows before, as Export-Csv takes columns, re-reading a row that lacks one' {
            $rows = @(
                [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann'; extra = 'x' }
                [pscustomobject]@{ contact_id = 'c-2'; name = 'Bo' }
                [pscustomobject]@{ name = 'Cy'; contact_id = 'c-3'; city = 'Oslo' }
                @{ contact_id = 'c-4'; name = 'Di'; pet = 'cat' }
                [pscustomobject]@{ contact_id = 'c-5'; name = $null; nick = 'E' }
            )

            $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -ParameterProperty * @Connection

            $sent = Get-AcceptedRecipient
            $sent.recipient.contact_id | Should -Be 'c-1', 'c-2', 'c-3', 'c-4', 'c-5'
            ($sent[0].parameters.PSObject.Properties.Name | Sort-Object) | Should -Be 'extra', 'name'
            $sent[1].parameters.PSObject.Properties.Name | Should -Be 'name'
            ($sent[2].parameters.PSObject.Properties.Name | Sort-Object) | Should -Be 'name'
            ($sent[3].parameters.PSObject.Properties.Name | Sort-Object) | Should -Be 'name', 'pet'
            $sent[4].PSObject.Properties.Name | Should -Not -Contain 'parameters'
        }

        It 'finds a placeholder column that only later rows have' {
            $rows = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann' }, [pscustomobject]@{ contact_id = 'c-2'; name = 'Bo'; code = '42' }

            $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name} ${code}' -AllowMissingParameter @Connection

            (Get-AcceptedRecipient)[1].parameters.code | Should -Be '42'
        }

        It 'reads rows under Set-StrictMode' {
            $rows = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann' }, [pscustomobject]@{ contact_id = 'c-2' }

            $problems = & {
                Set-StrictMode -Version Latest
                $null = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue
                $problems
            }

            (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1'
            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.MissingParameter,SinchBatch.Commands.SendSinchBatchCommand'
            $problems[0].ToString() | Should -BeLike "Row 2 (•••) has no value for `${name}*"
        }

        It 'reads the properties of any .NET object' {
            $null = [uri]'https://example.com/a', [System.Net.NetworkInformation.PhysicalAddress]::None |
                Send-SinchBatch -AppId 'app' -Text 'Hi' -ContactIdProperty AbsoluteUri -ParameterProperty Host -SkipInvalidRow @Connection -ErrorAction SilentlyContinue -ErrorVariable problems

            (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'https://example.com/a'
            (Get-AcceptedRecipient).parameters.Host | Should -Be 'example.com'
            $problems | Should -HaveCount 1
        }

        It 'takes rows passed to -InputObject as an array' {
            $results = Send-SinchBatch -InputObject @((New-Row 'c-1'), (New-Row 'c-2')) -AppId 'app' -Text 'Hi' @Connection

            $results.RecipientCount | Should -Be 2
        }

        It 'puts every batch field on the wire as the API names it' {
            $at = [datetime]::UtcNow.AddHours(2)
            $result = New-Row | Send-SinchBatch -AppId 'app-7' -Text 'Hi ${name}' @Connection `
                -ProcessingStrategy DispatchOnly -BatchMetadata @{ campaign = 'black-friday' } `
                -MessageMetadata @{ source = 'crm'; tier = 2 } -SendAfter $at -ChannelPriorityOrder WhatsApp, Sms `
                -Ttl '86400s' -ChannelProperties @{ WHATSAPP_HEADER = 'x' } -CallbackUrl 'https://example.com/cb'

            $request = (Get-AcceptedBatch).request
            $request.app_id | Should -Be 'app-7'
            $request.processing_strategy | Should -Be 'DISPATCH_ONLY'
            $request.batch_metadata.campaign | Should -Be 'black-friday'
            $request.message_metadata.source | Should -Be 'crm'
            $request.message_metadata.tier | Should -Be 2
            $request.send_after | Should -Be $at.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
            $request.channel_priority_order | Should -Be 'WHATSAPP', 'SMS'
            $request.ttl | Should -Be '86400s'
            $request.channel_properties.WHATSAPP_HEADER | Should -Be 'x'
            $request.callback_url | Should -Be 'https://example.com/cb'
            $result.Metadata['campaign'] | Should -Be 'black-friday'
        }

        It 'reports the send time Sinch rounded to, in UTC' {
            $at = [datetime]::UtcNow.AddHours(1)

            $result = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' -SendAfter $at @Connection

            $result.SendAfter.Kind | Should -Be 'Utc'
            $result.SendAfter.Minute % 5 | Should -Be 0
            $result.SendAfter.Second | Should -Be 0
            # Sent to the second: a time a fraction past a five-minute mark stays on that mark.
            $sent = $at.AddTicks(-($at.Ticks % [timespan]::TicksPerSecond))
            ($result.SendAfter - $sent).TotalMinutes | Should -BeGreaterOrEqual 0
            ($result.SendAfter - $sent).TotalMinutes | Should -BeLessThan 5
        }

        It 'converts a local -SendAfter to UTC' {
            $local = [datetime]::Now.AddHours(3)

            $null = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' -SendAfter $local @Connection

            (Get-AcceptedBatch).request.send_after | Should -Be $local.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")
        }

        It 'sends -CorrelationId and -ConversationMetadata' {
            $null = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' -CorrelationId 'corr-1' -ConversationMetadata @{ order = @{ id = 7 } } @Connection

            $request = (Get-AcceptedBatch).request
            $request.correlation_id | Should -Be 'corr-1'
            $request.conversation_metadata.order.id | Should -Be 7
        }

        It 'takes -Ttl as <Name>' -ForEach @(
            @{ Name = 'a TimeSpan'; Ttl = [timespan]::FromHours(1); Wire = '3600s' }
            @{ Name = 'minutes'; Ttl = '10m'; Wire = '600s' }
            @{ Name = 'an Ns string'; Ttl = '86400s'; Wire = '86400s' }
            @{ Name = 'hours'; Ttl = '1h'; Wire = '3600s' }
        ) {
            $null = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' -Ttl $Ttl @Connection

            (Get-AcceptedBatch).request.ttl | Should -Be $Wire
        }

        It 'warns when DispatchOnly meets -CorrelationId, and still sends' {
            $null = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -ProcessingStrategy DispatchOnly -CorrelationId 'c' @Connection -WarningVariable warnings 3>$null

            $warnings | Should -HaveCount 1
            $warnings[0] | Should -Match 'DispatchOnly'
            (Get-AcceptedBatch) | Should -HaveCount 1
        }

        It 'sends rows with a missing placeholder value when -AllowMissingParameter is given' {
            $null = [pscustomobject]@{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -AllowMissingParameter @Connection

            (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1'
        }

        It 'writes each request with method, path, status and time to the verbose stream' {
            $verbose = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection -Verbose 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }

            ($verbose.Message -match '^POST /v1/projects/test-project/messages -> 200 OK \(\d+ ms\)$') | Should -HaveCount 1
        }

        It 'uses one token for many batches' {
            $uncached = Join-Connection -Uncached

            $null = 1..30 | ForEach-Object { @{ contact_id = "c-$_" } } | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 3 @uncached
            $null = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' @uncached

            (Get-EmulatorStats).batch_requests | Should -Be 11
            (Get-EmulatorStats).token_requests | Should -Be 1
        }

        It 'stops at a refused key with one terminating error and one token request, before any batch is sent' {
            $wrongKey = Join-Connection -Uncached @{ Credential = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'wrong' -AsPlainText -Force)) }

            $problems = @(try { 1..20 | ForEach-Object { @{ contact_id = "c-$_" } } | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 2 @wrongKey -ErrorAction SilentlyContinue } catch { $_ })

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.AuthenticationFailed,SinchBatch.Commands.SendSinchBatchCommand'
            "$($problems[0])" | Should -Match "refused key ID 'emulator-key'\. Check the key ID and secret\.$"
            (Get-EmulatorStats).token_requests | Should -Be 1
            (Get-EmulatorStats).batch_requests | Should -Be 0
        }

        It 'sends with -AccessToken instead of a credential' {
            $token = (Invoke-RestMethod -Method Post "$($Emulator.Uri)/oauth2/token" -Body @{ grant_type = 'client_credentials' } -Headers @{
                    Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('emulator-key:emulator-secret')) }).access_token
            $byToken = Join-Connection -Without Credential

            $result = New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' -AccessToken (ConvertTo-SecureString $token -AsPlainText -Force) @byToken

            $result.RecipientCount | Should -Be 1
        }
    }

    Context '-Message' {
        BeforeAll {
            # JSON with every object's keys in name order: a hashtable's own order differs from process to process.
            function ConvertTo-CanonicalJson($Value) {
                function Sort-Keys($Node) {
                    if ($Node -is [System.Collections.IDictionary]) { $names = @($Node.Keys) } elseif ($Node -is [pscustomobject]) { $names = @($Node.PSObject.Properties.Name) } else { $names = $null }
                    if ($null -ne $names) {
                        $sorted = [ordered]@{}
                        foreach ($name in ($names | Sort-Object { [string]$_ } -CaseSensitive)) { $sorted[$name] = Sort-Keys $Node.$name }
                        return $sorted
                    }
                    if ($Node -is [array]) { return , @($Node | ForEach-Object { Sort-Keys $_ }) }
                    $Node
                }
                Sort-Keys $Value | ConvertTo-Json -Depth 10 -Compress
            }
        }

        It 'sends a <Kind> given as a hashtable exactly as given' -ForEach @(
            @{ Kind = 'text_message'; Body = @{ text = 'Hi ${name}' } }
            @{ Kind = 'media_message'; Body = @{ url = 'https://example.com/a.png' } }
            @{ Kind = 'template_message'; Body = @{ omni_template = @{ template_id = 't-1'; version = '1'; parameters = @{ name = '${name}' } } } }
            @{ Kind = 'choice_message'; Body = @{ text_message = @{ text = 'Pick' }; choices = @(@{ text_message = @{ text = 'A' } }) } }
            @{ Kind = 'card_message'; Body = @{ title = 'Card ${name}'; description = 'd' } }
            @{ Kind = 'carousel_message'; Body = @{ cards = @(@{ title = 'one' }, @{ title = 'two' }) } }
            @{ Kind = 'location_message'; Body = @{ title = 'HQ'; coordinates = @{ latitude = 59.33; longitude = 18.06 } } }
            @{ Kind = 'list_message'; Body = @{ title = 'Menu'; sections = @(@{ title = 's'; items = @() }) } }
            @{ Kind = 'contact_info_message'; Body = @{ name = @{ full_name = 'Ann' }; phone_numbers = @(@{ phone_number = '+46701234561' }) } }
        ) {
            $null = New-Row | Send-SinchBatch -AppId 'app' -Message @{ $Kind = $Body } @Connection

            $message = (Get-AcceptedBatch).request.message
            $message.PSObject.Properties.Name | Should -Be $Kind
            ConvertTo-CanonicalJson $message.$Kind | Should -Be (ConvertTo-CanonicalJson $Body)
        }

        It 'takes a JSON string' {
            $null = New-Row | Send-SinchBatch -AppId 'app' -Message '{"media_message":{"url":"https://example.com/${name}.png"}}' @Connection

            (Get-AcceptedBatch).request.message.media_message.url | Should -Be 'https://example.com/${name}.png'
        }

        It 'takes a PSCustomObject' {
            $message = [pscustomobject]@{ card_message = [pscustomobject]@{ title = 'Hello ${name}' } }

            $null = New-Row | Send-SinchBatch -AppId 'app' -Message $message @Connection

            (Get-AcceptedBatch).request.message.card_message.title | Should -Be 'Hello ${name}'
        }

        It 'checks placeholders in every string of the message' {
            $message = @{ card_message = @{ title = 'Hi'; media_message = @{ url = 'https://example.com/${avatar}' } } }

            $rows = [pscustomobject]@{ contact_id = 'c-1'; avatar = 'a.png' }, [pscustomobject]@{ contact_id = 'c-2'; avatar = '' }

            $null = $rows | Send-SinchBatch -AppId 'app' -Message $message -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

            $problems[0].FullyQualifiedErrorId | Should -BeLike 'SinchBatch.MissingParameter,*'
            $problems[0].ToString() | Should -Match '^Row 2 .*\$\{avatar\}'
        }
    }

    Context 'bad input: a stable ErrorId, and nothing sent' {
        It 'refuses a missing project ID, naming the three ways to give it' {
            $noProject = Join-Connection -Without ProjectId
            $env:SINCH_PROJECT_ID = $null

            { New-Row | Send-SinchBatch -AppId 'app' -Text 'Hi' @noProject } |
                Should -Throw -ErrorId 'SinchBatch.MissingProjectId,SinchBatch.Commands.SendSinchBatchCommand' -ExpectedMessage '*-ProjectId*Connect-Sinch*SINCH_PROJECT_ID*'
            (Get-EmulatorStats).requests | Should -Be 0
        }

        It 'refuses a row <Name>, and with -SkipInvalidRow sends the other rows' -ForEach @(
            @{ Name = 'without the recipient property'; Row = [pscustomobject]@{ name = 'Bo' }; ErrorId = 'SinchBatch.MissingRecipient' }
            @{ Name = 'with an empty recipient'; Row = [pscustomobject]@{ contact_id = ''; name = 'Bo' }; ErrorId = 'SinchBatch.MissingRecipient' }
            @{ Name = 'without a placeholder value'; Row = [pscustomobject]@{ contact_id = 'c-2' }; ErrorId = 'SinchBatch.MissingParameter' }
            @{ Name = 'with an empty placeholder value'; Row = [pscustomobject]@{ contact_id = 'c-2'; name = '' }; ErrorId = 'SinchBatch.MissingParameter' }
        ) {
            $results = (New-Row 'c-1'), $Row, (New-Row 'c-3') |
                Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -SkipInvalidRow @Connection -ErrorVariable problems -ErrorAction SilentlyContinue

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be "$ErrorId,SinchBatch.Commands.SendSinchBatchCommand"
            $problems[0].TargetObject | Select-Object * -ExcludeProperty SinchBatch* | ConvertTo-Json | Should -Be ($Row | ConvertTo-Json)
            $problems[0].TargetObject.SinchBatchRow | Should -Be 2
            $problems[0].ToString() | Should -Match '^Row 2 '
            $results.RecipientCount | Should -Be 2
            (Get-AcceptedRecipient).recipient.contact_id | Should -Be 'c-1', 'c-3'
        }

        It 'names the row and the placeholder a row lacks, and with no good row asks nothing of the network' {
            $uncached = Join-Connection -Uncached

            $null = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann'; code = '' } |
                Send-SinchBatch -AppId 'app' -Text 'Hi ${name}, code ${code}' -SkipInvalidRow @uncached -ErrorVariable problems -ErrorAction SilentlyContinue

            $problems[0].ToString() | Should -Match "Row 1 \(•••\) has no value for \$\{code\}"
            (Get-EmulatorStats).requests | Should -Be 0
        }

        It 'sends nothing and warns when no rows arrive' {
            $uncached = Join-Connection -Uncached

            $results = @() | Send-SinchBatch -AppId 'app' -Text 'Hi' @uncached -WarningVariable warnings 3>$null

            $results | Should -BeNullOrEmpty
            $warnings | Should -HaveCount 1
            $warnings[0] | Should -Match 'no rows'
            (Get-EmulatorStats).requests | Should -Be 0
        }

        It 'stops at a token the service refuses with one terminating error holding the rows of its batch' {
            $rows = 1..6 | ForEach-Object { New-Row "c-$_" }
            $refused = Join-Connection @{ AccessToken = (ConvertTo-SecureString 'not-a-token' -AsPlainText -Force) } -Without Credential

            $problems = @(try { $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 2 -ThrottleLimit 1 @refused -ErrorAction SilentlyContinue } catch { $_ })

            $problems | Should -HaveCount 1
            $problems[0].FullyQualifiedErrorId | Should -Be 'SinchBatch.AuthenticationFailed,SinchBatch.Commands.SendSinchBatchCommand'
            $problems[0].TargetObject | ConvertTo-Json -Compress | Should -Be ($rows[0..1] | ConvertTo-Json -Compress)
            (Get-EmulatorStats).batch_requests | Should -Be 1
            (Get-EmulatorStats).accepted_batches | Should -Be 0
        }
    }

    Context '-WhatIf' {
        It 'says what it would send and sends nothing' {
            $rows = 1..2500 | ForEach-Object { @{ contact_id = "c-$_" } }

            $transcript = Join-Path $TestDrive 'whatif.txt'
            $null = Start-Transcript $transcript
            try { $output = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection -WhatIf }
            finally { $null = Stop-Transcript }

            $output | Should -BeNullOrEmpty
            $lines = (Get-Content $transcript) -match '^What if: Performing the operation "Send batch \d \([\d,]+ recipients\)(; the first message, [^"]+)?" on target "app app in project test-project"'
            $lines | Should -HaveCount 3
            $lines[0] | Should -Match "the first message, row 1 to •••: 'Hi'"
            $lines[2] | Should -Match '"Send batch 3 \(500 recipients\)"'

            (Get-EmulatorStats).requests | Should -Be 0
        }

        It 'counts one recipient as one, not as "1 recipients"' {
            $transcript = Join-Path $TestDrive 'one.txt'
            $null = Start-Transcript $transcript
            try { $null = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection -WhatIf }
            finally { $null = Stop-Transcript }

            (Get-Content $transcript) -join ' ' | Should -Match '"Send batch 1 \(1 recipient\);'
        }

        It 'shows the first message filled in, and what the whole SMS campaign costs in parts' {
            $rows = @(
                [pscustomobject]@{ phone = '+46701234561'; name = 'Åsa'; code = '4821' }
                [pscustomobject]@{ phone = '+46701234562'; name = 'Łukasz'; code = '1' * 70 }
                [pscustomobject]@{ phone = '+46701234563'; name = 'Bo'; code = '€' * 80 }
            )

            $transcript = Join-Path $TestDrive 'whatif.txt'
            $null = Start-Transcript $transcript
            try { $output = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}, your code is ${code}' -Channel SMS -IdentityProperty phone @Connection -WhatIf }
            finally { $null = Stop-Transcript }

            $said = (Get-Content $transcript) -join "`n"
            $output | Should -BeNullOrEmpty
            $said | Should -Match "Send batch 1 \(3 recipients\); the first message, row 1 to \+4670••••561: 'Hi Åsa, your code is 4821' \(GSM-7, 1 SMS part\)"
            # GSM-7 'Hi Åsa...' is 1 part; 'Łukasz' makes 91 UCS-2 characters, 2 parts; 80 '€' are 160 septets and more, 2 parts.
            $said | Should -Match '"Send 5 SMS parts in all, to 3 SMS recipients"'
            (Get-EmulatorStats).requests | Should -Be 0
        }

        It 'warns when a filled-in message holds a character lost to the wrong encoding in the message itself' {
            $rows = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann' }, [pscustomobject]@{ contact_id = 'c-2'; name = 'Renée' }

            $null = $rows | Send-SinchBatch -AppId 'app' -Text "Hi `${name}, Ren$([char]0xFFFD)e here" @Connection -WhatIf -WarningVariable warnings 3>$null

            $warnings | Should -HaveCount 1
            "$warnings" | Should -Match '^2 messages would go out with unusual characters; the first, row 1, holds U\+FFFD'
        }
    }

    Context '-Preview' {
        It 'writes that many recipients'' messages filled in, as objects, and sends nothing' {
            $rows = 1..10 | ForEach-Object { [pscustomobject]@{ phone = "+4670123456$($_ % 10)"; name = "Name $_"; code = "$_" } }

            $previews = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}, your code is ${code}' -Channel SMS -IdentityProperty phone @Connection -Preview 2

            $previews | Should -HaveCount 2
            $previews[0] | Should -BeOfType SinchBatch.SinchBatchPreview
            $previews.RowNumber | Should -Be 1, 2
            $previews.Text | Should -Be 'Hi Name 1, your code is 1', 'Hi Name 2, your code is 2'
            $previews[0].Message | Should -Be '{"text_message":{"text":"Hi Name 1, your code is 1"}}'
            $previews.SmsEncoding | Should -Be 'GSM-7', 'GSM-7'
            $previews.SmsParts | Should -Be 1, 1
            ($previews | Format-List | Out-String) | Should -Match 'SmsParts\s+: 1'
            (Get-EmulatorStats).requests | Should -Be 0
        }

        It 'needs no project, region or key, as it sends nothing' {
            $preview = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann' } | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' -Preview 1

            $preview.Text | Should -Be 'Hi Ann'
        }

        It 'fills in every string of a structured message, and has no SMS count for contacts' {
            $message = @{ card_message = @{ title = 'Hi ${name}'; description = 'Code ${code}' } }

            $preview = [pscustomobject]@{ contact_id = 'c-1'; name = 'Ann'; code = '7' } | Send-SinchBatch -AppId 'app' -Message $message @Connection -Preview 1

            ($preview.Text -split "`n" | Sort-Object) | Should -Be 'Code 7', 'Hi Ann'
            ($preview.Message | ConvertFrom-Json).card_message.title | Should -Be 'Hi Ann'
            $preview.SmsEncoding | Should -BeNullOrEmpty
            $preview.SmsParts | Should -BeNullOrEmpty
        }

        It 'warns about a control character in a filled-in message' {
            $row = [pscustomobject]@{ contact_id = 'c-1'; name = "Ann$([char]0x1b)[31m" }

            $preview = $row | Send-SinchBatch -AppId 'app' -Text 'Hi ${name}' @Connection -Preview 1 -WarningVariable warnings 3>$null

            $preview.Warning | Should -Be 'holds the control character U+001B.'
            "$warnings" | Should -Be "Row 1's message holds the control character U+001B."
        }
    }
}
