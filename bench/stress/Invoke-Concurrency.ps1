<#
.SYNOPSIS
Starts -Processes real pwsh processes with the built module on one workspace for -Seconds and checks what they did.

.DESCRIPTION
Setup (one pwsh): 20 shared offers S00..S19 imported, shared to allegro-cz and given an own CZK price; 40 offers of the
amazon sample (examples/amazon-offers.csv) and the USD->CAD rate. Then every writer (ConcurrencyWorker.ps1) races the
others to create the one amazon-us -> amazon-ca, amazon-mx connection and, until the time is up, loops: Import-Offer of
three offers of its own and two shared ones (new base prices), Submit-Offer -Market allegro-cz of its three,
Set-OfferCzkPrice on a shared offer, every third round a new amazon source price and Sync-MarketConnection, and a read
with Get-VerificationStatus. Each completed command is logged with its start and end time.

Checks, after every writer exited:
  - no error reached any process (none at all; 'database is locked' / SQLITE_BUSY counted apart);
  - records in = records stored: every offer a process imported is stored, with its price when nobody else wrote it;
    every offer it submitted has its allegro-cz share;
  - serial order, per key: for each written value (an offer's base price, a shared offer's CZK price) the final value is
    one written by a "last" write: a completed write W such that no other write of that key started after W ended.
    Writes that overlap in time may land in either order; one that started after another ended must land after it,
    so any other final value is a lost update;
  - readers: every Get-VerificationStatus saw all of its process's completed shares and all shared offers;
  - exactly one connection exists (one writer won the race), every share has its offer, PRAGMA integrity_check is ok.
Writes a summary object (and -Json to a file); exits 1 when a check fails.

The workspace: by default a fresh SQLite file in -WorkDir. -Workspace with a PostgreSQL connection string (or a
postgres:// URI) runs the same writers and the same checks on PostgreSQL: the writers get it through
$env:LISTINGPS_WORKSPACE, the checker queries it with the module's own Npgsql (Query.ps1). The checks need a fresh
workspace: without a Search Path the script adds one of its own, conc_<random> (the module creates it; the script drops
it at the end when every check passed), and a Search Path given must name a schema without tables. -Postgres starts a
throwaway cluster (tests/postgres/cluster.sh start, a directory under /tmp), runs there in schema conc_<random>, and
stops and removes the cluster at the end (its server log is copied to -WorkDir first); exit code 3 when there are no
PostgreSQL server binaries. On PostgreSQL the SQLite-only SQL has its PostgreSQL form (information_schema.tables of
current_schema(), IS DISTINCT FROM), and integrity_check is amcheck (verify_heapam on every table, bt_index_check with
heapallindexed on every B-tree index of the schema): with -Postgres as the cluster's superuser (installing the
extension), with -Workspace only when amcheck is installed and the user may run it, else Integrity is 'n/a (server)'
(IntegrityCheck says which). With -Postgres, ERROR lines of the server log are reported too (ServerErrors), and any of
them that is a deadlock, a serialization failure or a lock timeout is a failure even if no writer saw it.
Errors count as Locked when they say locked, busy, deadlock, serializ(ation), lock timeout, or carry SQLSTATE 40P01,
40001 or 55P03. Load: the 1-minute load average (/proc/loadavg) sampled every 5 s while the writers ran, lowest-highest.

.EXAMPLE
dotnet pwsh -NoProfile ./bench/stress/Invoke-Concurrency.ps1 -Processes 4 -Seconds 60

.EXAMPLE
dotnet pwsh -NoProfile ./bench/stress/Invoke-Concurrency.ps1 -Processes 8 -Seconds 60 -Postgres

