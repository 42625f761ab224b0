# The words of every reason, as a seller reads them: each code's message and next step once, in full, where the seller
# meets it (a share record of Submit-Offer, a row of Get-ConnectionReport). Which offers get which code is specified in
# the cmdlets' own tests; here only the texts.

BeforeDiscovery {
    # One row per code (two for NoDetailPage: with and without a product id).
    $SharedCases = @(
        @{ Offer = 'R001'; Code = 'VQR001_CURRENCY_NOT_AVAILABLE'
            Message = 'The offer has no price in CZK, the currency of allegro-cz.'
            Hint = 'Price it from the base price with the converter (Set-OfferPrice -Market allegro-cz -UseConverter), or set your own CZK price (Set-OfferPrice -Market allegro-cz -Price <amount>).' }
        @{ Offer = 'R002'; Code = 'VQR002_LANGUAGE_NOT_AVAILABLE'
            Message = 'The offer has no cs-CZ translation.'
            Hint = 'Add a cs-CZ translation (the Translations column), or submit with -AutoTranslate.' }
        @{ Offer = 'R003'; Code = 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
            Message = 'The offer has no delivery method to CZ.'
            Hint = 'Add at least one delivery method to CZ, e.g. allegro-dhl-cz, allegro-dpd-cz, packeta-pickup-cz, packeta-locker-cz, own-courier-pl-cz.' }
        @{ Offer = 'R009'; Code = 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'
            Message = 'The CZK price 300 differs by 41.11% from the converted base price 509 (at most 20% allowed).'
            Hint = 'Bring the price within 20% of 509 CZK, or switch the price converter on (-UseConverter).' }
        @{ Offer = 'R101'; Code = 'LPS101_PERSONAL_ACCOUNT'
            Message = 'Offers listed from a personal (non-company) account are never shown on allegro-cz.'
            Hint = 'Switch to a company account, then submit the offer again.' }
        @{ Offer = 'R102'; Code = 'LPS102_B2B_ONLY'
            Message = 'Business-only (B2B) offers cannot be shared to allegro-cz.'
            Hint = 'Make the offer available to all buyers, or keep it on the base market only.' }
        @{ Offer = 'R103'; Code = 'LPS103_CHARITY'
            Message = 'Charity offers cannot be shared to allegro-cz.'
            Hint = 'Keep charity offers on the base market only.' }
        @{ Offer = 'R104'; Code = 'LPS104_NOT_BUY_NOW'
            Message = "Only buy-now offers can be shared; this offer's selling format is auction."
            Hint = 'List the item as a buy-now offer to share it.' }
        @{ Offer = 'R105'; Code = 'LPS105_NO_CATALOGUE_PRODUCT'
            Message = 'The offer is not linked to the product catalogue.'
            Hint = 'Link the offer to a catalogue product (ProductId), then submit again.' }
        @{ Offer = 'R106'; Code = 'LPS106_PRODUCT_NOT_ALLOWED'
            Message = 'The product PRD-ALKO-0001 is not allowed for sale in CZ.'
            Hint = 'This product cannot be sold on allegro-cz; withdraw the offer from it (Unpublish-Offer -Market allegro-cz).' }
        @{ Offer = 'R107'; Code = 'LPS107_CATEGORY_UNAVAILABLE'
            Message = 'The category Nieruchomości is not available on allegro-cz.'
            Hint = 'Move the offer to a category available on allegro-cz, or keep it on the base market only.' }
    )
    $ConnectionCases = @(
        @{ Sku = 'D1'; Target = 'amazon-de'; Code = 'NoDetailPage'
            Message = 'Product B0NOPAGE has no detail page in the amazon-de catalogue.'
            NextStep = "Create the product's detail page on amazon-de, or import the amazon-de catalogue again (Import-Catalog -Market amazon-de) if it is there; then Sync-MarketConnection." }
        @{ Sku = 'N1'; Target = 'amazon-de'; Code = 'NoDetailPage'
            Message = 'The offer has no ProductId (ASIN), so no detail page in the amazon-de catalogue can be found for it.'
            NextStep = 'Give the offer its ASIN on amazon-us (Import-Offer with ProductId), then Sync-MarketConnection.' }
        @{ Sku = 'I1'; Target = 'amazon-de'; Code = 'SourceOfferInactive'
            Message = 'The source offer is inactive on amazon-us.'
            NextStep = 'Activate the offer on amazon-us (Import-Offer with Status Active), then Sync-MarketConnection.' }
        @{ Sku = 'X1'; Target = 'amazon-de'; Code = 'SkuExcluded'
            Message = "SKU X1 is on the connection's exclusion list for amazon-de."
            NextStep = 'None if intended; to list it on amazon-de, leave it out of the exclusion list (-ExcludeSku or excludeSkus in the connection rule file).' }
        @{ Sku = 'R1'; Target = 'amazon-de'; Code = 'RestrictedProduct'
            Message = 'Product B0RESTRICT1 is restricted on amazon-de and needs approval to be sold there.'
            NextStep = 'Apply for approval to sell the product on amazon-de; once approved, take it off restrictedProducts in the amazon-de rules and Sync-MarketConnection.' }
        @{ Sku = 'U1'; Target = 'amazon-de'; Code = 'FilteredOut'
            Message = "Filtered out by the connection's condition setting: the offer is Used, the setting lists New."
            NextStep = 'None if intended; to list such offers on amazon-de, create the connection with -OfferCondition NewAndUsed.' }
        @{ Sku = 'S1'; Target = 'amazon-de'; Code = 'NoSourcePrice'
            Message = 'The source offer has no price on amazon-us to price the target offer from.'
            NextStep = "Set the offer's price on amazon-us (Import-Offer with Price), then Sync-MarketConnection." }
        @{ Sku = 'M1'; Target = 'amazon-de'; Code = 'ManualPrice'
            Message = 'The price 14.99 EUR was set by hand on amazon-de; Sync does not re-price it.'
            NextStep = "None if intended; Set-OfferPrice -Market amazon-de -OfferId M1 -UseConverter returns the offer to the connection's pricing rule." }
        @{ Sku = 'F1'; Target = 'amazon-de'; Code = 'AwaitingFbaInventory'
            Message = 'The FBA offer stays inactive until inventory reaches a fulfilment centre in amazon-de.'
            NextStep = 'Send inventory to amazon-de, then record it: Set-FbaInventory -Market amazon-de -Sku F1 -Quantity <units>.' }
        @{ Sku = 'G1'; Target = 'amazon-de'; Code = 'SourceRemoved'
            Message = 'The source offer left the amazon-us assortment; its target offer on amazon-de was removed.'
            NextStep = 'None; import the offer on amazon-us again and Sync-MarketConnection to list it again.' }
        @{ Sku = 'W1'; Target = 'allegro-cz'; Code = 'WithdrawnOnTarget'
            Message = 'The offer was withdrawn from allegro-cz by hand; the connection no longer updates it.'
            NextStep = 'Submit-Offer -Market allegro-cz shares it again; the next Sync-MarketConnection connects it again.' }
    )
    # VQR010 comes from the marketplace only: its text is checked in the completion below.
    $AllCodes = @($SharedCases.Code) + 'VQR010_SAURON_LEVEL_LOW' + @($ConnectionCases.Code | Select-Object -Unique)
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ListingPs.Core' } | Select-Object -First 1
}

