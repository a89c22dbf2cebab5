# Dot-sourced by every *.Tests.ps1: imports the built module and starts an emulator for the file.
param([string[]] $EmulatorSetting = @())

# Run on its own (Invoke-Pester tests/X.Tests.ps1 after build.ps1 -Task Build), a file finds the build by itself.
if (-not $env:SINCHBATCH_MODULE) {
    $version = (Import-PowerShellDataFile "$PSScriptRoot/../SinchBatch.psd1").ModuleVersion
    $env:SINCHBATCH_MODULE = (Resolve-Path "$PSScriptRoot/../output/SinchBatch/$version/SinchBatch.psd1").ProviderPath
}
if (-not $env:SINCHBATCH_EMULATOR) {
    $env:SINCHBATCH_EMULATOR = (Resolve-Path "$PSScriptRoot/../src/SinchBatch.Emulator/bin/Release/net10.0/SinchBatch.Emulator.dll").ProviderPath
}

# Imported once per session: every file of a run shares the one module.
if ((Get-Module SinchBatch).ModuleBase -ne (Split-Path $env:SINCHBATCH_MODULE)) { Import-Module $env:SINCHBATCH_MODULE -Force }
. "$PSScriptRoot/../src/SinchBatch.Emulator/EmulatorProcess.ps1"

$Emulator = Start-SinchEmulator -Path $env:SINCHBATCH_EMULATOR -Setting $EmulatorSetting
$Connection = @{
    ProjectId  = 'test-project'
    BaseUri    = $Emulator.Uri
    AuthUri    = "$($Emulator.Uri)/oauth2/token"
    Credential = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))
}

# The helpers below talk to the file's emulator, or to the one given as -Server (a second, differently set up).
function Reset-Emulator($Server = $Emulator) { $null = Invoke-RestMethod -Method Post "$($Server.Uri)/_emulator/reset" }

# Every batch the emulator accepted, with the request as it arrived.
# Dates stay the strings that were on the wire.
function Get-AcceptedBatch($Server = $Emulator) { @((Invoke-WebRequest "$($Server.Uri)/_emulator/batches").Content | ConvertFrom-Json -DateKind String -Depth 20) }

# The connection parameters with some replaced or added.
function Join-Connection([hashtable] $Extra = @{}, [string[]] $Without = @(), [switch] $Uncached) {
    $joined = $Connection.Clone()
    # A token endpoint of its own: no token an earlier test cached serves this connection.
    if ($Uncached) { $joined.AuthUri = "$($Emulator.Uri)/oauth2/token?uncached=$(New-Guid)" }
    foreach ($key in $Extra.Keys) { $joined[$key] = $Extra[$key] }
    foreach ($key in $Without) { $joined.Remove($key) }
    $joined
}

# Writes lines as a CSV file in the given encoding (UTF-8 without a BOM unless told), as Excel or a CRM export would.
function New-Csv([string[]] $Lines, [string] $Name = 'rows.csv', [Text.Encoding] $Encoding = [Text.UTF8Encoding]::new($false)) {
    $path = Join-Path $TestDrive $Name
    [IO.File]::WriteAllLines($path, $Lines, $Encoding)
    $path
}

# Every recipient entry the emulator accepted, across batches.
function Get-AcceptedRecipient($Server = $Emulator) { Get-AcceptedBatch $Server | ForEach-Object { $_.request.recipient_and_params } }

# Counters: requests (all but /_emulator), token_requests, batch_requests, cancel_requests, status_requests, accepted_batches,
# accepted_recipients, in_flight (requests the emulator holds now), max_in_flight.
function Get-EmulatorStats($Server = $Emulator) { Invoke-RestMethod "$($Server.Uri)/_emulator/stats" }

# Waits until something happened: the emulator answers when its counter reaches the value, and this returns its counters
# then, or throws at the deadline. The wait is on the event itself, so a busy machine makes it slower, never wrong.
function Wait-EmulatorCount([string] $Name, [long] $Value, [int] $TimeoutSeconds = 60, $Server = $Emulator) {
    $answer = Invoke-RestMethod "$($Server.Uri)/_emulator/wait?counter=$Name&at_least=$Value&timeout_seconds=$TimeoutSeconds" -TimeoutSec ($TimeoutSeconds + 30)
    if (-not $answer.reached) { throw "The emulator's $Name did not reach $Value in $TimeoutSeconds s; it is $($answer.stats.$Name)." }
    $answer.stats
}

