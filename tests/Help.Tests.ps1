BeforeDiscovery {
    $docs = Join-Path $PSScriptRoot '../docs/en-US'
    $cmdletDocs = Get-ChildItem $docs -Filter '*-*.md' | ForEach-Object { @{ Name = $_.BaseName; File = $_.FullName } }
}

BeforeAll {
    Import-Module $env:SINCHBATCH_MODULE -Force
    Import-Module "$PSScriptRoot/../src/SinchBatch.Help/SinchBatch.Help.psm1" -Force
    $docs = Join-Path $PSScriptRoot '../docs/en-US'
    $common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'The markdown help' {
    It 'has a page for every exported cmdlet, and none for cmdlets that do not exist' {
        (Get-ChildItem $docs -Filter '*-*.md').BaseName | Sort-Object | Should -Be ((Get-Command -Module SinchBatch).Name | Sort-Object)
    }

    It 'describes exactly the parameters <Name> has' -ForEach $cmdletDocs {
        $documented = (Read-HelpMarkdown $File).Parameters.Name | Sort-Object
        $actual = (Get-Command $Name).Parameters.Keys | Where-Object { $_ -notin $common -or $_ -in 'WhatIf', 'Confirm' } | Sort-Object

        $documented | Should -Be $actual
    }

    # That each part is there; what it says is compared with the help users get below.
    It 'gives <Name> a synopsis, a description, two examples, inputs, outputs, notes and a text for every parameter' -ForEach $cmdletDocs {
        $help = Read-HelpMarkdown $File

        $help.Synopsis | Should -Not -BeNullOrEmpty
        $help.Description | Should -Not -BeNullOrEmpty
        $help.Examples.Count | Should -BeGreaterOrEqual 2
        $help.Examples | ForEach-Object { $_.Code | Should -Not -BeNullOrEmpty; $_.Text | Should -Not -BeNullOrEmpty }
        $help.Inputs | Should -Not -BeNullOrEmpty
        $help.Outputs | Should -Not -BeNullOrEmpty
        $help.Notes | Should -Not -BeNullOrEmpty
        $help.Parameters | ForEach-Object { $_.Text | Should -Not -BeNullOrEmpty -Because "-$($_.Name) needs a description" }
    }

    It 'gives each of <Name>''s parameters the type it has' -ForEach $cmdletDocs {
        $command = Get-Command $Name

        foreach ($parameter in (Read-HelpMarkdown $File).Parameters) {
            $type = $command.Parameters[$parameter.Name].ParameterType
            # Help shows a nullable value as its value's type, as PlatyPS writes it.
            if ([Nullable]::GetUnderlyingType($type)) { $type = [Nullable]::GetUnderlyingType($type) }
            $parameter.Yaml['Type'] | Should -Be $type.Name -Because "-$($parameter.Name) is a $type"
        }
    }

    It 'shows one example that pipes Import-Csv into Send-SinchBatch, and one that schedules and cancels' {
        $examples = (Read-HelpMarkdown "$docs/Send-SinchBatch.md").Examples.Code
        $examples -match 'Import-Csv .*\|\s*$|Import-Csv .*\| *Send-SinchBatch' | Should -Not -BeNullOrEmpty
        $examples -match 'SendAfter' -match 'Stop-SinchBatch' | Should -Not -BeNullOrEmpty
    }
}

Describe 'Turning markdown into help' {
    It 'reads every part of a PlatyPS page' {
        $page = Join-Path $TestDrive 'Get-Thing.md'
        Set-Content $page -Value @'
---
external help file: X.dll-Help.xml
schema: 2.0.0
---

# Get-Thing

## SYNOPSIS
Gets a thing.

## SYNTAX

### ByName (Default)
```
Get-Thing -Name <string>
```

## DESCRIPTION
First paragraph,
on two lines.

Second paragraph.

## EXAMPLES

### Example 1: One
```powershell
Get-Thing -Name a
```

Gets a.

## PARAMETERS

### -Name
The name.

```yaml
Type: String
Parameter Sets: ByName
Aliases:

Required: True
Position: 0
Default value: None
Accept pipeline input: True (ByValue)
Accept wildcard characters: False
```

### CommonParameters
The usual.

## INPUTS

### System.String
A name.

## OUTPUTS

### Thing
The thing.

## NOTES
Careful.

## RELATED LINKS

[Set-Thing](Set-Thing.md)
'@
        $help = Read-HelpMarkdown $page

        $help.Name | Should -Be 'Get-Thing'
        $help.Synopsis | Should -Be 'Gets a thing.'
        $help.Sets | Should -Be 'ByName'
        $help.Description | Should -Be 'First paragraph, on two lines.', 'Second paragraph.'
        $help.Examples[0].Title | Should -Be 'Example 1: One'
        $help.Examples[0].Code | Should -Be 'Get-Thing -Name a'
        $help.Examples[0].Text | Should -Be 'Gets a.'
        $help.Parameters.Name | Should -Be 'Name'
        $help.Parameters[0].Yaml['Accept pipeline input'] | Should -Be 'True (ByValue)'
        $help.Parameters[0].Yaml['Position'] | Should -Be '0'
        $help.Inputs[0].Type | Should -Be 'System.String'
        $help.Outputs[0].Text | Should -Be 'The thing.'
        $help.Notes | Should -Be 'Careful.'
        $help.Links[0].Text | Should -Be 'Set-Thing'
    }

    It 'writes MAML that names every cmdlet, parameter and example' {
        $file = Join-Path $TestDrive 'help.xml'

        ConvertTo-MamlHelp -Path $docs -OutputFile $file

        $xml = [xml](Get-Content $file -Raw)
        $ns = [System.Xml.XmlNamespaceManager]::new($xml.NameTable)
        $ns.AddNamespace('command', 'http://schemas.microsoft.com/maml/dev/command/2004/10')
        $ns.AddNamespace('maml', 'http://schemas.microsoft.com/maml/2004/10')
        $ns.AddNamespace('dev', 'http://schemas.microsoft.com/maml/dev/2004/10')
        $commands = $xml.SelectNodes('//command:command', $ns)
        ($commands | ForEach-Object { $_.SelectSingleNode('command:details/command:name', $ns).InnerText }) | Sort-Object |
            Should -Be ((Get-Command -Module SinchBatch).Name | Sort-Object)
        $send = $commands | Where-Object { $_.SelectSingleNode('command:details/command:name', $ns).InnerText -eq 'Send-SinchBatch' }
        $send.SelectNodes('command:syntax/command:syntaxItem', $ns).Count | Should -Be 2
        $send.SelectNodes('command:parameters/command:parameter/maml:name', $ns).InnerText | Should -Contain 'Ttl'
        $send.SelectNodes('command:examples/command:example/dev:code', $ns).Count | Should -BeGreaterOrEqual 2
    }

    It 'writes the about topic as help text' {
        $file = Join-Path $TestDrive 'about.help.txt'

        ConvertTo-AboutHelp -Path "$docs/about_SinchBatch.md" -OutputFile $file

        $text = Get-Content $file
        $text[0..1] | Should -Be 'TOPIC', '    about_SinchBatch'
        $text | Should -Contain 'SHORT DESCRIPTION'
        $text | Should -Contain 'LONG DESCRIPTION'
        $text | Should -Contain '  Retries, and what is never retried'
    }
}

Describe 'Help in the built module, compared with its markdown (issue 20, 6)' {
    BeforeAll {
        # The paragraphs of a help text as Get-Help gives them, without the line ends the MAML keeps.
        function Get-Paragraph($Text) { @($Text | ForEach-Object Text | ForEach-Object Trim | Where-Object { $_ }) }
    }

    It 'Get-Help <Name> gives the synopsis, description, examples, inputs, outputs and notes of its page' -ForEach $cmdletDocs {
        $page = Read-HelpMarkdown $File

        $help = Get-Help $Name -Full

        $help.Synopsis | Should -Be $page.Synopsis
        Get-Paragraph $help.description | Should -Be $page.Description
        $help.examples.example | Should -HaveCount $page.Examples.Count
        for ($i = 0; $i -lt $page.Examples.Count; $i++) {
            $shown = $help.examples.example[$i]
            $shown.title -replace '^-+\s*|\s*-+$' | Should -Be $page.Examples[$i].Title
            $shown.code -replace "`r" | Should -Be ($page.Examples[$i].Code -join "`n")
            Get-Paragraph $shown.remarks | Should -Be $page.Examples[$i].Text
        }
        @($help.inputTypes.inputType.type.name) | Should -Be $page.Inputs.Type
        Get-Paragraph $help.inputTypes.inputType.description | Should -Be $page.Inputs.Text
        @($help.returnValues.returnValue.type.name) | Should -Be $page.Outputs.Type
        Get-Paragraph $help.returnValues.returnValue.description | Should -Be $page.Outputs.Text
        Get-Paragraph $help.alertSet.alert | Should -Be $page.Notes
    }

    It 'Get-Help <Name> -Parameter gives each parameter''s text, type and whether it is required, as its page does' -ForEach $cmdletDocs {
        foreach ($parameter in (Read-HelpMarkdown $File).Parameters) {
            $shown = Get-Help $Name -Parameter $parameter.Name

            Get-Paragraph $shown.description | Should -Be $parameter.Text -Because "that is -$($parameter.Name)'s text"
            $shown.type.name | Should -Be $parameter.Yaml['Type'] -Because "-$($parameter.Name) is a $($parameter.Yaml['Type'])"
            $shown.required | Should -Be $parameter.Yaml['Required'] -Because "-$($parameter.Name) is required: $($parameter.Yaml['Required'])"
        }
    }

    It 'tells Connect-Sinch''s own fallbacks for -<Parameter>, not "from Connect-Sinch"' -ForEach @(
        @{ Parameter = 'Region'; Variable = 'SINCH_REGION' }
        @{ Parameter = 'Credential'; Variable = 'SINCH_KEY_ID' }
    ) {
        $text = (Get-Help Connect-Sinch -Parameter $Parameter | Out-String) -replace '\s+', ' '

        $text | Should -Match $Variable
        $text | Should -Not -Match 'from Connect-Sinch'
    }

    It 'describes the emulator in the about topic, which ships without the README, and re-sends only what may succeed' {
        $about = (Get-Help about_SinchBatch | Out-String) -replace '\s+', ' '

        $about | Should -Not -Match 'See the README'
        $about | Should -Match 'SinchBatch\.Emulator\.dll --urls http://127\.0\.0\.1:5080'
        $about | Should -Match "\$again = 'SinchBatch\.ServiceError', 'SinchBatch\.RateLimited', 'SinchBatch\.ConnectionFailed'"
    }

    It 'Get-Help about_SinchBatch shows the about topic' {
        Get-Help about_SinchBatch | Out-String | Should -Match 'Checked, then sent: the spool and the batches'
    }
}

Describe 'Tab completion' {
    It 'completes <Parameter> with <Expected>' -ForEach @(
        @{ Parameter = '-Region '; Expected = @('BR', 'EU', 'US') }
        @{ Parameter = '-Channel '; Expected = @('APPLEBC', 'INSTAGRAM', 'KAKAOTALK', 'KAKAOTALKCHAT', 'LINE', 'MESSENGER', 'MMS', 'RCS', 'SMS', 'TELEGRAM', 'VIBER', 'VIBERBM', 'WECHAT', 'WHATSAPP') }
        @{ Parameter = '-ChannelPriorityOrder '; Expected = @('APPLEBC', 'INSTAGRAM', 'KAKAOTALK', 'KAKAOTALKCHAT', 'LINE', 'MESSENGER', 'MMS', 'RCS', 'SMS', 'TELEGRAM', 'VIBER', 'VIBERBM', 'WECHAT', 'WHATSAPP') }
        @{ Parameter = '-Ttl '; Expected = @("'1h'", "'24h'", "'7d'", "'86400s'") }
        @{ Parameter = '-ProcessingStrategy '; Expected = @('Default', 'DispatchOnly') }
        @{ Parameter = '-Channel SMS -DefaultRegion se'; Expected = @('SE') }
        @{ Parameter = '-Channel SMS -DefaultRegion ''G'; Expected = @('GA', 'GB', 'GD', 'GE', 'GF', 'GG', 'GH', 'GI', 'GL', 'GM', 'GN', 'GP', 'GQ', 'GR', 'GT', 'GU', 'GW', 'GY') }
    ) {
        $line = "Send-SinchBatch -AppId a -Text b $Parameter"

        $completions = (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText

        ($completions | Sort-Object) | Should -Be ($Expected | Sort-Object)
    }

    It 'completes a channel after w, as the service spells it, and binds it' {
        $line = 'Send-SinchBatch -AppId a -Text b -Channel w'
        (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be 'WECHAT', 'WHATSAPP'
        [SinchBatch.SinchChannel[]] @('sms', 'ViberBM') | ForEach-Object ToString | Should -Be 'SMS', 'VIBERBM'
    }
}