Describe 'Reason texts' {
    Context 'the shared-offers verification (Submit-Offer -Market allegro-cz)' {
        BeforeAll {
            $null = New-TestWorkspace
            $rows = @(
                (New-OfferRow R101 -AccountType Personal), (New-OfferRow R102 -B2BOnly True), (New-OfferRow R103 -Charity 1),
                (New-OfferRow R104 -SellingFormat Auction), (New-OfferRow R105 -ProductId ''), (New-OfferRow R106 -ProductId PRD-ALKO-0001),
                (New-OfferRow R107 -Category 'Nieruchomości'), (New-OfferRow R001 -Price ''), (New-OfferRow R002 -Translations ''),
                (New-OfferRow R003 -DeliveryMethods allegro-dpd-pl))
            $script:Shared = @{}
            Import-Csv (New-OfferCsv -Rows $rows) | Submit-Offer -Market allegro-cz | ForEach-Object { $script:Shared[$_.OfferId] = $_ }
            # 300 CZK against 100.00 PLN converted at the rules' rate 5.0942 (509 CZK): 41.11 % below.
            $script:Shared['R009'] = Submit-Offer -Market allegro-cz -OfferId R009 -BasePrice 100 -Price 300 -Title 'Title R009' `
                -Category 'Elektronika/Telefony' -ProductId P-1 -DeliveryMethods allegro-dhl-cz -Translations cs-CZ
        }

        It '<Code>' -TestCases $SharedCases {
            $record = $script:Shared[$Offer]
            @($record.Reasons.Code) | Should -Be @($Code)
            $record.Reasons[0].Message | Should -BeExactly $Message
            $record.Reasons[0].Hint | Should -BeExactly $Hint
        }

        It 'VQR010_SAURON_LEVEL_LOW, which only the marketplace decides, reads in the -Reason completion' {
            $found = (TabExpansion2 -inputScript 'Get-VerificationStatus -Reason VQR010' -cursorColumn 37).CompletionMatches
            @($found.ToolTip) | Should -Be @('The seller''s quality level is too low to sell on {market}.')
        }
    }

    Context 'market connections (Get-ConnectionReport)' {
        BeforeAll {
            $null = New-TestWorkspace
            Import-AmazonOffer @(
                (New-AmazonRow N1 -Asin ''), (New-AmazonRow D1 -Asin B0NOPAGE), (New-AmazonRow I1 -Status Inactive), (New-AmazonRow X1),
                (New-AmazonRow R1 -Asin B0RESTRICT1), (New-AmazonRow U1 -Condition Used), (New-AmazonRow S1 -Price ''),
                (New-AmazonRow F1 -Fulfillment FBA), (New-AmazonRow M1), (New-AmazonRow G1))
            # The amazon-de catalogue holds every product but B0NOPAGE's.
            $catalog = New-TextFile -Name 'de.txt' -Lines 'B0I1', 'B0X1', 'B0RESTRICT1', 'B0U1', 'B0S1', 'B0F1', 'B0M1', 'B0G1'
            $null = Import-Catalog -Market amazon-de -Path $catalog
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-de -ExcludeSku X1 -AcceptObligations -ErrorAction Stop
            $null = Set-OfferPrice -Market amazon-de -OfferId M1 -Price 14.99 -ErrorAction Stop
            Remove-Offer -OfferId G1 -Force
            $null = Sync-MarketConnection C001 -ErrorAction Stop

            # WithdrawnOnTarget: an Allegro connection's share withdrawn by hand.
            Import-Csv (New-OfferCsv -Rows @(New-OfferRow W1)) | Import-Offer
            $null = New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -AcceptObligations -ErrorAction Stop
            Unpublish-Offer -Market allegro-cz -OfferId W1 -ErrorAction Stop
            $null = Sync-MarketConnection C002 -ErrorAction Stop
        }

        It '<Code> (<Sku>)' -TestCases $ConnectionCases {
            $row = Get-ReportRow $Target $Sku
            $row.Reason | Should -Be $Code
            $row.Message | Should -BeExactly $Message
            $row.NextStep | Should -BeExactly $NextStep
        }
    }

    It 'has a text above for every code the module knows' -TestCases @{ Checked = $AllCodes } {
        $known = @($script:Core.GetType('ListingPs.Core.Model.ReasonCodes', $true)::All) +
            @($script:Core.GetType('ListingPs.Core.Model.ConnectionReasons', $true)::All)
        ($known | Sort-Object) -join ',' | Should -Be (($Checked | Sort-Object) -join ',')
    }
}
