<#
.SYNOPSIS
    Times ListingPs pipelines against PowerShell's own floor and a plain script function, warm, in one process (issue 5).
.DESCRIPTION
    Runs in pwsh with the built module imported; bench/run.sh runs it for every size and both modes:
        dotnet pwsh -NoProfile -c 'Import-Module ./out/ListingPs/ListingPs.psd1; ./bench/pipeline/Measure-Pipeline.ps1 -Count 100000 -Mode Held'

    The rows are Import-Csv-shaped (a PSObject of string note properties per row: the columns of examples/assortment.csv and
    the MarketPrice column of examples/share-cz.csv), made by a compiled row source (ListingPs.Bench.Pipeline.dll), never
    timed, and they touch every allegro-cz rule (the script checks that each reason code occurs).

    Held   The rows are made first and held in a variable, as the issue's baselines pipe them ($rows | Where-Object OfferId).
           Every operation runs once on 2,000 other rows first (warm), then -Repeat times; the fastest run counts.
    Stream The rows are made one at a time as the pipeline pulls them (nothing holds them), so the peak memory of each
           pipeline can be compared across sizes. The row source's own cost is timed alone ("row source") and subtracted
           in the report.

    Every measured pipeline ends in Out-Null, which drops the records as they come ($null = <pipeline> would collect them
    all first, and its memory would grow with the count). Each measured pipeline appends one line to -OutFile (CSV): seconds, microseconds per offer, time to the first record,
    bytes allocated per offer, GC counts, peak managed heap, peak working set (Linux: the kernel's high-water mark, reset
    before each pipeline) and the heap left after a full collection.
.PARAMETER Count
    Offers per pipeline (10000, 100000, 1000000 ...).
.PARAMETER Mode
    Held (default) or Stream.
.PARAMETER Repeat
    Runs per operation; the fastest counts (the machine may be shared).
.PARAMETER OutFile
    CSV to append to (created with its header when missing). Default: bench/.data/results/pipeline-<mode>-<count>.csv.
.PARAMETER LargeWorkspace
    A workspace with about a million shares (bench/.data/workspace-1m.db, built by `ListingPs.Bench data`): the
    Get-VerificationStatus first-record time is measured on it too.
.PARAMETER Detail
    Also time the binding probes and the Submit-Offer variants (again, progress off). Auto: up to 100,000 offers.
#>
param(
    [ValidateRange(1, 100000000)] [int] $Count = 10000,
    [ValidateSet('Held', 'Stream')] [string] $Mode = 'Held',
    [ValidateRange(1, 50)] [int] $Repeat = 3,
    [string] $OutFile,
    [string] $WorkDir,
    [string] $LargeWorkspace,
    [ValidateSet('Auto', 'On', 'Off')] [string] $Detail = 'Auto',
    [int] $Seed = 20230510
)

$ErrorActionPreference = 'Stop'
$inv = [cultureinfo]::InvariantCulture
$benchRoot = [System.IO.Path]::GetFullPath([System.IO.Path]::Combine($PSScriptRoot, '..'))
if (-not $WorkDir) { $WorkDir = [System.IO.Path]::Combine($benchRoot, '.data', 'pipeline') }
if (-not $OutFile) { $OutFile = [System.IO.Path]::Combine($benchRoot, '.data', 'results', ('pipeline-{0}-{1}.csv' -f $Mode.ToLowerInvariant(), $Count)) }
$null = [System.IO.Directory]::CreateDirectory($WorkDir)
$null = [System.IO.Directory]::CreateDirectory([System.IO.Path]::GetDirectoryName([System.IO.Path]::GetFullPath($OutFile)))
$withDetail = $Detail -eq 'On' -or ($Detail -eq 'Auto' -and $Count -le 100000)

