<#
.SYNOPSIS
    The market-connection runbook: connects amazon.com to amazon.ca, amazon.com.mx and amazon.de, lets a price and the
    exchange rates change, synchronizes, and prints the status report by status and reason.
.DESCRIPTION
    Unattended: no prompts; expected refusals are caught and shown; every step checks its outcome and the run fails when
    one is wrong. From pwsh, after Import-Module ./out/ListingPs/ListingPs.psd1:
        ./examples/Connect-Markets.ps1
    or, on a fresh clone, build and run it in one line:
        dotnet tool restore && dotnet pwsh ./build.ps1 Example -Runbook Connect-Markets.ps1
    The sample offers come from New-AmazonSample.ps1.
.PARAMETER Workspace
    The workspace file. Default: a fresh file in the temp folder, so the example never touches your own workspace.
.PARAMETER Keep
    Keep an existing workspace file instead of starting from an empty one.
#>
param(
    [string] $Workspace = [System.IO.Path]::Combine([System.IO.Path]::GetTempPath(), 'listingps-connect', 'workspace.db'),
    [string] $OffersPath = [System.IO.Path]::Combine($PSScriptRoot, 'amazon-offers.csv'),
    [string] $CatalogPath = [System.IO.Path]::Combine($PSScriptRoot, 'amazon-catalog-mx.csv'),
    [switch] $Keep
)

$ErrorActionPreference = 'Stop'
if (-not $Keep) {
    foreach ($suffix in '', '-wal', '-shm') {
        if ([System.IO.File]::Exists($Workspace + $suffix)) { [System.IO.File]::Delete($Workspace + $suffix) }
    }
}
$folder = [System.IO.Path]::GetDirectoryName($Workspace)
$null = [System.IO.Directory]::CreateDirectory($folder)
$PSDefaultParameterValues['*:Workspace'] = $Workspace
$clock = [System.Diagnostics.Stopwatch]::StartNew()
function Check([bool] $condition, [string] $what) { if (-not $condition) { throw "Check failed: $what" } }
function Row([string] $target, [string] $sku) { Get-ConnectionReport -TargetMarket $target -Sku $sku }

"== 1. Import the amazon.com offers and the amazon.com.mx catalogue"
Import-Offer -Path $OffersPath -ErrorVariable importErrors
# The documents' worked example: a source price of 10 USD, 1 USD above source, 1.1262 CAD per USD -> 12.39 CAD.
Import-Offer -OfferId US-DOCS-1 -Market amazon-us -Title 'Worked example' -Price 10 -ProductId B0DOCS0001
Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
$catalog = Import-Catalog -Market amazon-mx -Path $CatalogPath
"   {0} amazon-us offers, {1} records refused; {2} products with a detail page on amazon-mx" -f @(Get-Offer).Count, $importErrors.Count, $catalog.Total