.EXAMPLE
dotnet pwsh -NoProfile ./bench/stress/Invoke-Concurrency.ps1 -Workspace 'Host=127.0.0.1;Port=5432;Username=listingps;Password=...;Database=listingps'
#>
param(
    [int] $Processes = 4,
    [double] $Seconds = 60,
    [string] $WorkDir = (Join-Path ([IO.Path]::GetTempPath()) ('listingps-conc-' + [guid]::NewGuid().ToString('N').Substring(0, 8))),
    [string] $Module = (Join-Path $PSScriptRoot '../../out/ListingPs/ListingPs.psd1'),
    [int] $Seed = 1,
    [string] $Json,
    # A SQLite file (default: workspace.db in -WorkDir, deleted first) or a PostgreSQL connection string / postgres:// URI.
    [string] $Workspace,
    # Start a throwaway PostgreSQL cluster (tests/postgres/cluster.sh) and run on it.
    [switch] $Postgres
)
$ErrorActionPreference = 'Stop'
$Module = (Resolve-Path $Module).ProviderPath
. (Join-Path $PSScriptRoot 'Query.ps1') -ModuleDir (Split-Path $Module)
$null = New-Item -ItemType Directory -Force $WorkDir
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$shared = 20
$procs = @()
$cluster = $null          # -Postgres: the cluster's directory, port and socket
$madeSchema = $null       # a schema conc_<random> this script chose (dropped at the end when every check passed)
try {   # (the body is not indented, to keep the SQLite run's lines as they were; the finally block ends the cluster)
if ($Postgres -and $Workspace) { throw '-Postgres starts a cluster of its own: give -Workspace or -Postgres, not both.' }
if ($Postgres) {
    $dir = Join-Path '/tmp' ('lpconc-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $lines = @(& bash (Join-Path $PSScriptRoot '../../tests/postgres/cluster.sh') start $dir)
    if ($LASTEXITCODE -eq 3) { Write-Warning 'no PostgreSQL server binaries (tests/postgres/cluster.sh exit 3): nothing run'; exit 3 }
    if ($LASTEXITCODE) { throw "tests/postgres/cluster.sh start $dir failed ($LASTEXITCODE)" }
    $cluster = @{ Dir = $dir }
    foreach ($l in $lines) {
        if ($l -match "^LISTINGPS_TEST_POSTGRES='(.*)'$") { $Workspace = $Matches[1] }
        elseif ($l -match '^PGPORT=(\d+)$') { $cluster.Port = $Matches[1] }
        elseif ($l -match '^PG_SOCKET_DIR=(.+)$') { $cluster.Socket = $Matches[1] }
    }
    if (-not $Workspace) { throw "tests/postgres/cluster.sh start printed no LISTINGPS_TEST_POSTGRES line" }
}
$isPg = $Workspace -and (Test-PostgresWorkspace $Workspace)
if ($isPg) {
    $b = [Npgsql.NpgsqlConnectionStringBuilder]::new((Get-PostgresConnectionString $Workspace))
    if (-not $b.SearchPath) { $madeSchema = 'conc_' + [guid]::NewGuid().ToString('N').Substring(0, 8); $b.SearchPath = $madeSchema }
    $ws = $b.ConnectionString
    $schema = $b.SearchPath.Split(',')[0].Trim().Trim('"')
    try { $held = @(Invoke-PostgresQuery $ws "SELECT table_name FROM information_schema.tables WHERE table_schema = '$($schema.Replace("'", "''"))'") }
    catch { if ("$($_.Exception.InnerException.SqlState)" -eq '3D000') { $held = @() } else { throw } }   # no such database yet: the module creates it
    if ($held) { throw "schema '$schema' of $(Get-WorkspaceDisplay $ws) already holds tables ($(@($held.table_name)[0..4] -join ', ')); the checks need a fresh workspace: give a Search Path of a new schema, or none (the script then picks conc_<random>)" }
}
else {
    if ($Workspace) {
        # A file of the caller's is never deleted: the checks need a fresh workspace, so it must not exist yet.
        $ws = [IO.Path]::GetFullPath($Workspace)
        if (Test-Path $ws) { throw "$ws exists; the checks need a fresh workspace: give a file that does not exist yet, or no -Workspace" }
    }
    else {
        $ws = Join-Path $WorkDir 'workspace.db'
        Remove-Item "$ws*" -ErrorAction SilentlyContinue
    }
    $engine = 'SQLite'
}
$env:LISTINGPS_WORKSPACE = $ws

# Setup, logged as writer -1 so that its writes take part in the serial-order check.
$setupLog = Join-Path $WorkDir 'setup.jsonl'
$setup = @"
`$ErrorActionPreference = 'Stop'; `$ProgressPreference = 'SilentlyContinue'
Import-Module '$Module'
`$t0 = [DateTime]::UtcNow.Ticks
`$rows = 0..$($shared - 1) | ForEach-Object { [pscustomobject]@{ OfferId = 'S{0:D2}' -f `$_; Title = 'Shared'; Category = 'Elektronika/Telefony'; Price = '45.00'; SellingFormat = 'BuyNow'; AccountType = 'Company'; B2BOnly = 'False'; Charity = '0'; ProductId = 'P-1'; Status = 'Active'; DeliveryMethods = 'allegro-dhl-cz;allegro-dpd-pl'; Translations = 'cs-CZ' } }
`$rows | Import-Offer
`$null = Get-Offer -OfferId 'S*' | Submit-Offer -Market allegro-cz
`$null = Get-Offer -OfferId 'S*' | Set-OfferCzkPrice -Price 270
`$amazon = @(Import-Csv '$PSScriptRoot/../../examples/amazon-offers.csv' | Select-Object -First 40)
`$amazon | Import-Offer
`$null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
`$t1 = [DateTime]::UtcNow.Ticks
`$data = @(`$rows | ForEach-Object { @{ id = `$_.OfferId; price = `$_.Price } }) + @(`$amazon | ForEach-Object { @{ id = `$_.OfferId; price = `$_.Price } })
Add-Content '$setupLog' ([ordered]@{ p = -1; op = 'import'; t0 = `$t0; t1 = `$t1; data = `$data; errors = @() } | ConvertTo-Json -Compress -Depth 5)
foreach (`$r in `$rows) { Add-Content '$setupLog' ([ordered]@{ p = -1; op = 'price'; t0 = `$t0; t1 = `$t1; data = @{ id = `$r.OfferId; price = 270 }; errors = @() } | ConvertTo-Json -Compress -Depth 5) }
"@
Remove-Item $setupLog -ErrorAction SilentlyContinue
& dotnet $pwshDll -NoProfile -NonInteractive -Command $setup
if ($LASTEXITCODE) { throw "setup failed ($LASTEXITCODE)" }
if ($isPg) { $engine = 'PostgreSQL ' + (Invoke-PostgresQuery $ws 'SHOW server_version').server_version }

# The writers, all at once.
$worker = Join-Path $PSScriptRoot 'ConcurrencyWorker.ps1'
$procs = foreach ($i in 0..($Processes - 1)) {
    $log = Join-Path $WorkDir "writer-$i.jsonl"; Remove-Item $log -ErrorAction SilentlyContinue
    Start-Process dotnet -ArgumentList @($pwshDll, '-NoProfile', '-NonInteractive', '-File', $worker, '-Index', $i, '-Seconds', $Seconds, '-Log', $log, '-Module', $Module, '-Shared', $shared, '-Seed', $Seed) `
        -RedirectStandardOutput (Join-Path $WorkDir "writer-$i.out") -RedirectStandardError (Join-Path $WorkDir "writer-$i.err") -PassThru
}
$started = [DateTime]::UtcNow
# Wait for them (at most -Seconds + 300 s), sampling the machine's 1-minute load average every 5 s.
$loads = [Collections.Generic.List[double]]::new()
$sampleLoad = { if (Test-Path /proc/loadavg) { $loads.Add([double]::Parse((Get-Content /proc/loadavg).Split(' ')[0], [Globalization.CultureInfo]::InvariantCulture)) } }
& $sampleLoad
$nextSample = $started.AddSeconds(5)
while (@($procs | Where-Object { -not $_.HasExited }).Count) {
    if (([DateTime]::UtcNow - $started).TotalSeconds -gt $Seconds + 300) { throw "writers still running $([int]$Seconds + 300) s after the start" }
    if ([DateTime]::UtcNow -ge $nextSample) { & $sampleLoad; $nextSample = $nextSample.AddSeconds(5) }
    Start-Sleep -Milliseconds 250
}
$procs | Wait-Process
$elapsed = ([DateTime]::UtcNow - $started).TotalSeconds
& $sampleLoad

# What they did.
$ops = @(Get-Content $setupLog) + @(0..($Processes - 1) | ForEach-Object { Get-Content (Join-Path $WorkDir "writer-$_.jsonl") -ErrorAction SilentlyContinue }) |
    Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json }
$failures = [Collections.Generic.List[string]]::new()
$errors = @($ops | ForEach-Object { foreach ($e in $_.errors) { "writer $($_.p) $($_.op): $e" } })
$errors += @(0..($Processes - 1) | ForEach-Object { Get-Content (Join-Path $WorkDir "writer-$_.err") -ErrorAction SilentlyContinue } | Where-Object { $_ } | ForEach-Object { "stderr: $_" })
$serverErrors = @()
if ($cluster) {
    # The server's own log: every ERROR of the run, whether or not it reached a writer (the engine may catch some).
    Copy-Item (Join-Path $cluster.Dir 'log') (Join-Path $WorkDir 'postgres.log') -ErrorAction SilentlyContinue
    $serverErrors = @(Get-Content (Join-Path $WorkDir 'postgres.log') -ErrorAction SilentlyContinue | Where-Object { $_ -match '\b(ERROR|FATAL|PANIC):' })
    $errors += @($serverErrors | Where-Object { $_ -match 'deadlock|serializ|lock timeout|lock_timeout|canceling statement due to lock' } | ForEach-Object { "server log: $_" })
}
$locked = @($errors | Where-Object { $_ -match 'locked|busy|deadlock|serializ|lock timeout|lock_timeout|40P01|40001|55P03' })
foreach ($e in $errors | Select-Object -First 20) { $failures.Add($e) }
foreach ($p in $procs) { if ($p.ExitCode -ne 0) { $failures.Add("writer exited with $($p.ExitCode)") } }

$offers = @{}; foreach ($r in Invoke-WorkspaceQuery $ws 'SELECT offer_id, price FROM offers') { $offers[$r.offer_id] = $r.price }
$czk = @{}; foreach ($r in Invoke-WorkspaceQuery $ws "SELECT offer_id, price FROM shares WHERE market = 'allegro-cz'") { $czk[$r.offer_id] = $r.price }

function Test-SerialOrder([string] $What, [object[]] $Writes, [hashtable] $Stored) {
    # $Writes: @{ id; value; t0; t1 } of completed writes. Per key, the final value must be written by a write that no other
    # write of the key started after; returns the number of keys checked.
    $keys = 0
    foreach ($g in $Writes | Group-Object id) {
        $keys++
        $maxStart = ($g.Group | Measure-Object t0 -Maximum).Maximum
        $last = @($g.Group | Where-Object { $_.t1 -ge $maxStart -or $_.t0 -eq $maxStart })
        if (-not $Stored.ContainsKey($g.Name)) { $failures.Add("$What of $($g.Name): not stored"); continue }
        $value = "$($Stored[$g.Name])"                                  # no price (an empty CSV cell) is stored as NULL
        if (-not ($last | Where-Object { ("$($_.value)" -eq '' -and $value -eq '') -or ("$($_.value)" -ne '' -and $value -ne '' -and [decimal]$_.value -eq [decimal]$value) })) {
            $failures.Add("$What of $($g.Name): final $value is none of the last writes ($(@($last.value) -join ', ')): lost update")
        }
    }
    $keys
}
$done = @($ops | Where-Object { -not $_.errors })
$baseWrites = @($done | Where-Object op -eq 'import' | ForEach-Object { $o = $_; foreach ($d in $o.data) { @{ id = $d.id; value = $d.price; t0 = $o.t0; t1 = $o.t1 } } })
$czkWrites = @($done | Where-Object op -eq 'price' | ForEach-Object { @{ id = $_.data.id; value = $_.data.price; t0 = $_.t0; t1 = $_.t1 } })
$baseKeys = Test-SerialOrder 'base price' $baseWrites $offers
$czkKeys = Test-SerialOrder 'CZK price' $czkWrites $czk
$submitted = @($done | Where-Object op -eq 'submit' | ForEach-Object { $_.data })
$missingShares = @($submitted | Where-Object { -not $czk.ContainsKey($_) })
if ($missingShares) { $failures.Add("$($missingShares.Count) submitted offers have no allegro-cz share, e.g. $($missingShares[0])") }
$badReads = @($done | Where-Object { $_.op -eq 'read' -and $_.data.bad })
foreach ($r in $badReads | Select-Object -First 5) { $failures.Add("reader $($r.p): $($r.data.bad -join '; ')") }
$importedIds = @($baseWrites.id | Sort-Object -Unique)
$missingOffers = @($importedIds | Where-Object { -not $offers.ContainsKey($_) })
if ($missingOffers) { $failures.Add("$($missingOffers.Count) imported offers are not stored, e.g. $($missingOffers[0])") }
$connections = @(Invoke-WorkspaceQuery $ws "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%connection%'" `
    -PostgresSql "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE '%connection%'")
$connCount = if ($connections.name -contains 'connections') { (Invoke-WorkspaceQuery $ws 'SELECT count(*) AS n FROM connections').n } else { -1 }
if ($connCount -ne 1) { $failures.Add("$connCount connections stored, expected exactly 1") }
$created = @($ops | Where-Object { $_.op -eq 'connect' -and $_.data.created }).Count
if ($created -ne 1) { $failures.Add("$created writers report creating the connection, expected exactly 1") }
$orphans = (Invoke-WorkspaceQuery $ws 'SELECT count(*) AS n FROM shares s WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.offer_id = s.offer_id)').n
if ($orphans) { $failures.Add("$orphans shares without their offer") }
# Import-Offer re-prices an offer's shares with its new base price; a share written from a stale read of its offer
# (Set-OfferCzkPrice racing Import-Offer) would keep an older one.
$stale = @(Invoke-WorkspaceQuery $ws "SELECT s.offer_id, s.base_price, o.price FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = 'allegro-cz' AND s.base_price IS NOT o.price" `
    -PostgresSql "SELECT s.offer_id, s.base_price, o.price FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = 'allegro-cz' AND s.base_price IS DISTINCT FROM o.price")
if ($stale) { $failures.Add("$($stale.Count) shares keep a base price other than their offer's, e.g. $($stale[0].offer_id) $($stale[0].base_price) <> $($stale[0].price): lost update") }
if (-not $isPg) {
    $integrity = @(Invoke-SqliteQuery $ws 'PRAGMA integrity_check').integrity_check -join '; '
    $integrityCheck = 'PRAGMA integrity_check'
    if ($integrity -ne 'ok') { $failures.Add("integrity_check: $integrity") }
}
else {
    # As the cluster's superuser over its unix socket (trust) when the script started the cluster, else as the workspace's user.
    $check = if ($cluster) {
        $su = [Npgsql.NpgsqlConnectionStringBuilder]::new($ws)
        $su.Host = $cluster.Socket; $su.Port = [int]$cluster.Port; $su.Username = 'postgres'; $su.Password = $null
        Get-PostgresIntegrity -ConnectionString $su.ConnectionString -Install -As 'superuser postgres'
    } else { Get-PostgresIntegrity -ConnectionString $ws }
    $integrity = $check.Result; $integrityCheck = $check.Check
    if ($integrity -ne 'ok' -and $integrity -ne 'n/a (server)') { $failures.Add("amcheck: $integrity") }
}

$summary = [pscustomobject][ordered]@{
    Processes = $Processes; Seconds = $Seconds; Elapsed = [math]::Round($elapsed, 1)
    Operations = @($ops | Where-Object p -ge 0).Count
    ByOp = (@($ops | Where-Object p -ge 0 | Group-Object op | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ' ')
    OffersImported = $importedIds.Count; OffersStored = $offers.Count; SharesSubmitted = $submitted.Count
    BaseKeysChecked = $baseKeys; CzkKeysChecked = $czkKeys; Reads = @($done | Where-Object op -eq 'read').Count
    Errors = $errors.Count; Locked = $locked.Count; LostUpdates = @($failures | Where-Object { $_ -match 'lost update|not stored|no allegro-cz share' }).Count
    Connections = $connCount; Integrity = $integrity; Failures = @($failures); WorkDir = $WorkDir
    Engine = $engine; Workspace = (Get-WorkspaceDisplay $ws); IntegrityCheck = $integrityCheck
    ServerErrors = @($serverErrors | Select-Object -First 20)
    Load = if ($loads.Count) { '{0:0.0}-{1:0.0}' -f ($loads | Measure-Object -Minimum).Minimum, ($loads | Measure-Object -Maximum).Maximum } else { $null }
}
if ($Json) { $summary | ConvertTo-Json -Depth 4 | Set-Content $Json }
$summary
if ($madeSchema -and -not $cluster -and -not $failures.Count) {
    $null = Invoke-PostgresQuery $ws "DROP SCHEMA `"$madeSchema`" CASCADE" -Write
}
if ($failures.Count) { exit 1 }
}
finally {
    # Writers still running (the wait gave up, or the script was stopped): end them, then the cluster.
    foreach ($p in $procs) { if ($p -and -not $p.HasExited) { Stop-Process -Id $p.Id -Force -ErrorAction SilentlyContinue } }
    if ($cluster) { & bash (Join-Path $PSScriptRoot '../../tests/postgres/cluster.sh') stop $cluster.Dir }
}
