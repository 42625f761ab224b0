# Dot-sourced by every *.Tests.ps1 in its BeforeAll: imports the BUILT module (out/ListingPs/ListingPs.psd1, or
# $env:LISTINGPS_MODULE) as a user would, and gives the tests a few helpers. Build first: dotnet pwsh ./build.ps1 Build.

$script:RepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).ProviderPath
$script:ModuleManifest = if ($env:LISTINGPS_MODULE) { $env:LISTINGPS_MODULE } else { Join-Path $script:RepoRoot 'out/ListingPs/ListingPs.psd1' }
if (-not (Test-Path $script:ModuleManifest)) { throw "$script:ModuleManifest is missing: run 'dotnet pwsh ./build.ps1 Build' first." }
# This pwsh as a command line: under 'dotnet pwsh' (the pinned local tool) the process is dotnet, so call pwsh.dll through it.
$script:Pwsh = @('dotnet', (Join-Path $PSHOME 'pwsh.dll'))
$script:ExamplesDir = Join-Path $script:RepoRoot 'examples'
Import-Module $script:ModuleManifest -Force -ErrorAction Stop

# The CSV header the assortment files use.
$script:OfferHeader = 'OfferId,Title,Category,Price,SellingFormat,AccountType,B2BOnly,Charity,ProductId,Status,DeliveryMethods,Translations'

function New-TestWorkspace {
    <# A fresh workspace, made the default of every ListingPs cmdlet in the calling scope's session through
       $env:LISTINGPS_WORKSPACE; returns where it is (what -Workspace takes). A file under TestDrive:, or, in the PostgreSQL
       pass ($env:LISTINGPS_TEST_POSTGRES names the test server, see build.ps1), a new database on that server. #>
    param([string] $Name = ('ws-{0}.db' -f [guid]::NewGuid().ToString('N')))
    $path = if ($env:LISTINGPS_TEST_POSTGRES) { New-TestDatabase } else { Join-Path (Get-PSDrive TestDrive).Root $Name }
    $env:LISTINGPS_WORKSPACE = $path
    $path
}

function New-TestDatabase {
    <# The connection string of a new workspace on the test server: a schema of its own (which the workspace creates) in
       the test database. #>
    '{0};Search Path=lps_{1}' -f $env:LISTINGPS_TEST_POSTGRES, [guid]::NewGuid().ToString('N')
}

function Get-WorkspaceName([string] $Workspace) {
    <# What messages call a workspace: its path, or a database as postgres://user@host:port/database (never the password). #>
    if (-not (Test-PostgresText $Workspace)) { return $Workspace }
    $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ListingPs.Core' } | Select-Object -First 1
    $core.GetType('ListingPs.Core.Workspace.WorkspaceLocation').GetMethod('Postgres').Invoke($null, @($Workspace, $null)).Display
}

function Test-PostgresText([string] $Workspace) { $Workspace -match '^\s*postgres(ql)?://' -or $Workspace -match '(^|;)\s*(Host|Server)\s*=' }

# Whether this run is the PostgreSQL pass (the same tests, each workspace a database of the test server).
$script:OnPostgres = [bool]$env:LISTINGPS_TEST_POSTGRES

function New-OfferRow {
    <# One CSV line of the assortment shape, with the defaults of an offer that allegro-cz approves. #>
    param(
        [Parameter(Mandatory)] [string] $Id,
        [string] $Price = '45.00',
        [string] $SellingFormat = 'BuyNow',
        [string] $AccountType = 'Company',
        [string] $B2BOnly = 'False',
        [string] $Charity = '0',
        [string] $ProductId = 'P-1',
        [string] $Status = 'Active',
        [string] $DeliveryMethods = 'allegro-dhl-cz;allegro-dpd-pl',
        [string] $Translations = 'cs-CZ',
        [string] $Category = 'Elektronika/Telefony',
        [string] $Title = "Title $Id"
    )
    ($Id, $Title, $Category, $Price, $SellingFormat, $AccountType, $B2BOnly, $Charity, $ProductId, $Status, $DeliveryMethods, $Translations |
        ForEach-Object { if ($_ -match '[",;]') { '"' + $_.Replace('"', '""') + '"' } else { $_ } }) -join ','
}

