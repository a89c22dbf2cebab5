BeforeAll {
    . "$PSScriptRoot/common.ps1"

    # The runbook's functions that print a failed batch, taken from it, to try on real errors.
    $runbook = [System.Management.Automation.Language.Parser]::ParseFile("$PSScriptRoot/../docs/examples/runbook.ps1", [ref] $null, [ref] $null)
    foreach ($name in 'Get-Count', 'Format-FailedBatch') {
        $function = $runbook.Find({ param($node) $node -is [System.Management.Automation.Language.FunctionDefinitionAst] -and $node.Name -eq $name }, $false)
        . ([scriptblock]::Create($function.Extent.Text))
    }

    # Sends 9 rows in batches of 2 (the last of 1), one request at a time, half of them answered with an HTML page.
    function Send-HalfFailing {
        Set-EmulatorFault @{ HtmlAnswer = 0.5; Seed = 4 }
        try {
            $rows = 1..9 | ForEach-Object { @{ contact_id = "c-$_" } }
            $results = $rows | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 2 -ThrottleLimit 1 @Connection -ErrorVariable failures -ErrorAction SilentlyContinue
        }
        finally { Set-EmulatorFault }
        [pscustomobject]@{ Results = @($results); Failures = @($failures) }
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'A failed batch''s number, read without parsing its message (issue 19, 3)' {
    BeforeEach { Reset-Emulator }

    It 'is the BatchNumber of the error''s exception, the batch its rows came from' {
        $sent = Send-HalfFailing

        $sent.Failures.Count | Should -BeGreaterThan 0
        $sent.Results.Count | Should -BeGreaterThan 0 -Because 'some batches failed and some did not, so a number cannot be a count'
        foreach ($failure in $sent.Failures) {
            $failure.Exception | Should -BeOfType ([SinchBatch.SinchBatchException])
            $failure.Exception.ErrorId | Should -Be 'SinchBatch.OutcomeUnknown'
            # Batch n holds rows 2n-1 and 2n.
            $first = [int] $failure.TargetObject[0].contact_id.Substring(2)
            $failure.Exception.BatchNumber | Should -Be (($first + 1) / 2)
        }
        @($sent.Failures.Exception.BatchNumber) + @($sent.Results.BatchNumber) | Sort-Object | Should -Be (1..5)
    }

    It 'is null on an error that is not one batch''s' {
        { @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -Ttl 10 @Connection } | Should -Throw -ErrorId 'SinchBatch.InvalidTtl*'
        $Error[0].Exception | Should -BeOfType ([SinchBatch.SinchBatchException])
        $Error[0].Exception.BatchNumber | Should -BeNullOrEmpty
    }

    It 'is what the example runbook prints for a failed batch, whatever its message says' {
        $failure = (Send-HalfFailing).Failures[0]
        $number = ([int] $failure.TargetObject[0].contact_id.Substring(2) + 1) / 2
        $failure.ErrorDetails = [System.Management.Automation.ErrorDetails]::new('A message in another form.')

        Format-FailedBatch $failure | Should -BeExactly "Batch $number failed ($(Get-Count $failure.TargetObject.Count 'row')): SinchBatch.OutcomeUnknown: A message in another form."
    }
}
