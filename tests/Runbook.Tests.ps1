BeforeAll {
    # The emulator also serves CSV files, for the runbook's download path.
    $files = Join-Path ([IO.Path]::GetTempPath()) "sinchbatch-runbook-$PID"
    $null = New-Item $files -ItemType Directory -Force
    . "$PSScriptRoot/common.ps1" -EmulatorSetting "--Emulator:FilesPath=$files"

    # A stand-in for Azure Automation: its two asset cmdlets, the module on PSModulePath, then the runbook with the
    # parameters a JSON file holds. The output stream is the job's output (stdout). Azure keeps every other stream's
    # records in the job's history too, errors whole with their TargetObject, and so does this stand-in, on stderr.
    $job = Join-Path $TestDrive 'job.ps1'
    Set-Content $job -Value @'
param($Runbook, $ModuleRoot, $ParameterFile)
function Get-AutomationPSCredential([string] $Name) {
    if ($Name -ne 'SinchKey') { throw "No credential asset '$Name'." }
    [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
}
function Get-AutomationVariable([string] $Name) {
    if ($Name -ne 'SinchProjectId') { throw "No variable asset '$Name'." }
    'runbook-project'
}
function Write-Record($Record) {
    [Console]::Error.WriteLine("$Record")
    if ($Record -is [System.Management.Automation.ErrorRecord]) {
        [Console]::Error.WriteLine(($Record | Format-List -Property * -Force | Out-String -Width 4096))
        [Console]::Error.WriteLine(($Record.TargetObject | Format-List -Property * | Out-String -Width 4096))
    }
}
$env:PSModulePath = $ModuleRoot + [IO.Path]::PathSeparator + $env:PSModulePath
$parameters = Get-Content $ParameterFile -Raw | ConvertFrom-Json -AsHashtable
try {
    & $Runbook @parameters *>&1 | ForEach-Object {
        if ($_ -is [System.Management.Automation.ErrorRecord] -or $_ -is [System.Management.Automation.InformationalRecord] -or $_ -is [System.Management.Automation.InformationRecord]) { Write-Record $_ }
        else { $_ }
    }
}
catch {
    # A failed job: the error's message first, on a line of its own, as Azure shows it.
    Write-Record $_
    exit 1
}
'@
    $runbook = "$PSScriptRoot/../docs/examples/runbook.ps1"
    $moduleRoot = Split-Path (Split-Path (Split-Path $env:SINCHBATCH_MODULE))
    $german = @{ Delimiter = ';'; IdentityProperty = 'Mobil'; Text = 'Hallo ${Vorname}, Ihre Kundennummer ist ${Kundennummer}.' }

    # Runs the runbook in a new pwsh, as a job, to its end: its exit code, its output (stdout) as lines, its other
    # streams and its error (stderr) as one text, and everything it printed as one text.
    function Invoke-Runbook([hashtable] $Parameters) {
        $all = @{ AppId = 'runbook-app'; BaseUri = $Emulator.Uri; AuthUri = "$($Emulator.Uri)/oauth2/token" }
        foreach ($key in $Parameters.Keys) { $all[$key] = $Parameters[$key] }
        $file = Join-Path $TestDrive "parameters-$(New-Guid).json"
        $all | ConvertTo-Json -Depth 5 | Set-Content $file
        $printed = @(Invoke-Pwsh $job -Arguments $runbook, $moduleRoot, $file 2>&1)
        [pscustomobject]@{
            ExitCode = $LASTEXITCODE
            Output   = [string[]]@($printed | Where-Object { $_ -isnot [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" })
            Error    = ($printed | Where-Object { $_ -is [System.Management.Automation.ErrorRecord] } | ForEach-Object { "$_" }) -join "`n"
            Text     = ($printed | ForEach-Object { "$_" }) -join "`n"
        }
    }

    # A customer list as German Excel saves it ("CSV UTF-8": ';', a byte order mark), with national mobile numbers
    # and columns no message needs. Returns each row's number, values and phone number in E.164; -Broken replaces
    # the numbers of the rows it names.
    function New-KundenCsv([string] $Path, [int] $Count = 2000, [hashtable] $Broken = @{}) {
        $vornamen = 'Jürgen', 'Änne', 'Björn', 'Grete', 'Özlem', 'Max', 'Sören'
        $nachnamen = 'Müller', 'Groß', 'Schäfer', 'Weiß', 'Köhler', 'Becker'
        $rows = foreach ($i in 1..$Count) {
            $number = 20000000 + 37 * $i
            [pscustomobject]@{
                Row          = $i
                Vorname      = $vornamen[$i % $vornamen.Count]
                Nachname     = $nachnamen[$i % $nachnamen.Count]
                Mobil        = if ($Broken.ContainsKey($i)) { $Broken[$i] } else { '0151 {0}' -f $number }
                Kundennummer = 'K-{0}' -f (700000 + $i)
                Geburtstag   = ([datetime] '1950-01-01').AddDays(7 * $i).ToString('dd.MM.yyyy', [cultureinfo]::InvariantCulture)
                IBAN         = 'DE{0:d2}50010517{1:d10}' -f (10 + $i % 89), (4000000000 + 13 * $i)
                E164         = '+49151{0}' -f $number
            }
        }
        $lines = @('Vorname;Nachname;Mobil;Kundennummer;Geburtstag;IBAN') + @($rows | ForEach-Object { $_.Vorname, $_.Nachname, $_.Mobil, $_.Kundennummer, $_.Geburtstag, $_.IBAN -join ';' })
        [IO.File]::WriteAllLines($Path, [string[]]$lines, [Text.UTF8Encoding]::new($true))
        $rows
    }

    # The job's whole output, stdout and stderr, holds none of the rows' other columns.
    function Assert-NoRowColumn($Run, $Rows) {
        $values = [Collections.Generic.HashSet[string]]::new([string[]]($Rows.IBAN + $Rows.Geburtstag + $Rows.Kundennummer))
        # Each value has one of these shapes, so one pass over the text finds every one that was printed.
        $leaked = @([regex]::Matches($Run.Text, 'DE\d{20}|\d\d\.\d\d\.\d{4}|K-\d{6}').Value | Where-Object { $values.Contains($_) })
        $leaked | Should -BeNullOrEmpty -Because 'Azure keeps the job output in its history'
        $Run.Text | Should -Not -Match '50010517' -Because 'no part of an IBAN is printed either'
    }

    function Get-AcceptedIdentity { @(Get-AcceptedRecipient | ForEach-Object { $_.recipient.identified_by.channel_identities.identity }) }
}

AfterAll {
    Stop-SinchEmulator $Emulator
    Remove-Item $files -Recurse -Force
}

Describe 'The example runbook is safe to leave running (issue 18, 3)' -Tag Slow {
    BeforeEach {
        Reset-Emulator
        Set-EmulatorFault
    }

    It 'sends nothing and fails the job when rows are refused, listing each by number, ErrorId and reason without its other columns' {
        $rows = New-KundenCsv (Join-Path $TestDrive 'kunden.csv')

        $run = Invoke-Runbook ($german + @{ CampaignId = 'herbst-national'; Csv = (Join-Path $TestDrive 'kunden.csv') })

        Assert-NoRowColumn $run $rows
        $run.ExitCode | Should -Not -Be 0
        (Get-EmulatorStats).batch_requests | Should -Be 0
        $run.Output[0] | Should -Be "Campaign 'herbst-national': 0 batches, 0 recipients accepted (0 by an earlier run); 2000 rows refused; 0 batches failed."
        $refused = @($run.Output -match '^Row \d+ refused: ')
        $refused | Should -HaveCount 2000
        $refused[0] | Should -Match "^Row 1 refused: SinchBatch\.InvalidPhoneNumber: .*no country code.*-DefaultRegion"
        ($refused | ForEach-Object { [int] ($_ -replace '^Row (\d+) .*', '$1') }) | Should -Be (1..2000)
        $run.Error | Should -Match "Campaign 'herbst-national' stopped: SinchBatch\.RowsRefused"
    }

    It 'sends every row exactly once with -DefaultRegion, and the job succeeds with its summary, with the CSV from <From>' -ForEach @(
        @{ From = 'a path' }
        @{ From = 'a URL' }
    ) {
        $rows = New-KundenCsv (Join-Path $TestDrive 'kunden.csv')
        $csv = if ($From -eq 'a URL') {
            Copy-Item (Join-Path $TestDrive 'kunden.csv') (Join-Path $files 'kunden.csv')
            "$($Emulator.Uri)/_emulator/files/kunden.csv"
        }
        else { Join-Path $TestDrive 'kunden.csv' }

        $run = Invoke-Runbook ($german + @{ CampaignId = "herbst-$($From -replace ' ', '-')"; Csv = $csv; DefaultRegion = 'DE'; Ttl = '24h'; Metadata = @{ team = 'retail' } })

        Assert-NoRowColumn $run $rows
        $run.ExitCode | Should -Be 0 -Because $run.Error
        $accepted = Get-AcceptedBatch
        $run.Output[0] | Should -Be "Campaign 'herbst-$($From -replace ' ', '-')': 2 batches, 2000 recipients accepted (0 by an earlier run); 0 rows refused; 0 batches failed."
        $run.Output[1] | Should -Be 'Send-SinchBatch: 2,000 rows read; 2,000 recipients accepted in 2 batches, 0 of them already sent by earlier runs; 0 recipients in failed batches; 0 rows refused; 0 rows excluded.'
        $run.Output[2..3] | Should -Be ($accepted | Sort-Object { $_.request.batch_metadata.sinchbatch_batch } | ForEach-Object { "Batch $($_.request.batch_metadata.sinchbatch_batch): $($_.batch_id), 1000 recipients, sent." })
        $identities = Get-AcceptedIdentity
        $identities | Should -HaveCount 2000
        ($identities | Sort-Object -Unique) | Should -Be ($rows.E164 | Sort-Object)
        (Get-AcceptedRecipient)[0].parameters.Vorname | Should -Be $rows[0].Vorname -Because 'the UTF-8 CSV is read as UTF-8'
        $accepted.request.ttl | Should -Be '86400s', '86400s'
        $accepted.request.batch_metadata.team | Should -Be 'retail', 'retail'
        $accepted[0].project_id | Should -Be 'runbook-project'
    }

    It 'passes -RegionProperty, -AllowFixedLine and an opt-out file (-ExcludeRecipientPath) in another format than the CSV' {
        $csv = Join-Path $TestDrive 'mixed.csv'
        [IO.File]::WriteAllLines($csv, [string[]]@(
                'Vorname;Mobil;Land;Kundennummer'
                'Ann;07911 123456;GB;K-1'
                'Bernd;030 12345678;;K-2'
                'Carla;0151 23456789;Deutschland;K-3'
            ))
        $optOuts = Join-Path $TestDrive 'optouts.txt'
        [IO.File]::WriteAllLines($optOuts, [string[]]@('+49 151 23456789', ''))

        $run = Invoke-Runbook ($german + @{ CampaignId = 'mixed'; Csv = $csv; DefaultRegion = 'DE'; RegionProperty = 'Land'; AllowFixedLine = $true; ExcludeRecipientPath = $optOuts })

        $run.ExitCode | Should -Be 0 -Because $run.Error
        Get-AcceptedIdentity | Should -Be '+447911123456', '+493012345678'
        $run.Output | Should -Contain 'Send-SinchBatch: 3 rows read; 2 recipients accepted in 1 batch, 0 of them already sent by earlier runs; 0 recipients in failed batches; 0 rows refused; 1 row excluded.'
    }

    It 'sends the rows that pass with -SkipInvalidRow, and fails the job listing the refused rows by number without their other columns' {
        $broken = @{ 7 = '0151 123'; 1234 = ''; 1500 = '0151 {0}' -f (20000000 + 37 * 10) }
        $rows = New-KundenCsv (Join-Path $TestDrive 'kunden.csv') -Broken $broken

        $run = Invoke-Runbook ($german + @{ CampaignId = 'herbst-skip'; Csv = (Join-Path $TestDrive 'kunden.csv'); DefaultRegion = 'DE'; SkipInvalidRow = $true })

        Assert-NoRowColumn $run $rows
        $run.ExitCode | Should -Not -Be 0
        $identities = Get-AcceptedIdentity
        $identities | Should -HaveCount 1997
        ($identities | Sort-Object -Unique) | Should -Be ($rows | Where-Object { -not $broken.ContainsKey($_.Row) } | ForEach-Object E164 | Sort-Object)
        $run.Output[0] | Should -Be "Campaign 'herbst-skip': 2 batches, 1997 recipients accepted (0 by an earlier run); 3 rows refused; 0 batches failed."
        $refused = @($run.Output -match '^Row \d+ refused: ')
        $refused | Should -HaveCount 3
        $refused[0] | Should -Match '^Row 7 refused: SinchBatch\.InvalidPhoneNumber: \S'
        $refused[1] | Should -Match '^Row 1234 refused: SinchBatch\.MissingRecipient: \S'
        $refused[2] | Should -Match '^Row 1500 refused: SinchBatch\.DuplicateRecipient: \S'
        $run.Error | Should -Match "Campaign 'herbst-skip' was not sent whole: 3 rows refused, 0 batches failed"
    }

    It 'is restartable: a run that met dropped connections fails listing its failed batches, and a second sends the rest, every recipient once' {
        $rows = New-KundenCsv (Join-Path $TestDrive 'kunden.csv') -Count 600
        $parameters = $german + @{ CampaignId = 'herbst-restart'; Csv = (Join-Path $TestDrive 'kunden.csv'); DefaultRegion = 'DE'; BatchSize = 50 }
        Set-EmulatorFault @{ Dropped = 0.3; Seed = 17 }

        $first = Invoke-Runbook $parameters
        Set-EmulatorFault
        $acceptedFirst = @(Get-AcceptedBatch).Count
        $second = Invoke-Runbook $parameters

        Assert-NoRowColumn $first $rows
        $first.ExitCode | Should -Not -Be 0
        $failed = @($first.Output -match '^Batch \d+ failed ')
        $failed.Count | Should -BeGreaterThan 0 -Because 'the first run met dropped connections'
        $failed | ForEach-Object { $_ | Should -Match '^Batch \d+ failed \(50 rows\): SinchBatch\.OutcomeUnknown: Batch \d+ \(50 recipients\) may or may not' }
        $first.Output[0] | Should -Match "; 0 rows refused; $($failed.Count) batch(es)? failed\.$"
        $second.ExitCode | Should -Be 0 -Because $second.Error
        $second.Output[0] | Should -Be "Campaign 'herbst-restart': 12 batches, 600 recipients accepted ($(50 * $acceptedFirst) by an earlier run); 0 rows refused; 0 batches failed."
        $identities = Get-AcceptedIdentity
        $identities | Should -HaveCount 600
        ($identities | Sort-Object -Unique) | Should -Be ($rows.E164 | Sort-Object)
        @($second.Output -match '^Batch \d+: .*already sent by an earlier run\.$') | Should -HaveCount $acceptedFirst
    }

    It 'fails the job when the campaign was cancelled, and sends it again with -ResendCancelled' {
        $null = New-KundenCsv (Join-Path $TestDrive 'kunden.csv') -Count 20
        $parameters = $german + @{ CampaignId = 'herbst-cancel'; Csv = (Join-Path $TestDrive 'kunden.csv'); DefaultRegion = 'DE'; SendAfter = [datetime]::UtcNow.AddHours(2).ToString('o') }
        $scheduled = Invoke-Runbook $parameters
        $scheduled.ExitCode | Should -Be 0 -Because $scheduled.Error
        $connection = Join-Connection @{ ProjectId = 'runbook-project' }
        Stop-SinchBatch -CampaignId 'herbst-cancel' -Wait @connection | Out-Null

        $again = Invoke-Runbook $parameters
        $resent = Invoke-Runbook ($parameters + @{ ResendCancelled = $true })

        $again.ExitCode | Should -Not -Be 0
        $again.Error | Should -Match "Campaign 'herbst-cancel' stopped: SinchBatch\.CampaignCancelled"
        $again.Output[0] | Should -Be "Campaign 'herbst-cancel': 0 batches, 0 recipients accepted (0 by an earlier run); 0 rows refused; 0 batches failed."
        $resent.ExitCode | Should -Be 0 -Because $resent.Error
        $resent.Output[0] | Should -Be "Campaign 'herbst-cancel': 1 batch, 20 recipients accepted (0 by an earlier run); 0 rows refused; 0 batches failed."
        @(Get-AcceptedBatch) | Should -HaveCount 2
    }
}

Describe 'The example runbook''s -Encoding' {
    BeforeAll {
        # The function the runbook turns -Encoding with, taken from it, so the Windows PowerShell 5.1 side is tried here too.
        $parsed = [System.Management.Automation.Language.Parser]::ParseFile($runbook, [ref] $null, [ref] $null)
        $function = $parsed.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq 'Get-CsvEncoding' }, $false)
        . ([scriptblock]::Create($function.Extent.Text))
    }

    BeforeEach { Reset-Emulator }

    It 'reads a CSV Excel saved as plain "CSV" (Windows-1252) with -Encoding <Encoding>' -ForEach @(
        @{ Encoding = 'ANSI' }
        @{ Encoding = '1252' }
    ) {
        $csv = Join-Path $TestDrive 'ansi.csv'
        [IO.File]::WriteAllLines($csv, [string[]]@('Vorname;Mobil;Kundennummer', 'Jürgen;+4915112345678;K-1', 'Änne;+4915112345679;K-2'), [Text.Encoding]::GetEncoding(1252))

        $run = Invoke-Runbook ($german + @{ CampaignId = "ansi-$Encoding"; Csv = $csv; Encoding = $Encoding })

        $run.ExitCode | Should -Be 0 -Because $run.Error
        (Get-AcceptedRecipient).parameters.Vorname | Should -Be 'Jürgen', 'Änne'
    }

    It 'is passed to PowerShell 7 as <Expected> for <Name>' -ForEach @(
        @{ Name = 'UTF8'; Expected = 'UTF8' }
        @{ Name = 'ANSI'; Expected = 'ANSI' }
        @{ Name = 'Default'; Expected = 'ANSI' }
        @{ Name = '1252'; Expected = 1252 }
        @{ Name = 'windows-1252'; Expected = 'windows-1252' }
    ) {
        $encoding = Get-CsvEncoding $Name -Edition Core
        $encoding | Should -Be $Expected
        $encoding.GetType() | Should -Be $Expected.GetType()
    }

    It 'is passed to Windows PowerShell 5.1 as <Expected> for <Name>, by the name 5.1 has for it' -ForEach @(
        @{ Name = 'UTF8'; Expected = 'UTF8' }
        @{ Name = 'Unicode'; Expected = 'Unicode' }
        @{ Name = 'OEM'; Expected = 'OEM' }
        @{ Name = 'ANSI'; Expected = 'Default' }
        @{ Name = 'Default'; Expected = 'Default' }
        @{ Name = '1252'; Expected = 'Default' }
        @{ Name = 'windows-1252'; Expected = 'Default' }
        @{ Name = '65001'; Expected = 'UTF8' }
        @{ Name = 'utf-8'; Expected = 'UTF8' }
        @{ Name = '1200'; Expected = 'Unicode' }
    ) {
        Get-CsvEncoding $Name -Edition Desktop -AnsiCodePage 1252 | Should -Be $Expected
    }

    It 'stops a Windows PowerShell 5.1 runbook before reading when 5.1 has no name for the code page' {
        { Get-CsvEncoding 'iso-8859-2' -Edition Desktop -AnsiCodePage 1252 } | Should -Throw "*reads a CSV only as UTF8, Unicode*ANSI (code page 1252 here), not as 'iso-8859-2'*CSV UTF-8*PowerShell 7*"
    }
}