function New-TextFile {
    <# Writes lines to a file under TestDrive: with the given encoding and line ending; returns its path. #>
    param([Parameter(Mandatory)] [string[]] $Lines, [string] $Name = ('file-{0}.csv' -f [guid]::NewGuid().ToString('N')),
        [System.Text.Encoding] $Encoding = [System.Text.UTF8Encoding]::new($false), [string] $NewLine = "`n")
    $path = Join-Path (Get-PSDrive TestDrive).Root $Name
    [IO.File]::WriteAllText($path, ($Lines -join $NewLine) + $NewLine, $Encoding)
    $path
}

function New-OfferCsv {
    <# Writes rows (from New-OfferRow) under the header to a CSV file in TestDrive: and returns its path. #>
    param([Parameter(Mandatory)] [string[]] $Rows, [string] $Name = ('offers-{0}.csv' -f [guid]::NewGuid().ToString('N')))
    $path = Join-Path (Get-PSDrive TestDrive).Root $Name
    Set-Content -Path $path -Value (@($script:OfferHeader) + $Rows) -Encoding utf8NoBOM
    $path
}

function Invoke-ChildPwsh {
    <# Runs a script in a new pwsh process (-NoProfile -NonInteractive, UTF-8 output) and returns its output lines, errors
       and host output included; $LASTEXITCODE is its exit code. -ImportModule imports the built module first (the child
       inherits $env:LISTINGPS_WORKSPACE); -StopOnError makes every error in the script terminating. #>
    param([Parameter(Mandatory, Position = 0)] [string] $Script, [hashtable] $Environment = @{}, [switch] $ImportModule, [switch] $StopOnError)
    $prologue = @('[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)')
    if ($StopOnError) { $prologue += '$ErrorActionPreference = ''Stop''' }
    if ($ImportModule) { $prologue += "Import-Module '$script:ModuleManifest' -ErrorAction Stop" }
    $saved = @{}
    foreach ($k in $Environment.Keys) { $saved[$k] = [Environment]::GetEnvironmentVariable($k); [Environment]::SetEnvironmentVariable($k, $Environment[$k]) }
    try {
        $encoded = [Convert]::ToBase64String([Text.Encoding]::Unicode.GetBytes((($prologue + $Script) -join "`n")))
        & $script:Pwsh[0] $script:Pwsh[1] -NoProfile -NonInteractive -EncodedCommand $encoded 2>&1 | ForEach-Object { "$_" }
    }
    finally {
        foreach ($k in $saved.Keys) { [Environment]::SetEnvironmentVariable($k, $saved[$k]) }
    }
}

function Invoke-InNewRunspace {
    <# Runs a script in a fresh runspace of this process with the module imported (the workspace comes from
       $env:LISTINGPS_WORKSPACE) and returns its output, errors, progress and verbose records: progress records are only
       observable through a PowerShell instance's streams. #>
    param([Parameter(Mandatory)] [string] $Script)
    $ps = [powershell]::Create()
    try {
        $null = $ps.AddScript("Import-Module '$script:ModuleManifest' -ErrorAction Stop`n$Script")
        $output = $ps.Invoke()
        [pscustomobject]@{ Output = @($output); Errors = @($ps.Streams.Error); Progress = @($ps.Streams.Progress); Verbose = @($ps.Streams.Verbose) }
    }
    finally { $ps.Dispose() }
}

# The CSV header of the Amazon-style offer files: OfferId is the SKU, ProductId the ASIN.
$script:AmazonHeader = 'OfferId,Title,Price,Market,ProductId,Condition,Fulfillment,Status'

function New-AmazonRow {
    <# One CSV line of the Amazon-style offer shape (under $script:AmazonHeader). #>
    param([Parameter(Mandatory)] [string] $Sku, [string] $Price = '10.00', [string] $Market = 'amazon-us', [string] $Asin = "B0$Sku",
        [string] $Condition = 'New', [string] $Fulfillment = 'Merchant', [string] $Status = 'Active')
    ($Sku, "Item $Sku", $Price, $Market, $Asin, $Condition, $Fulfillment, $Status) -join ','
}

