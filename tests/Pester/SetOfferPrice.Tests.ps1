BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-OfferPrice' {
    BeforeEach {
        $null = New-TestWorkspace
        Import-Csv (New-OfferCsv -Rows @(
                (New-OfferRow M1 -Price '45.00' -DeliveryMethods 'allegro-dhl-cz;allegro-dpd-sk;packeta-pickup-hu' -Translations 'cs-CZ;sk-SK;hu-HU'),
                (New-OfferRow M2 -Price '45.00' -DeliveryMethods 'allegro-dhl-cz;allegro-dpd-sk;packeta-pickup-hu' -Translations 'cs-CZ;sk-SK;hu-HU'))) |
            Import-Offer
        foreach ($m in 'allegro-cz', 'allegro-sk', 'allegro-hu') { Get-Offer | Submit-Offer -Market $m | Out-Null }
    }

    Context 'an own price (-Price)' {
        It 'sets the price on the market given and turns the converter off there only' {
            $rec = Set-OfferPrice -Market allegro-cz -OfferId M1 -Price 235 -PassThru
            $rec.Market | Should -Be 'allegro-cz'
            $rec.Price | Should -Be 235
            $rec.PriceSource | Should -Be 'Manual'
            $rec.State | Should -Be 'Approved'
            (Get-VerificationStatus -Market allegro-sk -OfferId M1).PriceSource | Should -Be 'Converter'
        }

        It 'on <Market>, <Price> is <Outcome>' -TestCases @(
            @{ Market = 'allegro-cz'; Price = 230; Outcome = 'accepted' }
            @{ Market = 'allegro-cz'; Price = 230.5; Outcome = 'off the step' }     # whole crowns
            @{ Market = 'allegro-sk'; Price = 10.49; Outcome = 'accepted' }         # euro cents
            @{ Market = 'allegro-sk'; Price = 10.495; Outcome = 'off the step' }
            @{ Market = 'allegro-hu'; Price = 4100; Outcome = 'accepted' }          # forints ending in 0 or 5
            @{ Market = 'allegro-hu'; Price = 4095; Outcome = 'accepted' }
            @{ Market = 'allegro-hu'; Price = 4097; Outcome = 'off the step' }
        ) {
            $before = (Get-VerificationStatus -Market $Market -OfferId M1).Price
            $rec = Set-OfferPrice -Market $Market -OfferId M1 -Price $Price -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue
            if ($Outcome -eq 'accepted') {
                $errs | Should -BeNullOrEmpty
                $rec.Price | Should -Be $Price
                (Get-VerificationStatus -Market $Market -OfferId M1).Price | Should -Be $Price
            }
            else {
                $rec | Should -BeNullOrEmpty
                $errs.Count | Should -Be 1
                $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPricePrecision,ListingPs.Commands.SetOfferPriceCommand'
                (Get-VerificationStatus -Market $Market -OfferId M1).Price | Should -Be $before
            }
        }

        It 'refuses an own price on a business market, which carries the base price unchanged' {
            Set-OfferPrice -Market allegro-business-cz -OfferId M1 -Price 229 -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPrice,ListingPs.Commands.SetOfferPriceCommand'
        }

        It 'refuses a market the rules do not define' {
            Set-OfferPrice -Market allegro-xx -OfferId M1 -Price 229 -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.SetOfferPriceCommand'
        }
    }

    Context 'the converter (-UseConverter)' {
        It 'binds OfferId and Market of piped share records, so each record is priced on its own market' {
            Set-OfferPrice -Market allegro-cz -OfferId M1 -Price 235
            Set-OfferPrice -Market allegro-sk -OfferId M1 -Price 10.99
            $recs = Get-VerificationStatus -OfferId M1 | Where-Object PriceSource -EQ 'Manual' | Set-OfferPrice -UseConverter -PassThru
            $recs.Market | Should -Be @('allegro-cz', 'allegro-sk')
            $recs.Price | Should -Be @(229, 10.43)
            $recs.PriceSource | Should -Be @('Converter', 'Converter')
        }

        It 'binds the OfferId and Market columns of an Import-Csv file' {
            Set-OfferPrice -Market allegro-cz -OfferId M1 -Price 235
            Set-OfferPrice -Market allegro-sk -OfferId M2 -Price 10.99
            $file = Join-Path TestDrive: 'reprice.csv'
            Set-Content $file 'OfferId,Market', 'M1,allegro-cz', 'M2,allegro-sk'
            $recs = Import-Csv $file | Set-OfferPrice -UseConverter -PassThru
            $recs.Market | Should -Be @('allegro-cz', 'allegro-sk')
            $recs.Price | Should -Be @(229, 10.43)
            $recs.PriceSource | Should -Be @('Converter', 'Converter')
        }

        It '-ExchangeRate prices one call with another rate' {
            $rec = Set-OfferPrice -Market allegro-sk -OfferId M1 -UseConverter -ExchangeRate 0.25 -PassThru
            $rec.Price | Should -Be 11.25     # 45 x 0.25
            $rec.ExchangeRate | Should -Be 0.25
        }

    }

    Context 'common parameters' {
        It '-WhatIf changes no price' {
            Set-OfferPrice -Market allegro-cz -OfferId M1, M2 -Price 235 -WhatIf
            Get-VerificationStatus -OfferId M1, M2 -Market allegro-cz | Set-OfferPrice -UseConverter -WhatIf
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(229, 229)
            (Get-VerificationStatus -Market allegro-cz).PriceSource | Should -Be @('Converter', 'Converter')
        }

        It '-ErrorVariable collects an unknown offer and the rest are priced; -ErrorAction Stop ends there' {
            Set-OfferPrice -Market allegro-cz -OfferId NOPE, M2 -Price 235 -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.FullyQualifiedErrorId | Should -Be 'OfferNotFound,ListingPs.Commands.SetOfferPriceCommand'
            (Get-VerificationStatus -Market allegro-cz -OfferId M2).Price | Should -Be 235
            { Set-OfferPrice -Market allegro-cz -OfferId NOPE, M1 -Price 236 -ErrorAction Stop } | Should -Throw -ErrorId 'OfferNotFound,ListingPs.Commands.SetOfferPriceCommand'
            (Get-VerificationStatus -Market allegro-cz -OfferId M1).Price | Should -Be 229
        }
    }

    Context 'records of several markets in one pipeline' {
        # Market binds per record, so the ShouldProcess text names each record's own market.
        It 'names each record''s own market in -WhatIf' {
            $lines = Invoke-ChildPwsh -ImportModule 'Get-VerificationStatus -OfferId M1 -Market allegro-cz, allegro-sk | Set-OfferPrice -UseConverter -WhatIf'
            $lines | Should -Contain 'What if: Performing the operation "Set the allegro-cz price with the converter" on target "Offer M1".'
            $lines | Should -Contain 'What if: Performing the operation "Set the allegro-sk price with the converter" on target "Offer M1".'
        }

        # The warning summary counts per market: a warned allegro-cz record is not reported on allegro-sk, the last market piped.
        It 'names the market of the warned record in the warning summary' {
            $rows = @([pscustomobject]@{ OfferId = 'M1'; Market = 'allegro-cz' }, [pscustomobject]@{ OfferId = 'M2'; Market = 'allegro-sk' })
            $recs = $rows | Set-OfferPrice -Price 255 -PassThru -WarningVariable warned -WarningAction SilentlyContinue
            @($recs[0].Warnings).Count | Should -Be 1     # 255 is 11.2 % above 229.24 CZK
            @($recs[1].Warnings).Count | Should -Be 0
            $warned.Message | Should -Not -BeLike '*on allegro-sk*'
            $warned.Message | Should -BeLike '*allegro-cz*'
        }
    }
}
