# Starts and stops the local Sinch batch emulator; dot-sourced by build.ps1 and the tests.

function Start-SinchEmulator {
    [CmdletBinding()]
    param(
        # The built SinchBatch.Emulator.dll.
        [Parameter(Mandatory)] [string] $Path,
        # Extra settings, e.g. '--Emulator:TokenLifetimeSeconds=2'.
        [string[]] $Setting = @()
    )
    $start = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($argument in @($Path, '--urls', 'http://127.0.0.1:0') + $Setting) { $start.ArgumentList.Add($argument) }
    $start.RedirectStandardOutput = $true
    $start.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($start)
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds(60)) -or $read.Result -notmatch 'listening on (http://\S+)') {
        $process.Kill()
        throw "The emulator did not start: $($read.Result)"
    }
    [pscustomobject]@{ Uri = $Matches[1]; Process = $process }
}

function Stop-SinchEmulator {
    param([Parameter(Mandatory)] $Emulator)
    if (-not $Emulator.Process.HasExited) {
        $Emulator.Process.Kill()
        $Emulator.Process.WaitForExit()
    }
}
