<#
.SYNOPSIS
Builds, tests, demonstrates and benchmarks SinchBatch.

.DESCRIPTION
The tasks are Invoke-Build tasks (restored from NuGet through tests/Tools/Tools.csproj). Each runs the
steps it depends on, and a step whose outputs are newer than its inputs is skipped: Build is Compile
(the solution), Module (output/SinchBatch/<version>) and Docs (the help), so a second Build or Test
compiles nothing. Fast is the inner loop: xunit, and Pester without the tests tagged Slow.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'Fast', 'Demo', 'Bench', 'Package', 'Coverage')]
    [string[]] $Task = 'Build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
Import-Module "$PSScriptRoot/src/SinchBatch.Build/SinchBatch.Build.psm1" -Force
$Tool = Get-BuildTool

$Version = (Import-PowerShellDataFile "$PSScriptRoot/SinchBatch.psd1").ModuleVersion
$ModuleDir = "$PSScriptRoot/output/SinchBatch/$Version"
$EmulatorDll = "$PSScriptRoot/src/SinchBatch.Emulator/bin/$Configuration/net10.0/SinchBatch.Emulator.dll"
$ModuleAssemblies = "$PSScriptRoot/src/SinchBatch/bin/$Configuration/netstandard2.0/SinchBatch.dll",
    "$PSScriptRoot/src/SinchBatch.PhoneNumbers/bin/$Configuration/netstandard2.0/SinchBatch.PhoneNumbers.dll"
$Assemblies = $ModuleAssemblies + $EmulatorDll + "$PSScriptRoot/tests/SinchBatch.Tests/bin/$Configuration/net10.0/SinchBatch.Tests.dll"

# The module's folder is shared by both configurations: a change of configuration makes it out of date.
$ConfigurationFile = "$PSScriptRoot/output/configuration"
if (-not (Test-Path $ConfigurationFile) -or (Get-Content $ConfigurationFile -Raw).Trim() -ne $Configuration) {
    $null = New-Item $ConfigurationFile -Force -Value $Configuration
}

# MSBuild and Copy-Item keep a file's time when they had nothing new to write; a step that ran stamps
# its outputs with the time it ran, so the next run finds them newer than the inputs and skips it.
function Update-OutputTime([string[]] $Path) {
    foreach ($file in $Path) { (Get-Item $file).LastWriteTime = [datetime]::Now }
}

# What the solution compiles from: every project's sources, the shared props, and the version in the manifest.
function Get-CompileInput {
    Get-ChildItem "$PSScriptRoot/src", "$PSScriptRoot/tests/SinchBatch.Tests" -Recurse -File -Include *.cs, *.csproj, *.props, *.tsv |
        Where-Object FullName -NotMatch '[\\/](bin|obj)[\\/]'
    Get-Item "$PSScriptRoot/SinchBatch.sln", "$PSScriptRoot/SinchBatch.psd1", "$PSScriptRoot/tests/Directory.*.props"
}

# xunit, then Pester against the built module in a fresh pwsh; keeps the closing line for the end of the run.
function Invoke-Test([string[]] $ExcludeTag = @()) {
    & "$PSScriptRoot/tests/Invoke-Tests.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll -Configuration $Configuration -PesterModule $Tool.Pester -ExcludeTag $ExcludeTag
    $failed = $LASTEXITCODE
    $Outcome.Summary = Get-Content "$PSScriptRoot/output/TestResults/summary.txt"
    if ($failed) { throw "Tests failed: $($Outcome.Summary)" }
}

