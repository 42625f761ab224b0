<#
.SYNOPSIS
Kills a ListingPs pipeline with SIGKILL at -Kills random points, checks the workspace after each kill, reruns the same
command and compares the end state with an uninterrupted run.

.DESCRIPTION
The command is CrashJob.ps1 (one pwsh process: Import-Offer, Submit-Offer -Market allegro-cz, Invoke-VisibilityCheck,
Set-OfferCzkPrice, the amazon sample, New-MarketConnection, Set-ExchangeRate and Sync-MarketConnection). First one
uninterrupted run on a fresh workspace gives the reference end state and its duration T. Then, -Kills times, on a fresh
workspace: start the command armed to be SIGKILLed (no finally block, no commit, no Dispose runs) a random part of step
k mod 7's length in the uninterrupted run (seeded by -Seed) after that step starts (CrashJob.ps1 -KillAt, timed in the
process itself), and check the file as the kill left it:
  - PRAGMA integrity_check is ok;
  - whole records only: every share, reason index row, connection target and connection report row has its offer or
    connection; every stored offer has all its fields (title, price, the CSV's values); each share's reason index rows
    are exactly the codes of its reasons;
then rerun the same command to its end and compare a canonical dump of every table (every column except the *_at
timestamps and the last run's tally, connections.summary; rows sorted) with the reference. Prints one line per kill (time into the step it was aimed at, the step the kill landed in, what was
stored) and a summary; exits 1 when any check fails.

.EXAMPLE
dotnet pwsh -NoProfile ./bench/stress/Invoke-Crash.ps1 -Kills 50 -Seed 1
#>
param(
    [int] $Kills = 50,
    [int] $Seed = 1,
    [int] $Offers = 3000,
    [string] $WorkDir = (Join-Path ([IO.Path]::GetTempPath()) ('listingps-crash-' + [guid]::NewGuid().ToString('N').Substring(0, 8))),
    [string] $Module = (Join-Path $PSScriptRoot '../../out/ListingPs/ListingPs.psd1'),
    [string] $Json
)
$ErrorActionPreference = 'Stop'
$Module = (Resolve-Path $Module).ProviderPath
. (Join-Path $PSScriptRoot 'Sqlite.ps1') -ModuleDir (Split-Path $Module)
$null = New-Item -ItemType Directory -Force $WorkDir
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$job = Join-Path $PSScriptRoot 'CrashJob.ps1'
$rng = [Random]::new($Seed)

function Start-Job([string] $Workspace, [string] $Phases, [string] $Name, [string] $KillAt, [int] $KillAfterMs) {
    $env:LISTINGPS_WORKSPACE = $Workspace
    $arguments = @($pwshDll, '-NoProfile', '-NonInteractive', '-File', $job, '-Module', $Module, '-Offers', $Offers, '-Phases', $Phases)
    if ($KillAt) { $arguments += '-KillAt', $KillAt, '-KillAfterMs', $KillAfterMs }
    Start-Process dotnet -ArgumentList $arguments `
        -RedirectStandardOutput (Join-Path $WorkDir "$Name.out") -RedirectStandardError (Join-Path $WorkDir "$Name.err") -PassThru
}
function Invoke-Job([string] $Workspace, [string] $Name) {
    $p = Start-Job $Workspace (Join-Path $WorkDir "$Name.phases") $Name
    $p | Wait-Process -Timeout 600
    $err = Get-Content (Join-Path $WorkDir "$Name.err") -Raw -ErrorAction SilentlyContinue
    if ($p.ExitCode -ne 0 -or $err) { throw "$Name failed (exit $($p.ExitCode)): $err" }
}
function Get-Dump([string] $Workspace) {
    # Every table, every column but the *_at timestamps, rows sorted: one text per table.
    $dump = [ordered]@{}
    foreach ($t in Invoke-SqliteQuery $Workspace "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name") {
        # connections.summary is the last run's tally (what that run changed), not state: a rerun after a finished run
        # changes nothing and says so.
        $cols = @(Invoke-SqliteQuery $Workspace "PRAGMA table_info('$($t.name)')" | Where-Object { $_.name -notmatch '_at$' -and -not ($t.name -eq 'connections' -and $_.name -eq 'summary') } | ForEach-Object { '"' + $_.name + '"' })
        $rows = @(Invoke-SqliteQuery $Workspace "SELECT $($cols -join ', ') FROM ""$($t.name)""" | ForEach-Object { ($_.PSObject.Properties.Value | ForEach-Object { "$_" }) -join "`t" } | Sort-Object -CaseSensitive)
        $dump[$t.name] = $rows -join "`n"
    }
    $dump
}
function Test-Whole([string] $Workspace, [System.Collections.Specialized.OrderedDictionary] $Reference) {
    # What a kill may leave: returns the broken rules (none when the file holds whole records only).
    $bad = @()
    $integrity = @(Invoke-SqliteQuery $Workspace 'PRAGMA integrity_check').integrity_check -join '; '
    if ($integrity -ne 'ok') { $bad += "integrity_check: $integrity" }
    $tables = @(Invoke-SqliteQuery $Workspace "SELECT name FROM sqlite_master WHERE type = 'table'").name
    # Killed while the file was being made: creating it is one transaction, so it holds no tables yet (nothing to be half).
    if ($tables.Count -eq 0) { return $bad }
    $checks = [ordered]@{
        'shares without their offer'          = 'SELECT count(*) AS n FROM shares s WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.offer_id = s.offer_id)'
        'reason rows without their share'     = 'SELECT count(*) AS n FROM share_reasons r WHERE NOT EXISTS (SELECT 1 FROM shares s WHERE s.market = r.market AND s.offer_id = r.offer_id)'
        'shares whose reason rows differ'     = "SELECT count(*) AS n FROM shares s WHERE s.reasons <> '' AND (SELECT count(*) FROM share_reasons r WHERE r.market = s.market AND r.offer_id = s.offer_id) = 0"
        'reasonless shares with reason rows'  = "SELECT count(*) AS n FROM shares s WHERE s.reasons = '' AND EXISTS (SELECT 1 FROM share_reasons r WHERE r.market = s.market AND r.offer_id = s.offer_id)"
    }
    if ($tables -contains 'connections') {
        $checks['connection targets without their connection'] = 'SELECT count(*) AS n FROM connection_targets t WHERE NOT EXISTS (SELECT 1 FROM connections c WHERE c.connection_id = t.connection_id)'
        $checks['report rows without their connection'] = 'SELECT count(*) AS n FROM connection_offers o WHERE NOT EXISTS (SELECT 1 FROM connections c WHERE c.connection_id = o.connection_id)'
        $checks['connections without every source offer x target'] = "SELECT count(*) AS n FROM connections c WHERE (SELECT count(*) FROM connection_offers o WHERE o.connection_id = c.connection_id) <> (SELECT count(*) FROM connection_targets t WHERE t.connection_id = c.connection_id) * (SELECT count(*) FROM offers f WHERE f.market = c.source)"
    }
    foreach ($k in $checks.Keys) { $n = (Invoke-SqliteQuery $Workspace $checks[$k]).n; if ($n) { $bad += "${n} $k" } }
    if ($Reference) {
        # Every stored offer is whole: all its fields as the uninterrupted run stored them (the same CSV rows).
        $cols = @(Invoke-SqliteQuery $Workspace "PRAGMA table_info('offers')" | Where-Object { $_.name -notmatch '_at$' } | ForEach-Object { '"' + $_.name + '"' })
        $ref = [Collections.Generic.HashSet[string]]::new([string[]]@($Reference.offers -split "`n"))
        $half = @(Invoke-SqliteQuery $Workspace "SELECT $($cols -join ', ') FROM offers" | ForEach-Object { ($_.PSObject.Properties.Value | ForEach-Object { "$_" }) -join "`t" } | Where-Object { -not $ref.Contains($_) })
        if ($half) { $bad += "$($half.Count) offers differ from their whole record, e.g. $($half[0])" }
    }
    $bad
}