# Waits until the emulator holds no request (each one it received has been answered, or given up by its client), and returns
# its counters then. Compared with counters taken as a command returned, they prove nothing more came of its requests.
function Wait-EmulatorIdle([int] $TimeoutSeconds = 60, $Server = $Emulator) {
    $answer = Invoke-RestMethod "$($Server.Uri)/_emulator/idle?timeout_seconds=$TimeoutSeconds" -TimeoutSec ($TimeoutSeconds + 30)
    if (-not $answer.reached) { throw "The emulator still held $($answer.stats.in_flight) requests after $TimeoutSeconds s." }
    $answer.stats
}

# Moves the emulator's clock forward, so scheduled batches come due without waiting.
function Move-EmulatorClock([double] $Seconds) {
    $null = Invoke-RestMethod -Method Post "$($Emulator.Uri)/_emulator/clock" -ContentType 'application/json' -Body (@{ advance_seconds = $Seconds } | ConvertTo-Json)
}

# Sends one scheduled batch per metadata value given and returns the results.
function Send-Scheduled([string[]] $Campaign = @('spring'), [datetime] $At = [datetime]::UtcNow.AddHours(1), [hashtable] $Parameters = $Connection) {
    foreach ($name in $Campaign) {
        @{ contact_id = "c-$name" } | Send-SinchBatch -AppId 'app' -Text 'Hi' -SendAfter $At -BatchMetadata @{ campaign = $name } @Parameters
    }
}

# Sets the fractions of requests the emulator answers badly (FaultOptions names: Dropped, InternalError,
# HtmlAnswer, ...); none given turns every fault off. Reset-Emulator keeps them.
function Set-EmulatorFault([hashtable] $Fault = @{}) {
    $null = Invoke-RestMethod -Method Post "$($Emulator.Uri)/_emulator/faults" -ContentType 'application/json' -Body ($Fault | ConvertTo-Json)
}

# Every token the emulator issued.
function Get-IssuedToken { @(Invoke-RestMethod "$($Emulator.Uri)/_emulator/tokens") }

# Ends every issued token early: the next request with one is answered 401.
function Revoke-EmulatorToken { $null = Invoke-RestMethod -Method Post "$($Emulator.Uri)/_emulator/revoke-tokens" }

# Makes the emulator's new tokens state this expires_in (it still takes them for its configured lifetime); 0 hands out tokens
# the module's own clock sees as lapsed, so a test proves renewal without waiting for time to pass. None given puts it back.
function Set-EmulatorTokenLifetime([Nullable[int]] $Seconds) {
    $null = Invoke-RestMethod -Method Post "$($Emulator.Uri)/_emulator/token-lifetime" -ContentType 'application/json' -Body (@{ expires_in = $Seconds } | ConvertTo-Json)
}

# How to start another pwsh like this one: the program, and the arguments that come before pwsh's own.
# Under `dotnet pwsh` the process is dotnet running pwsh.dll; elsewhere it is pwsh itself.
function Get-PwshLauncher {
    $runtime = [Environment]::ProcessPath
    [pscustomobject]@{
        Path   = $runtime
        Prefix = [string[]]@(if ([IO.Path]::GetFileNameWithoutExtension($runtime) -eq 'dotnet') { [Reflection.Assembly]::GetEntryAssembly().Location })
    }
}

# Writes a script for Invoke-Pwsh that takes the module's path and the emulator's URI, imports the module and
# holds the emulator's key in $key, then runs -Body; returns its path in TestDrive.
function New-SendScript([string] $Name, [string] $Body) {
    $path = Join-Path $TestDrive "$Name.ps1"
    Set-Content $path -Value (@'
param($Module, $Uri)
Import-Module $Module
$key = [pscredential]::new('emulator-key', (ConvertTo-SecureString 'emulator-secret' -AsPlainText -Force))

'@ + $Body)
    $path
}

# Runs a script in a new pwsh process, as a scheduler would: no profile, nothing interactive;
# with -Environment, under those environment variables.
function Invoke-Pwsh([string] $File, [string[]] $Arguments = @(), [hashtable] $Environment = @{}) {
    $pwsh = Get-PwshLauncher
    $prefix = $pwsh.Prefix
    $saved = @{}
    foreach ($name in $Environment.Keys) { $saved[$name] = [Environment]::GetEnvironmentVariable($name); [Environment]::SetEnvironmentVariable($name, $Environment[$name]) }
    try { & $pwsh.Path @prefix -NoProfile -NonInteractive -File $File @Arguments }
    finally { foreach ($name in $saved.Keys) { [Environment]::SetEnvironmentVariable($name, $saved[$name]) } }
}
