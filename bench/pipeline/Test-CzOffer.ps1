# The baseline of the pipeline benches: the shared-offer checks of SPEC B as an admin would script them without ListingPs
# (values as in module/rules/allegro.yaml for allegro-cz). A plain function with a process block; one result object per
# offer. Dot-sourced by Measure-Pipeline.ps1 and bench/profile/Measure-ThreadCpu.ps1 (needs $inv = InvariantCulture).
$czRate = [decimal]::Parse('5.0942', $inv)
$czNotAllowedProducts = [System.Collections.Generic.HashSet[string]]::new([string[]]@('PRD-ALKO-0001', 'PRD-ALKO-0002', 'PRD-PIRO-0001'), [StringComparer]::OrdinalIgnoreCase)
$czNotAllowedCategories = @('Zdrowie/Leki', 'Supermarket/Alkohol')
$czUnavailableCategories = @('Nieruchomości', 'Motoryzacja/Pojazdy', 'Bilety', 'Usługi')
$czNoTranslationCategories = @('Książki i Komiksy', 'Filmy', 'Muzyka')
$czDelivery = @{ 'allegro-dhl-cz' = 99; 'allegro-dpd-cz' = 99; 'packeta-pickup-cz' = 59; 'packeta-locker-cz' = 59; 'own-courier-pl-cz' = 0 }

function Test-CzOffer {
    process {
        $reasons = [System.Collections.Generic.List[string]]::new()
        $warning = ''
        if ($_.AccountType -eq 'Personal') { $reasons.Add('LPS101_PERSONAL_ACCOUNT') }
        if ($_.B2BOnly -eq 'True' -or $_.B2BOnly -eq '1' -or $_.B2BOnly -eq 'yes') { $reasons.Add('LPS102_B2B_ONLY') }
        if ($_.Charity -eq 'True' -or $_.Charity -eq '1' -or $_.Charity -eq 'yes') { $reasons.Add('LPS103_CHARITY') }
        if ($_.SellingFormat -and $_.SellingFormat -ne 'BuyNow') { $reasons.Add('LPS104_NOT_BUY_NOW') }
        if (-not $_.ProductId) { $reasons.Add('LPS105_NO_CATALOGUE_PRODUCT') }
        $category = $_.Category
        $blocked = $_.ProductId -and $czNotAllowedProducts.Contains($_.ProductId)
        foreach ($c in $czNotAllowedCategories) { if ($category -eq $c -or $category.StartsWith($c + '/')) { $blocked = $true } }
        if ($blocked) { $reasons.Add('LPS106_PRODUCT_NOT_ALLOWED') }
        foreach ($c in $czUnavailableCategories) {
            if ($category -eq $c -or $category.StartsWith($c + '/')) { $reasons.Add('LPS107_CATEGORY_UNAVAILABLE'); break }
        }
        $toCz = 0
        foreach ($m in $_.DeliveryMethods -split '[;,|]') { if ($czDelivery.ContainsKey($m.Trim())) { $toCz++ } }
        if ($toCz -eq 0) { $reasons.Add('VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE') }
        $exempt = $false
        foreach ($c in $czNoTranslationCategories) { if ($category -eq $c -or $category.StartsWith($c + '/')) { $exempt = $true } }
        if (-not $exempt) {
            $translated = $false
            foreach ($t in $_.Translations -split '[;,|]') { if ($t -eq 'cs-CZ' -or $t -eq 'cs') { $translated = $true } }
            if (-not $translated) { $reasons.Add('VQR002_LANGUAGE_NOT_AVAILABLE') }
        }
        $czk = $null
        if ($_.Price) {
            $converted = [decimal]::Parse($_.Price, $inv) * $czRate
            $cents = [math]::Round($converted, 2, [MidpointRounding]::AwayFromZero)
            $czk = [math]::Truncate($cents)
            if ($cents - $czk -gt 0.5) { $czk++ }
            if ($_.MarketPrice) {
                $own = [decimal]::Parse($_.MarketPrice, $inv)
                $deviation = [math]::Round([math]::Abs($own - $converted) / $converted * 100, 2, [MidpointRounding]::AwayFromZero)
                if ($deviation -gt 20) { $reasons.Add('VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH') }
                elseif ($deviation -gt 10) { $warning = "The CZK price differs by $deviation % from the converted PLN price." }
                $czk = $own
            }
        }
        else { $reasons.Add('VQR001_CURRENCY_NOT_AVAILABLE') }
        [pscustomobject]@{
            OfferId  = $_.OfferId
            State    = if ($reasons.Count -gt 0) { 'Refused' } elseif ($_.Status -and $_.Status -ne 'Active') { 'Pending' } else { 'Approved' }
            Reasons  = $reasons -join ';'
            CzkPrice = $czk
            Warning  = $warning
        }
    }
}

