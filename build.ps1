<#
.SYNOPSIS
Builds, tests, demonstrates and benchmarks SinchBatch.

.EXAMPLE
dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Docs', 'Test', 'Demo', 'Bench', 'Package')]
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

function Invoke-Build {
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

function Invoke-Demo {
    $emulator = Start-SinchEmulator -Path $EmulatorDll
    try {
        Import-Module "$ModuleDir/SinchBatch.psd1" -Force
        $key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
        Write-Host "Emulator at $($emulator.Uri). Sending docs/examples/customers.csv:" -ForegroundColor Cyan
        Import-Csv "$PSScriptRoot/docs/examples/customers.csv" |
            Send-SinchBatch -AppId 'DEMO-APP' -Text 'Hi ${name}, your code is ${code}' -Channel SMS -IdentityProperty phone `
                -Ttl 1h -ProjectId 'demo-project' -BaseUri $emulator.Uri -AuthUri "$($emulator.Uri)/oauth2/token" -Credential $key `
                -BatchSize 3 -Verbose |
            Format-Table | Out-String | Write-Host
        $accepted = Invoke-RestMethod "$($emulator.Uri)/_emulator/batches"
        Write-Host 'What the emulator received, recipient by recipient:' -ForegroundColor Cyan
        $accepted | ForEach-Object { foreach ($r in $_.request.recipient_and_params) {
                [pscustomobject]@{ BatchId = $_.batch_id; Phone = $r.recipient.identified_by.channel_identities[0].identity; Parameters = ($r.parameters | ConvertTo-Json -Compress) } } } |
            Format-Table | Out-String | Write-Host

        Connect-Sinch -ProjectId 'demo-project' -BaseUri $emulator.Uri -AuthUri "$($emulator.Uri)/oauth2/token" -Credential $key
        Write-Host 'Scheduling the same campaign for an hour from now, reading it back, and calling it off:' -ForegroundColor Cyan
        $scheduled = Import-Csv "$PSScriptRoot/docs/examples/customers.csv" |
            Send-SinchBatch -AppId 'DEMO-APP' -Text 'Hi ${name}, your code is ${code}' -Channel SMS -IdentityProperty phone `
                -SendAfter (Get-Date).AddHours(1) -BatchMetadata @{ campaign = 'demo' }
        $scheduled | Get-SinchBatchStatus | Format-Table | Out-String | Write-Host
        Stop-SinchBatch -Metadata @{ campaign = 'demo' } -Wait -PassThru | Format-Table | Out-String | Write-Host
        Disconnect-Sinch
    }
    finally {
        Stop-SinchEmulator $emulator
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Docs' { Invoke-Docs }
    'Demo' { Invoke-Build; Invoke-Demo }
    'Package' { Invoke-Build; Invoke-Package }
    'Test' { Invoke-Build; & "$PSScriptRoot/tests/Invoke-Tests.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll -Configuration $Configuration; exit $LASTEXITCODE }
    'Bench' { Invoke-Build; & "$PSScriptRoot/tests/Benchmarks/Invoke-Benchmark.ps1" -ModuleDir $ModuleDir -EmulatorDll $EmulatorDll }
}
