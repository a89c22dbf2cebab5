BeforeAll {
    . "$PSScriptRoot/common.ps1"

    $endpoint = @{ BaseUri = $Emulator.Uri; AuthUri = "$($Emulator.Uri)/oauth2/token" }
    $key = $Connection.Credential

    # An AuthUri the token cache has not seen, so a test starts with no token.
    function New-AuthUri { "$($Emulator.Uri)/oauth2/token?test=$(New-Guid)" }

    function Send-One([hashtable] $Parameters = @{}) {
        @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' @Parameters
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Connect-Sinch and where settings come from' {
    BeforeEach {
        Reset-Emulator
        Disconnect-Sinch
        foreach ($name in 'SINCH_PROJECT_ID', 'SINCH_KEY_ID', 'SINCH_KEY_SECRET', 'SINCH_REGION') { Remove-Item "env:$name" -ErrorAction SilentlyContinue }
    }

    AfterAll { Disconnect-Sinch }

    It 'lets every cmdlet use the connection, and checks the key at once with one token for all' {
        $authUri = New-AuthUri

        $connection = Connect-Sinch -ProjectId 'connected' -BaseUri $Emulator.Uri -AuthUri $authUri -Credential $key -PassThru
        $sent = Send-One
        $status = $sent | Get-SinchBatchStatus

        $connection.ProjectId | Should -Be 'connected'
        $connection.KeyId | Should -Be 'emulator-key'
        $connection.PSObject.Properties.Name | Should -Not -Contain 'KeySecret'
        (Get-AcceptedBatch).project_id | Should -Be 'connected'
        $status.BatchId | Should -Be $sent.BatchId
        (Get-EmulatorStats).token_requests | Should -Be 1
    }

    It 'lets a parameter win over the connection' {
        Connect-Sinch -ProjectId 'connected' @endpoint -Credential $key

        $null = Send-One @{ ProjectId = 'given' }

        (Get-AcceptedBatch).project_id | Should -Be 'given'
    }

    It 'lets the connection win over the environment' {
        $env:SINCH_PROJECT_ID = 'from-environment'
        Connect-Sinch -ProjectId 'connected' @endpoint -Credential $key

        $null = Send-One

        (Get-AcceptedBatch).project_id | Should -Be 'connected'
    }

    It 'takes the project and key from the environment when nothing else gives them' {
        $env:SINCH_PROJECT_ID = 'from-environment'
        $env:SINCH_KEY_ID = 'emulator-key'
        $env:SINCH_KEY_SECRET = $key.GetNetworkCredential().Password

        $null = Send-One $endpoint

        (Get-AcceptedBatch).project_id | Should -Be 'from-environment'
    }

    It 'names the missing <What> and the three ways to give it' -ForEach @(
        @{ What = 'project ID'; Parameters = @{ Credential = $null }; ErrorId = 'SinchBatch.MissingProjectId'; Message = '*-ProjectId*Connect-Sinch*SINCH_PROJECT_ID*' }
        @{ What = 'credential'; Parameters = @{ ProjectId = 'p' }; ErrorId = 'SinchBatch.MissingCredential'; Message = '*-Credential*Connect-Sinch*SINCH_KEY_ID*' }
        @{ What = 'region'; Parameters = @{ ProjectId = 'p'; NoEndpoint = $true }; ErrorId = 'SinchBatch.MissingRegion'; Message = '*-Region*Connect-Sinch*SINCH_REGION*' }
    ) {
        $given = @{}
        if (-not $Parameters.NoEndpoint) { $given += $endpoint }
        if ($Parameters.ProjectId) { $given.ProjectId = $Parameters.ProjectId }
        if ($Parameters.ContainsKey('Credential') -or $Parameters.NoEndpoint) { $given.Credential = $key }

        { Send-One $given } | Should -Throw -ErrorId "$ErrorId,SinchBatch.Commands.SendSinchBatchCommand" -ExpectedMessage $Message
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'refuses plain http to a host that is not loopback, for <Parameter>' -ForEach @(@{ Parameter = 'BaseUri' }, @{ Parameter = 'AuthUri' }) {
        $given = $endpoint.Clone()
        $given[$Parameter] = 'http://sinch.example.com/'

        { Connect-Sinch -ProjectId 'p' @given -Credential $key } | Should -Throw -ErrorId 'SinchBatch.InsecureUri,SinchBatch.Commands.ConnectSinchCommand'
        { Send-One ($given + @{ ProjectId = 'p'; Credential = $key }) } | Should -Throw -ErrorId 'SinchBatch.InsecureUri,SinchBatch.Commands.SendSinchBatchCommand'
        (Get-EmulatorStats).requests | Should -Be 0
    }

    It 'refuses a wrong secret at Connect-Sinch with one request, and remembers nothing' {
        $wrong = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'not-the-secret' -AsPlainText -Force))

        { Connect-Sinch -ProjectId 'p' -BaseUri $Emulator.Uri -AuthUri (New-AuthUri) -Credential $wrong } |
            Should -Throw -ErrorId 'SinchBatch.AuthenticationFailed,SinchBatch.Commands.ConnectSinchCommand'
        (Get-EmulatorStats).token_requests | Should -Be 1
        { Send-One } | Should -Throw -ErrorId 'SinchBatch.MissingProjectId,SinchBatch.Commands.SendSinchBatchCommand'
    }

    It 'forgets the connection and its token at Disconnect-Sinch' {
        $authUri = New-AuthUri
        Connect-Sinch -ProjectId 'p' -BaseUri $Emulator.Uri -AuthUri $authUri -Credential $key

        Disconnect-Sinch

        { Send-One } | Should -Throw -ErrorId 'SinchBatch.MissingProjectId,SinchBatch.Commands.SendSinchBatchCommand'
        $null = Send-One @{ ProjectId = 'p'; BaseUri = $Emulator.Uri; AuthUri = $authUri; Credential = $key }
        (Get-EmulatorStats).token_requests | Should -Be 2
    }

    It 'keeps one connection per runspace, as runbook jobs in one process need' {
        # Both are connected before either sends: each waits at the barrier for the other.
        $bothConnected = [System.Threading.Barrier]::new(2)
        $jobs = foreach ($project in 'job-a', 'job-b') {
            $shell = [powershell]::Create()
            $null = $shell.AddScript({
                    param($Module, $Project, $Endpoint, $Key, $BothConnected)
                    Import-Module $Module
                    Connect-Sinch -ProjectId $Project @Endpoint -Credential $Key
                    if (-not $BothConnected.SignalAndWait([timespan]::FromSeconds(60))) { throw 'the other job did not connect' }
                    1..3 | ForEach-Object { @{ contact_id = "$Project-$_" } } | Send-SinchBatch -AppId 'app' -Text 'Hi' -BatchSize 1
                }).AddArgument($env:SINCHBATCH_MODULE).AddArgument($project).AddArgument($endpoint).AddArgument($key).AddArgument($bothConnected)
            [pscustomobject]@{ Shell = $shell; Running = $shell.BeginInvoke() }
        }
        foreach ($job in $jobs) { $null = $job.Shell.EndInvoke($job.Running); $job.Shell.Dispose() }
        $bothConnected.Dispose()

        foreach ($batch in Get-AcceptedBatch) {
            $batch.request.recipient_and_params[0].recipient.contact_id | Should -BeLike "$($batch.project_id)-*"
        }
        (Get-AcceptedBatch | Group-Object project_id | ForEach-Object Count) | Should -Be 3, 3
        { Send-One } | Should -Throw -ErrorId 'SinchBatch.MissingProjectId,SinchBatch.Commands.SendSinchBatchCommand'
    }
}

