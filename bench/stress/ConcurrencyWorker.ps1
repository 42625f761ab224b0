<#
.SYNOPSIS
One writer of Invoke-Concurrency.ps1: until -Seconds pass, a mix of ListingPs commands on the shared workspace, each
logged as one JSON line (op, what it wrote, start and end time, errors) to -Log once it returned.
#>
param(
    [Parameter(Mandatory)] [int] $Index,
    [Parameter(Mandatory)] [double] $Seconds,
    [Parameter(Mandatory)] [string] $Log,
    [Parameter(Mandatory)] [string] $Module,
    [int] $Shared = 20,
    [int] $Seed = 0
)
$ErrorActionPreference = 'Continue'
$ProgressPreference = 'SilentlyContinue'
Import-Module $Module -ErrorAction Stop
$rng = [Random]::new($Seed * 1000 + $Index)
$deadline = [DateTime]::UtcNow.AddSeconds($Seconds)
$n = 0
$mine = [Collections.Generic.List[string]]::new()      # my offers whose Submit-Offer completed
$amazon = @(Import-Csv (Join-Path $PSScriptRoot '../../examples/amazon-offers.csv') | Select-Object -First 40)

function Now { [DateTime]::UtcNow.Ticks }
function Write-Op([string] $Op, [object] $Data, [long] $T0, [object[]] $Errors) {
    $line = [ordered]@{ p = $Index; op = $Op; t0 = $T0; t1 = (Now); data = $Data
        errors = @($Errors | Where-Object { $_ } | ForEach-Object { '{0}: {1}' -f $_.FullyQualifiedErrorId, $_.Exception.Message }) }
    Add-Content -Path $Log -Value ($line | ConvertTo-Json -Compress -Depth 5)
}
function New-Offer([string] $Id, [string] $Price) {
    [pscustomobject]@{ OfferId = $Id; Title = "Title $Id"; Category = 'Elektronika/Telefony'; Price = $Price; SellingFormat = 'BuyNow'
        AccountType = 'Company'; B2BOnly = 'False'; Charity = '0'; ProductId = 'P-1'; Status = 'Active'
        DeliveryMethods = 'allegro-dhl-cz;allegro-dpd-pl'; Translations = 'cs-CZ' }
}
function Shared([int] $i) { 'S{0:D2}' -f $i }

# Every writer races to create the one amazon connection: exactly one wins, the others are refused (SourceAlreadyConnected).
$t0 = Now; $e = $null
$c = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations -ErrorAction SilentlyContinue -ErrorVariable e
$refused = @($e | Where-Object FullyQualifiedErrorId -like 'SourceAlreadyConnected*')
Write-Op 'connect' @{ created = [bool]$c; id = $c.ConnectionId } $t0 @($e | Where-Object { $_ -notin $refused })

while ([DateTime]::UtcNow -lt $deadline) {
    $n++
    # Import-Offer: three offers of my own and two shared ones, with a price of their own each time.
    $rows = @(1..3 | ForEach-Object { New-Offer ('W{0}-{1:D5}-{2}' -f $Index, $n, $_) ('{0}.{1:D2}' -f $rng.Next(40, 60), $rng.Next(0, 100)) })
    $rows += @(1..2 | ForEach-Object { New-Offer (Shared $rng.Next(0, $Shared)) ('{0}.{1:D2}' -f $rng.Next(40, 60), $rng.Next(0, 100)) })
    $t0 = Now; $e = $null
    $rows | Import-Offer -ErrorVariable e
    Write-Op 'import' @($rows | ForEach-Object { @{ id = $_.OfferId; price = $_.Price } }) $t0 $e

    # Submit-Offer of my three new offers to allegro-cz (the converter prices them).
    $ids = @($rows[0..2].OfferId)
    $t0 = Now; $e = $null
    $null = Get-Offer -OfferId $ids | Submit-Offer -Market allegro-cz -ErrorVariable e
    Write-Op 'submit' $ids $t0 $e
    if (-not $e) { $mine.AddRange([string[]]$ids) }

    # Set-OfferCzkPrice: an own price (whole crowns) on a shared offer.
    $id = Shared $rng.Next(0, $Shared); $price = $rng.Next(240, 300)
    $t0 = Now; $e = $null
    $null = Set-OfferCzkPrice -OfferId $id -Price $price -ErrorVariable e
    Write-Op 'price' @{ id = $id; price = $price } $t0 $e

    # Every third round: a new source price on the amazon sample, then a sync of the connection.
    if ($n % 3 -eq 0) {
        $a = $amazon[$rng.Next(0, $amazon.Count)] | Select-Object *
        $a.Price = '{0}.{1:D2}' -f $rng.Next(10, 120), $rng.Next(0, 100)
        $t0 = Now; $e = $null
        $a | Import-Offer -ErrorVariable e
        Write-Op 'import' @(@{ id = $a.OfferId; price = $a.Price }) $t0 $e
        $t0 = Now; $e = $null
        $s = Sync-MarketConnection -ErrorVariable e -ErrorAction SilentlyContinue
        # Another writer syncing the connection right now: this one is told (JobInProgress) and leaves it, as designed.
        $busy = @($e | Where-Object FullyQualifiedErrorId -like 'JobInProgress*')
        Write-Op 'sync' @{ updated = $s.Summary.Updated; skipped = [bool]$busy } $t0 @($e | Where-Object { $_ -notin $busy })
    }

    # Reader: Get-VerificationStatus sees every offer of mine that was shared, no more, and every shared offer.
    $t0 = Now; $e = $null
    $seen = @(Get-VerificationStatus -Market allegro-cz -OfferId ('W{0}-*' -f $Index) -ErrorVariable e)
    $sharedSeen = @(Get-VerificationStatus -Market allegro-cz -OfferId 'S*' -ErrorVariable +e)
    $bad = @()
    if ($seen.Count -ne $mine.Count) { $bad += "saw $($seen.Count) of my $($mine.Count) shares" }
    if ($sharedSeen.Count -ne $Shared) { $bad += "saw $($sharedSeen.Count) of $Shared shared offers" }
    if (@($seen + $sharedSeen | Where-Object { -not $_.OfferId -or $_.Currency -ne 'CZK' -or $null -eq $_.Price }).Count) { $bad += 'a share record without id, CZK or price' }
    Write-Op 'read' @{ seen = $seen.Count; shared = $sharedSeen.Count; bad = $bad } $t0 $e
}
