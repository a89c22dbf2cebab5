BeforeAll {
    $manifestPath = $env:SINCHBATCH_MODULE
    $manifest = Import-PowerShellDataFile $manifestPath
    Import-Module $manifestPath -Force
}

Describe 'The built module' {
    It 'has a manifest that Test-ModuleManifest accepts' {
        $info = Test-ModuleManifest $manifestPath

        $info.Name | Should -Be 'SinchBatch'
        $info.RootModule | Should -Be 'SinchBatch.dll'
        $info.PowerShellVersion | Should -Be ([version]'5.1')
        $info.CompatiblePSEditions | Should -Be 'Desktop', 'Core'
        $info.Author | Should -Not -BeNullOrEmpty
        $info.Description | Should -Not -BeNullOrEmpty
        $info.Tags | Should -Contain 'PSEdition_Desktop'
        $info.Tags | Should -Contain 'PSEdition_Core'
    }

    It 'lists its cmdlets by name, with no wildcards, and exports exactly them' {
        $manifest.CmdletsToExport | Should -Not -BeLike '*`**'
        foreach ($kind in 'FunctionsToExport', 'VariablesToExport', 'AliasesToExport') { $manifest[$kind] | Should -BeNullOrEmpty }

        (Get-Command -Module SinchBatch).Name | Sort-Object | Should -Be ($manifest.CmdletsToExport | Sort-Object)
    }

    It 'declares the type every cmdlet writes, and has a table view for it' {
        foreach ($command in Get-Command -Module SinchBatch) {
            $command.OutputType | Should -Not -BeNullOrEmpty -Because "$($command.Name) should declare its output"
            foreach ($type in $command.OutputType.Type | Where-Object { $_ -ne [void] }) {
                Get-FormatData -TypeName $type.FullName | Should -Not -BeNullOrEmpty -Because "$($type.FullName) should have a view"
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
