<#
.SYNOPSIS
    The shared-offers runbook: imports the assortment, shares the chosen offers to allegro.cz, runs the weekly visibility
    check, lets the price converter fix what it can, and prints the outcome by state and reason.
.DESCRIPTION
    Unattended: no prompts, bad input records are reported and skipped, the run goes on. Run it through the project's host:
        dotnet run --project src/ListingPs.Host -c Release -- examples/Share-ToCzechia.ps1
    or from pwsh after Import-Module ./out/ListingPs/ListingPs.psd1.
.PARAMETER Workspace
    The workspace file. Default: a fresh file in the temp folder, so the example never touches your own workspace.
.PARAMETER Keep
    Keep an existing workspace file instead of starting from an empty one.
#>
param(
    [string] $Workspace = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'listingps-example', 'workspace.db'),
    [string] $AssortmentPath = [System.IO.Path]::Combine($PSScriptRoot, 'assortment.csv'),
    [string] $SharePath = [System.IO.Path]::Combine($PSScriptRoot, 'share-cz.csv'),
    [switch] $Keep
)

$ErrorActionPreference = 'Continue'
if (-not $Keep) {
    foreach ($suffix in '', '-wal', '-shm') {
        if ([System.IO.File]::Exists($Workspace + $suffix)) { [System.IO.File]::Delete($Workspace + $suffix) }
    }
}
$PSDefaultParameterValues['*-Offer*:Workspace'] = $Workspace
$PSDefaultParameterValues['*-VerificationStatus:Workspace'] = $Workspace
$PSDefaultParameterValues['Invoke-VisibilityCheck:Workspace'] = $Workspace
$clock = [System.Diagnostics.Stopwatch]::StartNew()

"== 1. Import the assortment ($AssortmentPath)"
Import-Offer -Path $AssortmentPath -ErrorVariable importErrors
"   {0} offers in the workspace, {1} input records refused" -f @(Get-Offer).Count, $importErrors.Count

"== 2. Share the chosen offers to allegro.cz ($SharePath)"
$submitted = Submit-Offer -Market allegro-cz -Path $SharePath -ErrorVariable submitErrors -ErrorAction SilentlyContinue
"   {0} offers submitted, {1} refused at input:" -f @($submitted).Count, $submitErrors.Count
$shown = 0
foreach ($e in $submitErrors) { if ($shown -lt 3) { "     {0}: {1}" -f $e.FullyQualifiedErrorId.Split(',')[0], $e.Exception.Message; $shown++ } }
$warned = @($submitted | Where-Object { $_.Warnings.Count -gt 0 }).Count
"   {0} approved with a price-deviation warning (more than 10 % from the converted PLN price)" -f $warned

"== 3. Weekly visibility check"
$hidden = Invoke-VisibilityCheck -Market allegro-cz
"   {0} active offers with a delivery method to Czechia had no CZK price and are hidden from buyers there (VQR001)" -f @($hidden).Count

"== 4. Let the price converter fix missing and mismatched CZK prices"
$fixed = Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE, VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH -OfferStatus Active |
    Where-Object { $null -ne $_.BasePrice } |
    Set-OfferCzkPrice -UseConverter -PassThru
"   {0} offers repriced by the converter; {1} of them are now approved" -f @($fixed).Count, @($fixed | Where-Object State -EQ 'Approved').Count

"== 5. Outcome on allegro-cz"
$byState = [ordered]@{}
$byReason = [ordered]@{}
foreach ($record in Get-VerificationStatus -Market allegro-cz) {
    $byState[[string]$record.State] = 1 + [int]$byState[[string]$record.State]
    foreach ($reason in $record.Reasons) { $byReason[$reason.Code] = 1 + [int]$byReason[$reason.Code] }
}
$byState.GetEnumerator() | ForEach-Object { [pscustomobject]@{ State = $_.Key; Offers = $_.Value } } | Out-Default
$byReason.GetEnumerator() | ForEach-Object { [pscustomobject]@{ Reason = $_.Key; Offers = $_.Value } } | Out-Default

"== What to fix next (first five refused offers and the hint for each)"
Get-VerificationStatus -Market allegro-cz -State Refused -First 5 |
    ForEach-Object { [pscustomobject]@{ OfferId = $_.OfferId; Reason = $_.Reasons[0].Code; Hint = $_.Reasons[0].Hint } } | Out-Default

"Done in {0:N1} s. Workspace: {1}" -f $clock.Elapsed.TotalSeconds, $Workspace
