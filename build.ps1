<#
.SYNOPSIS
    The project's one entry point: build the module, run the example runbook, run every test, run the benchmarks.
.DESCRIPTION
    On a fresh clone with only the .NET SDK (pwsh comes from the pinned local tool in .config/dotnet-tools.json):

        dotnet tool restore && dotnet pwsh ./build.ps1 Example     # build, then run examples/Share-ToCzechia.ps1
        dotnet tool restore && dotnet pwsh ./build.ps1 Test        # build, then xunit (engine) and Pester (module)

    Build    dotnet build (Release) of the module and its help; lays the module out in out/ListingPs.
    Example  Build, then the example runbook (-Runbook to pick another one under examples/) in a new pwsh process.
    Test     Build, then the engine tests (xunit, dotnet test) and the module tests (Pester 5.7.1, restored from NuGet by
             tests/Pester/Pester.Restore.csproj), each in its own process, on both engines: first on SQLite files, then
             on PostgreSQL, in a throwaway cluster on 127.0.0.1 that tests/postgres/cluster.sh starts and stops (tests that
             are about the SQLite file itself, tagged SqliteFile, run on SQLite only). Without PostgreSQL's server binaries
             the PostgreSQL pass is skipped and says so. Results go to out/test-results (engine.trx, pester.xml as NUnit
             XML; engine-postgres.trx, pester-postgres.xml); the last line is the tally of all: "tests: N passed, N failed".
             -Filter narrows Pester to test names matching a wildcard; -SkipEngine leaves xunit out; -Engine Sqlite or
             Postgres runs one pass only.
    Bench    bench/run.sh with -BenchArgs (sizes), see bench/README.md.
    The exit code is 0 when the task succeeded and every test passed.
#>
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('Build', 'Example', 'Test', 'Bench')]
    [string] $Task = 'Build',
    [string] $Configuration = 'Release',
    [string] $Runbook = 'Share-ToCzechia.ps1',
    [string[]] $Filter,
    [switch] $SkipEngine,
    [ValidateSet('Both', 'Sqlite', 'Postgres')]
    [string] $Engine = 'Both',
    [string[]] $BenchArgs = @()
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$root = $PSScriptRoot
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'
# This pwsh for child processes: under 'dotnet pwsh' (the pinned local tool) the process is dotnet, so run pwsh.dll through it.
$pwshDll = Join-Path $PSHOME 'pwsh.dll'
$results = Join-Path $root 'out/test-results'

