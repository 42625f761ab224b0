<#
.SYNOPSIS
    The traced process of bench/profile.sh (issue 13): Submit-Offer -Market allegro-cz of -Count new offers, -Runs times,
    each on a fresh workspace, after a warm-up; the same rows as the pipeline bench (held in a variable).
.DESCRIPTION
    Writes its process id to -ReadyFile once warm, then waits for -GoFile (bench/profile.sh attaches dotnet-trace in
    between), runs the timed pipelines and exits. Also prints the Where-Object floor and Test-Offer of the same rows,
    timed before the trace starts (the per-offer split of the trace is read against them).
#>
param(
    [int] $Count = 100000,
    [int] $Runs = 3,
    [Parameter(Mandatory)] [string] $ReadyFile,
    [Parameter(Mandatory)] [string] $GoFile,
    [string] $WorkDir = ([System.IO.Path]::Combine($PSScriptRoot, '..', '.data', 'profile')),
    [int] $Seed = 20230510
)
$ErrorActionPreference = 'Stop'
$helper = [System.IO.Path]::Combine($PSScriptRoot, '..', 'pipeline', 'ListingPs.Bench.Pipeline', 'bin', 'Release', 'net8.0', 'ListingPs.Bench.Pipeline.dll')
Import-Module $helper
$null = [System.IO.Directory]::CreateDirectory($WorkDir)
$serial = 0
function New-Ws { $script:serial++; [System.IO.Path]::Combine($WorkDir, "trace-$PID-$script:serial.db") }

$warm = [ListingPs.Bench.Pipeline.Rows]::Array(2000, 60000000, $null, $Seed)
$rows = [ListingPs.Bench.Pipeline.Rows]::Array($Count, 0, $null, $Seed)
for ($w = 0; $w -lt 3; $w++) {
    $null = $warm | Where-Object OfferId
    $null = $warm | Submit-Offer -Market allegro-cz -Workspace (New-Ws) -WarningAction SilentlyContinue
    $null = $warm | Test-Offer -Market allegro-cz -Workspace (New-Ws)
    [System.Threading.Thread]::Sleep(300)
}
$t = [System.Diagnostics.Stopwatch]::StartNew(); $rows | Where-Object OfferId | Out-Null; $floor = $t.Elapsed.TotalSeconds
$t = [System.Diagnostics.Stopwatch]::StartNew(); $rows | Test-Offer -Market allegro-cz -Workspace (New-Ws) | Out-Null; $test = $t.Elapsed.TotalSeconds
'untraced: Where-Object OfferId {0:N2} us/offer, Test-Offer {1:N2} us/offer' -f ($floor * 1e6 / $Count), ($test * 1e6 / $Count)

[System.IO.File]::WriteAllText($ReadyFile, "$PID")
while (-not [System.IO.File]::Exists($GoFile)) { [System.Threading.Thread]::Sleep(50) }
[System.Threading.Thread]::Sleep(500)
for ($r = 0; $r -lt $Runs; $r++) {
    $t = [System.Diagnostics.Stopwatch]::StartNew()
    $rows | Submit-Offer -Market allegro-cz -Workspace (New-Ws) -WarningAction SilentlyContinue | Out-Null
    'traced: Submit-Offer -Market allegro-cz (new offers) {0:N2} us/offer' -f ($t.Elapsed.TotalSeconds * 1e6 / $Count)
}
Remove-Module ListingPs
foreach ($f in [System.IO.Directory]::GetFiles($WorkDir, "trace-$PID-*")) { [System.IO.File]::Delete($f) }
