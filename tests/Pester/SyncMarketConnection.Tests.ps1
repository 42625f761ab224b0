BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Connect-Sample {
        <# P1 (10.00), P2 (20.00) on amazon-us, the documents' rate USD->CAD 1.1262, and C001: amazon-us -> amazon-ca, amazon-mx, AmountAbove 1. #>
        Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow P2 -Price '20.00'))
        $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
        New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations -ErrorAction Stop
    }
}

Describe 'Sync-MarketConnection' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'two workers syncing one connection' {
        It 'leaves a connection another worker is synchronizing to it, says so, and syncs it once that worker is done' {
            $null = Connect-Sample
            # another worker on the same workspace: a second engine session that holds the connection's sync job
            $core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ListingPs.Core' } | Select-Object -First 1
            $other = $core.GetType('ListingPs.Core.Workspace.WorkspaceStore').GetMethod('Open').Invoke($null, @($env:LISTINGPS_WORKSPACE, $null))
            try {
                $job = $other.TryTakeJob('sync C001')
                $job | Should -Not -BeNullOrEmpty
                $null = Set-ExchangeRate -From USD -To CAD -Rate 1.2000 -Source ECB
                $synced = Sync-MarketConnection -ConnectionId C001 -ErrorVariable errs -ErrorAction SilentlyContinue
                $synced | Should -BeNullOrEmpty
                $errs.Count | Should -Be 1
                $errs[0].FullyQualifiedErrorId | Should -BeLike 'JobInProgress*'
                $errs[0].Exception.Message | Should -BeLike '*C001 is being synchronized by another worker*'
                (Get-ReportRow amazon-ca P1).ExchangeRate | Should -Be 1.1262
                $job.Dispose()
                $synced = Sync-MarketConnection -ConnectionId C001 -ErrorVariable errs
                $errs | Should -BeNullOrEmpty
                (Get-ReportRow amazon-ca P1).ExchangeRate | Should -Be 1.2
            }
            finally { $other.Dispose() }
        }
    }

    Context 'exchange rates and source prices' {
        BeforeEach {
            $null = Connect-Sample
        }

        It 'skips a rate move under 1 %: the offers keep the rate they were priced with' {
            (Get-ReportRow amazon-ca P1).Price | Should -Be 12.39
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1300 -Source ECB      # +0.34 %
            (Get-MarketConnection C001).State | Should -Be 'SyncDue'
            $synced = Sync-MarketConnection -ConnectionId C001 -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($synced).Count | Should -Be 1
            $synced.GetType().FullName | Should -Be 'ListingPs.Core.Model.MarketConnection'
            $synced.Summary.RateMovesSkipped | Should -Be 2      # P1 and P2 on amazon-ca
            $synced.Summary.Updated | Should -Be 0
            $row = Get-ReportRow amazon-ca P1
            $row.Price | Should -Be 12.39
            $row.ExchangeRate | Should -Be 1.1262
            (Get-MarketConnection C001).State | Should -Be 'Active'
        }

        It 'reprices a changed source price with the rate the offer was priced with, while the rate moved under 1 %' {
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1300 -Source ECB
            $null = Sync-MarketConnection C001
            Import-AmazonOffer @((New-AmazonRow P1 -Price '15.00'))
            $synced = Sync-MarketConnection
            $synced.Summary.Updated | Should -Be 2               # P1 on both targets
            (Get-ReportRow amazon-ca P1).Price | Should -Be 18.02    # 16 x 1.1262 (not 16 x 1.13 = 18.08)
            (Get-ReportRow amazon-mx P1).Price | Should -Be 272.64   # 16 x 17.0399
            (Get-ReportRow amazon-ca P2).Price | Should -Be 23.65    # unchanged: 21 x 1.1262
        }

        It 'reprices every rule-priced offer after a rate move of 1 % or more' {
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.2000 -Source ECB
            $synced = Get-MarketConnection | Sync-MarketConnection
            $synced.Summary.Updated | Should -Be 2
            $p1 = Get-ReportRow amazon-ca P1
            $p1.Price | Should -Be 13.20                             # 11 x 1.2
            $p1.ExchangeRate | Should -Be 1.2
            (Get-ReportRow amazon-ca P2).Price | Should -Be 25.20    # 21 x 1.2
            (Get-ReportRow amazon-mx P1).Price | Should -Be 187.44   # the MXN rate did not move
        }

        It 'lists a new source offer on every target' {
            Import-AmazonOffer @((New-AmazonRow P3 -Price '30.00'))
            $synced = Sync-MarketConnection C001
            $synced.Summary.Created | Should -Be 2
            (Get-ReportRow amazon-ca P3).Status | Should -Be 'Synchronized'
            (Get-ReportRow amazon-ca P3).Price | Should -Be 34.91     # 31 x 1.1262 = 34.9122
            (Get-ReportRow amazon-mx P3).Status | Should -Be 'Synchronized'
        }

        It '-WhatIf changes nothing' {
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.2000 -Source ECB
            $out = Sync-MarketConnection -ConnectionId C001 -WhatIf -ErrorVariable errs
            $out | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
            (Get-MarketConnection C001).State | Should -Be 'SyncDue'
            (Get-ReportRow amazon-ca P1).Price | Should -Be 12.39
        }
    }

    Context 'a price set by hand on a target (Set-OfferPrice -Market)' {
        BeforeEach {
            $null = Connect-Sample
            $set = Set-OfferPrice -Market amazon-ca -OfferId P1 -Price 14.99 -PassThru -ErrorVariable setErrors
        }

        It 'is never overwritten by Sync, and the report says so' {
            $setErrors | Should -BeNullOrEmpty
            $set.GetType().FullName | Should -Be 'ListingPs.Core.Model.ConnectionReportRow'
            $set.PriceSource | Should -Be 'Manual'
            $set.Price | Should -Be 14.99

            Import-AmazonOffer @((New-AmazonRow P1 -Price '30.00'))
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.3 -Source ECB
            $synced = Sync-MarketConnection C001
            $synced.Summary.ManualPricesKept | Should -BeGreaterThan 0
            $kept = Get-ReportRow amazon-ca P1
            $kept.Price | Should -Be 14.99
            $kept.PriceSource | Should -Be 'Manual'
            $kept.Status | Should -Be 'Synchronized'
            $kept.Reason | Should -Be 'ManualPrice'
            $kept.Message | Should -BeLike '*set by hand*'
            (Get-ReportRow amazon-ca P2).Price | Should -Be 27.30     # 21 x 1.3: the rule still prices the others
            (Get-ReportRow amazon-mx P1).PriceSource | Should -Be 'Rule'
        }

        It 'refuses <ErrorId> and keeps the price' -TestCases @(
            @{ ErrorId = 'InvalidPricePrecision'; Market = 'amazon-ca'; Price = 14.999 }
            @{ ErrorId = 'OfferNotConnected'; Market = 'amazon-br'; Price = 10 }
        ) {
            Set-OfferPrice -Market $Market -OfferId P1 -Price $Price -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,ListingPs.Commands.SetOfferPriceCommand"
            (Get-ReportRow amazon-ca P1).Price | Should -Be 14.99
        }

        It 'goes back to the connection''s rule with -UseConverter' {
            Import-AmazonOffer @((New-AmazonRow P1 -Price '30.00'))
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.3 -Source ECB
            $null = Sync-MarketConnection C001
            $back = Get-ConnectionReport -TargetMarket amazon-ca -Sku P1 |
                ForEach-Object { Set-OfferPrice -Market $_.TargetMarket -OfferId $_.Sku -UseConverter -PassThru }
            $back.PriceSource | Should -Be 'Rule'
            $back.Price | Should -Be 40.30                           # 31 x 1.3
            (Get-ReportRow amazon-ca P1).Reason | Should -BeNullOrEmpty
        }
    }

    It 'removes the target offers whose source left the assortment and reports them Disconnected' {
        $null = Connect-Sample
        Remove-Offer -OfferId P2 -Force
        $synced = Sync-MarketConnection C001
        $synced.Summary.Removed | Should -Be 2
        $p2 = Get-ReportRow amazon-ca P2
        $p2.Status | Should -Be 'Disconnected'
        $p2.Reason | Should -Be 'SourceRemoved'
        $p2.TargetOfferState | Should -Be 'Removed'
        $p2.Price | Should -BeNullOrEmpty
        (Get-ReportRow amazon-mx P2).Status | Should -Be 'Disconnected'
        (Get-ReportRow amazon-ca P1).Status | Should -Be 'Synchronized'
    }

    It 'never overwrites a CZK price set by hand on an Allegro connection' {
        Import-Csv (New-OfferCsv -Rows @((New-OfferRow A1 -Price '100.00'), (New-OfferRow A2))) | Import-Offer
        $null = New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -PricingRule PercentAbove -PriceAdjustment 5 -AcceptObligations
        (Get-VerificationStatus -Market allegro-cz -OfferId A1).Price | Should -Be 535
        $null = Set-OfferCzkPrice -OfferId A1 -Price 540
        $null = Sync-MarketConnection
        (Get-VerificationStatus -Market allegro-cz -OfferId A1).Price | Should -Be 540
        (Get-ConnectionReport -TargetMarket allegro-cz -Sku A1).Reason | Should -Be 'ManualPrice'
        (Get-ConnectionReport -TargetMarket allegro-cz -Sku A2).Reason | Should -Not -Be 'ManualPrice'
    }

    Context 'which connections' {
        BeforeEach {
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow D1 -Market amazon-de))
            Set-SellerProfile -LinkedRegion EU
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations    # C001
            $null = New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations    # C002
        }

        It 'synchronizes every connection without -ConnectionId' {
            (Sync-MarketConnection).ConnectionId | Should -Be @('C001', 'C002')
        }

        It 'synchronizes the ids of an Import-Csv file' {
            $file = Join-Path (Get-PSDrive TestDrive).Root 'sync.csv'
            Set-Content -Path $file -Value 'ConnectionId', 'C002' -Encoding utf8NoBOM
            (Import-Csv $file | Sync-MarketConnection).ConnectionId | Should -Be 'C002'
        }

        It 'collects ConnectionNotFound for a missing id with -ErrorVariable and synchronizes the rest' {
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.5 -Source ECB
            $synced = Sync-MarketConnection -ConnectionId C404, C001 -ErrorVariable errs -ErrorAction SilentlyContinue
            $synced.ConnectionId | Should -Be 'C001'
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'ConnectionNotFound,ListingPs.Commands.SyncMarketConnectionCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be 'C404'
            (Get-ConnectionReport -TargetMarket amazon-ca -Sku P1).ExchangeRate | Should -Be 1.5
        }
    }
}
