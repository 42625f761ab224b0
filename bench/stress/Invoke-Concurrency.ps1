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

.EXAMPLE
dotnet pwsh -NoProfile ./bench/stress/Invoke-Concurrency.ps1 -Processes 4 -Seconds 60
#>
param(
    [int] $Processes = 4,
    [double] $Seconds = 60,
    [string] $WorkDir = (Join-Path ([IO.Path]::GetTempPath()) ('listingps-conc-' + [guid]::NewGuid().ToString('N').Substring(0, 8))),
    [string] $Module = (Join-Path $PSScriptRoot '../../out/ListingPs/ListingPs.psd1'),
    [int] $Seed = 1,
    [string] $Json
)
$ErrorActionPreference = 'Stop'
$Module = (Resolve-Path $Module).ProviderPath
. (Join-Path $PSScriptRoot 'Sqlite.ps1') -ModuleDir (Split-Path $Module)
$null = New-Item -ItemType Directory -Force $WorkDir
$ws = Join-Path $WorkDir 'workspace.db'
Remove-Item "$ws*" -ErrorAction SilentlyContinue
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$env:LISTINGPS_WORKSPACE = $ws
$shared = 20

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

# The writers, all at once.
$worker = Join-Path $PSScriptRoot 'ConcurrencyWorker.ps1'
$procs = foreach ($i in 0..($Processes - 1)) {
    $log = Join-Path $WorkDir "writer-$i.jsonl"; Remove-Item $log -ErrorAction SilentlyContinue
    Start-Process dotnet -ArgumentList @($pwshDll, '-NoProfile', '-NonInteractive', '-File', $worker, '-Index', $i, '-Seconds', $Seconds, '-Log', $log, '-Module', $Module, '-Shared', $shared, '-Seed', $Seed) `
        -RedirectStandardOutput (Join-Path $WorkDir "writer-$i.out") -RedirectStandardError (Join-Path $WorkDir "writer-$i.err") -PassThru
}
$started = [DateTime]::UtcNow
$procs | Wait-Process -Timeout ([int]($Seconds + 300))
$elapsed = ([DateTime]::UtcNow - $started).TotalSeconds

# What they did.
$ops = @(Get-Content $setupLog) + @(0..($Processes - 1) | ForEach-Object { Get-Content (Join-Path $WorkDir "writer-$_.jsonl") -ErrorAction SilentlyContinue }) |
    Where-Object { $_ } | ForEach-Object { $_ | ConvertFrom-Json }
$failures = [Collections.Generic.List[string]]::new()
$errors = @($ops | ForEach-Object { foreach ($e in $_.errors) { "writer $($_.p) $($_.op): $e" } })
$errors += @(0..($Processes - 1) | ForEach-Object { Get-Content (Join-Path $WorkDir "writer-$_.err") -ErrorAction SilentlyContinue } | Where-Object { $_ } | ForEach-Object { "stderr: $_" })
$locked = @($errors | Where-Object { $_ -match 'locked|busy' })
foreach ($e in $errors | Select-Object -First 20) { $failures.Add($e) }
foreach ($p in $procs) { if ($p.ExitCode -ne 0) { $failures.Add("writer exited with $($p.ExitCode)") } }

$offers = @{}; foreach ($r in Invoke-SqliteQuery $ws 'SELECT offer_id, price FROM offers') { $offers[$r.offer_id] = $r.price }
$czk = @{}; foreach ($r in Invoke-SqliteQuery $ws "SELECT offer_id, price FROM shares WHERE market = 'allegro-cz'") { $czk[$r.offer_id] = $r.price }

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
$connections = @(Invoke-SqliteQuery $ws "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%connection%'")
$connCount = if ($connections.name -contains 'connections') { (Invoke-SqliteQuery $ws 'SELECT count(*) AS n FROM connections').n } else { -1 }
if ($connCount -ne 1) { $failures.Add("$connCount connections stored, expected exactly 1") }
$created = @($ops | Where-Object { $_.op -eq 'connect' -and $_.data.created }).Count
if ($created -ne 1) { $failures.Add("$created writers report creating the connection, expected exactly 1") }
$orphans = (Invoke-SqliteQuery $ws 'SELECT count(*) AS n FROM shares s WHERE NOT EXISTS (SELECT 1 FROM offers o WHERE o.offer_id = s.offer_id)').n
if ($orphans) { $failures.Add("$orphans shares without their offer") }
# Import-Offer re-prices an offer's shares with its new base price; a share written from a stale read of its offer
# (Set-OfferCzkPrice racing Import-Offer) would keep an older one.
$stale = @(Invoke-SqliteQuery $ws "SELECT s.offer_id, s.base_price, o.price FROM shares s JOIN offers o ON o.offer_id = s.offer_id WHERE s.market = 'allegro-cz' AND s.base_price IS NOT o.price")
if ($stale) { $failures.Add("$($stale.Count) shares keep a base price other than their offer's, e.g. $($stale[0].offer_id) $($stale[0].base_price) <> $($stale[0].price): lost update") }
$integrity = @(Invoke-SqliteQuery $ws 'PRAGMA integrity_check').integrity_check -join '; '
if ($integrity -ne 'ok') { $failures.Add("integrity_check: $integrity") }

$summary = [pscustomobject][ordered]@{
    Processes = $Processes; Seconds = $Seconds; Elapsed = [math]::Round($elapsed, 1)
    Operations = @($ops | Where-Object p -ge 0).Count
    ByOp = (@($ops | Where-Object p -ge 0 | Group-Object op | ForEach-Object { '{0}={1}' -f $_.Name, $_.Count }) -join ' ')
    OffersImported = $importedIds.Count; OffersStored = $offers.Count; SharesSubmitted = $submitted.Count
    BaseKeysChecked = $baseKeys; CzkKeysChecked = $czkKeys; Reads = @($done | Where-Object op -eq 'read').Count
    Errors = $errors.Count; Locked = $locked.Count; LostUpdates = @($failures | Where-Object { $_ -match 'lost update|not stored|no allegro-cz share' }).Count
    Connections = $connCount; Integrity = $integrity; Failures = @($failures); WorkDir = $WorkDir
}
if ($Json) { $summary | ConvertTo-Json -Depth 4 | Set-Content $Json }
$summary
if ($failures.Count) { exit 1 }
