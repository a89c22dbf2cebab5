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

    It 'lets PowerShell 7 use its own System.Text.Json, and loads libphonenumber only into its own load context' {
        $null = @{ identity = '+46701234561' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS @Connection

        [System.Text.Json.JsonSerializer].Assembly.Location | Should -Not -BeLike "*$([IO.Path]::DirectorySeparatorChar)dependencies$([IO.Path]::DirectorySeparatorChar)*"
        $fromDependencies = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object Location -Like '*SinchBatch*dependencies*'
        ($fromDependencies.GetName().Name | Sort-Object -Unique) | Should -Be 'PhoneNumbers', 'SinchBatch.PhoneNumbers'
        foreach ($assembly in $fromDependencies) {
            [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($assembly).GetType().FullName | Should -Be 'SinchBatch.ModuleLoadContext'
        }
    }

    It 'keeps its libphonenumber apart from another copy loaded first, and loads none for a command without phone numbers' -Tag Slow {
        $other = New-Item (Join-Path $TestDrive 'other') -ItemType Directory
        Copy-Item (Join-Path $moduleDir 'dependencies/PhoneNumbers.dll') $other
        $script = Join-Path $TestDrive 'isolation.ps1'
        Set-Content $script -Value @'
param($Module, $Other, $Uri)
$ErrorActionPreference = 'Stop'
$theirs = [Reflection.Assembly]::LoadFrom((Join-Path $Other 'PhoneNumbers.dll'))
Import-Module $Module
$connection = @{ ProjectId = 'test-project'; BaseUri = $Uri; AuthUri = "$Uri/oauth2/token"; Credential = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force)) }
$null = @{ contact_id = 'c-1' } | Send-SinchBatch -AppId 'app' -Text 'Hi' @connection
"before: " + @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PhoneNumbers' }).Count
$null = @{ identity = '070-123 45 67' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -Channel SMS -DefaultRegion SE @connection
$ours = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'PhoneNumbers' -and $_ -ne $theirs }
"ours: " + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($ours).GetType().Name + " " + $ours.Location
"theirs: " + [System.Runtime.Loader.AssemblyLoadContext]::GetLoadContext($theirs).GetType().Name
'@

        $output = Invoke-Pwsh $script -Arguments $env:SINCHBATCH_MODULE, $other.FullName, $Emulator.Uri

        $LASTEXITCODE | Should -Be 0 -Because "$output"
        $output | Should -Contain 'before: 1'
        $output | Should -Contain "ours: ModuleLoadContext $(Join-Path $moduleDir 'dependencies/PhoneNumbers.dll')"
        $output | Should -Contain 'theirs: DefaultAssemblyLoadContext'
        (Get-AcceptedRecipient)[-1].recipient.identified_by.channel_identities.identity | Should -Be '+46701234567'
    }

    It 'installs with Install-Module from a folder repository, and works in a fresh session' -Tag Slow {
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

Describe 'The zip for Azure Automation, made by the build''s tools module (issue 20, 4)' {
    BeforeAll {
        # Zip the built module with the New-ModuleZip that build.ps1 -Task Package runs to write output/SinchBatch.zip.
        Import-Module (Join-Path $PSScriptRoot '../src/SinchBatch.Build/SinchBatch.Build.psm1') -Force
        $zipPath = Join-Path $TestDrive 'SinchBatch.zip'
        New-ModuleZip -ModuleDir $moduleDir -Path $zipPath

        $zip = [System.IO.Compression.ZipFile]::OpenRead($zipPath)
        try { $entries = @($zip.Entries.FullName) }
        finally { $zip.Dispose() }
        $extracted = Join-Path $TestDrive 'extracted'
        [System.IO.Compression.ZipFile]::ExtractToDirectory($zipPath, $extracted)
        $version = (Import-PowerShellDataFile $env:SINCHBATCH_MODULE).ModuleVersion
    }

    It 'holds the built module in one SinchBatch/ folder at its root, with no version folder' {
        $entries | Should -Not -BeNullOrEmpty
        $entries | Where-Object { -not $_.StartsWith('SinchBatch/', [StringComparison]::Ordinal) } | Should -BeNullOrEmpty
        $entries | Where-Object { $_.Contains('\') } | Should -BeNullOrEmpty -Because 'zip entries are separated by /'
        $built = Get-ChildItem $moduleDir -Recurse -File | ForEach-Object { 'SinchBatch/' + [IO.Path]::GetRelativePath($moduleDir, $_.FullName).Replace('\', '/') }
        ($entries | Sort-Object) | Should -Be ($built | Sort-Object)
    }

    It 'has the manifest at SinchBatch/SinchBatch.psd1, for the version built' {
        $entries | Should -Contain 'SinchBatch/SinchBatch.psd1'
        $manifest = Test-ModuleManifest (Join-Path $extracted 'SinchBatch/SinchBatch.psd1')
        $manifest.Name | Should -Be 'SinchBatch'
        $manifest.Version | Should -Be ([version] $version)
    }

    It 'holds the dll, the assemblies Windows PowerShell needs, help, format views and licence' {
        foreach ($file in 'SinchBatch.dll', 'SinchBatch.Format.ps1xml', 'LICENSE', 'en-US/SinchBatch.dll-Help.xml', 'en-US/about_SinchBatch.help.txt', 'dependencies/System.Text.Json.dll') {
            $entries | Should -Contain "SinchBatch/$file"
        }
        $dependencies = @(Get-ChildItem (Join-Path $moduleDir 'dependencies') -Filter *.dll)
        $dependencies.Count | Should -BeGreaterThan 1
        foreach ($dll in $dependencies) { $entries | Should -Contain "SinchBatch/dependencies/$($dll.Name)" }
    }

    It 'extracted onto the module path, imports by name in a fresh session and sends' {
        Reset-Emulator
        $home_ = Join-Path $TestDrive 'zip-home'
        $null = New-Item $home_ -ItemType Directory
        $environment = @{ PSModulePath = $extracted; HOME = $home_; XDG_DATA_HOME = "$home_/.local/share"; XDG_CONFIG_HOME = "$home_/.config"; XDG_CACHE_HOME = "$home_/.cache" }
        $use = Join-Path $TestDrive 'use-zip.ps1'
        Set-Content $use -Value @'
param($Uri)
$ErrorActionPreference = 'Stop'
Import-Module SinchBatch
$module = Get-Module SinchBatch
$key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
$sent = @{ contact_id = 'c-zip' } | Send-SinchBatch -AppId 'app' -Text 'Hi' -ProjectId 'zipped' -BaseUri $Uri -AuthUri "$Uri/oauth2/token" -Credential $key
ConvertTo-Json -Compress -InputObject @{ base = $module.ModuleBase; version = "$($module.Version)"; commands = @((Get-Command -Module SinchBatch).Name); synopsis = (Get-Help Send-SinchBatch).Synopsis; batch = $sent.BatchId }
'@

        $used = @(Invoke-Pwsh $use -Arguments $Emulator.Uri -Environment $environment)
        $LASTEXITCODE | Should -Be 0

        $result = $used[-1] | ConvertFrom-Json
        $result.base | Should -Be (Join-Path $extracted 'SinchBatch')
        $result.version | Should -Be $version
        ($result.commands | Sort-Object) | Should -Be ((Get-Command -Module SinchBatch).Name | Sort-Object)
        $result.synopsis | Should -Not -BeLike '*Send-SinchBatch *[<CommonParameters>]*' -Because 'the help in en-US/ came along'
        (Get-AcceptedBatch).batch_id | Should -Be $result.batch
    }
}