# What xunit runs of the C# (coverlet): line and branch rates per assembly, and the files it runs least.
# Pester's runs of the cmdlets are not counted: coverlet's collector sees only the dotnet test process.
function Invoke-Coverage {
    $results = "$PSScriptRoot/output/coverage"
    if (Test-Path $results) { Remove-Item $results -Recurse -Force }
    exec { dotnet test "$PSScriptRoot/tests/SinchBatch.Tests/SinchBatch.Tests.csproj" -c $Configuration --no-build --nologo -v quiet --collect 'XPlat Code Coverage' --results-directory $results }
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

$Tasks = {
    # The solution: the module, its phone number assembly, the emulator and the xunit tests.
    task Compile -Inputs { Get-CompileInput } -Outputs $Assemblies {
        exec { dotnet build "$PSScriptRoot/SinchBatch.sln" -c $Configuration -p:Version=$Version --nologo -v quiet -clp:NoSummary }
        Update-OutputTime $Assemblies
    }

    # The module's folder, output/SinchBatch/<version>.
    task Module -Inputs {
        $ModuleAssemblies
        Get-Item "$PSScriptRoot/SinchBatch.psd1", "$PSScriptRoot/src/SinchBatch/SinchBatch.Format.ps1xml", "$PSScriptRoot/LICENSE", $ConfigurationFile
    } -Outputs "$ModuleDir/SinchBatch.dll" -Jobs Compile, {
        if (Test-Path $ModuleDir) { Remove-Item $ModuleDir -Recurse -Force }
        $null = New-Item $ModuleDir -ItemType Directory
        # Publishing gathers System.Text.Json and its dependencies: Windows PowerShell loads them from
        # dependencies/ (see ModuleLoader); PowerShell 7 uses its own and never looks there.
        $published = "$PSScriptRoot/output/publish"
        exec { dotnet publish "$PSScriptRoot/src/SinchBatch/SinchBatch.csproj" -c $Configuration --no-build -o $published --nologo -v quiet }
        Copy-Item "$PSScriptRoot/SinchBatch.psd1", "$published/SinchBatch.dll", "$PSScriptRoot/src/SinchBatch/SinchBatch.Format.ps1xml", "$PSScriptRoot/LICENSE" $ModuleDir
        $dependencies = New-Item "$ModuleDir/dependencies" -ItemType Directory
        Get-ChildItem $published -Filter *.dll | Where-Object Name -ne 'SinchBatch.dll' | Copy-Item -Destination $dependencies
        $null = Test-ModuleManifest "$ModuleDir/SinchBatch.psd1"
        Update-OutputTime "$ModuleDir/SinchBatch.dll"
    }

    # The cmdlet help (MAML) and the about topic, from the PlatyPS markdown in docs/en-US.
    task Docs -Inputs {
        Get-ChildItem "$PSScriptRoot/docs/en-US" -Filter *.md
        Get-Item "$PSScriptRoot/src/SinchBatch.Help/SinchBatch.Help.psm1"
    } -Outputs "$ModuleDir/en-US/SinchBatch.dll-Help.xml", "$ModuleDir/en-US/about_SinchBatch.help.txt" {
        Import-Module "$PSScriptRoot/src/SinchBatch.Help/SinchBatch.Help.psm1" -Force
        ConvertTo-MamlHelp -Path "$PSScriptRoot/docs/en-US" -OutputFile "$ModuleDir/en-US/SinchBatch.dll-Help.xml"
        ConvertTo-AboutHelp -Path "$PSScriptRoot/docs/en-US/about_SinchBatch.md" -OutputFile "$ModuleDir/en-US/about_SinchBatch.help.txt"
    }

    task Build Compile, Module, Docs, { Write-Host "Built SinchBatch $Version into $ModuleDir" }

    task Test Build, { Invoke-Test }

    # The inner loop: every xunit test, and the Pester tests not tagged Slow (the longest: child processes, waits).
    task Fast Build, { Invoke-Test -ExcludeTag Slow }

    task Demo Build, { & "$PSScriptRoot/docs/examples/demo.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll }

    task Package Build, { Invoke-Package }

    task Coverage Build, { Invoke-Coverage }

    task Bench Build, { & "$PSScriptRoot/tests/Benchmarks/Invoke-Benchmark.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll }
}

# Invoke-Build prints its own summary last; the tests' closing line, "N passed, M failed", comes after it.
$Outcome = @{ Summary = $null }
& $Tool.InvokeBuild -Task $Task -File $Tasks -Safe -Result Result
if ($Outcome.Summary) { $Outcome.Summary }
exit [int]($null -ne $Result.Error)
