# What build.ps1 and the tests share: the tools that come from NuGet, and the zip Azure Automation imports.

# Where Pester and Invoke-Build are, restored from NuGet first when missing (no PowerShell Gallery here).
# The versions are the ones tests/Tools/Tools.csproj downloads, so they are written down once.
function Get-BuildTool {
    $project = Join-Path (Split-Path (Split-Path $PSScriptRoot)) 'tests/Tools/Tools.csproj'
    $packages = if ($env:NUGET_PACKAGES) { $env:NUGET_PACKAGES } else { Join-Path ([Environment]::GetFolderPath('UserProfile')) '.nuget/packages' }
    $version = @{}
    foreach ($download in ([xml](Get-Content $project -Raw)).Project.ItemGroup.PackageDownload) { $version[$download.Include] = $download.Version.Trim('[]') }
    $tool = [pscustomobject]@{
        Pester      = Join-Path $packages "pester/$($version['Pester'])/tools/Pester.psd1"
        InvokeBuild = Join-Path $packages "invoke-build/$($version['Invoke-Build'])/tools/Invoke-Build.ps1"
    }
    if (-not ((Test-Path $tool.Pester) -and (Test-Path $tool.InvokeBuild))) {
        dotnet restore $project --nologo -v quiet
        if ($LASTEXITCODE) { throw 'Could not restore Pester and Invoke-Build from NuGet.' }
    }
    $tool
}

# The zip Azure Automation imports: the module's files in a SinchBatch/ folder at the root, with no
# version folder; the zip, the folder and the manifest share the module's name.
function New-ModuleZip([string] $ModuleDir, [string] $Path) {
    $ModuleDir = (Resolve-Path $ModuleDir).ProviderPath
    $Path = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($Path)
    if (Test-Path $Path) { Remove-Item $Path -Force }
    $zip = [System.IO.Compression.ZipFile]::Open($Path, 'Create')
    try {
        foreach ($file in Get-ChildItem $ModuleDir -Recurse -File | Sort-Object FullName) {
            $entry = 'SinchBatch/' + [IO.Path]::GetRelativePath($ModuleDir, $file.FullName).Replace('\', '/')
            $null = [System.IO.Compression.ZipFileExtensions]::CreateEntryFromFile($zip, $file.FullName, $entry)
        }
    }
    finally { $zip.Dispose() }
}

Export-ModuleMember -Function Get-BuildTool, New-ModuleZip
