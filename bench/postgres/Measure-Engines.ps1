<#
.SYNOPSIS
    Submit-Offer of N offers into a SQLite file and into PostgreSQL in the same run, PostgreSQL with 1 and 4 workers, beside
    PostgreSQL's own insert rate (the floor).

.DESCRIPTION
    Run from the repository root with the module built (dotnet pwsh ./build.ps1 Build):

        dotnet pwsh -NoProfile ./bench/postgres/Measure-Engines.ps1 -Count 100000

    Starts a throwaway PostgreSQL cluster on 127.0.0.1 (tests/postgres/cluster.sh; stopped at the end) unless -Server gives
    one (a connection string). Makes N offers with examples/New-SampleAssortment.ps1 and times, each in a new pwsh process
    with the module imported:
      - sqlite       Import-Csv | Import-Offer, then Get-Offer | Submit-Offer -Market allegro-cz, into a new file;
      - postgres     the same into a new schema of the server;
      - postgres x4  four processes at once, each importing and submitting its own quarter of the offers, into one schema;
      - copy         Copy-Workspace of the SQLite run's workspace into a new schema and back into a new file, every table's
                     rows counted on both sides (the run fails when a count differs);
      - floor        PostgreSQL's own rate for the same rows: COPY of the offers' and shares' columns from CSV (psql \copy)
                     into plain tables of the same shape, and a prepared multi-row INSERT of them (1,000 rows a statement).
    Every timing is wall clock of the timed step alone (process start and module import excluded), fastest of -Repeat.
    Writes a Markdown table with offers per second and the ratios to the SQLite run and to the floor, and -Json the raw numbers.
