# The list by metadata in the shapes Sinch leaves open: pages with a token, and a lone status object.
BeforeAll {
    # Pages of two batches, so a campaign of five comes in three pages.
    . "$PSScriptRoot/common.ps1" -EmulatorSetting '--Emulator:ListPageSize=2'

    function New-Rows([int] $Count) { foreach ($i in 1..$Count) { [pscustomobject]@{ contact_id = "c-$i"; code = "$i" } } }

    $Send = @{ AppId = 'app'; Text = 'Your code is ${code}' }

    # The emulator's own answer to the listing of a campaign, as its JSON text, so a test can show which shape it met.
    function Get-RawListing($Server, [string] $CampaignId) {
        $pair = [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('emulator-key:emulator-secret'))
        $token = (Invoke-RestMethod -Method Post "$($Server.Uri)/oauth2/token" -Headers @{ Authorization = "Basic $pair" } -Body @{ grant_type = 'client_credentials' }).access_token
        $uri = "$($Server.Uri)/v1/projects/test-project/messages?metadataKey=sinchbatch_campaign&metadataValue=$CampaignId"
        (Invoke-WebRequest $uri -Headers @{ Authorization = "Bearer $token" }).Content
    }
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'Listing robustness (issue 18, 2): a listing that comes in pages' {
    BeforeEach { Reset-Emulator }

    It 'gives Get-SinchBatchStatus -CampaignId every batch of the campaign, from every page' {
        $sent = @(New-Rows 9 | Send-SinchBatch @Send -BatchSize 2 -CampaignId 'paged' @Connection)
        $null = New-Rows 3 | Send-SinchBatch @Send -CampaignId 'other' @Connection
        $firstPage = Get-RawListing $Emulator 'paged' | ConvertFrom-Json
        $firstPage.batches | Should -HaveCount 2
        $firstPage.next_page_token | Should -Not -BeNullOrEmpty
        $before = (Get-EmulatorStats).status_requests

        $statuses = @(Get-SinchBatchStatus -CampaignId 'paged' @Connection)

        (Get-EmulatorStats).status_requests - $before | Should -Be 3 -Because 'five batches come in pages of two'
        $sent | Should -HaveCount 5
        $statuses | Should -HaveCount 5
        ($statuses.BatchId | Sort-Object) | Should -Be ($sent.BatchId | Sort-Object)
        $statuses.CampaignId | Select-Object -Unique | Should -Be 'paged'
    }

    It 'lets a campaign run again send nothing, every batch AlreadySent, though its batches are on several pages' {
        $rows = New-Rows 9
        $first = @($rows | Send-SinchBatch @Send -BatchSize 2 -CampaignId 'rerun' @Connection)
        Get-RawListing $Emulator 'rerun' | Should -Match '^\{"batches":\[.*"next_page_token":"[^"]+"\}$'
        $posts = (Get-EmulatorStats).batch_requests

        $second = @($rows | Send-SinchBatch @Send -BatchSize 2 -CampaignId 'rerun' @Connection)

        (Get-EmulatorStats).batch_requests | Should -Be $posts
        $second | Should -HaveCount 5
        $second.AlreadySent | Should -Not -Contain $false
        ($second.BatchId -join ',') | Should -Be ($first.BatchId -join ',')
        (Get-AcceptedRecipient).recipient.contact_id | Should -HaveCount 9
    }
}

Describe 'Listing robustness (issue 18, 2): a listing that answers a lone batch as its status object' {
    BeforeAll {
        $lone = Start-SinchEmulator -Path $env:SINCHBATCH_EMULATOR -Setting '--Emulator:ListSingleObject=true'
        $LoneConnection = Join-Connection @{ BaseUri = $lone.Uri; AuthUri = "$($lone.Uri)/oauth2/token" }
    }

    AfterAll { Stop-SinchEmulator $lone }

    BeforeEach { Reset-Emulator -Server $lone }

    It 'reads the one batch of a campaign back with Get-SinchBatchStatus -CampaignId' {
        $sent = @(New-Rows 3 | Send-SinchBatch @Send -CampaignId 'lone' @LoneConnection)
        Get-RawListing $lone 'lone' | Should -Match "^\{`"batch_id`":`"$($sent[0].BatchId)`""

        $statuses = @(Get-SinchBatchStatus -CampaignId 'lone' @LoneConnection)

        $sent | Should -HaveCount 1
        $statuses | Should -HaveCount 1
        $statuses[0].BatchId | Should -Be $sent[0].BatchId
        $statuses[0].CampaignId | Should -Be 'lone'
    }

    It 'lets a campaign of one batch run again send nothing, its batch AlreadySent' {
        $rows = New-Rows 3
        $first = @($rows | Send-SinchBatch @Send -CampaignId 'lone-rerun' @LoneConnection)
        Get-RawListing $lone 'lone-rerun' | Should -Match '^\{"batch_id":'
        $posts = (Get-EmulatorStats $lone).batch_requests

        $second = @($rows | Send-SinchBatch @Send -CampaignId 'lone-rerun' @LoneConnection)

        (Get-EmulatorStats $lone).batch_requests | Should -Be $posts
        $second | Should -HaveCount 1
        $second[0].AlreadySent | Should -BeTrue
        $second[0].BatchId | Should -Be $first[0].BatchId
    }
}