function Invoke-Dotnet {
    # A simple function ($args, no [Parameter]), so that dotnet's own switches (-v, -c) are not taken for common parameters.
    # Its output goes to the console, never into the caller's return value.
    & dotnet @args | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($args -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build {
    # The help generator builds the module first (project reference), then writes the MAML help into out/ListingPs.
    Invoke-Dotnet build (Join-Path $root 'tools/ListingPs.HelpGen/ListingPs.HelpGen.csproj') -c $Configuration -nologo -v quiet
    # The fake Allegro the module tests start on 127.0.0.1 (tests/AllegroFake).
    Invoke-Dotnet build (Join-Path $root 'tests/AllegroFake/AllegroFake.csproj') -c $Configuration -nologo -v quiet
    Write-Host "build: module laid out in $(Join-Path $root 'out/ListingPs')"
}

function Get-PesterManifest {
    $project = Join-Path $root 'tests/Pester/Pester.Restore.csproj'
    Invoke-Dotnet restore $project -nologo -v quiet
    $assets = Get-Content -Raw (Join-Path $root 'tests/Pester/obj/project.assets.json') | ConvertFrom-Json -AsHashtable
    $download = $assets.project.frameworks.Values | ForEach-Object { $_.downloadDependencies } | Where-Object name -EQ 'Pester' | Select-Object -First 1
    $version = $download.version -replace '^\[([^,\]]+).*$', '$1'
    foreach ($folder in $assets.packageFolders.Keys) {
        $manifest = Join-Path $folder "pester/$version/tools/Pester.psd1"
        if (Test-Path $manifest) { return $manifest }
    }
    throw "Pester $version was restored but its manifest is not under $($assets.packageFolders.Keys -join ', ')"
}

function Invoke-EngineTests([string] $Suffix = '', [string] $TestFilter = '') {
    $trx = Join-Path $results "engine$Suffix.trx"
    if (Test-Path $trx) { Remove-Item $trx }
    $filterArgs = if ($TestFilter) { @('--filter', $TestFilter) } else { @() }
    & dotnet test (Join-Path $root 'tests/ListingPs.Core.Tests/ListingPs.Core.Tests.csproj') -c $Configuration -nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=minimal' @filterArgs | Out-Host
    $exit = $LASTEXITCODE
    if (-not (Test-Path $trx)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Note = "dotnet test ended with $exit before running the tests" } }
    $counters = ([xml](Get-Content -Raw $trx)).TestRun.ResultSummary.Counters
    $failed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    if ($exit -ne 0 -and $failed -eq 0) { $failed = 1 }
    [pscustomobject]@{ Passed = [int]$counters.passed; Failed = $failed; Note = '' }
}

function Invoke-ModuleTests([string] $Suffix = '', [string] $ExcludeTag = '') {
    $pester = Get-PesterManifest
    $xml = Join-Path $results "pester$Suffix.xml"
    $summary = Join-Path $results "pester$Suffix-summary.json"
    foreach ($f in $xml, $summary) { if (Test-Path $f) { Remove-Item $f } }
    # A new process: the module tests import the built module (and other modules) into a session of their own.
    $script = @'
param($Pester, $Path, $Xml, $Summary, $Filter, $ExcludeTag)
Import-Module $Pester -ErrorAction Stop
$c = New-PesterConfiguration
$c.Run.Path = $Path
$c.Run.PassThru = $true
$c.Output.Verbosity = 'Normal'
$c.TestResult.Enabled = $true
$c.TestResult.OutputFormat = 'NUnitXml'
$c.TestResult.OutputPath = $Xml
if ($Filter) { $c.Filter.FullName = $Filter }
if ($ExcludeTag) { $c.Filter.ExcludeTag = $ExcludeTag }
# The run's result is the last object with counts: a test that writes to the success stream must not hide it.
$r = @(Invoke-Pester -Configuration $c) | Where-Object { $null -ne $_ -and $_.PSObject.Properties['PassedCount'] } | Select-Object -Last 1
if ($null -eq $r) { @{ Passed = 0; Failed = 1 } | ConvertTo-Json | Set-Content $Summary; return }
@{ Passed = $r.PassedCount; Failed = $r.FailedCount + $r.FailedBlocksCount + $r.FailedContainersCount } | ConvertTo-Json | Set-Content $Summary
'@
    $filterArg = if ($Filter) { $Filter -join ',' } else { '' }
    & dotnet $pwshDll -NoProfile -NonInteractive -Command "& { $script } -Pester '$pester' -Path '$(Join-Path $root 'tests/Pester')' -Xml '$xml' -Summary '$summary' -Filter $(if ($filterArg) { "'$filterArg'.Split(',')" } else { '$null' }) -ExcludeTag '$ExcludeTag'" | Out-Host
    if (-not (Test-Path $summary)) { return [pscustomobject]@{ Passed = 0; Failed = 1; Note = "Pester ended with $LASTEXITCODE before writing its summary" } }
    $s = Get-Content -Raw $summary | ConvertFrom-Json
    if ($null -eq $s.Passed -or $null -eq $s.Failed) { return [pscustomobject]@{ Passed = 0; Failed = 1; Note = 'Pester wrote no counts' } }
    [pscustomobject]@{ Passed = [int]$s.Passed; Failed = [int]$s.Failed; Note = '' }
}

function Invoke-PostgresPass {
    # The same suites against PostgreSQL: a throwaway cluster on 127.0.0.1 (tests/postgres/cluster.sh), every test workspace a
    # database of its own in it ($env:LISTINGPS_TEST_POSTGRES names the server; the fixtures add the database).
    $dir = Join-Path ([IO.Path]::GetTempPath()) ('listingps-pg-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
    $script = Join-Path $root 'tests/postgres/cluster.sh'
    $lines = & bash $script start $dir
    $code = $LASTEXITCODE
    if ($code -eq 3) {
        Write-Host 'postgres: no PostgreSQL server here (Debian package postgresql): the PostgreSQL pass is skipped'
        return @()
    }
    if ($code -ne 0) {
        & bash $script stop $dir | Out-Host
        return [pscustomobject]@{ Suite = 'PostgreSQL cluster'; Passed = 0; Failed = 1; Note = "tests/postgres/cluster.sh start ended with $code" }
    }
    $saved = $env:LISTINGPS_TEST_POSTGRES
    try {
        foreach ($line in $lines) { if ($line -match "^LISTINGPS_TEST_POSTGRES='(.*)'$") { $env:LISTINGPS_TEST_POSTGRES = $Matches[1] } }
        $parts = @()
        if (-not $SkipEngine) { $parts += Invoke-EngineTests -Suffix '-postgres' -TestFilter 'Category!=SqliteFile' | Add-Member -PassThru Suite 'engine (xunit), PostgreSQL' }
        $parts += Invoke-ModuleTests -Suffix '-postgres' -ExcludeTag 'SqliteFile' | Add-Member -PassThru Suite 'module (Pester), PostgreSQL'
        $parts
    }
    finally {
        $env:LISTINGPS_TEST_POSTGRES = $saved
        & bash $script stop $dir | Out-Host
    }
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Example' {
        Invoke-Build
        & dotnet $pwshDll -NoProfile -NonInteractive -Command "Import-Module '$(Join-Path $root 'out/ListingPs/ListingPs.psd1')' -ErrorAction Stop; & '$(Join-Path $root "examples/$Runbook")'; exit [int](-not `$?)"
        exit $LASTEXITCODE
    }
    'Test' {
        Invoke-Build
        New-Item -ItemType Directory -Force $results | Out-Null
        $parts = @()
        if ($Engine -ne 'Postgres') {
            if (-not $SkipEngine) { $parts += Invoke-EngineTests -TestFilter 'Category!=Postgres' | Add-Member -PassThru Suite 'engine (xunit), SQLite' }
            $parts += Invoke-ModuleTests | Add-Member -PassThru Suite 'module (Pester), SQLite'
        }
        if ($Engine -ne 'Sqlite') { $parts += Invoke-PostgresPass }
        foreach ($p in $parts) { Write-Host ("{0}: {1} passed, {2} failed {3}" -f $p.Suite, $p.Passed, $p.Failed, $p.Note) }
        $passed = ($parts | Measure-Object Passed -Sum).Sum
        $failed = ($parts | Measure-Object Failed -Sum).Sum
        Write-Host "results: $results"
        Write-Host "tests: $passed passed, $failed failed"
        exit [int]($failed -ne 0)
    }
    'Bench' {
        & bash (Join-Path $root 'bench/run.sh') @BenchArgs
        exit $LASTEXITCODE
    }
}