$helper = [System.IO.Path]::Combine($PSScriptRoot, 'ListingPs.Bench.Pipeline', 'bin', 'Release', 'net8.0', 'ListingPs.Bench.Pipeline.dll')
if (-not [System.IO.File]::Exists($helper)) {
    throw "Build the bench helper first: dotnet build bench/pipeline/ListingPs.Bench.Pipeline -c Release ($helper is missing)."
}
Import-Module $helper
if (-not (Get-Command Submit-Offer -ErrorAction SilentlyContinue)) { throw 'Import the module first: Import-Module ./out/ListingPs/ListingPs.psd1 (after dotnet pwsh ./build.ps1 Build)' }

$stamp = [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss', $inv)
$loadBefore = [ListingPs.Bench.Pipeline.Meter]::LoadAverage()
$script:wsSerial = 0
function New-WorkspacePath([string] $Name) {
    $script:wsSerial++
    [System.IO.Path]::Combine($WorkDir, ('{0}-{1}-{2}-{3}-{4}.db' -f $Name, $Mode.ToLowerInvariant(), $Count, $PID, $script:wsSerial))
}

# ---------------------------------------------------------------------------------------------------------------------
# The baseline: the shared-offer checks of SPEC B as an admin would script them without ListingPs (values as in
# module/rules/allegro.yaml for allegro-cz). A plain function with a process block; one result object per offer.
. ([System.IO.Path]::Combine($PSScriptRoot, 'Test-CzOffer.ps1'))

# Advanced functions that only bind: 1 and 15 parameters by property name (the script-side cost of binding).
function Test-BindScriptOne {
    [CmdletBinding()]
    param([Parameter(ValueFromPipelineByPropertyName)] [string] $OfferId)
    process { }
}
function Test-BindScriptAll {
    [CmdletBinding()]
    param(
        [Parameter(ValueFromPipelineByPropertyName)] [string] $OfferId,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Title,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Category,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Price,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $SellingFormat,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $AccountType,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $B2BOnly,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Charity,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $ProductId,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Status,
        [Parameter(ValueFromPipelineByPropertyName)] [string[]] $DeliveryMethods,
        [Parameter(ValueFromPipelineByPropertyName)] [string[]] $Translations,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Condition,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $Fulfillment,
        [Parameter(ValueFromPipelineByPropertyName)] [string] $MarketPrice
    )
    process { }
}

# ---------------------------------------------------------------------------------------------------------------------
# Measuring.
$header = 'Size,Mode,Group,Operation,Records,Runs,Seconds,UsPerOffer,FirstRecordMs,AllocBytesPerOffer,Gen0,Gen1,Gen2,PeakHeapMB,PeakWorkingSetMB,RetainedMB,Stamp,Note'
if (-not [System.IO.File]::Exists($OutFile)) { [System.IO.File]::WriteAllText($OutFile, $header + "`n") }
$script:results = [System.Collections.Generic.List[object]]::new()

function Format-Number($Value, [string] $Format = '0.###') {
    if ($null -eq $Value) { return '' }
    ([double]$Value).ToString($Format, $inv)
}

function Save-Measurement {
    param([string] $Group, [string] $Operation, [long] $Records, [object[]] $Meters, [string] $Note = '')
    $best = $Meters[0]
    foreach ($m in $Meters) { if ($m.Seconds -lt $best.Seconds) { $best = $m } }
    $peakWs = 0; foreach ($m in $Meters) { if ($m.PeakWorkingSetBytes -gt $peakWs) { $peakWs = $m.PeakWorkingSetBytes } }
    $peakHeap = 0; foreach ($m in $Meters) { if ($m.PeakHeapBytes -gt $peakHeap) { $peakHeap = $m.PeakHeapBytes } }
    $n = [math]::Max($Records, 1)
    $row = [pscustomobject]@{
        Size = $Count; Mode = $Mode; Group = $Group; Operation = $Operation; Records = $Records; Runs = $Meters.Count
        Seconds = $best.Seconds; UsPerOffer = $best.Seconds * 1e6 / $n
        FirstRecordMs = if ($best.FirstRecordMs -ge 0) { $best.FirstRecordMs } else { $null }
        AllocBytesPerOffer = $best.AllocatedBytes / $n; Gen0 = $best.Gen0; Gen1 = $best.Gen1; Gen2 = $best.Gen2
        PeakHeapMB = $peakHeap / 1MB; PeakWorkingSetMB = $peakWs / 1MB; RetainedMB = $best.RetainedBytes / 1MB; Note = $Note
    }
    $script:results.Add($row)
    $cells = @($row.Size, $row.Mode, $row.Group, ('"' + $row.Operation.Replace('"', '""') + '"'), $row.Records, $row.Runs,
        (Format-Number $row.Seconds '0.######'), (Format-Number $row.UsPerOffer '0.###'), (Format-Number $row.FirstRecordMs '0.###'),
        (Format-Number $row.AllocBytesPerOffer '0'), $row.Gen0, $row.Gen1, $row.Gen2, (Format-Number $row.PeakHeapMB '0.#'),
        (Format-Number $row.PeakWorkingSetMB '0.#'), (Format-Number $row.RetainedMB '0.#'), $stamp, ('"' + $Note.Replace('"', '""') + '"'))
    [System.IO.File]::AppendAllText($OutFile, ($cells -join ',') + "`n")
    '{0,-64} {1,9:N3} s {2,9:N2} us/offer {3,9} first ms {4,8:N0} B/offer  peak heap {5,7:N0} MB  peak WS {6,7:N0} MB' -f `
        $Operation, $row.Seconds, $row.UsPerOffer, (Format-Number $row.FirstRecordMs '0.0'), $row.AllocBytesPerOffer, $row.PeakHeapMB, $row.PeakWorkingSetMB
}

# Runs $Body $Repeat times (fresh state from $Setup each time, not timed) and records the fastest run.
function Measure-Step {
    param([string] $Group, [string] $Operation, [long] $Records, [scriptblock] $Body, [scriptblock] $Setup, [int] $Runs = $Repeat, [string] $Note = '')
    $meters = [System.Collections.Generic.List[object]]::new()
    for ($r = 0; $r -lt $Runs; $r++) {
        if ($Setup) { . $Setup }
        $meter = [ListingPs.Bench.Pipeline.Meter]::Start()
        & $Body | Out-Null
        $meters.Add($meter.Stop())
    }
    Save-Measurement -Group $Group -Operation $Operation -Records $Records -Meters $meters.ToArray() -Note $Note
}

# ---------------------------------------------------------------------------------------------------------------------
# What the module offers at this point (other parts are being built alongside this bench).
# Piped rows take the InputObject parameter set (one bound parameter, properties read in one pass) when it is the default set;
# a field given on the command line (-Condition New) makes PowerShell bind every field by property name instead.
$submitCommand = Get-Command Submit-Offer
$fastPath = $submitCommand.DefaultParameterSet -eq 'InputObject'
$byNameSet = @($submitCommand.ParameterSets | Where-Object { $_.Name -eq 'Offer' }).Count -gt 0 -and $null -ne $submitCommand.Parameters['Condition']
$hasConnection = $null -ne (Get-Command -Module ListingPs -Name New-MarketConnection -ErrorAction SilentlyContinue)

"ListingPs pipeline bench: {0:N0} offers, mode {1}, best of {2}, PowerShell {3}, {4} cores, load {5}" -f $Count, $Mode, $Repeat, $PSVersionTable.PSVersion, [Environment]::ProcessorCount, $loadBefore
"  piped rows bind: {0}; New-MarketConnection: {1}" -f $(if ($fastPath) { 'InputObject only (default set InputObject)' } else { 'by property name (default set ' + $submitCommand.DefaultParameterSet + ')' }), $(if ($hasConnection) { 'present' } else { 'not in the module yet' })

# ---------------------------------------------------------------------------------------------------------------------
# Coverage and agreement (not timed): 3,000 rows through Submit-Offer and through the script function.
$check = [ListingPs.Bench.Pipeline.Rows]::Array(3000, 50000000, $null, $Seed)
$checkWs = New-WorkspacePath 'check'
$shared = @($check | Submit-Offer -Market allegro-cz -Workspace $checkWs -WarningAction SilentlyContinue)
$scripted = @($check | Test-CzOffer)
$codes = [ordered]@{}
$disagree = 0
for ($i = 0; $i -lt $check.Count; $i++) {
    foreach ($r in $shared[$i].Reasons) { $codes[$r.Code] = 1 + [int]$codes[$r.Code] }
    $x = [string[]]@($shared[$i].Reasons | ForEach-Object Code); [Array]::Sort($x); $x = $x -join ';'
    $y = [string[]]@($scripted[$i].Reasons -split ';' | Where-Object { $_ }); [Array]::Sort($y); $y = $y -join ';'
    if ($x -ne $y -or [string]$shared[$i].State -ne $scripted[$i].State) { $disagree++ }
}
$warnings = @($shared | Where-Object { $_.Warnings.Count -gt 0 }).Count
$expected = 'LPS101_PERSONAL_ACCOUNT', 'LPS102_B2B_ONLY', 'LPS103_CHARITY', 'LPS104_NOT_BUY_NOW', 'LPS105_NO_CATALOGUE_PRODUCT',
    'LPS106_PRODUCT_NOT_ALLOWED', 'LPS107_CATEGORY_UNAVAILABLE', 'VQR001_CURRENCY_NOT_AVAILABLE', 'VQR002_LANGUAGE_NOT_AVAILABLE',
    'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE', 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'
$missing = @($expected | Where-Object { -not $codes.Contains($_) })
"  coverage of 3,000 rows: " + (($codes.GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key.Split('_')[0], $_.Value }) -join ' ') + " warnings=$warnings"
"  script function agrees with Submit-Offer on {0} of {1} offers (state and reason codes)" -f ($check.Count - $disagree), $check.Count
if ($missing.Count -gt 0) { throw "The rows do not touch every rule: no $($missing -join ', ')." }
$meta = [System.Text.StringBuilder]::new()
$null = $meta.AppendLine('Key,Value')
$null = $meta.AppendLine("LoadBefore,$loadBefore")
$null = $meta.AppendLine("Coverage,""$(($codes.GetEnumerator() | ForEach-Object { '{0}={1}' -f $_.Key, $_.Value }) -join ' ') warnings=$warnings""")
$null = $meta.AppendLine("ScriptAgreement,$($check.Count - $disagree) of $($check.Count)")
$null = $meta.AppendLine("InputObjectPath,$fastPath")
$null = $meta.AppendLine("MarketConnection,$hasConnection")
$check = $null; $shared = $null; $scripted = $null

# ---------------------------------------------------------------------------------------------------------------------
# The rows.
$warm = [ListingPs.Bench.Pipeline.Rows]::Array(2000, 60000000, $null, $Seed)
if ($Mode -eq 'Held') {
    $clock = [System.Diagnostics.Stopwatch]::StartNew()
    $rows = [ListingPs.Bench.Pipeline.Rows]::Array($Count, 0, $null, $Seed)
    "  made {0:N0} rows in {1:N1} s (not timed)" -f $Count, $clock.Elapsed.TotalSeconds
}
else {
    # A lazy enumerable: piping $rows makes each row when the next command asks for it; the variable holds no row.
    $rows = [ListingPs.Bench.Pipeline.Rows]::Stream($Count, 0, $null, $Seed)
}

# Warm-up: every operation on other rows, three times (the JIT compiles hot methods again in the background after
# 30 calls; a pause lets it finish), so the timed runs see steady-state code.
for ($w = 0; $w -lt 3; $w++) {
    $wsWarm = New-WorkspacePath 'warm'
    $null = $warm | Where-Object OfferId
    $null = $warm | ForEach-Object { $_ }
    $null = $warm | Test-CzOffer
    $null = $warm | Import-Offer -Workspace $wsWarm
    $null = Invoke-VisibilityCheck -Market allegro-cz -Workspace $wsWarm
    $null = Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -Workspace $wsWarm |
        Set-OfferCzkPrice -UseConverter -Workspace $wsWarm -ErrorAction SilentlyContinue
    $wsWarm2 = New-WorkspacePath 'warm'
    $null = $warm | Submit-Offer -Market allegro-cz -Workspace $wsWarm2 -WarningAction SilentlyContinue
    $null = $warm | Submit-Offer -Market allegro-cz -Workspace $wsWarm2 -WarningAction SilentlyContinue
    $null = $warm | Test-Offer -Market allegro-cz -Workspace (New-WorkspacePath 'warm')
    $null = [ListingPs.Bench.Pipeline.Rows]::Drain([ListingPs.Bench.Pipeline.Rows]::Stream(2000, 60000000, $null, $Seed))
    if ($hasConnection) { $null = New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz, allegro-sk, allegro-hu -AcceptObligations -Workspace $wsWarm -WarningAction SilentlyContinue }
    if ($withDetail -and $Mode -eq 'Held') {
        $null = $warm | Test-BenchInputObject; $null = $warm | Test-BenchInputObject -ReadProperties; $null = $warm | Test-BenchInputObject -PassThru
        $null = $warm | Test-BenchShouldProcess; $null = $warm | Test-BenchBindOne; $null = $warm | Test-BenchBindAll
        $null = $warm | Test-BindScriptAll; $null = $warm | Test-BindScriptOne
    }
    [System.Threading.Thread]::Sleep(300)
}

# ---------------------------------------------------------------------------------------------------------------------
"-- {0} {1:N0}" -f $Mode, $Count
if ($Mode -eq 'Stream') {
    Measure-Step source 'row source alone (made and dropped, no pipeline)' $Count { $null = [ListingPs.Bench.Pipeline.Rows]::Drain($rows) }
}
Measure-Step floor 'Where-Object OfferId' $Count { $rows | Where-Object OfferId }
Measure-Step floor 'ForEach-Object { $_ }' $Count { $rows | ForEach-Object { $_ } }
Measure-Step baseline 'script function (SPEC B checks, process block)' $Count { $rows | Test-CzOffer }

# The runbook chain on a fresh workspace per run: import, weekly check, filter, converter.
$chain = [System.Collections.Generic.List[object]]::new()
$meters = @{ import = @(); check = @(); query = @(); fix = @() }
$refusedCount = 0; $fixErrors = 0
for ($r = 0; $r -lt $Repeat; $r++) {
    $ws = New-WorkspacePath 'chain'
    $m = [ListingPs.Bench.Pipeline.Meter]::Start(); $rows | Import-Offer -Workspace $ws | Out-Null; $meters.import += $m.Stop()
    $m = [ListingPs.Bench.Pipeline.Meter]::Start(); Invoke-VisibilityCheck -Market allegro-cz -Workspace $ws | Test-BenchFirstRecord $m; $meters.check += $m.Stop()
    $m = [ListingPs.Bench.Pipeline.Meter]::Start()
    Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -Workspace $ws | Test-BenchFirstRecord $m
    $meters.query += $m.Stop()
    $refusedCount = $m.Records
    $m = [ListingPs.Bench.Pipeline.Meter]::Start()
    Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -Workspace $ws |
        Set-OfferCzkPrice -UseConverter -Workspace $ws -ErrorAction SilentlyContinue -ErrorVariable fixErrorList | Out-Null
    $meters.fix += $m.Stop()
    $fixErrors = $fixErrorList.Count
}
Save-Measurement listingps 'Import-Offer (new offers)' $Count $meters.import
Save-Measurement listingps 'Invoke-VisibilityCheck -Market allegro-cz' $Count $meters.check -Note ('{0} refused' -f $meters.check[0].Records)
Save-Measurement listingps 'Get-VerificationStatus -State Refused -Reason VQR001' $refusedCount $meters.query -Note ('{0} records' -f $refusedCount)
Save-Measurement listingps 'Get-VerificationStatus ... | Set-OfferCzkPrice -UseConverter' $refusedCount $meters.fix -Note ('{0} records, {1} without a base price (errors)' -f $refusedCount, $fixErrors)

$submitMeters = @(); $againMeters = @()
for ($r = 0; $r -lt $Repeat; $r++) {
    $ws = New-WorkspacePath 'submit'
    $m = [ListingPs.Bench.Pipeline.Meter]::Start(); $rows | Submit-Offer -Market allegro-cz -Workspace $ws -WarningAction SilentlyContinue | Out-Null; $submitMeters += $m.Stop()
    if ($withDetail) {
        $m = [ListingPs.Bench.Pipeline.Meter]::Start(); $rows | Submit-Offer -Market allegro-cz -Workspace $ws -WarningAction SilentlyContinue | Out-Null; $againMeters += $m.Stop()
    }
}
Save-Measurement listingps 'Submit-Offer -Market allegro-cz (new offers)' $Count $submitMeters
if ($withDetail) { Save-Measurement listingps 'Submit-Offer -Market allegro-cz (same offers again: updates)' $Count $againMeters }

# The same checks and prices without the workspace writes (what the script function does): Test-Offer on new offers.
$testMeters = @()
for ($r = 0; $r -lt $Repeat; $r++) {
    $ws = New-WorkspacePath 'test'
    $m = [ListingPs.Bench.Pipeline.Meter]::Start(); $rows | Test-Offer -Market allegro-cz -Workspace $ws | Out-Null; $testMeters += $m.Stop()
}
Save-Measurement listingps 'Test-Offer -Market allegro-cz (the same checks and prices, nothing stored)' $Count $testMeters

if ($hasConnection) {
    # A connection from allegro-pl to three targets: every imported offer is evaluated for allegro-cz, -sk and -hu.
    $connMeters = @()
    for ($r = 0; $r -lt $Repeat; $r++) {
        $ws = New-WorkspacePath 'connection'
        $null = $rows | Import-Offer -Workspace $ws
        $m = [ListingPs.Bench.Pipeline.Meter]::Start()
        New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz, allegro-sk, allegro-hu -AcceptObligations -Workspace $ws -WarningAction SilentlyContinue | Out-Null
        $connMeters += $m.Stop()
    }
    Save-Measurement listingps 'New-MarketConnection allegro-pl -> allegro-cz, -sk, -hu' $Count $connMeters -Note 'per source offer; 3 targets each'
}

if ($withDetail -and $Mode -eq 'Held') {
    Measure-Step detail 'Submit-Offer, $ProgressPreference = SilentlyContinue' $Count {
        $ProgressPreference = 'SilentlyContinue'
        $rows | Submit-Offer -Market allegro-cz -Workspace $script:wsDetail -WarningAction SilentlyContinue
    } -Setup { $script:wsDetail = New-WorkspacePath 'detail' }
    if ($byNameSet) {
        $null = $warm | Import-Offer -Condition New -Workspace (New-WorkspacePath 'warm')
        Measure-Step detail 'Import-Offer, every field bound by property name (-Condition New given)' $Count {
            $rows | Import-Offer -Condition New -Workspace $script:wsDetail
        } -Setup { $script:wsDetail = New-WorkspacePath 'detail' }
        $null = $warm | Submit-Offer -Market allegro-cz -Condition New -Workspace (New-WorkspacePath 'warm') -WarningAction SilentlyContinue -ErrorAction SilentlyContinue
        Measure-Step detail 'Submit-Offer, every field bound by property name (-Condition New given)' $Count {
            $rows | Submit-Offer -Market allegro-cz -Condition New -Workspace $script:wsDetail -WarningAction SilentlyContinue
        } -Setup { $script:wsDetail = New-WorkspacePath 'detail' }
    }

    Measure-Step binding 'binary cmdlet, InputObject only (ValueFromPipeline)' $Count { $rows | Test-BenchInputObject }
    Measure-Step binding 'binary cmdlet, InputObject, reads 13 properties itself' $Count { $rows | Test-BenchInputObject -ReadProperties }
    Measure-Step binding 'binary cmdlet, InputObject, WriteObject per record' $Count { $rows | Test-BenchInputObject -PassThru }
    Measure-Step binding 'binary cmdlet, InputObject, ShouldProcess per record' $Count { $rows | Test-BenchShouldProcess }
    Measure-Step binding 'binary cmdlet, 1 by property name + InputObject' $Count { $rows | Test-BenchBindOne }
    Measure-Step binding 'binary cmdlet, 15 by property name (13 bind) + InputObject' $Count { $rows | Test-BenchBindAll }
    Measure-Step binding 'advanced function, 1 by property name' $Count { $rows | Test-BindScriptOne }
    Measure-Step binding 'advanced function, 15 by property name (13 bind)' $Count { $rows | Test-BindScriptAll }
}

if ($LargeWorkspace -and $Mode -eq 'Held') {
    if (-not [System.IO.File]::Exists($LargeWorkspace)) { throw "No workspace at $LargeWorkspace; build it with: dotnet bench/ListingPs.Bench/bin/Release/net10.0/ListingPs.Bench.dll data" }
    # First call: opens the workspace and reads every match (once: the whole filter takes a while on a million shares).
    $m = [ListingPs.Bench.Pipeline.Meter]::Start()
    Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -Workspace $LargeWorkspace | Test-BenchFirstRecord $m
    $cold = $m.Stop()
    Save-Measurement large 'Get-VerificationStatus -State Refused -Reason VQR001, 1M-share workspace, every record (first call)' $cold.Records @($cold) -Note ('{0} records' -f $cold.Records)
    foreach ($variant in @(
            @{ Name = 'Get-VerificationStatus -State Refused -Reason VQR001 -First 1, 1M-share workspace'; Status = $null },
            @{ Name = 'Get-VerificationStatus -State Refused -Reason VQR001 -OfferStatus Active -First 1, 1M-share workspace'; Status = 'Active' })) {
        $firstRuns = @()
        for ($r = 0; $r -lt [math]::Max($Repeat, 3); $r++) {
            $m = [ListingPs.Bench.Pipeline.Meter]::Start()
            if ($variant.Status) {
                Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -OfferStatus $variant.Status -First 1 -Workspace $LargeWorkspace | Test-BenchFirstRecord $m
            }
            else {
                Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -First 1 -Workspace $LargeWorkspace | Test-BenchFirstRecord $m
            }
            $firstRuns += $m.Stop()
        }
        Save-Measurement large $variant.Name 1 $firstRuns
    }
}

# ---------------------------------------------------------------------------------------------------------------------
$loadAfter = [ListingPs.Bench.Pipeline.Meter]::LoadAverage()
$null = $meta.AppendLine("LoadAfter,$loadAfter")
[System.IO.File]::WriteAllText([System.IO.Path]::ChangeExtension($OutFile, '.meta.csv'), $meta.ToString())
$byName = @{}; foreach ($r in $script:results) { $byName[$r.Operation] = $r }
$floor = $byName['Where-Object OfferId'].UsPerOffer
$submit = $byName['Submit-Offer -Market allegro-cz (new offers)'].UsPerOffer
$scriptFn = $byName['script function (SPEC B checks, process block)'].UsPerOffer
if ($Mode -eq 'Stream') {
    $src = $byName['row source alone (made and dropped, no pipeline)'].UsPerOffer
    $floor -= $src; $submit -= $src; $scriptFn -= $src
}
'Submit-Offer {0:N2} us/offer = {1:N1} x the Where-Object floor ({2:N2} us; target <= 2x); the script function takes {3:N2} us = {4:N1} x Submit-Offer (target >= 5x). Load {5} -> {6}' -f `
    $submit, ($submit / $floor), $floor, $scriptFn, ($scriptFn / $submit), $loadBefore, $loadAfter

# Close the workspaces (the module commits and closes them when removed) and delete them.
Remove-Module ListingPs
foreach ($f in [System.IO.Directory]::GetFiles($WorkDir, ('*-{0}-{1}-{2}-*' -f $Mode.ToLowerInvariant(), $Count, $PID))) { [System.IO.File]::Delete($f) }
