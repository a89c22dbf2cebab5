BeforeAll {
    . "$PSScriptRoot/common.ps1"
    $moduleDir = Split-Path $env:SINCHBATCH_MODULE
}

AfterAll { Stop-SinchEmulator $Emulator }

Describe 'The package' {
    BeforeAll {
        # Publish the built module to a folder repository, as build.ps1 -Task Package does.
        $repository = Join-Path $TestDrive 'repository'
        $null = New-Item $repository -ItemType Directory
        $name = "SinchBatchTest-$PID"
        Register-PSResourceRepository -Name $name -Uri $repository -Trusted
        try { Publish-PSResource -Path $moduleDir -Repository $name }
        finally { Unregister-PSResourceRepository -Name $name }
        $package = Get-ChildItem $repository -Filter '*.nupkg'
        $contents = Join-Path $TestDrive 'contents'
        Expand-Archive $package.FullName -DestinationPath $contents
    }

    It 'is one nupkg named for the version in the manifest' {
        $package.Name | Should -Be "SinchBatch.$((Import-PowerShellDataFile $env:SINCHBATCH_MODULE).ModuleVersion).nupkg"
    }

    It 'holds the module, its format views, help, licence, and the assemblies Windows PowerShell needs' {
        foreach ($file in 'SinchBatch.psd1', 'SinchBatch.dll', 'SinchBatch.Format.ps1xml', 'LICENSE', 'en-US/SinchBatch.dll-Help.xml', 'en-US/about_SinchBatch.help.txt') {
            Join-Path $contents $file | Should -Exist
        }

        # Every assembly reachable from SinchBatch.dll must be in the package or be one .NET Framework 4.7.2 and Windows PowerShell 5.1 provide.
        $framework = 'mscorlib', 'netstandard', 'System', 'System.Core', 'System.Numerics', 'System.Net.Http', 'System.Xml', 'System.Runtime.Serialization',
            'System.Management.Automation', 'System.Runtime', 'System.Collections', 'System.Threading', 'System.Threading.Tasks', 'System.Runtime.InteropServices',
            'System.Runtime.Extensions', 'System.Diagnostics.Debug', 'System.Reflection', 'System.Text.RegularExpressions', 'System.Linq', 'System.Linq.Expressions',
            'System.Dynamic.Runtime', 'System.Globalization', 'System.Resources.ResourceManager', 'System.IO', 'System.Text.Encoding', 'System.Text.Encoding.Extensions',
            'System.Collections.Concurrent', 'System.Net.Primitives', 'System.Net.Sockets', 'System.Security.Cryptography.Algorithms', 'System.ObjectModel',
            'System.Runtime.Numerics', 'System.Diagnostics.Tracing', 'System.ValueTuple', 'System.Threading.Thread', 'System.Reflection.Primitives'
        $shipped = @{}
        Get-ChildItem $contents -Recurse -Filter *.dll | ForEach-Object { $shipped[$_.BaseName] = $_.FullName }
        $missing = [System.Collections.Generic.List[string]]::new()
        $seen = [System.Collections.Generic.HashSet[string]]::new()
        $queue = [System.Collections.Generic.Queue[string]]::new()
        $queue.Enqueue('SinchBatch')
        while ($queue.Count) {
            $assembly = $queue.Dequeue()
            if (-not $seen.Add($assembly)) { continue }
            $stream = [IO.File]::OpenRead($shipped[$assembly])
            try {
                $reader = [System.Reflection.Metadata.PEReaderExtensions]::GetMetadataReader([System.Reflection.PortableExecutable.PEReader]::new($stream))
                foreach ($handle in $reader.AssemblyReferences) {
                    $reference = $reader.GetString($reader.GetAssemblyReference($handle).Name)
                    if ($shipped.ContainsKey($reference)) { $queue.Enqueue($reference) }
                    elseif ($reference -notin $framework) { $missing.Add("$assembly -> $reference") }
                }
            }
            finally { $stream.Dispose() }
        }

        $missing | Should -BeNullOrEmpty
        $seen | Should -Contain 'System.Text.Json'
        $shipped['System.Text.Json'] | Should -BeLike '*dependencies*'
    }

    It 'lets PowerShell 7 use its own System.Text.Json, never the shipped one' {
        $null = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' @Connection

        [System.Text.Json.JsonSerializer].Assembly.Location | Should -Not -BeLike "*$([IO.Path]::DirectorySeparatorChar)dependencies$([IO.Path]::DirectorySeparatorChar)*"
        [AppDomain]::CurrentDomain.GetAssemblies().Location | Where-Object { $_ -like '*SinchBatch*dependencies*' } | Should -BeNullOrEmpty
    }

    It 'installs with Install-Module from a folder repository, and works in a fresh session' {
        Reset-Emulator
        $home_ = Join-Path $TestDrive 'home'
        $null = New-Item $home_ -ItemType Directory
        $environment = @{ HOME = $home_; XDG_DATA_HOME = "$home_/.local/share"; XDG_CONFIG_HOME = "$home_/.config"; XDG_CACHE_HOME = "$home_/.cache" }
        $install = Join-Path $TestDrive 'install.ps1'
        Set-Content $install -Value @'
param($Repository)
$ErrorActionPreference = 'Stop'
Register-PSRepository -Name SinchBatchTest -SourceLocation $Repository -InstallationPolicy Trusted
try { Install-Module SinchBatch -Repository SinchBatchTest -Scope CurrentUser }
finally { Unregister-PSRepository -Name SinchBatchTest }
(Get-Module -ListAvailable SinchBatch).ModuleBase
'@
        $use = Join-Path $TestDrive 'use.ps1'
        Set-Content $use -Value @'
param($Uri)
$ErrorActionPreference = 'Stop'
Import-Module SinchBatch
$help = foreach ($command in Get-Command -Module SinchBatch) { @{ name = $command.Name; synopsis = (Get-Help $command.Name).Synopsis; examples = @((Get-Help $command.Name -Examples).examples.example).Count } }
$key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
$sent = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -ProjectId 'installed' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key
ConvertTo-Json -Compress -Depth 4 -InputObject @{ base = (Get-Module SinchBatch).ModuleBase; help = @($help); batch = $sent.BatchId }
'@

        $installedAt = Invoke-Pwsh $install -Arguments $repository -Environment $environment
        $LASTEXITCODE | Should -Be 0
        $used = @(Invoke-Pwsh $use -Arguments $Emulator.Uri -Environment $environment)
        $LASTEXITCODE | Should -Be 0

        @($installedAt)[-1] | Should -BeLike "$home_*"
        $result = $used[-1] | ConvertFrom-Json
        $result.base | Should -BeLike "$home_*"
        ($result.help.name | Sort-Object) | Should -Be ((Get-Command -Module SinchBatch).Name | Sort-Object)
        foreach ($page in $result.help) {
            $page.synopsis | Should -Not -BeLike "*$($page.name) *[<CommonParameters>]*" -Because 'the synopsis comes from the help, not the syntax'
            $page.examples | Should -BeGreaterOrEqual 2
        }
        (Get-AcceptedBatch).batch_id | Should -Be $result.batch
    }
}
