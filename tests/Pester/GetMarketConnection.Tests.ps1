BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Get-MarketConnection' {
    Context 'three connections' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow P2 -Price '20.00'), (New-AmazonRow D1 -Market amazon-de))
            Set-SellerProfile -LinkedRegion EU
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -AcceptObligations        # C001
            $null = New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr, amazon-it -AcceptObligations        # C002
            $null = New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -AcceptObligations                # C003
        }

        It 'lists every connection in id order, as it was written' {
            $all = Get-MarketConnection -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $all.ConnectionId | Should -Be @('C001', 'C002', 'C003')
            $all[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.MarketConnection'
            $all.SourceMarket | Should -Be @('amazon-us', 'amazon-de', 'allegro-pl')
            @($all[1].TargetMarkets) | Should -Be @('amazon-fr', 'amazon-it')
            $all.Platform | Should -Be @('amazon', 'amazon', 'allegro')
            $all.Region | Should -Be @('NA', 'EU', 'allegro')
            $all[0].OffersCreated | Should -Be 4
            $all[1].OffersCreated | Should -Be 2
            $all[0].State | Should -Be 'Active'
            $all[0].ObligationsAcceptedAt | Should -Not -BeNullOrEmpty
        }

        It 'selects with <Filter>' -TestCases @(
            @{ Filter = '-ConnectionId C002'; Parameters = @{ ConnectionId = 'C002' }; Ids = 'C002' }
            @{ Filter = '-ConnectionId C003, C001'; Parameters = @{ ConnectionId = 'C003', 'C001' }; Ids = 'C001,C003' }
            @{ Filter = '-ConnectionId C00*'; Parameters = @{ ConnectionId = 'C00*' }; Ids = 'C001,C002,C003' }
            @{ Filter = '-SourceMarket amazon-de'; Parameters = @{ SourceMarket = 'amazon-de' }; Ids = 'C002' }
            @{ Filter = '-TargetMarket amazon-mx'; Parameters = @{ TargetMarket = 'amazon-mx' }; Ids = 'C001' }
            @{ Filter = '-TargetMarket allegro-cz'; Parameters = @{ TargetMarket = 'allegro-cz' }; Ids = 'C003' }
            @{ Filter = '-ConnectionId C001 -SourceMarket amazon-de'; Parameters = @{ ConnectionId = 'C001'; SourceMarket = 'amazon-de' }; Ids = '' }
            @{ Filter = '-TargetMarket amazon-br (no connection)'; Parameters = @{ TargetMarket = 'amazon-br' }; Ids = '' }
            @{ Filter = '-ConnectionId X* (no match)'; Parameters = @{ ConnectionId = 'X*' }; Ids = '' }
        ) {
            $found = Get-MarketConnection @Parameters -ErrorVariable errs -ErrorAction SilentlyContinue
            @($found | ForEach-Object ConnectionId) -join ',' | Should -Be $Ids
            # C001 left out by -SourceMarket is still in the workspace: no ConnectionNotFound for it
            if (-not $Parameters.ConnectionId -or $Parameters.ConnectionId -match '\*' -or $Parameters.SourceMarket) { $errs | Should -BeNullOrEmpty }
        }

        It 'takes the id positionally' {
            (Get-MarketConnection C002).SourceMarket | Should -Be 'amazon-de'
        }

        It 'reads the ids from Import-Csv rows (ConnectionId column)' {
            $ids = Join-Path (Get-PSDrive TestDrive).Root 'ids.csv'
            Set-Content -Path $ids -Value 'ConnectionId,Note', 'C003,allegro', 'C001,amazon.com' -Encoding utf8NoBOM
            (Import-Csv $ids | Get-MarketConnection).ConnectionId | Should -Be @('C003', 'C001')
        }

        It 'writes an error for an id that is not there: ConnectionNotFound' {
            $found = Get-MarketConnection -ConnectionId C404 -ErrorVariable errs -ErrorAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ConnectionNotFound,ListingPs.Commands.GetMarketConnectionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be 'C404'
            $errs[0].Exception.Message | Should -BeLike "*'C404'*"
        }

        # As PowerShell's Get-* cmdlets do: an error for each missing id, even when other ids are found.
        It 'writes an error for each missing id while it still outputs the others' {
            $found = Get-MarketConnection -ConnectionId C001, C404, C002 -ErrorVariable errs -ErrorAction SilentlyContinue
            $found.ConnectionId | Should -Be @('C001', 'C002')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ConnectionNotFound,ListingPs.Commands.GetMarketConnectionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be 'C404'
        }

        It 'exports to CSV with values, not type names, and the file pipes back by ConnectionId' {
            $file = Join-Path (Get-PSDrive TestDrive).Root 'connections.csv'
            Get-MarketConnection | Export-Csv -Path $file
            $rows = Import-Csv $file
            $rows.Count | Should -Be 3
            $rows[0].ConnectionId | Should -Be 'C001'
            $rows[0].TargetMarkets | Should -Be 'amazon-ca;amazon-mx'
            $rows[0].State | Should -Be 'Active'
            $rows[0].OffersCreated | Should -Be '4'
            $rows[0].Summary | Should -BeLike '*created 4*'
            $rows[0].Rules | Should -Not -BeLike '*ListingPs.*'
            ($rows | Where-Object Platform -EQ 'amazon' | Get-MarketConnection).ConnectionId | Should -Be @('C001', 'C002')
        }

        It 'completes the workspace''s connection ids' {
            $line = 'Get-MarketConnection C00'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @('C001', 'C002', 'C003')
        }
    }

    Context 'State' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow F1 -Fulfillment FBA))
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
        }

        It 'turns SyncDue when <Change>, and Active again after Sync-MarketConnection' -TestCases @(
            @{ Change = 'an exchange rate changed'; Script = { $null = Set-ExchangeRate -From USD -To CAD -Rate 1.5 -Source ECB } }
            @{ Change = 'a source price changed'; Script = { [pscustomobject]@{ OfferId = 'P1'; Market = 'amazon-us'; Price = '11.00'; ProductId = 'B0P1' } | Import-Offer } }
            @{ Change = 'a source offer was removed'; Script = { Remove-Offer -OfferId P1 -Force } }
            @{ Change = 'a catalogue was imported'; Script = { $null = Import-Catalog -Market amazon-ca -ProductId B0P1 } }
            @{ Change = 'FBA inventory was recorded'; Script = { Set-FbaInventory -Market amazon-ca -Sku F1 -Quantity 3 } }
        ) {
            (Get-MarketConnection C001).State | Should -Be 'Active'
            . $Script
            (Get-MarketConnection C001).State | Should -Be 'SyncDue'
            $null = Sync-MarketConnection
            (Get-MarketConnection C001).State | Should -Be 'Active'
        }

        It 'stays Active when the same offer comes in again unchanged' {
            Import-AmazonOffer @((New-AmazonRow P1))
            (Get-MarketConnection C001).State | Should -Be 'Active'
        }
    }

    Context 'the workspace it reads' {
        It 'writes nothing and no error without -ConnectionId' {
            $null = New-TestWorkspace
            $found = Get-MarketConnection -ErrorVariable errs
            $found | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
        }

        It 'reads the workspace named by -Workspace' {
            $other = Join-Path (Get-PSDrive TestDrive).Root 'other.db'
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1))
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
            Get-MarketConnection -Workspace $other | Should -BeNullOrEmpty
            (Get-MarketConnection).ConnectionId | Should -Be 'C001'
        }
    }
}
