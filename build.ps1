<#
.SYNOPSIS
Builds, tests, demonstrates and benchmarks SinchBatch.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'Demo', 'Bench', 'Package', 'Coverage')]
    [string] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. "$PSScriptRoot/src/SinchBatch.Emulator/EmulatorProcess.ps1"

$Version = (Import-PowerShellDataFile "$PSScriptRoot/SinchBatch.psd1").ModuleVersion
$ModuleDir = "$PSScriptRoot/output/SinchBatch/$Version"
$EmulatorDll = "$PSScriptRoot/src/SinchBatch.Emulator/bin/$Configuration/net10.0/SinchBatch.Emulator.dll"

function Invoke-Native([scriptblock] $Command) {
    & $Command
    if ($LASTEXITCODE) { throw "'$Command' failed with exit code $LASTEXITCODE." }
}

function Build-Module {
    Invoke-Native { dotnet build "$PSScriptRoot/SinchBatch.sln" -c $Configuration -p:Version=$Version --nologo -v quiet -clp:NoSummary }
    if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
    $null = New-Item $ModuleDir -ItemType Directory
    # Publishing gathers System.Text.Json and its dependencies: Windows PowerShell loads them from
    # dependencies/ (see ModuleLoader); PowerShell 7 uses its own and never looks there.
    $published = "$PSScriptRoot/output/publish"
    Invoke-Native { dotnet publish "$PSScriptRoot/src/SinchBatch/SinchBatch.csproj" -c $Configuration --no-build -o $published --nologo -v quiet }
    Copy-Item "$PSScriptRoot/SinchBatch.psd1", "$published/SinchBatch.dll", "$PSScriptRoot/src/SinchBatch/SinchBatch.Format.ps1xml", "$PSScriptRoot/LICENSE" $ModuleDir
    $dependencies = New-Item "$ModuleDir/dependencies" -ItemType Directory
    Get-ChildItem $published -Filter *.dll | Where-Object Name -ne 'SinchBatch.dll' | Copy-Item -Destination $dependencies
    Invoke-Docs
    $null = Test-ModuleManifest "$ModuleDir/SinchBatch.psd1"
    Write-Host "Built SinchBatch $Version into $ModuleDir"
}

# The cmdlet help (MAML) and the about topic, from the PlatyPS markdown in docs/en-US.
function Invoke-Docs {
    Import-Module "$PSScriptRoot/src/SinchBatch.Help/SinchBatch.Help.psm1" -Force
    ConvertTo-MamlHelp -Path "$PSScriptRoot/docs/en-US" -OutputFile "$ModuleDir/en-US/SinchBatch.dll-Help.xml"
    ConvertTo-AboutHelp -Path "$PSScriptRoot/docs/en-US/about_SinchBatch.md" -OutputFile "$ModuleDir/en-US/about_SinchBatch.help.txt"
}

# Publishes the built module as a nupkg to the folder repository output/repository,
# and zips it as output/SinchBatch.zip for Azure Automation.
function Invoke-Package {
    $repository = "$PSScriptRoot/output/repository"
    if (Test-Path $repository) { Remove-Item $repository -Recurse -Force }
    $null = New-Item $repository -ItemType Directory
    $name = "SinchBatchBuild-$PID"
    Register-PSResourceRepository -Name $name -Uri $repository -Trusted
    try { Publish-PSResource -Path $ModuleDir -Repository $name }
    finally { Unregister-PSResourceRepository -Name $name }
    Write-Host "Published $((Get-ChildItem $repository -Filter *.nupkg).Name) to $repository"
    New-ModuleZip -ModuleDir $ModuleDir -Path "$PSScriptRoot/output/SinchBatch.zip"
    Write-Host "Wrote $PSScriptRoot/output/SinchBatch.zip for Azure Automation"
}

# The zip Azure Automation imports: the module's files in a SinchBatch/ folder at the root, with no
# version folder; the zip, the folder and the manifest share the module's name.
# tests/Install.Tests.ps1 takes this function from here and checks the zip it makes.
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

# What xunit runs of the C# (coverlet): line and branch rates per assembly, and the files it runs least.
# Pester's runs of the cmdlets are not counted: coverlet's collector sees only the dotnet test process.
function Invoke-Coverage {
    $results = "$PSScriptRoot/output/coverage"
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    Invoke-Native { dotnet test "$PSScriptRoot/tests/SinchBatch.Tests/SinchBatch.Tests.csproj" -c $Configuration --no-build --nologo -v quiet --collect 'XPlat Code Coverage' --results-directory $results }
    $report = [xml](Get-Content (Get-ChildItem $results -Recurse -Filter coverage.cobertura.xml | Select-Object -First 1).FullName -Raw)
    $report.coverage.packages.package | ForEach-Object {
        [pscustomobject]@{ Assembly = $_.name; Lines = '{0:P1}' -f [double]$_.'line-rate'; Branches = '{0:P1}' -f [double]$_.'branch-rate' }
    } | Format-Table | Out-String | Write-Host
    Write-Host 'The module''s files xunit runs least (the cmdlets and completers are left to Pester):'
    $report.coverage.packages.package.classes.class | Group-Object filename |
        Where-Object { $_.Name -like 'SinchBatch/*' -and $_.Name -notlike 'SinchBatch/Commands/*' -and $_.Name -notlike 'SinchBatch/Completion/*' } | ForEach-Object {
        $lines = @($_.Group | ForEach-Object { $_.SelectNodes('lines/line') })
        [pscustomobject]@{ File = $_.Name; Lines = $lines.Count; Run = '{0:P0}' -f (@($lines | Where-Object { [int]$_.hits -gt 0 }).Count / [math]::Max(1, $lines.Count)) }
    } | Sort-Object { [double]$_.Run.TrimEnd('%') }, File | Select-Object -First 15 | Format-Table | Out-String | Write-Host
}

switch ($Task) {
    'Build' { Build-Module }
    'Docs' { Invoke-Docs }
    'Demo' { Build-Module; & "$PSScriptRoot/docs/examples/demo.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll }
    'Package' { Build-Module; Invoke-Package }
    'Test' { Build-Module; & "$PSScriptRoot/tests/Invoke-Tests.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll -Configuration $Configuration; exit $LASTEXITCODE }
    'Coverage' { Build-Module; Invoke-Coverage }
    'Bench' { Build-Module; & "$PSScriptRoot/tests/Benchmarks/Invoke-Benchmark.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll }
}
