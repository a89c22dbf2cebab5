BeforeAll {
    $manifestPath = $env:SINCHBATCH_MODULE
    $manifest = Import-PowerShellDataFile $manifestPath
    $source = Import-PowerShellDataFile "$PSScriptRoot/../SinchBatch.psd1"
    Import-Module $manifestPath -Force
}

Describe 'The built module' {
    It 'has a manifest that Test-ModuleManifest accepts' {
        $info = Test-ModuleManifest $manifestPath

        $info.Name | Should -Be 'SinchBatch'
        $info.RootModule | Should -Be 'SinchBatch.dll'
        $info.PowerShellVersion | Should -Be ([version]'5.1')
        $info.CompatiblePSEditions | Should -Be 'Desktop', 'Core'
        $info.Author | Should -Be 'SinchBatch contributors'
        $info.Description | Should -Be $source.Description -Because 'the build ships the manifest it was given'
        $info.Description | Should -Match '^Send bulk messages through the Sinch Conversation API batch endpoints'
        $info.Tags | Should -Contain 'PSEdition_Desktop'
        $info.Tags | Should -Contain 'PSEdition_Core'
    }

    It 'lists its cmdlets by name, with no wildcards, and exports exactly them' {
        $manifest.CmdletsToExport | Should -Not -BeLike '*`**'
        foreach ($kind in 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') { $manifest[$kind] | Should -BeNullOrEmpty }

        (Get-Command -Module SinchBatch).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'declares the type <Name> writes' -ForEach @(
        @{ Name = 'Send-SinchBatch'; Types = 'SinchBatch.SinchBatchResult', 'SinchBatch.SinchBatchPreview' }
        @{ Name = 'Get-SinchBatchStatus'; Types = @('SinchBatch.SinchBatchStatus') }
        @{ Name = 'Stop-SinchBatch'; Types = @('SinchBatch.SinchBatchStatus') }
        @{ Name = 'Connect-Sinch'; Types = @('SinchBatch.SinchConnection') }
        @{ Name = 'Disconnect-Sinch'; Types = @('System.Void') }
    ) {
        @((Get-Command $Name).OutputType.Type.FullName) | Should -Be $Types
    }

    It 'has a table view for every type a cmdlet writes, whose columns are properties of that type' {
        $types = (Get-Command -Module SinchBatch).OutputType.Type | Where-Object { $_ -ne [void] } | Sort-Object FullName -Unique

        foreach ($type in $types) {
            $views = @((Get-FormatData -TypeName $type.FullName).FormatViewDefinition)
            $views | Should -HaveCount 1 -Because "$($type.FullName) should have one view"
            $views[0].Control | Should -BeOfType [System.Management.Automation.TableControl]
            $columns = $views[0].Control.Rows[0].Columns.DisplayEntry
            $columns.Count | Should -Be $views[0].Control.Headers.Count
            foreach ($column in $columns | Where-Object ValueType -EQ 'Property') {
                $type.GetProperty($column.Value).Name | Should -BeExactly $column.Value -Because "the $($type.Name) view shows $($column.Value)"
            }
        }
    }

    It 'keeps ConfirmImpact at Medium so unattended runs are never prompted' {
        $send = Get-Command Send-SinchBatch
        $attribute = $send.ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        $attribute.ConfirmImpact | Should -Be 'Medium'
    }
}
