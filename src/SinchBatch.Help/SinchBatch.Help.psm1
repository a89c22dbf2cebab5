# Turns the PlatyPS markdown in docs/<culture>/ into the help PowerShell reads: MAML for cmdlets
# (<Module>.dll-Help.xml) and help.txt for about topics. PlatyPS is not served here; this reads
# the same schema 2.0.0 markdown that PlatyPS writes.

function Read-HelpMarkdown {
    <#
    .SYNOPSIS
    Parses one cmdlet's PlatyPS markdown into a plain object.
    #>
    [CmdletBinding()]
    param([Parameter(Mandatory)] [string] $Path)

    $help = [ordered]@{ Name = ''; Synopsis = ''; Description = @(); Sets = @(); Examples = @(); Parameters = @(); Inputs = @(); Outputs = @(); Notes = @(); Links = @() }
    $section = ''; $item = $null; $inCode = $false; $code = $null; $text = [System.Collections.Generic.List[string]]::new()

    # Closes the item being read (an example, a parameter, an input or output) with the text gathered for it.
    $flush = {
        if ($null -ne $item) {
            $item.Text = ConvertTo-Paragraph $text
            switch ($section) {
                'EXAMPLES' { $help.Examples += $item }
                'PARAMETERS' { if ($item.Name -ne 'CommonParameters') { $help.Parameters += $item } }
                'INPUTS' { $help.Inputs += $item }
                'OUTPUTS' { $help.Outputs += $item }
            }
        }
        elseif ($section -in 'SYNOPSIS', 'DESCRIPTION', 'NOTES') {
            $paragraphs = ConvertTo-Paragraph $text
            switch ($section) { 'SYNOPSIS' { $help.Synopsis = $paragraphs -join ' ' } 'DESCRIPTION' { $help.Description = $paragraphs } 'NOTES' { $help.Notes = $paragraphs } }
        }
        $script:item = $null
        $text.Clear()
    }

    $lines = (Get-Content $Path -Raw) -replace "`r`n", "`n" -split "`n"
    $start = if ($lines[0] -eq '---') { [array]::IndexOf($lines, '---', 1) + 1 } else { 0 }
    foreach ($line in $lines[$start..($lines.Count - 1)]) {
        if ($line -match '^```(\w*)') {
            if (-not $inCode) { $inCode = $true; $code = [System.Collections.Generic.List[string]]::new(); $language = $Matches[1]; continue }
            $inCode = $false
            if ($section -eq 'EXAMPLES' -and $item) { $item.Code = $code -join "`n" }
            elseif ($section -eq 'PARAMETERS' -and $item -and $language -eq 'yaml') {
                foreach ($entry in $code) { if ($entry -match '^([^:]+):\s*(.*)$') { $item.Yaml[$Matches[1].Trim()] = $Matches[2].Trim() } }
            }
            continue
        }
        if ($inCode) { $code.Add($line); continue }
        if ($line -match '^# (.+)$') { $help.Name = $Matches[1].Trim(); continue }
        if ($line -match '^## (.+)$') { & $flush; $item = $null; $section = $Matches[1].Trim(); continue }
        if ($line -match '^### (.+)$') {
            & $flush
            $heading = $Matches[1].Trim()
            $item = switch ($section) {
                'SYNTAX' { $help.Sets += ($heading -replace '\s*\(Default\)$', ''); $null }
                'EXAMPLES' { [ordered]@{ Title = $heading; Code = ''; Text = @() } }
                'PARAMETERS' { [ordered]@{ Name = $heading.TrimStart('-'); Yaml = @{}; Text = @() } }
                default { [ordered]@{ Type = $heading; Text = @() } }
            }
            continue
        }
        if ($section -eq 'RELATED LINKS' -and $line -match '^\[([^\]]+)\]\(([^)]*)\)') { $help.Links += [ordered]@{ Text = $Matches[1]; Uri = $Matches[2] }; continue }
        $text.Add($line)
    }
    & $flush
    if ($help.Sets.Count -eq 0) { $help.Sets = @('__AllParameterSets') }
    [pscustomobject]$help
}