function Import-AmazonOffer {
    <# Writes the rows to a CSV file under TestDrive: and imports it with Import-Csv | Import-Offer; any error fails the test. #>
    param([Parameter(Mandatory)] [string[]] $Rows)
    $path = Join-Path (Get-PSDrive TestDrive).Root ('amazon-{0}.csv' -f [guid]::NewGuid().ToString('N'))
    Set-Content -Path $path -Value (@($script:AmazonHeader) + $Rows) -Encoding utf8NoBOM
    Import-Csv $path | Import-Offer -ErrorVariable importErrors
    $importErrors | Should -BeNullOrEmpty
}

function Get-ReportRow([string] $Target, [string] $Sku) {
    <# The connection report row of one offer on one target market. #>
    Get-ConnectionReport -TargetMarket $Target -Sku $Sku
}

function Start-AllegroFake {
    <# Starts the fake Allegro (tests/AllegroFake, built by build.ps1 Build) on 127.0.0.1 and points the Allegro cmdlets of
       this process at it: the API and auth addresses, the fake's application (test-client / test-secret) and a token folder
       under TestDrive:. Returns the fake: .Address, .Process; Stop-AllegroFake ends it. #>
    $dll = Join-Path $script:RepoRoot 'tests/AllegroFake/bin/Release/net10.0/AllegroFake.dll'
    if (-not (Test-Path $dll)) { throw "$dll is missing: run 'dotnet pwsh ./build.ps1 Build' first." }
    $info = [Diagnostics.ProcessStartInfo]::new('dotnet', "`"$dll`"")
    $info.RedirectStandardInput = $true; $info.RedirectStandardOutput = $true; $info.UseShellExecute = $false
    $process = [Diagnostics.Process]::Start($info)
    $line = $process.StandardOutput.ReadLine()
    if ($line -notmatch '^listening on (http://127\.0\.0\.1:\d+)$') { $process.Kill(); throw "the fake Allegro did not start: $line" }
    $address = $Matches[1]
    $env:LISTINGPS_ALLEGRO_API = $address
    $env:LISTINGPS_ALLEGRO_AUTH = $address
    $env:LISTINGPS_ALLEGRO_CLIENT_ID = 'test-client'
    $env:LISTINGPS_ALLEGRO_CLIENT_SECRET = 'test-secret'
    $env:LISTINGPS_ALLEGRO_TOKENS = Join-Path (Get-PSDrive TestDrive).Root ('allegro-tokens-{0}' -f [guid]::NewGuid().ToString('N'))
    [pscustomobject]@{ Address = $address; Process = $process }
}

function Stop-AllegroFake([Parameter(Mandatory)] $Fake) {
    <# Ends the fake (closing its input ends it) and clears the variables Start-AllegroFake set. #>
    $Fake.Process.StandardInput.Close()
    if (-not $Fake.Process.WaitForExit(5000)) { $Fake.Process.Kill() }
    foreach ($v in 'API', 'AUTH', 'CLIENT_ID', 'CLIENT_SECRET', 'TOKENS') { Remove-Item "env:LISTINGPS_ALLEGRO_$v" -ErrorAction SilentlyContinue }
}

function Set-AllegroFake([Parameter(Mandatory)] $Fake, [hashtable] $Options = @{}) {
    <# Sets the fake's answers (FakeOptions: Interval, PendingPolls, Deny, AccessTokenLifetime...); the rest take their defaults. #>
    $null = Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/config" -ContentType 'application/json' -Body ($Options | ConvertTo-Json)
}

function Get-AllegroFakeRequest([Parameter(Mandatory)] $Fake) {
    <# The requests the fake received, in order (method, path, query, authorization, accept, body). #>
    foreach ($request in (Invoke-RestMethod -Uri "$($Fake.Address)/_fake/requests")) { $request }
}
