<#
.SYNOPSIS
    The shared-offers runbook: imports the assortment, shares the chosen offers to allegro.cz, runs the weekly visibility
    check, lets the price converter fix what it can, and prints the outcome by state and reason.
.DESCRIPTION
    Unattended: no prompts, bad input records are reported and skipped, the run goes on. From pwsh, after
    Import-Module ./out/ListingPs/ListingPs.psd1:
        ./examples/Share-ToCzechia.ps1
    or, on a fresh clone, build and run it in one line:
        dotnet tool restore && dotnet pwsh ./build.ps1 Example
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
Import-Csv -Path $AssortmentPath | Import-Offer -ErrorVariable importErrors
"   {0} offers in the workspace, {1} input records refused" -f @(Get-Offer).Count, $importErrors.Count

"== 2. Share the chosen offers to allegro.cz ($SharePath)"
$submitted = Import-Csv -Path $SharePath | Submit-Offer -Market allegro-cz -ErrorVariable submitErrors -ErrorAction SilentlyContinue
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
$outcome = @(Get-VerificationStatus -Market allegro-cz)
$outcome | Group-Object State -NoElement | Sort-Object Count -Descending | Format-Table Name, Count -AutoSize | Out-Default
$outcome.Reasons | Group-Object Code -NoElement | Sort-Object Count -Descending | Format-Table Name, Count -AutoSize | Out-Default

"== What to fix next (first five refused offers and the hint for each)"
Get-VerificationStatus -Market allegro-cz -State Refused -First 5 |
    ForEach-Object { '{0}  {1}' -f $_.OfferId, $_.Reasons[0].Code; '    ' + $_.Reasons[0].Hint }

$refusedCsv = [System.IO.Path]::Combine([System.IO.Path]::GetDirectoryName($Workspace), 'refused-cz.csv')
Get-VerificationStatus -Market allegro-cz -State Refused | Select-Object OfferId, OfferStatus, ReasonCodes, Hints, BasePrice |
    Export-Csv -Path $refusedCsv -NoTypeInformation -Encoding utf8BOM
"The refused offers, for a spreadsheet: {0} ({1} rows)" -f $refusedCsv, @(Import-Csv -Path $refusedCsv).Count

"Done in {0:N1} s. Workspace: {1}" -f $clock.Elapsed.TotalSeconds, $Workspace