"== 2. The connection's rules: defaults, and per target x fulfilment method"
$rulesFile = [System.IO.Path]::Combine($folder, 'amazon-connection.yaml')
[System.IO.File]::WriteAllText($rulesFile, @'
version: 1
connection:
  offerCondition: New
  fulfillment: All
  excludeSkus: [US-000007, US-000013]
  pricing: { rule: AmountAbove, adjustment: 1 }
  targets:
    amazon-mx:
      pricing:
        FBA: { rule: PercentAbove, adjustment: 8 }
        Merchant: { rule: PercentAbove, adjustment: 5 }
    amazon-de:
      fulfillment: Merchant
      pricing: { rule: PercentBelow, adjustment: 3 }
'@)
"   $rulesFile"

"== 3. Without -AcceptObligations nothing is created"
New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx, amazon-de -RulePath $rulesFile -ErrorAction SilentlyContinue -ErrorVariable refused
Check ($refused.Count -eq 1 -and $refused[0].FullyQualifiedErrorId -like 'ObligationsNotAccepted,*') 'the connection is refused without -AcceptObligations'
Check (@(Get-MarketConnection).Count -eq 0) 'nothing was created'
"   {0}" -f $refused[0].Exception.Message

"== 4. Accept the obligations and connect"
$connection = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx, amazon-de -RulePath $rulesFile -AcceptObligations
$connection | Out-Default
"   Summary: {0}" -f $connection.Summary
$docs = Row amazon-ca US-DOCS-1
Check ($docs.Price -eq 12.39) "the worked example is priced 12.39 CAD (got $($docs.Price))"
"   Worked example on amazon-ca: {0} {1} ({2}, rate {3})" -f $docs.Price, $docs.Currency, $docs.PricingRule, $docs.ExchangeRate

"== 5. A second source market needs its region linked"
New-MarketConnection -SourceMarket amazon-uk -TargetMarket amazon-fr -AcceptObligations -ErrorAction SilentlyContinue -ErrorVariable second
Check ($second.Count -eq 1 -and $second[0].FullyQualifiedErrorId -like 'RegionNotLinked,*') 'a second source in an unlinked region is refused'
"   {0}" -f $second[0].Exception.Message
Set-SellerProfile -LinkedRegion EU -SellerName 'Sample Seller'
$uk = New-MarketConnection -SourceMarket amazon-uk -TargetMarket amazon-fr -AcceptObligations
"   With EU linked: {0} {1} -> {2}" -f $uk.ConnectionId, $uk.SourceMarket, ($uk.TargetMarkets -join ', ')

"== 6. FBA inventory arrives in Canada for ten SKUs"
$activated = Get-ConnectionReport -ConnectionId $connection.ConnectionId -TargetMarket amazon-ca -Reason AwaitingFbaInventory -First 10 |
    Set-FbaInventory -Quantity 25 -PassThru
Check (@($activated | Where-Object TargetOfferState -EQ 'Active').Count -eq 10) 'ten FBA offers are active on amazon-ca'
"   {0} FBA target offers are active now" -f @($activated).Count

"== 7. A price set by hand, a source price change, a small and a large exchange-rate move, a removed offer"
Set-OfferPrice -Market amazon-ca -OfferId US-DOCS-1 -Price 12.99
$before = Row amazon-ca US-000004
[pscustomobject]@{ OfferId = 'US-DOCS-1'; Price = '15.00' }, [pscustomobject]@{ OfferId = 'US-000001'; Price = '99.00' } | Import-Offer
Set-ExchangeRate -From USD -To CAD -Rate 1.1300 -Source ECB     # +0.34 %: under 1 %, Sync keeps the rate offers were priced with
Set-ExchangeRate -From USD -To MXN -Rate 17.6000 -Source ECB    # +3.3 % from the rules' rate: Sync re-prices amazon-mx
Remove-Offer -OfferId US-000002 -Force
"   State before the sync: {0}" -f (Get-MarketConnection -ConnectionId $connection.ConnectionId).State
$synced = Sync-MarketConnection -ConnectionId $connection.ConnectionId
"   Summary: {0}" -f $synced.Summary
"   Exchange-rate moves under 1 % skipped: {0}; prices set by hand kept: {1}" -f $synced.Summary.RateMovesSkipped, $synced.Summary.ManualPricesKept

$manual = Row amazon-ca US-DOCS-1
Check ($manual.Price -eq 12.99 -and "$($manual.PriceSource)" -eq 'Manual' -and $manual.Reason -eq 'ManualPrice') 'the hand-set price is kept and reported'
$after = Row amazon-ca US-000004
Check ($after.Price -eq $before.Price -and $after.ExchangeRate -eq 1.1262) 'a rate move under 1 % changes no price'
$changed = Row amazon-ca US-000001
Check ($changed.Price -eq 112.62) "the new source price is priced with the offer's rate: (99 + 1) x 1.1262 = 112.62 (got $($changed.Price))"
$mx = Row amazon-mx US-000001
Check ($mx.ExchangeRate -eq 17.6) 'the 3.3 % move re-prices amazon-mx'
$removed = Row amazon-ca US-000002
Check ("$($removed.Status)" -eq 'Disconnected' -and $removed.Reason -eq 'SourceRemoved') 'the removed offer is disconnected'
"   US-DOCS-1 on amazon-ca: {0} {1} ({2}); US-000001: {3} CAD, {4} MXN (rate {5}); US-000002: {6}" -f $manual.Price, $manual.Currency, $manual.PriceSource,
    $changed.Price, $mx.Price, $mx.ExchangeRate, $removed.Status

"== 8. The status report by status and reason"
$byStatus = [ordered]@{}
$byReason = [ordered]@{}
$nextStep = @{}
foreach ($row in Get-ConnectionReport -ConnectionId $connection.ConnectionId) {
    $status = "$($row.Status)"
    $byStatus[$status] = 1 + [int]$byStatus[$status]
    if ($row.Reason) {
        $key = $status + '|' + $row.Reason
        $byReason[$key] = 1 + [int]$byReason[$key]
        if (-not $nextStep.ContainsKey($key)) { $nextStep[$key] = $row.NextStep }
    }
}
$byStatus.GetEnumerator() | ForEach-Object { [pscustomobject]@{ Status = $_.Key; Rows = $_.Value } } | Out-Default
$byReason.GetEnumerator() | ForEach-Object {
    $status, $reason = $_.Key.Split('|')
    [pscustomobject]@{ Status = $status; Reason = $reason; Rows = $_.Value; NextStep = $nextStep[$_.Key] }
} | Out-Default
Check ($byStatus.Count -eq 3) 'the report has synchronized, not synchronized and disconnected rows'

Check ($byReason.Contains('NotSynchronized|RestrictedProduct')) 'restricted products are reported'

"== What to fix next (the first row of each reason that needs the seller)"
'NoDetailPage', 'RestrictedProduct', 'SourceOfferInactive', 'NoSourcePrice' | ForEach-Object {
    Get-ConnectionReport -ConnectionId $connection.ConnectionId -Reason $_ -First 1
} | ForEach-Object { [pscustomobject]@{ Sku = $_.Sku; Target = $_.TargetMarket; Reason = $_.Reason; NextStep = $_.NextStep } } | Out-Default

"Done in {0:N1} s. Workspace: {1}" -f $clock.Elapsed.TotalSeconds, $Workspace
