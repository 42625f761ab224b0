BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Invoke-AndStop {
        <# Starts a script in a fresh runspace with the module imported and stops it, as Ctrl+C does, once it has written
           $After output objects; returns how many it wrote. #>
        param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [int] $After)
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module '$script:ModuleManifest' -ErrorAction Stop`n$Script")
            $in = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $in.Complete()
            $out = [System.Management.Automation.PSDataCollection[psobject]]::new()
            $handle = $ps.BeginInvoke($in, $out)
            $clock = [Diagnostics.Stopwatch]::StartNew()
            while ($out.Count -lt $After -and -not $handle.IsCompleted -and $clock.Elapsed.TotalSeconds -lt 120) { Start-Sleep -Milliseconds 5 }
            $ps.Stop()
            [pscustomobject]@{ Written = $out.Count; State = $ps.InvocationStateInfo.State }
        }
        finally { $ps.Dispose() }
    }

}

Describe 'Submit-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'pricing and verification on allegro-cz' {
        It 'prices with the converter and records the rate, its source and the delivery prices' {
            $recs = Import-Csv (New-OfferCsv -Rows @((New-OfferRow OK1 -Price '45.00'), (New-OfferRow OK2 -Price '10.00'))) |
                Submit-Offer -Market allegro-cz -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $recs.Count | Should -Be 2
            $ok = $recs[0]
            $ok.GetType().FullName | Should -Be 'ListingPs.Core.Model.ShareRecord'
            $ok.OfferId | Should -Be 'OK1'
            $ok.Market | Should -Be 'allegro-cz'
            $ok.State | Should -Be 'Approved'
            $ok.Price | Should -Be 229          # 45 x 5.0942 = 229.239 -> 229
            $ok.Currency | Should -Be 'CZK'
            $ok.PriceSource | Should -Be 'Converter'
            $ok.ExchangeRate | Should -Be 5.0942
            $ok.RateSource | Should -Be 'NBP 2023-03-21'
            $ok.BasePrice | Should -Be 45.00
            $ok.BaseCurrency | Should -Be 'PLN'
            $ok.Translation | Should -Be 'Own'
            $ok.Reasons | Should -BeNullOrEmpty
            $dhl = $ok.Delivery | Where-Object Method -EQ 'allegro-dhl-cz'
            $dhl.Price | Should -Be 99
            $dhl.Currency | Should -Be 'CZK'
            $recs[1].Price | Should -Be 51      # 50.942 -> 51
        }

        It 'stores the offer and its share' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow S1 -Title 'Żółta łódź')) | Submit-Offer -Market allegro-cz | Out-Null
            (Get-Offer S1).Title | Should -Be 'Żółta łódź'
            (Get-VerificationStatus -Market allegro-cz -OfferId S1).Price | Should -Be 229
        }

        It 'reports every reason that applies, each with a hint of what to change' {
            $bad = Import-Csv (New-OfferCsv -Rows (New-OfferRow BAD -AccountType Personal -B2BOnly True -Charity True -SellingFormat Auction -ProductId '' -DeliveryMethods 'allegro-dpd-pl' -Translations '')) |
                Submit-Offer -Market allegro-cz
            $bad.State | Should -Be 'Refused'
            foreach ($code in 'LPS101_PERSONAL_ACCOUNT', 'LPS102_B2B_ONLY', 'LPS103_CHARITY', 'LPS104_NOT_BUY_NOW', 'LPS105_NO_CATALOGUE_PRODUCT',
                'VQR002_LANGUAGE_NOT_AVAILABLE', 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE') {
                $bad.Reasons.Code | Should -Contain $code
            }
            $bad.ReasonCodes | Should -Be ($bad.Reasons.Code -join ';')
            $bad.Reasons | ForEach-Object {
                $_.Hint | Should -Not -BeNullOrEmpty -Because "$($_.Code) must say what to change"
                $_.Message | Should -Not -BeNullOrEmpty
            }
        }

        It 'refuses <Why> with <Code> only' -TestCases @(
            @{ Why = 'an offer of a personal account'; Row = @{ AccountType = 'Personal' }; Code = 'LPS101_PERSONAL_ACCOUNT' }
            @{ Why = 'a business-only offer'; Row = @{ B2BOnly = 'True' }; Code = 'LPS102_B2B_ONLY' }
            @{ Why = 'a charity offer'; Row = @{ Charity = '1' }; Code = 'LPS103_CHARITY' }
            @{ Why = 'an auction'; Row = @{ SellingFormat = 'Auction' }; Code = 'LPS104_NOT_BUY_NOW' }
            @{ Why = 'a classified ad'; Row = @{ SellingFormat = 'Classified' }; Code = 'LPS104_NOT_BUY_NOW' }
            @{ Why = 'an offer without a catalogue product'; Row = @{ ProductId = '' }; Code = 'LPS105_NO_CATALOGUE_PRODUCT' }
            @{ Why = 'a product not allowed in Czechia'; Row = @{ ProductId = 'PRD-ALKO-0001' }; Code = 'LPS106_PRODUCT_NOT_ALLOWED' }
            @{ Why = 'a subcategory of an unavailable category'; Row = @{ Category = 'Motoryzacja/Pojazdy/Osobowe' }; Code = 'LPS107_CATEGORY_UNAVAILABLE' }
            @{ Why = 'an unavailable top category'; Row = @{ Category = 'Nieruchomości' }; Code = 'LPS107_CATEGORY_UNAVAILABLE' }
            @{ Why = 'an offer without a Czech translation'; Row = @{ Translations = '' }; Code = 'VQR002_LANGUAGE_NOT_AVAILABLE' }
            @{ Why = 'an offer without delivery to Czechia'; Row = @{ DeliveryMethods = 'allegro-dpd-pl' }; Code = 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE' }
            @{ Why = 'an offer without a base price to convert'; Row = @{ Price = '' }; Code = 'VQR001_CURRENCY_NOT_AVAILABLE' }
        ) {
            $csv = New-OfferCsv -Rows (New-OfferRow X1 @Row)
            $rec = Import-Csv $csv | Submit-Offer -Market allegro-cz
            $rec.State | Should -Be 'Refused'
            $rec.Reasons.Code | Should -Be @($Code)
        }

        It 'needs no translation in a category on the exempt list' {
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow C3 -Category 'Książki i Komiksy/Fantastyka' -Translations '')) | Submit-Offer -Market allegro-cz
            $rec.State | Should -Be 'Approved'
            $rec.Translation | Should -Be 'NotRequired'
        }

        It 'converts the PLN price of the seller''s own delivery method with the offer''s rate' {
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow C4 -Price '100.00' -DeliveryMethods 'own-courier-pl-cz')) | Submit-Offer -Market allegro-cz
            $rec.State | Should -Be 'Approved'
            @($rec.Delivery).Count | Should -Be 1
            $rec.Delivery[0].Method | Should -Be 'own-courier-pl-cz'
            $rec.Delivery[0].Price | Should -Be 102    # 19.99 PLN x 5.0942 = 101.83 -> 102 CZK
            $rec.Price | Should -Be 509                # 509.42 -> 509
        }

        It 'keeps an inactive offer Pending, and Refused when reasons apply too' {
            $recs = Import-Csv (New-OfferCsv -Rows @((New-OfferRow I1 -Status Inactive), (New-OfferRow I2 -Status Ended -Translations ''))) |
                Submit-Offer -Market allegro-cz
            $recs[0].State | Should -Be 'Pending'
            $recs[0].OfferStatus | Should -Be 'Inactive'
            $recs[1].State | Should -Be 'Refused'
            $recs[1].ReasonCodes | Should -Be 'VQR002_LANGUAGE_NOT_AVAILABLE'
        }

        It 'verifies an own price against the converted base price: <Price> CZK is <State>' -TestCases @(
            @{ Price = 509; State = 'Approved'; Codes = @(); Warned = $false }
            @{ Price = 450; State = 'Approved'; Codes = @(); Warned = $true }          # 11.66 % below 509.42: a warning
            @{ Price = 400; State = 'Refused'; Codes = @('VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'); Warned = $false }   # 21.48 % below
        ) {
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow D1 -Price '100.00')) | Submit-Offer -Market allegro-cz -Price $Price -WarningAction SilentlyContinue
            $rec.State | Should -Be $State
            @($rec.Reasons.Code) | Should -Be $Codes
            $rec.Price | Should -Be $Price
            $rec.PriceSource | Should -Be 'Manual'
            (@($rec.Warnings) -like 'PriceDeviation*').Count -gt 0 | Should -Be $Warned
        }

        It 'refuses an own price off the currency step and stores no share' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow P1)) |
                Submit-Offer -Market allegro-cz -Price 229.5 -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPricePrecision,ListingPs.Commands.SubmitOfferCommand'
            Get-VerificationStatus -Market allegro-cz -OfferId P1 -State Approved, Refused, Pending | Should -BeNullOrEmpty
        }

        It 'keeps an own price on a later submission: the converter stays off for the offer' {
            $csv = New-OfferCsv -Rows (New-OfferRow P1 -Price '45.00')
            Import-Csv $csv | Submit-Offer -Market allegro-cz -Price 240 | Out-Null
            $again = Import-Csv $csv | Submit-Offer -Market allegro-cz
            $again.Price | Should -Be 240
            $again.PriceSource | Should -Be 'Manual'
        }

        It '-ExchangeRate prices one call with another rate' {
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow M1 -Price '45.00')) | Submit-Offer -Market allegro-cz -ExchangeRate 5.5
            $rec.Price | Should -Be 247           # 45 x 5.5 = 247.50 -> half down -> 247
            $rec.ExchangeRate | Should -Be 5.5
            $rec.RateSource | Should -Not -Be 'NBP 2023-03-21'
        }

        It 'refuses an exchange rate of <Rate>' -TestCases @(@{ Rate = 0 }, @{ Rate = -1 }) {
            { Submit-Offer -Market allegro-cz -OfferId M1 -ExchangeRate $Rate -ErrorAction Stop } |
                Should -Throw -ErrorId 'ParameterArgumentValidationError,ListingPs.Commands.SubmitOfferCommand'
        }
    }

    Context 'automatic translation' {
        It 'counts -AutoTranslate as a translation and keeps it for later verifications' {
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow T1 -Translations '')) | Submit-Offer -Market allegro-cz -AutoTranslate
            $rec.State | Should -Be 'Approved'
            $rec.Translation | Should -Be 'Automatic'
            $rec.AutoTranslate | Should -BeTrue
            (Set-OfferCzkPrice -OfferId T1 -Price 230 -PassThru).State | Should -Be 'Approved'
            (Get-Offer T1 | Submit-Offer -Market allegro-cz).Translation | Should -Be 'Automatic'
        }

        It 'asks for it per market: without -AutoTranslate allegro-sk refuses the same offer' {
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow T2 -Translations '' -DeliveryMethods 'allegro-dpd-sk')) | Submit-Offer -Market allegro-sk
            $rec.Reasons.Code | Should -Contain 'VQR002_LANGUAGE_NOT_AVAILABLE'
        }
    }

    Context 'other markets' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow M1 -Price '45.00' -DeliveryMethods 'allegro-dpd-sk;packeta-pickup-hu' -Translations 'sk-SK;hu-HU')) | Import-Offer
        }

        It 'prices allegro-sk in euro cents' {
            $sk = Get-Offer M1 | Submit-Offer -Market allegro-sk
            $sk.Currency | Should -Be 'EUR'
            $sk.Price | Should -Be 10.43       # 45 x 0.2318 = 10.431
            $sk.State | Should -Be 'Approved'
        }

        It 'prices allegro-hu in fives of forints, half down' {
            $hu = Get-Offer M1 | Submit-Offer -Market allegro-hu
            $hu.Currency | Should -Be 'HUF'
            $hu.Price | Should -Be 4095        # 45 x 91.05 = 4097.25 -> 4095
        }

        It 'refuses the base market: every offer is on it already' {
            Get-Offer M1 | Submit-Offer -Market allegro-pl -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'BaseMarketFixed,ListingPs.Commands.SubmitOfferCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        }

        It 'refuses a market the rules do not define, naming the known ones' {
            Get-Offer M1 | Submit-Offer -Market allegro-xx -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.SubmitOfferCommand'
            $errs[0].Exception.Message | Should -BeLike '*allegro-cz*'
        }
    }

    Context 'tab completion' {
        It 'completes -Market with the additional markets' {
            $line = 'Submit-Offer -Market allegro-c'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('allegro-cz')
        }
    }

    Context 'rules from -RulePath' {
        It 'prices with the rate of the seller''s own copy of the rules' {
            $dir = New-Item -ItemType Directory -Path (Join-Path TestDrive: 'rules')
            Copy-Item (Join-Path (Split-Path $script:ModuleManifest) 'rules/*') $dir
            $currencies = Join-Path $dir 'currencies.yaml'
            (Get-Content $currencies -Raw).Replace('rate: 5.0942', 'rate: 6.0') | Set-Content $currencies
            $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow R1 -Price '10.00')) | Submit-Offer -Market allegro-cz -RulePath $dir
            $rec.Price | Should -Be 60
            $rec.ExchangeRate | Should -Be 6.0
        }
    }

    Context 'input: rows, typed objects, share records, parameters and files' {
        It 'reads the Price column as the base price when a field on the command line binds the rows by name' {
            $recs = Import-Csv (New-OfferCsv -Rows @((New-OfferRow N1 -Price '45.00'), (New-OfferRow N2 -Price ''))) |
                Submit-Offer -Market allegro-cz -Condition New -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $recs[0].BasePrice | Should -Be 45.00
            $recs[0].Price | Should -Be 229
            $recs[0].State | Should -Be 'Approved'
            $recs[1].BasePrice | Should -BeNullOrEmpty
            $recs[1].ReasonCodes | Should -Be 'VQR001_CURRENCY_NOT_AVAILABLE'
            # A share record's Price is its market price, not a base price.
            $again = Get-VerificationStatus -Market allegro-cz -OfferId N1 | Submit-Offer -Market allegro-cz -Condition New
            $again.BasePrice | Should -Be 45.00
            $again.Price | Should -Be 229
            ([pscustomobject]@{ OfferId = 'N1'; Price = 50 } | Submit-Offer -Market allegro-cz -Condition New).BasePrice | Should -Be 50
        }

        It 'reads typed objects and passes share records by OfferId only' {
            [pscustomobject]@{ OfferId = 'T1'; Price = 45.5; B2BOnly = $false; Charity = $false; ProductId = 'P'; DeliveryMethods = @('allegro-dhl-cz'); Translations = 'cs-CZ' } |
                Import-Offer
            Get-Offer T1 | Submit-Offer -Market allegro-cz | Out-Null
            $resubmitted = Get-VerificationStatus -OfferId T1 | Submit-Offer -Market allegro-cz
            $resubmitted.BasePrice | Should -Be 45.5
            $resubmitted.Price | Should -Be 232     # 45.5 x 5.0942 = 231.79 -> 232
        }

        It 'shares an offer given by id on the command line, with an own price' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow PL-1001)) | Import-Offer
            $rec = Submit-Offer -Market allegro-cz -OfferId PL-1001 -Price 239
            $rec.Price | Should -Be 239
            $rec.PriceSource | Should -Be 'Manual'
            $rec.BasePrice | Should -Be 45.00
            (Get-VerificationStatus -Market allegro-cz -OfferId PL-1001).Price | Should -Be 239
        }

        It 'creates an offer from fields on the command line, the id by position, -BasePrice as its base price' {
            $rec = Submit-Offer K1 -Market allegro-cz -BasePrice '45,00' -ProductId P -DeliveryMethods allegro-dhl-cz -Translations cs-CZ -Title 'Żółta łódź'
            $rec.State | Should -Be 'Approved'
            $rec.Price | Should -Be 229
            $rec.PriceSource | Should -Be 'Converter'
            (Get-Offer K1).Title | Should -Be 'Żółta łódź'
            (Get-Offer K1).Price | Should -Be 45.00
        }

        It 'takes an own price per row from a MarketPrice (or CzkPrice) column, -Price over it, the converter where it is empty' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow PL-1), (New-OfferRow PL-2), (New-OfferRow PL-3))) | Import-Offer
            $share = Join-Path TestDrive: 'share-cz.csv'
            Set-Content $share 'OfferId,MarketPrice', 'PL-1,', 'PL-2,235'
            $recs = Import-Csv $share | Submit-Offer -Market allegro-cz
            $recs.Price | Should -Be @(229, 235)
            $recs.PriceSource | Should -Be @('Converter', 'Manual')
            $recs = Submit-Offer -Market allegro-cz -Path $share
            $recs.Price | Should -Be @(229, 235)
            $czk = Join-Path TestDrive: 'czk.csv'
            Set-Content $czk 'OfferId,CzkPrice', 'PL-3,233'
            (Import-Csv $czk | Submit-Offer -Market allegro-cz).Price | Should -Be 233
            (Import-Csv $czk | Submit-Offer -Market allegro-cz -Price 231).Price | Should -Be 231
        }

        It 'reads CSV and JSON files with -Path and names the file and line of a bad record' {
            $csv = New-TextFile -Name 'offers.csv' -Lines @('OfferId;Price;ProductId;DeliveryMethods;Translations',
                'C1;45,00;P1;allegro-dhl-cz;cs-CZ', 'C2;oops;P2;allegro-dhl-cz;cs-CZ')
            $json = Join-Path TestDrive: 'offers.json'
            @([pscustomobject]@{ OfferId = 'J1'; Price = 10; ProductId = 'P3'; DeliveryMethods = @('packeta-locker-cz'); Translations = @('cs') }) |
                ConvertTo-Json -AsArray | Set-Content $json
            $recs = Submit-Offer -Market allegro-cz -Path $csv, $json -ErrorVariable errs -ErrorAction SilentlyContinue
            $recs.OfferId | Should -Be @('C1', 'J1')
            $recs.Price | Should -Be @(229, 51)
            $errs.Count | Should -Be 1
            $errs[0].Exception.Message | Should -BeLike '*offers.csv line 3*'
        }

        It 'keeps Polish and Czech text of a UTF-8 file with a BOM and of a ";" file Excel wrote' {
            $bom = New-TextFile -Encoding ([System.Text.UTF8Encoding]::new($true)) -NewLine "`r`n" -Lines @(
                $script:OfferHeader, (New-OfferRow PL-1 -Title 'Żółta łódź'), (New-OfferRow CZ-1 -Title 'Příliš žluťoučký kůň'))
            $excel = New-TextFile -Encoding ([System.Text.UTF8Encoding]::new($true)) -NewLine "`r`n" -Lines @(
                $script:OfferHeader.Replace(',', ';'),
                'PL-2;Gęślą jaźń;Dom i Ogród/Oświetlenie;45,00;BuyNow;Company;False;0;P-2;Active;"allegro-dhl-cz;allegro-dpd-pl";cs-CZ',
                'CZ-2;Úžasné čtyřkolky;Elektronika/Telefony;10,00;BuyNow;Company;False;0;P-3;Active;packeta-locker-cz;cs-CZ')
            $recs = @(Import-Csv $bom) + @(Import-Csv $excel -Delimiter ';') | Submit-Offer -Market allegro-cz -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $recs.State | Should -Be @('Approved', 'Approved', 'Approved', 'Approved')
            $recs.Price | Should -Be @(229, 229, 229, 51)
            (Get-Offer PL-1).Title | Should -BeExactly 'Żółta łódź'
            (Get-Offer CZ-1).Title | Should -BeExactly 'Příliš žluťoučký kůň'
            (Get-Offer PL-2).Title | Should -BeExactly 'Gęślą jaźń'
            (Get-Offer PL-2).Category | Should -BeExactly 'Dom i Ogród/Oświetlenie'
            (Get-Offer CZ-2).Title | Should -BeExactly 'Úžasné čtyřkolky'
        }
    }

    Context 'common parameters' {
        It '-WhatIf stores neither the offers nor their shares' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow W1), (New-OfferRow W2))) | Submit-Offer -Market allegro-cz -WhatIf | Should -BeNullOrEmpty
            Get-Offer | Should -BeNullOrEmpty
            Get-VerificationStatus | Should -BeNullOrEmpty
        }

        It '-WhatIf leaves a stored share as it was' {
            $csv = New-OfferCsv -Rows (New-OfferRow W1)
            Import-Csv $csv | Submit-Offer -Market allegro-cz | Out-Null
            Import-Csv $csv | Submit-Offer -Market allegro-cz -Price 240 -WhatIf
            (Get-VerificationStatus -Market allegro-cz -OfferId W1).Price | Should -Be 229
        }

        It '-Confirm:$false shares without asking' {
            (Import-Csv (New-OfferCsv -Rows (New-OfferRow C1)) | Submit-Offer -Market allegro-cz -Confirm:$false).State | Should -Be 'Approved'
        }

        It '-ErrorVariable collects a bad record as a non-terminating error naming it, and the rest goes on' {
            $rows = Import-Csv (New-OfferCsv -Rows @((New-OfferRow G1), (New-OfferRow B1 -Price abc), (New-OfferRow B2 -B2BOnly maybe), (New-OfferRow G2)))
            $recs = $rows | Submit-Offer -Market allegro-cz -ErrorVariable bad -ErrorAction SilentlyContinue
            $recs.OfferId | Should -Be @('G1', 'G2')
            $bad.Count | Should -Be 2
            $bad | ForEach-Object {
                $_.FullyQualifiedErrorId | Should -Be 'InvalidOfferField,ListingPs.Commands.SubmitOfferCommand'
                $_.CategoryInfo.Category | Should -Be 'InvalidData'
            }
            $bad[0].Exception.Message | Should -BeLike "*B1*Price*"
            $bad[1].Exception.Message | Should -BeLike "*B2*B2BOnly*"
            [object]::ReferenceEquals($bad[0].TargetObject, $rows[1]) | Should -BeTrue -Because 'the error names the row it came from'
            (Get-Offer).OfferId | Should -Be @('G1', 'G2')
        }

        It '-ErrorAction Stop turns a bad record into a terminating error; what came before it is kept' {
            $csv = New-OfferCsv -Rows @((New-OfferRow G1), (New-OfferRow B1 -Price abc), (New-OfferRow G2))
            { Import-Csv $csv | Submit-Offer -Market allegro-cz -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidOfferField,ListingPs.Commands.SubmitOfferCommand'
            (Get-Offer).OfferId | Should -Be 'G1'
            (Get-VerificationStatus -Market allegro-cz -State Approved).OfferId | Should -Be 'G1'
        }

        It '-OutVariable keeps the share records while they go on down the pipeline' {
            $refused = Import-Csv (New-OfferCsv -Rows @((New-OfferRow O1), (New-OfferRow O2 -Translations ''))) |
                Submit-Offer -Market allegro-cz -OutVariable all | Where-Object State -EQ 'Refused'
            $all.OfferId | Should -Be @('O1', 'O2')
            $refused.OfferId | Should -Be 'O2'
        }

        It '-PipelineVariable holds each share record for the commands after it' {
            $lines = Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2 -Price '10.00'))) |
                Submit-Offer -Market allegro-cz -PipelineVariable share |
                Set-OfferCzkPrice -Price 300 -PassThru -WarningAction SilentlyContinue |
                ForEach-Object { '{0}: {1} -> {2}' -f $share.OfferId, $share.Price, $_.Price }
            $lines | Should -Be @('V1: 229 -> 300', 'V2: 51 -> 300')
        }
    }

    Context 'warnings, verbose and progress' {
        It 'sums up the warnings on the warning stream and the count on the verbose stream' {
            $csv = New-OfferCsv -Rows @((New-OfferRow D2 -Price '100.00'), (New-OfferRow D3 -Price '100.00'))
            $verbose = Import-Csv $csv | Submit-Offer -Market allegro-cz -Price 570 -Verbose -WarningVariable warned -WarningAction SilentlyContinue 4>&1 |
                Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $warned.Message | Should -Contain '[SubmitOffer] 2 of 2 offers shared to allegro-cz carry a warning (see the Warnings of their share records).'
            $verbose.Message | Should -Contain '[SubmitOffer] 2 offers submitted to allegro-cz.'
            (Get-VerificationStatus -Market allegro-cz).Warnings | ForEach-Object { $_ | Should -BeLike 'PriceDeviation*' }
        }

        It 'writes no warning when no record carries one' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow D4)) | Submit-Offer -Market allegro-cz -WarningVariable warned | Out-Null
            $warned | Should -BeNullOrEmpty
        }

        It 'writes progress at most every 250 ms, never once per offer' {
            Import-Csv (New-OfferCsv -Rows (1..400 | ForEach-Object { New-OfferRow ('PR-{0:D5}' -f $_) })) | Import-Offer
            $run = Invoke-InNewRunspace 'Get-Offer | Submit-Offer -Market allegro-cz | Out-Null'
            $run.Errors | Should -BeNullOrEmpty
            $running = @($run.Progress | Where-Object { $_.Activity -like 'Sharing offers to allegro-cz*' -and $_.RecordType -eq 'Processing' })
            $running.Count | Should -BeGreaterThan 0
            $running.Count | Should -BeLessOrEqual 40
            $running | ForEach-Object { $_.StatusDescription | Should -Match '^[\d,]+ done \([\d,]+/s\)$' }
        }

        It 'writes no progress when $ProgressPreference is SilentlyContinue' {
            Import-Csv (New-OfferCsv -Rows (1..50 | ForEach-Object { New-OfferRow ('PR-{0:D5}' -f $_) })) | Import-Offer
            $run = Invoke-InNewRunspace "`$ProgressPreference = 'SilentlyContinue'; Get-Offer | Submit-Offer -Market allegro-cz | Out-Null"
            $run.Errors | Should -BeNullOrEmpty
            $run.Progress | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz -State Approved).Count | Should -Be 50
        }
    }

    Context 'a stopped pipeline' {
        It 'keeps the records it finished when stopped as Ctrl+C does, and no offer without its share' {
            $run = Invoke-AndStop -After 300 -Script @'
1..100000 | ForEach-Object { [pscustomobject]@{ OfferId = 'S{0:D6}' -f $_; Price = '45.00'; ProductId = 'P'; DeliveryMethods = 'allegro-dhl-cz'; Translations = 'cs-CZ' } } |
    Submit-Offer -Market allegro-cz
'@
            $run.State | Should -Be 'Stopped'
            $run.Written | Should -BeGreaterOrEqual 300
            $run.Written | Should -BeLessThan 100000
            $offers = @(Get-Offer).Count
            $offers | Should -BeGreaterOrEqual 300
            @(Get-VerificationStatus -Market allegro-cz -State Approved).Count | Should -Be $offers
        }

        It 'keeps what it finished when Select-Object -First ends the pipeline early' {
            $rows = 1..2000 | ForEach-Object { [pscustomobject]@{ OfferId = 'F{0:D5}' -f $_; Price = '45.00'; ProductId = 'P'; DeliveryMethods = 'allegro-dhl-cz'; Translations = 'cs-CZ' } }
            $first = $rows | Submit-Offer -Market allegro-cz | Select-Object -First 5
            $first.OfferId | Should -Be @('F00001', 'F00002', 'F00003', 'F00004', 'F00005')
            $offers = @(Get-Offer).Count
            $offers | Should -BeGreaterOrEqual 5
            $offers | Should -BeLessThan 2000
            @(Get-VerificationStatus -Market allegro-cz -State Approved).Count | Should -Be $offers
        }
    }
}
