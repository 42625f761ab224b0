<#
.SYNOPSIS
    The three figures of issue 13 at -Count new offers, in one process, as wall time and as the pipeline thread's own CPU
    time: the Where-Object OfferId floor, the script function (SPEC B checks), Submit-Offer -Market allegro-cz on a fresh
    workspace, and Test-Offer. Fastest of -Repeat after a warm-up, held rows (as bench/pipeline/Measure-Pipeline.ps1).
.DESCRIPTION
    On a shared machine the wall time of a pipeline includes the time it waited for a core; its thread's CPU time does not
    (work Submit-Offer hands to another thread, the WAL checkpoints, is in the wall time only). Run it with the module
    imported:
        dotnet pwsh -NoProfile -c 'Import-Module ./out/ListingPs/ListingPs.psd1; ./bench/profile/Measure-ThreadCpu.ps1'
#>
param([int] $Count = 100000, [int] $Repeat = 3, [string] $Label = 'this build', [int] $Seed = 20230510,
    [string] $WorkDir = ([System.IO.Path]::Combine($PSScriptRoot, '..', '.data', 'profile')))
$ErrorActionPreference = 'Stop'
$inv = [cultureinfo]::InvariantCulture
Import-Module ([System.IO.Path]::Combine($PSScriptRoot, '..', 'pipeline', 'ListingPs.Bench.Pipeline', 'bin', 'Release', 'net8.0', 'ListingPs.Bench.Pipeline.dll'))
. ([System.IO.Path]::Combine($PSScriptRoot, '..', 'pipeline', 'Test-CzOffer.ps1'))
$null = [System.IO.Directory]::CreateDirectory($WorkDir)
$serial = 0
function New-Ws { $script:serial++; [System.IO.Path]::Combine($WorkDir, "cpu-$PID-$script:serial.db") }

$warm = [ListingPs.Bench.Pipeline.Rows]::Array(2000, 60000000, $null, $Seed)
$rows = [ListingPs.Bench.Pipeline.Rows]::Array($Count, 0, $null, $Seed)
for ($w = 0; $w -lt 3; $w++) {
    $null = $warm | Where-Object OfferId
    $null = $warm | Test-CzOffer
    $null = $warm | Submit-Offer -Market allegro-cz -Workspace (New-Ws) -WarningAction SilentlyContinue
    $null = $warm | Test-Offer -Market allegro-cz -Workspace (New-Ws)
    [System.Threading.Thread]::Sleep(300)
}
$steps = [ordered]@{
    'Where-Object OfferId'                         = { $rows | Where-Object OfferId | Out-Null }
    'script function (SPEC B checks)'              = { $rows | Test-CzOffer | Out-Null }
    'Submit-Offer -Market allegro-cz (new offers)' = { $rows | Submit-Offer -Market allegro-cz -Workspace (New-Ws) -WarningAction SilentlyContinue | Out-Null }
    'Test-Offer -Market allegro-cz'                = { $rows | Test-Offer -Market allegro-cz -Workspace (New-Ws) | Out-Null }
}
$best = @{}
for ($r = 0; $r -lt $Repeat; $r++) {
    foreach ($name in $steps.Keys) {   # interleaved: a burst of load hits every step alike
        [GC]::Collect(); [GC]::WaitForPendingFinalizers()
        $c0 = [ListingPs.Bench.Pipeline.ThreadCpu]::Seconds(); $t = [System.Diagnostics.Stopwatch]::StartNew()
        & $steps[$name]
        $wall = $t.Elapsed.TotalSeconds; $cpu = [ListingPs.Bench.Pipeline.ThreadCpu]::Seconds() - $c0
        if (-not $best.Contains($name)) { $best[$name] = @{ Wall = $wall; Cpu = $cpu } }
        if ($wall -lt $best[$name].Wall) { $best[$name].Wall = $wall }
        if ($cpu -lt $best[$name].Cpu) { $best[$name].Cpu = $cpu }
    }
}
$us = { param($s) $s * 1e6 / $Count }
"$Label, $($Count.ToString('N0', $inv)) held rows, fastest of $Repeat, load $((Get-Content /proc/loadavg -ErrorAction SilentlyContinue) -split ' ' | Select-Object -First 3)"
'| pipeline | us/offer wall | us/offer pipeline-thread CPU |'
'| --- | ---: | ---: |'
foreach ($name in $steps.Keys) { '| {0} | {1:0.00} | {2:0.00} |' -f $name, (& $us $best[$name].Wall), (& $us $best[$name].Cpu) }
$f = $best['Where-Object OfferId']; $s = $best['script function (SPEC B checks)']; $x = $best['Submit-Offer -Market allegro-cz (new offers)']
'Submit-Offer / floor: wall {0:0.0}x, CPU {1:0.0}x (target <= 2x); script / Submit-Offer: wall {2:0.0}x, CPU {3:0.0}x (target >= 5x)' -f `
    ($x.Wall / $f.Wall), ($x.Cpu / $f.Cpu), ($s.Wall / $x.Wall), ($s.Cpu / $x.Cpu)
Remove-Module ListingPs
foreach ($file in [System.IO.Directory]::GetFiles($WorkDir, "cpu-$PID-*")) { [System.IO.File]::Delete($file) }
