# Two runs of one campaign: on one machine never both send, across machines at most one batch twice, and a
# restarted job resumes. Each run is a child pwsh; its temporary folder stands for its machine (the lock lives there).
BeforeAll {
    # Each request is held a while, so a run is still sending when the next one starts.
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:LatencyMs=150'

    $Script = Join-Path $TestDrive 'campaign.ps1'
    Set-Content $Script -Value @'
param($Module, $Uri, $Rows, $Out)
Import-Module $Module
$key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
$rows = 1..[int]$Rows | ForEach-Object { [pscustomobject]@{ contact_id = "c-$_" } }
try {
    $results = @($rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 10 -ThrottleLimit 1 -CampaignId 'overlap' -ProjectId 'p' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key -ErrorAction Stop)
    @{ Results = $results.Count; AlreadySent = @($results | Where-Object AlreadySent).Count } | ConvertTo-Json | Set-Content $Out
}
catch {
    @{ ErrorId = $_.FullyQualifiedErrorId.Split(',')[0]; Message = "$_" } | ConvertTo-Json | Set-Content $Out
}
'@

    # Starts a run in its own pwsh, with its own temporary folder; returns the process and where it writes what it did.
    function Start-Run([string] $Machine, [int] $Rows = 200) {
        $tmp = Join-Path $TestDrive $Machine
        $null = New-Item -ItemType Directory -Force $tmp
        $out = Join-Path $TestDrive "$Machine-$(New-Guid).json"
        $pwsh = Get-PwshLauncher
        $start = [System.Diagnostics.ProcessStartInfo]::new($pwsh.Path)
        foreach ($argument in $pwsh.Prefix + @('-NoProfile', '-NonInteractive', '-File', $Script, $env:SINCHBATCH_MODULE, $Emulator.Uri, $Rows, $out)) { $start.ArgumentList.Add($argument) }
        $start.Environment['TMPDIR'] = $tmp
        $start.Environment['TMP'] = $tmp
        $start.Environment['TEMP'] = $tmp
        $start.RedirectStandardOutput = $true
        $start.RedirectStandardError = $true
        [pscustomobject]@{ Process = [System.Diagnostics.Process]::Start($start); Out = $out }
    }

    # Waits for the run to end (a deadline, not a guess) and returns what it wrote.
    function Wait-Run($Run) {
        $Run.Process.WaitForExit(180000) | Should -BeTrue -Because 'a run ends'
        Get-Content $Run.Out -Raw | ConvertFrom-Json
    }

    # Each run either stopped with CampaignInUse or wrote a result for every batch; every recipient got the message.
    function Assert-Outcome($Ended, [int] $Rows = 200) {
        foreach ($run in $Ended) {
            if ($run.ErrorId) { $run.ErrorId | Should -Be 'SinchBatch.CampaignInUse' -Because $run.Message }
            else { $run.Results | Should -Be ($Rows / 10) }
        }
        $ids = @((Get-AcceptedRecipient).recipient.contact_id)
        ($ids | Sort-Object -Unique) | Should -HaveCount $Rows
        $ids.Count - $Rows
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Two runs of one campaign (issue 18, 2): on one machine never both send, across machines at most one batch twice' -Tag Slow {
    BeforeEach { Reset-Emulator }

    It 'on one machine never both send: 0 duplicates' {
        $runs = (Start-Run 'one'), (Start-Run 'one')

        $ended = $runs | ForEach-Object { Wait-Run $_ }

        Assert-Outcome $ended | Should -Be 0
        @($ended | Where-Object ErrorId).Count + @($ended | Where-Object { $_.AlreadySent -eq 20 }).Count | Should -Be 1 -Because 'the second waited for nothing: it stopped, or found the campaign sent'
    }

    It 'on two machines at once: at most one batch twice' {
        $runs = (Start-Run 'a'), (Start-Run 'b')

        $ended = $runs | ForEach-Object { Wait-Run $_ }

        Assert-Outcome $ended | Should -BeLessOrEqual 10
    }

    It 'on two machines, the second started while the first is sending: 0 duplicates, and the second stops' {
        $first = Start-Run 'a' -Rows 2000
        $null = Wait-EmulatorCount accepted_batches 2

        $second = Wait-Run (Start-Run 'b' -Rows 2000)
        $ended = (Wait-Run $first), $second

        Assert-Outcome $ended -Rows 2000 | Should -Be 0
        $second.ErrorId | Should -Be 'SinchBatch.CampaignInUse'
        $second.Message | Should -Match "^Another run \([0-9a-f]+\) is sending campaign 'overlap': it got batch \d+ \(\w+\) accepted while this run watched for 30 s, so this run sent nothing\."
    }

    It 'resumes a run killed mid-send once it has watched, and sends every recipient once' {
        $killed = Start-Run 'a'
        $null = Wait-EmulatorCount accepted_batches 3
        $killed.Process.Kill()
        $killed.Process.WaitForExit()

        $restarted = Wait-Run (Start-Run 'a')

        $restarted.Results | Should -Be 20
        $restarted.AlreadySent | Should -BeGreaterOrEqual 3
        Assert-Outcome @($restarted) | Should -Be 0
    }
}
