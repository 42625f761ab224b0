BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Get-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'a large assortment, read in pages' {
        BeforeAll {
            $script:largeWs = New-TestWorkspace -Name 'large.db'
            $script:ids = 0..1119 | ForEach-Object { 'G{0:D5}' -f $_ }
            Import-Csv (New-OfferCsv -Rows ($script:ids | ForEach-Object { New-OfferRow $_ })) | Import-Offer -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
        }
        BeforeEach {
            $env:LISTINGPS_WORKSPACE = $script:largeWs
        }

        It 'streams every offer once, in offer id order, past the small first page and a large one' {
            (Get-Offer).OfferId | Should -Be $script:ids
        }

        It '-First stops after that many offers' {
            (Get-Offer -First 60).OfferId | Should -Be $script:ids[0..59]
        }

        It '-OfferId takes wildcards, case-insensitively' {
            (Get-Offer -OfferId 'g001*').OfferId | Should -Be ($script:ids | Where-Object { $_ -like 'G001*' })
        }
    }

    Context 'filters' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @(
                    (New-OfferRow PL-1001), (New-OfferRow PL-1002 -Status Inactive), (New-OfferRow PL-2001 -Status Ended), (New-OfferRow PL-2002))) |
                Import-Offer
            Import-Offer -OfferId SKU-1 -Market amazon-us -Price 10 -ProductId B0001
        }

        It 'lists the whole assortment without parameters' {
            (Get-Offer).OfferId | Should -Be @('PL-1001', 'PL-1002', 'PL-2001', 'PL-2002', 'SKU-1')
        }

        It 'takes offer ids by position, several at once' {
            (Get-Offer PL-2002, PL-1001).OfferId | Should -Be @('PL-1001', 'PL-2002')
        }

        It 'returns nothing for an id that is not in the workspace' {
            Get-Offer -OfferId NOPE -ErrorVariable errs | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
        }

        It '-Status <Status> gives <Expected>' -TestCases @(
            @{ Status = @('Active'); Expected = @('PL-1001', 'PL-2002', 'SKU-1') }
            @{ Status = @('Inactive'); Expected = @('PL-1002') }
            @{ Status = @('Ended'); Expected = @('PL-2001') }
            @{ Status = @('Inactive', 'Ended'); Expected = @('PL-1002', 'PL-2001') }
        ) {
            (Get-Offer -Status $Status).OfferId | Should -Be $Expected
        }

        It 'refuses a status that does not exist' {
            { Get-Offer -Status Sold -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,ListingPs.Commands.GetOfferCommand'
        }

        It '-Market filters by the offer''s own market' {
            (Get-Offer -Market amazon-us).OfferId | Should -Be 'SKU-1'
            (Get-Offer -Market allegro-pl).Count | Should -Be 4
        }

        It 'combines id pattern and status' {
            (Get-Offer -OfferId 'PL-10*' -Status Inactive).OfferId | Should -Be 'PL-1002'
        }

        It 'refuses -First 0' {
            { Get-Offer -First 0 -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ListingPs.Commands.GetOfferCommand'
        }

        It 'binds OfferId (or Sku) of piped rows by property name' {
            $path = Join-Path TestDrive: 'wanted.csv'
            Set-Content $path 'OfferId', 'PL-2002', 'PL-1002'
            (Import-Csv $path | Get-Offer).OfferId | Should -Be @('PL-2002', 'PL-1002')
            ([pscustomobject]@{ Sku = 'SKU-1' } | Get-Offer).Market | Should -Be 'amazon-us'
        }

        It 'binds the OfferId of share records' {
            Get-Offer PL-1001 | Submit-Offer -Market allegro-cz | Out-Null
            (Get-VerificationStatus -Market allegro-cz -State Approved | Get-Offer).Title | Should -Be 'Title PL-1001'
        }
    }

    Context 'what users do with the offers' {
        It 'reads a workspace given with -Workspace instead of the default one' {
            $other = Join-Path TestDrive: 'other.db'
            Import-Csv (New-OfferCsv -Rows (New-OfferRow O1)) | Import-Offer -Workspace $other
            Get-Offer | Should -BeNullOrEmpty
            (Get-Offer -Workspace $other).OfferId | Should -Be 'O1'
        }

        It 'moves an assortment to another workspace through Export-Csv and Import-Csv' {
            Import-Csv (New-OfferCsv -Rows @(
                    (New-OfferRow E1 -Title 'Żółta łódź' -B2BOnly True -DeliveryMethods 'allegro-dhl-cz;packeta-locker-cz'),
                    (New-OfferRow E2 -Price '' -SellingFormat Auction -Status Inactive -Translations 'cs-CZ;sk-SK'))) | Import-Offer
            $file = Join-Path TestDrive: 'assortment-out.csv'
            Get-Offer | Export-Csv $file
            $before = Get-Offer
            $null = New-TestWorkspace
            Import-Csv $file | Import-Offer -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $after = Get-Offer
            foreach ($p in 'OfferId', 'Title', 'Category', 'Price', 'Market', 'SellingFormat', 'AccountType', 'B2BOnly', 'Charity', 'ProductId', 'Status') {
                $after.$p | Should -Be $before.$p -Because "$p must survive the round trip"
            }
            $after[0].DeliveryMethods | Should -Be @('allegro-dhl-cz', 'packeta-locker-cz')
            $after[1].Translations | Should -Be @('cs-CZ', 'sk-SK')
        }

        It 'shows Polish and Czech titles in a table' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow PL-1 -Title 'Żółta łódź'), (New-OfferRow CZ-1 -Title 'Příliš žluťoučký kůň'))) | Import-Offer
            $text = Get-Offer | Format-Table OfferId, Title -AutoSize | Out-String -Width 200
            $text | Should -Match 'PL-1\s+Żółta łódź'
            $text | Should -Match 'CZ-1\s+Příliš žluťoučký kůň'
        }

        It '-OutVariable keeps the offers and -PipelineVariable hands each one on' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2 -Price '10.00'))) | Import-Offer
            $lines = Get-Offer -OutVariable all -PipelineVariable offer | Submit-Offer -Market allegro-cz |
                ForEach-Object { '{0} {1} -> {2} {3}' -f $offer.OfferId, $offer.Price, $_.Price, $_.Currency }
            $lines | Should -Be @('V1 45.00 -> 229 CZK', 'V2 10.00 -> 51 CZK')
            $all.OfferId | Should -Be @('V1', 'V2')
        }
    }

    Context 'a second pwsh process' {
        It 'reads the offers the first process wrote, text and prices unchanged' {
            Import-Csv (New-OfferCsv -Rows @(
                    (New-OfferRow PL-1 -Title 'Żółta łódź' -Price '45.00'),
                    (New-OfferRow CZ-1 -Title 'Příliš žluťoučký kůň' -Price '' -Status Inactive))) | Import-Offer
            $expected = Get-Offer | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.OfferId, $_.Title, $_.Price, $_.Status }
            $lines = Invoke-ChildPwsh -ImportModule -StopOnError @'
[Console]::OutputEncoding = [Text.UTF8Encoding]::new($false)
Get-Offer | ForEach-Object { '{0}|{1}|{2}|{3}' -f $_.OfferId, $_.Title, $_.Price, $_.Status }
'@
            $LASTEXITCODE | Should -Be 0
            $lines | Should -Be $expected
            $lines | Should -Be @('CZ-1|Příliš žluťoučký kůň||Inactive', 'PL-1|Żółta łódź|45.00|Active')
        }
    }
}