Describe 'Tokens, their expiry driven by the emulator, not waited out (issue 20, 1 and 2)' {
    BeforeEach { Reset-Emulator }
    AfterAll { Set-EmulatorTokenLifetime }

    It 'renews a token once its lifetime has passed, before any request is refused, and reuses one whose lifetime has not' {
        $given = @{ ProjectId = 'p'; BaseUri = $Emulator.Uri; AuthUri = (New-AuthUri); Credential = $key }
        # The token this send ends with states it lapses at once: the module's own clock sees it expired by the next send, while
        # the emulator still takes it, so renewing it is the module's decision, not an answer to a refusal.
        Set-EmulatorTokenLifetime 0
        $null = Send-One $given
        Set-EmulatorTokenLifetime 3600
        $lapsed = Get-EmulatorStats

        $null = Send-One $given
        $renewed = Get-EmulatorStats
        $null = Send-One $given

        $stats = Get-EmulatorStats
        $renewed.token_requests - $lapsed.token_requests | Should -Be 1 -Because 'the lapsed token was renewed'
        $stats.token_requests - $renewed.token_requests | Should -Be 0 -Because 'the new one is used until its lifetime passes'
        $stats.batch_requests | Should -Be 3 -Because 'no request went out with a lapsed token to be refused'
        $stats.accepted_batches | Should -Be 3
    }

    It 'renews a token the service refuses, once, and retries the request' {
        $given = @{ ProjectId = 'p'; BaseUri = $Emulator.Uri; AuthUri = (New-AuthUri); Credential = $key }
        $null = Send-One $given
        Revoke-EmulatorToken

        $result = Send-One $given

        $result.RecipientCount | Should -Be 1
        $stats = Get-EmulatorStats
        $stats.token_requests | Should -Be 2
        $stats.batch_requests | Should -Be 3
        $stats.accepted_batches | Should -Be 2
    }

    It 'uses -AccessToken as it is, asking for no token' {
        $token = (Invoke-RestMethod -Method Post "$($Emulator.Uri)/oauth2/token" -Body @{ grant_type = 'client_credentials' } -Headers @{
                Authorization = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes("emulator-key:$($key.GetNetworkCredential().Password)")) }).access_token
        Reset-Emulator

        $null = Send-One (@{ ProjectId = 'p'; AccessToken = (ConvertTo-SecureString $token -AsPlainText -Force) } + $endpoint)

        (Get-EmulatorStats).token_requests | Should -Be 0
        (Get-EmulatorStats).accepted_batches | Should -Be 1
    }
}
