BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-OfferCzkPrice' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'an own price (-Price)' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow P1 -Price '45.00'), (New-OfferRow P2 -Price '45.00'))) | Submit-Offer -Market allegro-cz | Out-Null
        }

        It 'sets it, turns the converter off and verifies the offer again' {
            $own = Set-OfferCzkPrice -OfferId P1 -Price 240 -PassThru
            $own.GetType().FullName | Should -Be 'ListingPs.Core.Model.ShareRecord'
            $own.Market | Should -Be 'allegro-cz'
            $own.Price | Should -Be 240
            $own.Currency | Should -Be 'CZK'
            $own.PriceSource | Should -Be 'Manual'
            $own.State | Should -Be 'Approved'
            (Get-VerificationStatus -Market allegro-cz -OfferId P1).Price | Should -Be 240
            (Get-VerificationStatus -Market allegro-cz -OfferId P2).Price | Should -Be 229
        }

        It 'writes nothing without -PassThru' {
            Set-OfferCzkPrice P1, P2 -Price 235 | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(235, 235)
        }

        It 'refuses a price with decimals and changes nothing' {
            Set-OfferCzkPrice -OfferId P1 -Price 229.5 -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPricePrecision,ListingPs.Commands.SetOfferCzkPriceCommand'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*whole crowns*'
            $after = Get-VerificationStatus -Market allegro-cz -OfferId P1
            $after.Price | Should -Be 229
            $after.PriceSource | Should -Be 'Converter'
        }

        It 'keeps the own price when the offer is submitted again' {
            Set-OfferCzkPrice -OfferId P1 -Price 240
            (Import-Csv (New-OfferCsv -Rows (New-OfferRow P1 -Price '45.00')) | Submit-Offer -Market allegro-cz).Price | Should -Be 240
        }

        It '-UseConverter turns the converter back on' {
            Set-OfferCzkPrice -OfferId P1 -Price 240
            $back = Get-VerificationStatus -Market allegro-cz | Where-Object PriceSource -EQ 'Manual' | Set-OfferCzkPrice -UseConverter -PassThru
            $back.OfferId | Should -Be 'P1'
            $back.Price | Should -Be 229
            $back.PriceSource | Should -Be 'Converter'
        }
    }

    Context 'limits against the converted base price (100.00 PLN = 509.42 CZK)' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow D1 -Price '100.00')) | Import-Offer
        }

        It '<Price> CZK is <State> with <Warnings> warning(s)' -TestCases @(
            @{ Price = 500; State = 'Approved'; Warnings = 0 }
            @{ Price = 450; State = 'Approved'; Warnings = 1 }     # 11.66 % below: more than 10 %
            @{ Price = 560; State = 'Approved'; Warnings = 0 }     # 9.93 % above
            @{ Price = 400; State = 'Refused'; Warnings = 0 }      # 21.48 % below: more than 20 %
        ) {
            $rec = Set-OfferCzkPrice -OfferId D1 -Price $Price -PassThru -WarningAction SilentlyContinue
            $rec.State | Should -Be $State
            @($rec.Warnings).Count | Should -Be $Warnings
            if ($Warnings) { $rec.Warnings[0] | Should -BeLike 'PriceDeviation*' }
        }

        It 'refuses a price too far off with VQR009 and the limit as its parameter' {
            $refused = Set-OfferCzkPrice -OfferId D1 -Price 400 -PassThru
            @($refused.Reasons).Count | Should -Be 1
            $refused.Reasons[0].Code | Should -Be 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'
            $refused.Reasons[0].Parameters['maxAllowedPriceDecreasePercent'] | Should -Be '20'
            $refused.Reasons[0].Hint | Should -Not -BeNullOrEmpty
        }

        It 'sums up the warned records on the warning stream' {
            Set-OfferCzkPrice -OfferId D1 -Price 450 -WarningVariable warned -WarningAction SilentlyContinue
            $warned.Message | Should -Be '[SetOfferCzkPrice] 1 of 1 repriced offers on allegro-cz carry a warning (see the Warnings of their share records).'
        }
    }

    Context 'the price converter (-UseConverter)' {
        It 'rounds <Converted> CZK to <Expected> (base 100.00 PLN, rate <Rate>)' -TestCases @(
            @{ Rate = 2.2935; Converted = '229.35'; Expected = 229 }
            @{ Rate = 2.2950; Converted = '229.50'; Expected = 229 }
            @{ Rate = 2.2951; Converted = '229.51'; Expected = 230 }
            @{ Rate = 2.29504; Converted = '229.504 (229.50 in cents)'; Expected = 229 }
            @{ Rate = 42.0051; Converted = '4200.51'; Expected = 4201 }
            @{ Rate = 5.0942; Converted = '509.42'; Expected = 509 }
        ) {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow R1 -Price '100.00')) | Import-Offer
            $rec = Set-OfferCzkPrice -OfferId R1 -UseConverter -ExchangeRate $Rate -PassThru
            $rec.Price | Should -Be $Expected
            $rec.ExchangeRate | Should -Be $Rate
            $rec.PriceSource | Should -Be 'Converter'
        }

        It 'needs the PLN price first: no base price is an error and changes nothing' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow N1 -Price '')) | Import-Offer
            Set-OfferCzkPrice -OfferId N1 -UseConverter -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'NoBasePrice,ListingPs.Commands.SetOfferCzkPriceCommand'
            (Get-VerificationStatus -Market allegro-cz -OfferId N1 -State Approved, Refused, Pending, NotRequested).State | Should -Be 'NotRequested'
        }
    }

    Context 'records that went through a file' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow X1 -Price '45.00'), (New-OfferRow X2 -Price '10.00'), (New-OfferRow X3 -Price '12.00'))) | Import-Offer
            Invoke-VisibilityCheck -Market allegro-cz | Out-Null
        }

        It 'takes the rows of an Export-Csv file of Get-VerificationStatus back by OfferId' {
            $file = Join-Path TestDrive: 'refused.csv'
            Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE | Export-Csv $file
            $rows = Import-Csv $file
            $rows.OfferId | Should -Be @('X1', 'X2', 'X3')
            $rows[0].ReasonCodes | Should -Be 'VQR001_CURRENCY_NOT_AVAILABLE'
            $rows | Where-Object OfferId -NE 'X3' | Set-OfferCzkPrice -UseConverter
            (Get-VerificationStatus -Market allegro-cz).State | Should -Be @('Approved', 'Approved', 'Refused')
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(229, 51, $null)
        }

        It 'takes the Excel-style ";" file a seller edited back, with their own prices' {
            $file = Join-Path TestDrive: 'to-fix.csv'
            Get-VerificationStatus -Market allegro-cz -State Refused | Select-Object OfferId, ReasonCodes | Export-Csv $file -Delimiter ';' -Encoding utf8BOM
            Import-Csv $file -Delimiter ';' | Set-OfferCzkPrice -Price 60 -WarningAction SilentlyContinue
            (Get-VerificationStatus -Market allegro-cz -OfferId X2).Price | Should -Be 60
            (Get-VerificationStatus -Market allegro-cz -OfferId X2).State | Should -Be 'Approved'
        }

        It 'takes records back from ConvertTo-Json and ConvertFrom-Json' {
            $json = Get-VerificationStatus -Market allegro-cz -State Refused | ConvertTo-Json -Depth 5
            $json | Set-Content (Join-Path TestDrive: 'refused.json')
            $back = Get-Content (Join-Path TestDrive: 'refused.json') -Raw | ConvertFrom-Json
            $back.OfferId | Should -Be @('X1', 'X2', 'X3')
            $fixed = $back | Set-OfferCzkPrice -UseConverter -PassThru
            $fixed.Price | Should -Be @(229, 51, 61)     # 12 x 5.0942 = 61.13 -> 61
            $fixed.State | Should -Be @('Approved', 'Approved', 'Approved')
        }
    }

    Context 'a withdrawn offer' {
        It 'stores the price but stays withdrawn, with a warning, until Submit-Offer shares it again' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow U1)) | Submit-Offer -Market allegro-cz | Out-Null
            Unpublish-Offer -Market allegro-cz -OfferId U1
            $rec = Set-OfferCzkPrice -OfferId U1 -Price 235 -PassThru -WarningAction SilentlyContinue
            $rec.State | Should -Be 'Withdrawn'
            $rec.Price | Should -Be 235
            $rec.Warnings | Should -BeLike 'Withdrawn*'
            $again = Get-Offer U1 | Submit-Offer -Market allegro-cz
            $again.State | Should -Be 'Approved'
            $again.Price | Should -Be 235
        }
    }

    Context 'common parameters' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow C1), (New-OfferRow C2))) | Submit-Offer -Market allegro-cz | Out-Null
        }

        It '-WhatIf changes no price' {
            Set-OfferCzkPrice -OfferId C1, C2 -Price 240 -PassThru -WhatIf | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(229, 229)
            (Get-VerificationStatus -Market allegro-cz).PriceSource | Should -Be @('Converter', 'Converter')
        }

        It '-Confirm:$false sets the price without asking' {
            (Set-OfferCzkPrice -OfferId C1 -Price 240 -PassThru -Confirm:$false).Price | Should -Be 240
        }

        It '-ErrorVariable collects an unknown offer and the other offers are priced' {
            $recs = Set-OfferCzkPrice -OfferId C1, NOPE, C2 -Price 240 -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
            $recs.OfferId | Should -Be @('C1', 'C2')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'OfferNotFound,ListingPs.Commands.SetOfferCzkPriceCommand'
            $errs[0].TargetObject | Should -Be 'NOPE'
        }

        It '-ErrorAction Stop ends at the first offer that fails' {
            { Set-OfferCzkPrice -OfferId C1, NOPE, C2 -Price 240 -ErrorAction Stop } |
                Should -Throw -ErrorId 'OfferNotFound,ListingPs.Commands.SetOfferCzkPriceCommand'
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(240, 229)
        }

        It 'needs one of -Price and -UseConverter' {
            { Set-OfferCzkPrice -OfferId C1 -Price 240 -UseConverter -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,ListingPs.Commands.SetOfferCzkPriceCommand'
        }
    }
}
