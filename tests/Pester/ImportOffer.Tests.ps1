BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Import-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'Import-Csv rows through the pipeline' {
        It 'binds Import-Csv rows: flags, delivery lists and prices from strings' {
            $csv = New-OfferCsv -Rows @(
                (New-OfferRow A1 -B2BOnly True -Charity 1 -DeliveryMethods 'allegro-dhl-cz;packeta-locker-cz'),
                (New-OfferRow A2 -Price '' -B2BOnly '' -Charity false -DeliveryMethods '')
            )
            Import-Csv $csv | Import-Offer -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $offers = Get-Offer
            $offers.Count | Should -Be 2
            $offers[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.Offer'
            $offers[0].B2BOnly | Should -BeTrue
            $offers[0].Charity | Should -BeTrue
            $offers[0].Price | Should -Be 45.00
            $offers[0].DeliveryMethods | Should -Be @('allegro-dhl-cz', 'packeta-locker-cz')
            $offers[0].Market | Should -Be 'allegro-pl'
            $offers[1].Price | Should -BeNullOrEmpty
            $offers[1].B2BOnly | Should -BeFalse
            $offers[1].Charity | Should -BeFalse
            @($offers[1].DeliveryMethods).Count | Should -Be 0
        }

        It 'reads the flag <Text> as <Expected>' -TestCases @(
            @{ Text = 'True'; Expected = $true }
            @{ Text = 'TRUE'; Expected = $true }
            @{ Text = '1'; Expected = $true }
            @{ Text = 'yes'; Expected = $true }
            @{ Text = 'False'; Expected = $false }
            @{ Text = '0'; Expected = $false }
            @{ Text = 'no'; Expected = $false }
            @{ Text = ''; Expected = $false }
        ) {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow F1 -B2BOnly $Text -Charity $Text)) | Import-Offer
            $offer = Get-Offer F1
            $offer.B2BOnly | Should -Be $Expected
            $offer.Charity | Should -Be $Expected
        }

        It 'reads the price <Text> as <Expected>' -TestCases @(
            @{ Text = '129.99'; Expected = 129.99 }
            @{ Text = '129,99'; Expected = 129.99 }
            @{ Text = '45'; Expected = 45 }
        ) {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow P1 -Price $Text)) | Import-Offer
            (Get-Offer P1).Price | Should -Be ([decimal] $Expected)
        }

        It 'splits the delivery list <Text> into its methods' -TestCases @(
            @{ Text = 'allegro-dhl-cz;packeta-locker-cz' }
            @{ Text = 'allegro-dhl-cz,packeta-locker-cz' }
            @{ Text = 'allegro-dhl-cz|packeta-locker-cz' }
            @{ Text = 'allegro-dhl-cz; packeta-locker-cz' }
        ) {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow L1 -DeliveryMethods $Text)) | Import-Offer
            (Get-Offer L1).DeliveryMethods | Should -Be @('allegro-dhl-cz', 'packeta-locker-cz')
        }

        It 'ignores columns it does not know' {
            $path = New-TextFile -Lines @("$script:OfferHeader,Extra", ((New-OfferRow X1) + ',ignored'))
            Import-Csv $path | Import-Offer -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            (Get-Offer X1).Title | Should -Be 'Title X1'
        }

        It 'reads the alias columns Sku, Name, ASIN and BasePrice' {
            $path = New-TextFile -Lines @('Sku,Name,ASIN,BasePrice', 'S1,Lampa biurkowa,B00TEST,12.50')
            Import-Csv $path | Import-Offer
            $offer = Get-Offer S1
            $offer.Title | Should -Be 'Lampa biurkowa'
            $offer.ProductId | Should -Be 'B00TEST'
            $offer.Price | Should -Be 12.50
        }

        It 'binds typed objects: a decimal price, booleans and an array of delivery methods' {
            $typed = [pscustomobject]@{ OfferId = 'T1'; Price = 45.5; B2BOnly = $false; Charity = $true; ProductId = 'P'
                DeliveryMethods = @('allegro-dhl-cz', 'packeta-locker-cz'); Translations = 'cs-CZ' } | Import-Offer -PassThru
            $typed.Price | Should -Be 45.5
            $typed.Charity | Should -BeTrue
            $typed.B2BOnly | Should -BeFalse
            $typed.DeliveryMethods | Should -Be @('allegro-dhl-cz', 'packeta-locker-cz')
            # A list property is written as its values, joined with ';', not as a type name.
            $out = Join-Path TestDrive: 'typed.csv'
            Get-Offer T1 | Export-Csv $out
            (Import-Csv $out).DeliveryMethods | Should -Be 'allegro-dhl-cz;packeta-locker-cz'
        }

        It 'applies a field given on the command line to every piped row and still reads the other columns' {
            $csv = New-OfferCsv -Rows @((New-OfferRow T2), (New-OfferRow T3 -Price '12.00'))
            $mixed = Import-Csv $csv | Import-Offer -Status Inactive -PassThru
            $mixed.OfferId | Should -Be @('T2', 'T3')
            $mixed.Status | Should -Be @('Inactive', 'Inactive')
            $mixed.Price | Should -Be @(45.00, 12.00)
            (Get-Offer T3).Status | Should -Be 'Inactive'
        }

        It 'refuses share records, whose Price is a market price' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow T1)) | Submit-Offer -Market allegro-cz | Out-Null
            Get-VerificationStatus -OfferId T1 | Import-Offer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ShareRecordIsNotAnOffer,ListingPs.Commands.ImportOfferCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'InvalidType'
            (Get-Offer T1).Price | Should -Be 45.00 -Because 'the CZK price of the share must not become the base price'
        }

        It 'writes nothing to the pipeline without -PassThru' {
            $out = Import-Csv (New-OfferCsv -Rows (New-OfferRow Q1)) | Import-Offer
            $out | Should -BeNullOrEmpty
            @(Get-Offer Q1).Count | Should -Be 1
        }
    }

    Context 'fields on the command line' {
        It 'imports an offer from parameters, the id by position' {
            Import-Offer X1 -Title 'Lampa' -Category 'Dom i Ogród/Oświetlenie' -Price '10,50' -SellingFormat Auction -AccountType Personal `
                -B2BOnly yes -Charity 0 -ProductId PRD-1 -Status Ended -DeliveryMethods allegro-dhl-cz, packeta-locker-cz -Translations cs-CZ
            $offer = Get-Offer X1
            $offer.Title | Should -Be 'Lampa'
            $offer.Category | Should -Be 'Dom i Ogród/Oświetlenie'
            $offer.Price | Should -Be 10.50
            $offer.SellingFormat | Should -Be 'Auction'
            $offer.AccountType | Should -Be 'Personal'
            $offer.B2BOnly | Should -BeTrue
            $offer.Charity | Should -BeFalse
            $offer.ProductId | Should -Be 'PRD-1'
            $offer.Status | Should -Be 'Ended'
            $offer.DeliveryMethods | Should -Be @('allegro-dhl-cz', 'packeta-locker-cz')
            $offer.Translations | Should -Be @('cs-CZ')
            $offer.Market | Should -Be 'allegro-pl'
        }

        It 'imports a source offer of another market with its condition and fulfilment' {
            $offer = Import-Offer -OfferId SKU-1 -Market amazon-us -Price 10 -ProductId B0001 -Condition Used -Fulfillment FBA -PassThru
            $offer.Market | Should -Be 'amazon-us'
            $offer.Condition | Should -Be 'Used'
            $offer.Fulfillment | Should -Be 'FBA'
            (Get-Offer -Market amazon-us).OfferId | Should -Be 'SKU-1'
        }

        It 'names the record and the field of a value it cannot read' {
            Import-Offer -OfferId B1 -Price abc -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidOfferField,ListingPs.Commands.ImportOfferCommand'
            $errs[0].Exception.Message | Should -BeLike "*'B1'*Price*"
            Get-Offer | Should -BeNullOrEmpty
        }
    }

    Context 'input limits' {
        It 'refuses each record over a limit with its own error id, naming the record and the field, and imports the rest' {
            $long = 'x' * 76
            $csv = New-OfferCsv -Rows @(
                (New-OfferRow L-OK -Title ('y' * 75)),
                (New-OfferRow L-TITLE -Title $long),
                (New-OfferRow 'L;ID'),
                (New-OfferRow L-NUL -Title "a`0b"),
                (New-OfferRow L-PRICE -Price '100000000.00'),
                (New-OfferRow ('L' * 65)))
            Import-Offer -Path $csv -ErrorVariable errs -ErrorAction SilentlyContinue
            (Get-Offer).OfferId | Should -Be @('L-OK')
            $errs.Count | Should -Be 5
            $errs.FullyQualifiedErrorId | Should -Be @(
                'OfferFieldTooLong,ListingPs.Commands.ImportOfferCommand',
                'InvalidOfferId,ListingPs.Commands.ImportOfferCommand',
                'OfferFieldControlCharacter,ListingPs.Commands.ImportOfferCommand',
                'PriceOutOfRange,ListingPs.Commands.ImportOfferCommand',
                'InvalidOfferId,ListingPs.Commands.ImportOfferCommand')
            $errs[0].Exception.Message | Should -BeLike "Offer 'L-TITLE' (*.csv line 3): Title '*' is not a title of at most 75 characters*"
            $errs[1].Exception.Message | Should -BeLike "Offer 'L;ID' (*.csv line 4): OfferId*"
            $errs[2].Exception.Message | Should -BeLike "Offer 'L-NUL' (*.csv line 5): Title 'a\u0000b'*NUL*"
            $errs[3].Exception.Message | Should -BeLike "Offer 'L-PRICE' (*.csv line 6): Price*at most 99999999.99*"
            $errs[4].Exception.Message | Should -BeLike "*line 7): OfferId*at most 64 characters*"
            $errs | ForEach-Object { $_.CategoryInfo.Category | Should -Be 'InvalidData' }
        }

        It 'refuses a pipeline record with a control character in the same way' {
            [pscustomobject]@{ OfferId = 'P-CTL'; Title = "Tab`there"; Price = '10' } | Import-Offer -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'OfferFieldControlCharacter,ListingPs.Commands.ImportOfferCommand'
            $errs[0].Exception.Message | Should -BeLike "Offer 'P-CTL': Title*control character U+0009*"
            Get-Offer | Should -BeNullOrEmpty
        }
    }

    Context 'files with -Path' {
        It 'reads CSV and JSON files without Import-Csv' {
            $csv = New-OfferCsv -Rows @((New-OfferRow C1), (New-OfferRow C2 -Price '19,90'))
            $json = Join-Path TestDrive: 'offers.json'
            @([pscustomobject]@{ OfferId = 'J1'; Price = 10; ProductId = 'P3'; DeliveryMethods = @('packeta-locker-cz'); Translations = @('cs-CZ') }) |
                ConvertTo-Json -AsArray | Set-Content $json
            $imported = Import-Offer -Path $csv, $json -PassThru
            $imported.OfferId | Should -Be @('C1', 'C2', 'J1')
            $imported.Price | Should -Be @(45.00, 19.90, 10)
            (Get-Offer J1).DeliveryMethods | Should -Be @('packeta-locker-cz')
        }

        It 'takes the files a wildcard matches' {
            $dir = New-Item -ItemType Directory -Path (Join-Path TestDrive: 'batch')
            New-OfferCsv -Rows (New-OfferRow W1) | Move-Item -Destination (Join-Path $dir 'a.csv')
            New-OfferCsv -Rows (New-OfferRow W2) | Move-Item -Destination (Join-Path $dir 'b.csv')
            Import-Offer -Path (Join-Path $dir '*.csv')
            (Get-Offer).OfferId | Should -Be @('W1', 'W2')
        }

        It 'names the file and line of a bad record and goes on with the next one' {
            $csv = New-OfferCsv -Name 'assortment.csv' -Rows @((New-OfferRow G1), (New-OfferRow B1 -Price oops), (New-OfferRow G2))
            Import-Offer -Path $csv -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidOfferField,ListingPs.Commands.ImportOfferCommand'
            $errs[0].Exception.Message | Should -BeLike '*assortment.csv line 3*'
            (Get-Offer).OfferId | Should -Be @('G1', 'G2')
        }

        It 'reports a missing file as not found' {
            Import-Offer -Path (Join-Path TestDrive: 'missing.csv') -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InputFileNotFound,ListingPs.Commands.ImportOfferCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }

    Context 'CSV files as sellers have them' {
        It 'keeps Polish and Czech text of a UTF-8 file with a BOM' {
            $path = New-TextFile -Encoding ([System.Text.UTF8Encoding]::new($true)) -NewLine "`r`n" -Lines @(
                $script:OfferHeader,
                (New-OfferRow PL-1 -Title 'Żółta łódź' -Category 'Dom i Ogród/Oświetlenie'),
                (New-OfferRow CZ-1 -Title 'Příliš žluťoučký kůň úpěl ďábelské ódy'))
            [IO.File]::ReadAllBytes($path)[0..2] | Should -Be @(0xEF, 0xBB, 0xBF)
            Import-Csv $path | Import-Offer
            (Get-Offer PL-1).Title | Should -BeExactly 'Żółta łódź'
            (Get-Offer PL-1).Category | Should -BeExactly 'Dom i Ogród/Oświetlenie'
            (Get-Offer CZ-1).Title | Should -BeExactly 'Příliš žluťoučký kůň úpěl ďábelské ódy'
        }

        It 'reads a file Excel saved in the Polish locale: ";" between fields, decimal commas, Windows line ends' {
            $path = New-TextFile -Encoding ([System.Text.UTF8Encoding]::new($true)) -NewLine "`r`n" -Lines @(
                $script:OfferHeader.Replace(',', ';'),
                'PL-2;Żółta łódź;Dom i Ogród/Oświetlenie;129,99;BuyNow;Company;False;0;P-2;Active;"allegro-dhl-cz;allegro-dpd-pl";cs-CZ',
                'CZ-2;"Příliš žluťoučký kůň; úpěl";Elektronika/Telefony;45,00;BuyNow;Company;False;0;P-3;Active;packeta-locker-cz;cs-CZ')
            Import-Csv $path -Delimiter ';' | Import-Offer -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $pl = Get-Offer PL-2
            $pl.Title | Should -BeExactly 'Żółta łódź'
            $pl.Price | Should -Be 129.99
            $pl.DeliveryMethods | Should -Be @('allegro-dhl-cz', 'allegro-dpd-pl')
            (Get-Offer CZ-2).Title | Should -BeExactly 'Příliš žluťoučký kůň; úpěl'
            (Get-Offer CZ-2).Price | Should -Be 45.00
        }

        It 'reads a Windows-1250 file when Import-Csv is told the encoding' {
            $path = New-TextFile -Encoding ([System.Text.Encoding]::GetEncoding(1250)) -NewLine "`r`n" -Lines @(
                'OfferId;Title;Price', 'PL-3;Żółta łódź;45,00')
            Import-Csv $path -Delimiter ';' -Encoding 1250 | Import-Offer
            (Get-Offer PL-3).Title | Should -BeExactly 'Żółta łódź'
        }
    }

    Context 'updates' {
        It 'keeps the stored fields a row does not supply and verifies the shares again' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow U1 -Translations '')) | Submit-Offer -Market allegro-cz | Out-Null
            (Get-VerificationStatus -Market allegro-cz -OfferId U1).ReasonCodes | Should -Be 'VQR002_LANGUAGE_NOT_AVAILABLE'
            [pscustomobject]@{ OfferId = 'U1'; Translations = 'cs-CZ' } | Import-Offer
            $offer = Get-Offer U1
            $offer.Title | Should -Be 'Title U1'
            $offer.Price | Should -Be 45.00
            $offer.Translations | Should -Be @('cs-CZ')
            (Get-VerificationStatus -Market allegro-cz -OfferId U1).State | Should -Be 'Approved'
        }

        It 'lets the converter price a share once a base price comes in' {
            $first = Import-Csv (New-OfferCsv -Rows (New-OfferRow L1 -Price '')) | Submit-Offer -Market allegro-cz
            $first.Reasons.Code | Should -Contain 'VQR001_CURRENCY_NOT_AVAILABLE'
            Import-Csv (New-OfferCsv -Rows (New-OfferRow L1 -Price '45.00')) | Import-Offer
            $again = Get-VerificationStatus -Market allegro-cz -OfferId L1
            $again.State | Should -Be 'Approved'
            $again.Price | Should -Be 229    # 45 x 5.0942 = 229.239 -> 229
        }

        It 'moves a converter price with a new base price' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow L2 -Price '45.00')) | Submit-Offer -Market allegro-cz | Out-Null
            Import-Csv (New-OfferCsv -Rows (New-OfferRow L2 -Price '10.00')) | Import-Offer
            (Get-VerificationStatus -Market allegro-cz -OfferId L2).Price | Should -Be 51    # 50.942 -> 51
        }

        It 'does not write an offer again that comes with the same fields, and does when a field changed' {
            $csv = New-OfferCsv -Rows (New-OfferRow S1)
            Import-Csv $csv | Import-Offer
            $first = (Get-Offer S1).UpdatedAt
            Start-Sleep -Milliseconds 30
            Import-Csv $csv | Import-Offer
            (Get-Offer S1).UpdatedAt | Should -Be $first
            Start-Sleep -Milliseconds 30
            Import-Csv (New-OfferCsv -Rows (New-OfferRow S1 -Title 'Nowy tytuł')) | Import-Offer
            (Get-Offer S1).UpdatedAt | Should -BeGreaterThan $first
            (Get-Offer S1).Title | Should -Be 'Nowy tytuł'
        }
    }

    Context 'common parameters' {
        It '-WhatIf imports nothing' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow W1), (New-OfferRow W2))) | Import-Offer -WhatIf
            Get-Offer | Should -BeNullOrEmpty
        }

        It '-WhatIf leaves a stored offer unchanged' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow W1)) | Import-Offer
            Import-Csv (New-OfferCsv -Rows (New-OfferRow W1 -Price '99.00')) | Import-Offer -WhatIf
            (Get-Offer W1).Price | Should -Be 45.00
        }

        It '-Confirm:$false imports without asking' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow C1)) | Import-Offer -Confirm:$false
            (Get-Offer C1).OfferId | Should -Be 'C1'
        }

        It '-ErrorVariable collects each bad record with its id and the import goes on' {
            $csv = New-OfferCsv -Rows @((New-OfferRow G1), (New-OfferRow B1 -Price abc), (New-OfferRow B2 -B2BOnly maybe), (New-OfferRow G2))
            Import-Csv $csv | Import-Offer -ErrorVariable bad -ErrorAction SilentlyContinue
            $bad.Count | Should -Be 2
            $bad.FullyQualifiedErrorId | Should -Be @('InvalidOfferField,ListingPs.Commands.ImportOfferCommand', 'InvalidOfferField,ListingPs.Commands.ImportOfferCommand')
            $bad[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $bad[0].Exception.Message | Should -BeLike "*'B1'*Price*"
            $bad[1].Exception.Message | Should -BeLike "*'B2'*B2BOnly*"
            $bad[0].TargetObject.OfferId | Should -Be 'B1'
            (Get-Offer).OfferId | Should -Be @('G1', 'G2')
        }

        It '-ErrorAction Stop ends the import at the first bad record' {
            $csv = New-OfferCsv -Rows @((New-OfferRow G1), (New-OfferRow B1 -Price abc), (New-OfferRow G2))
            { Import-Csv $csv | Import-Offer -ErrorAction Stop } |
                Should -Throw -ErrorId 'InvalidOfferField,ListingPs.Commands.ImportOfferCommand'
            (Get-Offer).OfferId | Should -Be 'G1'
        }

        It '-OutVariable collects the offers -PassThru writes' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow O1), (New-OfferRow O2))) | Import-Offer -PassThru -OutVariable imported | Out-Null
            $imported.OfferId | Should -Be @('O1', 'O2')
            $imported[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.Offer'
        }

        It '-PipelineVariable holds the offer each later command sees' {
            $pairs = Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2 -Price '10.00'))) |
                Import-Offer -PassThru -PipelineVariable offer |
                Submit-Offer -Market allegro-cz |
                ForEach-Object { '{0}:{1}:{2}' -f $offer.OfferId, $offer.Price, $_.Price }
            $pairs | Should -Be @('V1:45.00:229', 'V2:10.00:51')
        }

        It '-Verbose says how many offers were imported into which workspace' {
            $ws = New-TestWorkspace
            $verbose = Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2))) | Import-Offer -Verbose 4>&1
            ($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
                Should -Contain "Imported 2 offer(s) into $(Get-WorkspaceName $ws)."
        }
    }

    Context 'progress' {
        It 'shows a count and a rate without percent, since the total of a pipeline is not known' {
            $csv = New-OfferCsv -Rows @((New-OfferRow U1), (New-OfferRow U2))
            $run = Invoke-InNewRunspace "Import-Csv '$csv' | Import-Offer"
            $run.Errors | Should -BeNullOrEmpty
            $running = @($run.Progress | Where-Object { $_.Activity -like 'Importing offers*' -and $_.RecordType -eq 'Processing' })
            $running.Count | Should -BeGreaterThan 0
            $running | ForEach-Object {
                $_.StatusDescription | Should -Match '^[\d,]+ done \([\d,]+/s\)$'
                $_.PercentComplete | Should -Be -1
            }
            @($run.Progress | Where-Object RecordType -EQ 'Completed').Count | Should -BeGreaterThan 0
        }
    }
}