# The reference: one uninterrupted run.
$refWs = Join-Path $WorkDir 'reference.db'
Remove-Item "$refWs*", (Join-Path $WorkDir 'reference.phases') -ErrorAction SilentlyContinue
$sw = [Diagnostics.Stopwatch]::StartNew()
$refStart = [DateTime]::UtcNow.Ticks
Invoke-Job $refWs 'reference'
$fullMs = $sw.ElapsedMilliseconds
$reference = Get-Dump $refWs
$refBad = @(Test-Whole $refWs)
if ($refBad) { throw "the uninterrupted run breaks a rule: $($refBad -join '; ')" }
# The steps' windows in the uninterrupted run (ms from the start of the process): kill k lands in step k mod 7, so that
# every step is hit.
$marks = @(Get-Content (Join-Path $WorkDir 'reference.phases') | ForEach-Object { $t, $n = $_ -split ' '; [pscustomobject]@{ Ms = [int](([long]$t - $refStart) / 10000); Name = $n } })
$windows = for ($i = 0; $i -lt $marks.Count - 1; $i++) { [pscustomobject]@{ Name = $marks[$i].Name; From = $marks[$i].Ms; To = [Math]::Max($marks[$i].Ms + 1, $marks[$i + 1].Ms) } }
"steps (ms): " + (@($windows | ForEach-Object { '{0} {1}-{2}' -f $_.Name, $_.From, $_.To }) -join ', ')
"reference: $fullMs ms, $(@($reference.offers -split "`n").Count) offers, $(@($reference.shares -split "`n").Count) shares, $(@($reference.connection_offers -split "`n").Count) connection rows"

$results = foreach ($k in 1..$Kills) {
    $ws = Join-Path $WorkDir "kill-$k.db"; $phases = Join-Path $WorkDir "kill-$k.phases"
    Remove-Item "$ws*", $phases -ErrorAction SilentlyContinue
    $w = $windows[($k - 1) % $windows.Count]
    $into = $rng.Next(0, $w.To - $w.From)
    $p = Start-Job $ws $phases "kill-$k" $w.Name $into
    $delay = $into
    $null = $p.WaitForExit(120000)
    if (-not $p.HasExited) { Stop-Process -Id $p.Id -Force -ErrorAction SilentlyContinue; $p.WaitForExit() }   # the step never came
    $finishedFirst = $p.ExitCode -eq 0
    $seen = @(Get-Content $phases -ErrorAction SilentlyContinue)
    $phase = if ($finishedFirst) { 'finished' } elseif ($seen) { ($seen[-1] -split ' ')[1] } else { 'startup' }
    $bad = @()
    $stored = ''
    if (Test-Path $ws) {
        $bad += Test-Whole $ws $reference
        $stored = if (@(Invoke-SqliteQuery $ws "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'offers'").Count -eq 0) { 'a file with no tables yet' }
            else { '{0} offers, {1} shares' -f (Invoke-SqliteQuery $ws 'SELECT count(*) AS n FROM offers').n, (Invoke-SqliteQuery $ws 'SELECT count(*) AS n FROM shares').n }
    }
    else { $stored = 'no file yet' }
    Remove-Item $phases -ErrorAction SilentlyContinue
    Invoke-Job $ws "rerun-$k"
    $bad += Test-Whole $ws $reference
    $dump = Get-Dump $ws
    foreach ($t in $reference.Keys) { if ($dump[$t] -ne $reference[$t]) { $bad += "table $t differs from the uninterrupted run" } }
    foreach ($t in $dump.Keys) { if (-not $reference.Contains($t)) { $bad += "table $t is not in the uninterrupted run" } }
    $r = [pscustomobject]@{ Kill = $k; DelayMs = $delay; Phase = $phase; AtKill = $stored; Ok = -not $bad; Problems = $bad -join '; ' }
    Write-Host ('kill {0,2}: {1,5} ms in {2,-10} left {3}: {4}' -f $k, $delay, $phase, $stored, $(if ($bad) { $bad -join '; ' } else { 'whole; rerun = uninterrupted run' }))
    Remove-Item "$ws*" -ErrorAction SilentlyContinue
    $r
}
$summary = [pscustomobject][ordered]@{
    Kills = $Kills; Seed = $Seed; Offers = $Offers; UninterruptedMs = $fullMs
    ByPhase = (@($results | Group-Object Phase | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ' ')
    Passed = @($results | Where-Object Ok).Count; Failed = @($results | Where-Object { -not $_.Ok }).Count
    Failures = @($results | Where-Object { -not $_.Ok } | ForEach-Object { "kill $($_.Kill) ($($_.Phase), $($_.DelayMs) ms): $($_.Problems)" })
    WorkDir = $WorkDir
}
if ($Json) { $summary | ConvertTo-Json -Depth 4 | Set-Content $Json }
$summary
if ($summary.Failed) { exit 1 }