#>
param(
    [int] $Count = 100000,
    [int] $Repeat = 1,
    [int] $Workers = 4,
    [string] $Server,
    [string] $Json,
    [string] $Module = (Join-Path $PSScriptRoot '../../out/ListingPs/ListingPs.psd1')
)
$ErrorActionPreference = 'Stop'
$root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$Module = (Resolve-Path $Module).ProviderPath
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$work = Join-Path ([IO.Path]::GetTempPath()) ('listingps-engines-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
$null = New-Item -ItemType Directory $work
$cluster = $null
if (-not $Server) {
    $cluster = Join-Path ([IO.Path]::GetTempPath()) ('listingps-pgbench-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $lines = & bash (Join-Path $root 'tests/postgres/cluster.sh') start $cluster
    if ($LASTEXITCODE) { throw "tests/postgres/cluster.sh start ended with $LASTEXITCODE" }
    foreach ($l in $lines) { if ($l -match "^LISTINGPS_TEST_POSTGRES='(.*)'$") { $Server = $Matches[1] } }
}

function Get-TimedScript([string] $Workspace, [string] $Csv) {
    <# A pwsh script: imports the module, then times Import-Offer and Submit-Offer of the CSV into the workspace; it prints
       "<import s> <submit s> <shared> <start ticks> <end ticks>" (UTC ticks of the timed part). #>
    @"
`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'
Import-Module '$Module'
`$env:LISTINGPS_WORKSPACE = '$Workspace'
`$null = Get-Market allegro-cz
`$rows = Import-Csv '$Csv'
`$start = [DateTime]::UtcNow.Ticks
`$t = [Diagnostics.Stopwatch]::StartNew()
`$rows | Import-Offer
`$i = `$t.Elapsed.TotalSeconds
`$n = @(`$rows | Submit-Offer -Market allegro-cz).Count
'{0} {1} {2} {3} {4}' -f `$i, (`$t.Elapsed.TotalSeconds - `$i), `$n, `$start, [DateTime]::UtcNow.Ticks
"@
}

function Start-Timed([string] $Workspace, [string] $Csv) {
    $psi = [Diagnostics.ProcessStartInfo]::new('dotnet')
    foreach ($a in $pwshDll, '-NoProfile', '-NonInteractive', '-EncodedCommand', [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes((Get-TimedScript $Workspace $Csv)))) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
    [Diagnostics.Process]::Start($psi)
}

function Receive-Timed([Diagnostics.Process] $Process) {
    $out = $Process.StandardOutput.ReadToEnd(); $err = $Process.StandardError.ReadToEnd(); $Process.WaitForExit()
    $last = @($out -split "`n" | Where-Object { $_.Trim() })[-1]
    if ($Process.ExitCode -or "$last" -notmatch '^[\d.]+ [\d.]+ \d+ \d+ \d+\s*$') { throw "timed run failed: $out $err" }
    $p = "$last".Trim().Split(' ')
    [pscustomobject]@{ Import = [double]$p[0]; Submit = [double]$p[1]; Shared = [int]$p[2]; Start = [long]$p[3]; End = [long]$p[4] }
}

function Invoke-Timed([string] $Workspace, [string] $Csv) { Receive-Timed (Start-Timed $Workspace $Csv) }

function New-Schema { '{0};Search Path=bench_{1}' -f $Server, [guid]::NewGuid().ToString('N').Substring(0, 12) }

try {
    & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$Module'; & '$(Join-Path $root 'examples/New-SampleAssortment.ps1')' -Count $Count -OutputDirectory '$work'" | Out-Null
    $csv = Join-Path $work 'assortment.csv'
    $all = Import-Csv $csv
    for ($w = 0; $w -lt $Workers; $w++) {
        $all | Where-Object { ([int]($_.OfferId -replace '\D', '')) % $Workers -eq $w } | Export-Csv (Join-Path $work "part-$w.csv")
    }
    $results = [ordered]@{}
    $best = { param($runs) $runs | Sort-Object { $_.Import + $_.Submit } | Select-Object -First 1 }

    $results.sqlite = & $best (1..$Repeat | ForEach-Object { Invoke-Timed (Join-Path $work ("sqlite-$_.db")) $csv })
    $results.postgres = & $best (1..$Repeat | ForEach-Object { Invoke-Timed (New-Schema) $csv })

    # Copy-Workspace: the SQLite run's workspace into a new schema, then that schema back into a new file.
    $toPg = New-Schema; $back = Join-Path $work 'back.db'
    $copyScript = @"
`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'
Import-Module '$Module'
`$t = [Diagnostics.Stopwatch]::StartNew()
`$there = @(Copy-Workspace -From '$(Join-Path $work 'sqlite-1.db')' -To '$toPg')
`$a = `$t.Elapsed.TotalSeconds
`$again = @(Copy-Workspace -From '$toPg' -To '$back')
`$b = `$t.Elapsed.TotalSeconds - `$a
foreach (`$r in `$there + `$again) { if (`$r.SourceRows -ne `$r.TargetRows) { throw "`$(`$r.Table): `$(`$r.SourceRows) rows in the source, `$(`$r.TargetRows) in the copy" } }
`$offers = (`$again | Where-Object Table -eq offers).TargetRows; `$shares = (`$again | Where-Object Table -eq shares).TargetRows
`$rows = (`$there | Measure-Object TargetRows -Sum).Sum
'{0} {1} {2} {3} {4}' -f `$a, `$b, `$rows, `$offers, `$shares
"@
    $out = & dotnet $pwshDll -NoProfile -NonInteractive -Command $copyScript
    if ($LASTEXITCODE) { throw "Copy-Workspace round trip failed: $out" }
    $c = "$(@($out)[-1])".Trim().Split(' ')
    $results.copy = [pscustomobject]@{ ToPostgres = [double]$c[0]; Back = [double]$c[1]; Rows = [long]$c[2]; Offers = [long]$c[3]; Shares = [long]$c[4] }
    if ($results.copy.Offers -ne $Count) { throw "the copy back holds $($results.copy.Offers) offers, not $Count" }

    # Four workers at once on one schema (made first, so that all four find it).
    $parallel = foreach ($r in 1..$Repeat) {
        $schema = New-Schema
        & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$Module'; `$null = Get-Offer -Workspace '$schema' -First 1" | Out-Null
        $procs = 0..($Workers - 1) | ForEach-Object { Start-Timed $schema (Join-Path $work "part-$_.csv") }
        $runs = $procs | ForEach-Object { Receive-Timed $_ }
        $wall = ((($runs | Measure-Object End -Maximum).Maximum) - (($runs | Measure-Object Start -Minimum).Minimum)) / 1e7
        [pscustomobject]@{ Wall = $wall; Runs = $runs; Shared = ($runs | Measure-Object Shared -Sum).Sum }
    }
    $results.parallel = $parallel | Sort-Object Wall | Select-Object -First 1

    # The floor: PostgreSQL's own insert rate for the same rows, COPY and a prepared multi-row INSERT.
    $b = [Data.Common.DbConnectionStringBuilder]::new(); $b.set_ConnectionString($Server)
    $env:PGPASSWORD = $b['Password']
    $psql = @('-h', $b['Host'], '-p', $b['Port'], '-U', $b['Username'], '-d', $b['Database'], '-v', 'ON_ERROR_STOP=1', '-q')
    $floorCsv = Join-Path $work 'floor.csv'
    $w = [IO.StreamWriter]::new($floorCsv)
    foreach ($o in $all) { $w.WriteLine(('"{0}","allegro-pl","{1}","{2}","{3}","BuyNow","Company",0,0,"","Active","{4}","{5}","New","Merchant","2026-12-07T00:00:00.0000000Z"' -f $o.OfferId, ($o.Title -replace '"', '""'), $o.Category, $o.Price, $o.DeliveryMethods, $o.Translations)) }
    $w.Close()
    $ddl = 'SET client_min_messages = warning; DROP TABLE IF EXISTS floor_offers; CREATE TABLE floor_offers(offer_id TEXT COLLATE "C" PRIMARY KEY, market TEXT, title TEXT, category TEXT, price TEXT, selling_format TEXT, account_type TEXT, b2b BIGINT, charity BIGINT, product_id TEXT, status TEXT, delivery TEXT, translations TEXT, condition TEXT, fulfillment TEXT, updated_at TEXT)'
    $t = [Diagnostics.Stopwatch]::StartNew()
    & psql @psql -c $ddl -c "\copy floor_offers FROM '$floorCsv' WITH (FORMAT csv)"
    if ($LASTEXITCODE) { throw 'psql \copy failed' }
    $copy = $t.Elapsed.TotalSeconds
    $insertSql = Join-Path $work 'floor-insert.sql'
    $sw = [IO.StreamWriter]::new($insertSql)
    $sw.WriteLine($ddl + ';')
    $sw.WriteLine('BEGIN;')
    for ($i = 0; $i -lt $all.Count; $i += 1000) {
        $values = $all[$i..([Math]::Min($i + 999, $all.Count - 1))] | ForEach-Object { "('{0}','allegro-pl','{1}','{2}','{3}','BuyNow','Company',0,0,'','Active','{4}','{5}','New','Merchant','2026-12-07T00:00:00.0000000Z')" -f $_.OfferId, ($_.Title -replace "'", "''"), $_.Category, $_.Price, $_.DeliveryMethods, $_.Translations }
        $sw.WriteLine('INSERT INTO floor_offers VALUES ' + ($values -join ',') + ';')
    }
    $sw.WriteLine('COMMIT;')
    $sw.Close()
    $t = [Diagnostics.Stopwatch]::StartNew()
    & psql @psql -f $insertSql
    if ($LASTEXITCODE) { throw 'psql multi-row INSERT failed' }
    $insert = $t.Elapsed.TotalSeconds

    $rate = { param($seconds) [math]::Round($Count / $seconds) }
    $s = $results.sqlite; $p = $results.postgres; $x = $results.parallel
    $rows = @(
        [pscustomobject]@{ Run = 'SQLite file, Import-Offer'; Seconds = $s.Import; PerSecond = & $rate $s.Import }
        [pscustomobject]@{ Run = 'SQLite file, Submit-Offer'; Seconds = $s.Submit; PerSecond = & $rate $s.Submit }
        [pscustomobject]@{ Run = 'PostgreSQL, Import-Offer'; Seconds = $p.Import; PerSecond = & $rate $p.Import }
        [pscustomobject]@{ Run = 'PostgreSQL, Submit-Offer'; Seconds = $p.Submit; PerSecond = & $rate $p.Submit }
        [pscustomobject]@{ Run = "PostgreSQL, $Workers workers at once (import + submit, wall)"; Seconds = $x.Wall; PerSecond = & $rate $x.Wall }
        [pscustomobject]@{ Run = "Copy-Workspace SQLite -> PostgreSQL ($($results.copy.Rows) rows, every table)"; Seconds = $results.copy.ToPostgres; PerSecond = & $rate $results.copy.ToPostgres }
        [pscustomobject]@{ Run = "Copy-Workspace PostgreSQL -> SQLite ($($results.copy.Offers) offers, $($results.copy.Shares) shares back)"; Seconds = $results.copy.Back; PerSecond = & $rate $results.copy.Back }
        [pscustomobject]@{ Run = 'PostgreSQL floor: COPY of the offers'; Seconds = $copy; PerSecond = & $rate $copy }
        [pscustomobject]@{ Run = 'PostgreSQL floor: multi-row INSERT of the offers'; Seconds = $insert; PerSecond = & $rate $insert }
    )
    "| Run ($Count offers) | Seconds | Offers/s |"
    '| --- | --- | --- |'
    foreach ($r in $rows) { '| {0} | {1:N2} | {2:N0} |' -f $r.Run, $r.Seconds, $r.PerSecond }
    ''
    'PostgreSQL / SQLite: import {0:N2}x, submit {1:N2}x the time; PostgreSQL import / COPY floor {2:N1}x; {3} workers: {4:N2}x the one-worker import + submit' -f `
        ($p.Import / $s.Import), ($p.Submit / $s.Submit), ($p.Import / $copy), $Workers, ($x.Wall / ($p.Import + $p.Submit))
    if ($Json) { [ordered]@{ Count = $Count; Sqlite = $s; Postgres = $p; Parallel = $x; RoundTrip = $results.copy; Copy = $copy; Insert = $insert } | ConvertTo-Json -Depth 5 | Set-Content $Json }
}
finally {
    Remove-Item -Recurse -Force $work -ErrorAction SilentlyContinue
    if ($cluster) { & bash (Join-Path $root 'tests/postgres/cluster.sh') stop $cluster | Out-Null }
}
