<#
.SYNOPSIS
The command Invoke-Crash.ps1 kills and reruns: one pwsh pipeline run that imports, shares, fixes prices, connects and
syncs. Run to the end again after any interruption, it finishes the job (each step is safe to repeat). -Phases names a
file that gets one line per step as it starts (where a kill landed). -KillAt and -KillAfterMs arm the kill: when step
-KillAt starts, a helper process SIGKILLs this one -KillAfterMs later (timed from the step's own start, so a busy machine
does not move the kill into a later step).
#>
param([Parameter(Mandatory)] [string] $Module, [int] $Offers = 3000, [int] $AmazonOffers = 240, [string] $Phases, [string] $KillAt, [int] $KillAfterMs)
$ErrorActionPreference = 'Stop'
$ProgressPreference = 'SilentlyContinue'
$WarningPreference = 'SilentlyContinue'
Import-Module $Module
$examples = Join-Path $PSScriptRoot '../../examples'
function Phase([string] $Name) {
    if ($Phases) { Add-Content -Path $Phases -Value ('{0} {1}' -f [DateTime]::UtcNow.Ticks, $Name) }
    if ($KillAt -and $Name -eq $KillAt) {
        $wait = ($KillAfterMs / 1000).ToString('0.000', [cultureinfo]::InvariantCulture)
        $null = [Diagnostics.Process]::Start('bash', [string[]]@('-c', "sleep $wait; kill -9 $PID"))
    }
}

Phase import
Import-Csv (Join-Path $examples 'assortment.csv') | Select-Object -First $Offers | Import-Offer
Phase submit
$null = Get-Offer -Market allegro-pl | Submit-Offer -Market allegro-cz
Phase visibility
$null = Invoke-VisibilityCheck -Market allegro-cz
Phase price
$null = Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE | Set-OfferCzkPrice -UseConverter -ErrorAction SilentlyContinue   # offers without a base price are refused
$null = Get-VerificationStatus -Market allegro-cz -OfferId '*1' | Set-OfferCzkPrice -Price 199 -ErrorAction SilentlyContinue
Phase amazon
Import-Csv (Join-Path $examples 'amazon-offers.csv') | Select-Object -First $AmazonOffers | Import-Offer
$null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
Phase connect
if (-not (Get-MarketConnection | Where-Object SourceMarket -eq 'amazon-us')) {
    $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations
}
Phase sync
$null = Set-ExchangeRate -From USD -To CAD -Rate 1.2000 -Source ECB -Date 2024-03-02
$null = Sync-MarketConnection
Phase done