function ConvertTo-Paragraph([string[]] $Lines) {
    # Blank lines part paragraphs; the lines of one paragraph join with spaces.
    $paragraphs = [System.Collections.Generic.List[string]]::new()
    $current = [System.Collections.Generic.List[string]]::new()
    foreach ($line in @($Lines) + '') {
        if ($line.Trim()) { $current.Add($line.Trim()); continue }
        if ($current.Count) { $paragraphs.Add($current -join ' '); $current.Clear() }
    }
    , $paragraphs.ToArray()
}

function ConvertTo-MamlHelp {
    <#
    .SYNOPSIS
    Writes the MAML help file for every cmdlet markdown file in a folder.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $OutputFile
    )

    $maml = 'http://schemas.microsoft.com/maml/2004/10'
    $command = 'http://schemas.microsoft.com/maml/dev/command/2004/10'
    $dev = 'http://schemas.microsoft.com/maml/dev/2004/10'
    $settings = [System.Xml.XmlWriterSettings]@{ Indent = $true; Encoding = [System.Text.UTF8Encoding]::new($false) }
    $null = New-Item (Split-Path $OutputFile) -ItemType Directory -Force
    $writer = [System.Xml.XmlWriter]::Create($OutputFile, $settings)
    try {
        $writer.WriteStartDocument()
        $writer.WriteStartElement('helpItems', 'http://msh')
        $writer.WriteAttributeString('schema', 'maml')
        foreach ($file in Get-ChildItem $Path -Filter '*-*.md' | Sort-Object Name) {
            $help = Read-HelpMarkdown $file.FullName
            $writer.WriteStartElement('command', 'command', $command)
            $writer.WriteAttributeString('xmlns', 'maml', $null, $maml)
            $writer.WriteAttributeString('xmlns', 'dev', $null, $dev)

            $writer.WriteStartElement('details', $command)
            $writer.WriteElementString('name', $command, $help.Name)
            $verb, $noun = $help.Name -split '-', 2
            $writer.WriteElementString('verb', $command, $verb)
            $writer.WriteElementString('noun', $command, $noun)
            Write-Para $writer $maml 'description' @($help.Synopsis)
            $writer.WriteEndElement()
            Write-Para $writer $maml 'description' $help.Description

            $writer.WriteStartElement('syntax', $command)
            foreach ($set in $help.Sets) {
                $writer.WriteStartElement('syntaxItem', $command)
                $writer.WriteElementString('name', $maml, $help.Name)
                $inSet = $help.Parameters | Where-Object { $_.Yaml['Parameter Sets'] -eq '(All)' -or ($_.Yaml['Parameter Sets'] -split ',\s*') -contains $set }
                foreach ($parameter in @($inSet | Where-Object { $_.Yaml['Required'] -eq 'True' }) + @($inSet | Where-Object { $_.Yaml['Required'] -ne 'True' })) {
                    Write-Parameter $writer $parameter $maml $command $dev -InSyntax
                }
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteStartElement('parameters', $command)
            foreach ($parameter in $help.Parameters) { Write-Parameter $writer $parameter $maml $command $dev }
            $writer.WriteEndElement()

            foreach ($kind in @(@('inputTypes', 'inputType', $help.Inputs), @('returnValues', 'returnValue', $help.Outputs))) {
                $writer.WriteStartElement($kind[0], $command)
                foreach ($type in $kind[2]) {
                    $writer.WriteStartElement($kind[1], $command)
                    $writer.WriteStartElement('type', $dev)
                    $writer.WriteElementString('name', $maml, $type.Type)
                    $writer.WriteEndElement()
                    Write-Para $writer $maml 'description' $type.Text
                    $writer.WriteEndElement()
                }
                $writer.WriteEndElement()
            }

            $writer.WriteStartElement('alertSet', $maml)
            $writer.WriteStartElement('alert', $maml)
            foreach ($paragraph in $help.Notes) { $writer.WriteElementString('para', $maml, $paragraph) }
            $writer.WriteEndElement()
            $writer.WriteEndElement()

            $writer.WriteStartElement('examples', $command)
            foreach ($example in $help.Examples) {
                $writer.WriteStartElement('example', $command)
                $writer.WriteElementString('title', $maml, "-------------------------- $($example.Title) --------------------------")
                $writer.WriteElementString('code', $dev, $example.Code)
                Write-Para $writer $dev 'remarks' $example.Text -ParaNamespace $maml
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()

            $writer.WriteStartElement('relatedLinks', $command)
            foreach ($link in $help.Links) {
                $writer.WriteStartElement('navigationLink', $maml)
                $writer.WriteElementString('linkText', $maml, $link.Text)
                $writer.WriteElementString('uri', $maml, $(if ($link.Uri -match '^https?://') { $link.Uri } else { '' }))
                $writer.WriteEndElement()
            }
            $writer.WriteEndElement()
            $writer.WriteEndElement()
        }
        $writer.WriteEndElement()
        $writer.WriteEndDocument()
    }
    finally {
        $writer.Dispose()
    }
}

function Write-Para($Writer, [string] $Namespace, [string] $Element, [string[]] $Paragraphs, [string] $ParaNamespace = $Namespace) {
    $Writer.WriteStartElement($Element, $Namespace)
    foreach ($paragraph in $Paragraphs) { $Writer.WriteElementString('para', $ParaNamespace, $paragraph) }
    $Writer.WriteEndElement()
}

function Write-Parameter($Writer, $Parameter, [string] $Maml, [string] $Command, [string] $Dev, [switch] $InSyntax) {
    $yaml = $Parameter.Yaml
    $isSwitch = $yaml['Type'] -eq 'SwitchParameter'
    $Writer.WriteStartElement('parameter', $Command)
    $Writer.WriteAttributeString('required', "$($yaml['Required'] -eq 'True')".ToLowerInvariant())
    $Writer.WriteAttributeString('variableLength', "$($yaml['Type'] -like '*`[`]')".ToLowerInvariant())
    $Writer.WriteAttributeString('globbing', 'false')
    $Writer.WriteAttributeString('pipelineInput', $yaml['Accept pipeline input'])
    $Writer.WriteAttributeString('position', $(if ($yaml['Position'] -eq 'Named') { 'named' } else { $yaml['Position'] }))
    $Writer.WriteAttributeString('aliases', $(if ($yaml['Aliases']) { $yaml['Aliases'] } else { 'none' }))
    $Writer.WriteElementString('name', $Maml, $Parameter.Name)
    Write-Para $Writer $Maml 'description' $Parameter.Text
    if (-not ($InSyntax -and $isSwitch)) {
        $Writer.WriteStartElement('parameterValue', $Command)
        $Writer.WriteAttributeString('required', "$(-not $isSwitch)".ToLowerInvariant())
        $Writer.WriteAttributeString('variableLength', 'false')
        $Writer.WriteString($yaml['Type'])
        $Writer.WriteEndElement()
    }
    $Writer.WriteStartElement('type', $Dev)
    $Writer.WriteElementString('name', $Maml, $yaml['Type'])
    $Writer.WriteEndElement()
    $Writer.WriteElementString('defaultValue', $Dev, $yaml['Default value'])
    $Writer.WriteEndElement()
}

function ConvertTo-AboutHelp {
    <#
    .SYNOPSIS
    Writes an about topic's markdown as the help.txt that Get-Help about_* reads.
    #>
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] [string] $Path,
        [Parameter(Mandatory)] [string] $OutputFile
    )

    $out = [System.Text.StringBuilder]::new()
    foreach ($line in (Get-Content $Path -Raw) -replace "`r`n", "`n" -split "`n") {
        $null = switch -Regex ($line) {
            '^# (.+)$' { $out.AppendLine('TOPIC').AppendLine("    $($Matches[1])") }
            '^## (.+)$' { $out.AppendLine().AppendLine($Matches[1].ToUpperInvariant()) }
            '^### (.+)$' { $out.AppendLine().AppendLine("  $($Matches[1])") }
            '^\s*$' { $out.AppendLine() }
            default { $out.AppendLine("    $line") }
        }
    }
    $null = New-Item (Split-Path $OutputFile) -ItemType Directory -Force
    [IO.File]::WriteAllText($OutputFile, ($out.ToString() -replace '(\r?\n){3,}', "`n`n").Trim() + "`n", [System.Text.UTF8Encoding]::new($false))
}

Export-ModuleMember -Function Read-HelpMarkdown, ConvertTo-MamlHelp, ConvertTo-AboutHelp
