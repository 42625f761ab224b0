BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Assert-Refused {
        <# New-MarketConnection with these parameters writes no output and exactly one error (id, category, words of the
           message), and leaves the connections and the report as they were. #>
        param([hashtable] $Parameters, [string] $ErrorId, [string] $Category, [string] $Message)
        $before = @(Get-MarketConnection | ForEach-Object { '{0} {1} -> {2}' -f $_.ConnectionId, $_.SourceMarket, ($_.TargetMarkets -join ',') })
        $rowsBefore = @(Get-ConnectionReport).Count
        $out = New-MarketConnection @Parameters -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,ListingPs.Commands.NewMarketConnectionCommand"
        $errs[0].CategoryInfo.Category | Should -Be $Category
        $errs[0].Exception.Message | Should -BeLike "*$Message*"
        @(Get-MarketConnection | ForEach-Object { '{0} {1} -> {2}' -f $_.ConnectionId, $_.SourceMarket, ($_.TargetMarkets -join ',') }) | Should -Be $before
        @(Get-ConnectionReport).Count | Should -Be $rowsBefore
    }
}

Describe 'New-MarketConnection' {
    Context 'offers from Import-Csv rows' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @(
                (New-AmazonRow P1), (New-AmazonRow P2 -Price '20.00'), (New-AmazonRow U1 -Condition Used),
                (New-AmazonRow F1 -Fulfillment FBA), (New-AmazonRow I1 -Status Inactive), (New-AmazonRow N1 -Asin ''))
            # The documents' rate: 1.1262 CAD per USD.
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
            $connection = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations -ErrorVariable errs
        }

        It 'writes the connection with the counts and the summary of the run' {
            $errs | Should -BeNullOrEmpty
            @($connection).Count | Should -Be 1
            $connection.GetType().FullName | Should -Be 'ListingPs.Core.Model.MarketConnection'
            $connection.ConnectionId | Should -Be 'C001'
            $connection.SourceMarket | Should -Be 'amazon-us'
            @($connection.TargetMarkets) | Should -Be @('amazon-ca', 'amazon-mx')
            $connection.State | Should -Be 'Active'
            $connection.Platform | Should -Be 'amazon'
            $connection.OffersCreated | Should -Be 6       # P1, P2, F1 on two targets
            $connection.NotSynchronized | Should -Be 6     # U1, I1, N1 on two targets
            $connection.Summary.ByReason['FilteredOut'] | Should -Be 2
            $connection.Summary.ByReason['NoDetailPage'] | Should -Be 2
            $connection.Summary.ByReason['SourceOfferInactive'] | Should -Be 2
            @($connection.Summary.ByReason.Keys).Count | Should -Be 3
            $connection.Rules | Should -BeLike '*AmountAbove 1*'
            (Get-MarketConnection).ConnectionId | Should -Be 'C001'
            @(Get-ConnectionReport).Count | Should -Be 12
        }

        It 'prices <Sku> on <Target>: the rule, then the rate, then the currency step' -TestCases @(
            @{ Target = 'amazon-ca'; Sku = 'P1'; Price = 12.39; Currency = 'CAD' }    # (10 + 1) x 1.1262 = 12.3882
            @{ Target = 'amazon-ca'; Sku = 'P2'; Price = 23.65; Currency = 'CAD' }    # (20 + 1) x 1.1262 = 23.6502
            @{ Target = 'amazon-mx'; Sku = 'P1'; Price = 187.44; Currency = 'MXN' }   # 11 x 17.0399 (the rules' rate) = 187.4389
            @{ Target = 'amazon-ca'; Sku = 'F1'; Price = 12.39; Currency = 'CAD' }
        ) {
            $row = Get-ReportRow $Target $Sku
            $row.Price | Should -Be $Price
            $row.Currency | Should -Be $Currency
            $row.Status | Should -Be 'Synchronized'
            $row.PriceSource | Should -Be 'Rule'
            $row.PricingRule | Should -Be 'AmountAbove 1'
            $row.ProductId | Should -Be "B0$Sku"
            $row.SourceMarket | Should -Be 'amazon-us'
            $row.ConnectionId | Should -Be 'C001'
        }

        It 'says which rate priced a target offer and when it was synchronized' {
            $row = Get-ReportRow amazon-ca P1
            $row.ExchangeRate | Should -Be 1.1262
            $row.RateSource | Should -Be 'ECB 2024-03-01'
            $row.SourcePrice | Should -Be 10
            $row.SourceCurrency | Should -Be 'USD'
            $row.SyncDate | Should -Not -BeNullOrEmpty
            $row.TargetOfferState | Should -Be 'Active'
        }

        It 'reports <Sku> as <Status> (<Reason>) with the next step' -TestCases @(
            @{ Sku = 'U1'; Status = 'NotSynchronized'; Reason = 'FilteredOut'; NextStep = '*-OfferCondition NewAndUsed*'; State = 'None' }
            @{ Sku = 'I1'; Status = 'NotSynchronized'; Reason = 'SourceOfferInactive'; NextStep = '*Status Active*'; State = 'None' }
            @{ Sku = 'N1'; Status = 'NotSynchronized'; Reason = 'NoDetailPage'; NextStep = '*its ASIN on amazon-us*'; State = 'None' }
            @{ Sku = 'F1'; Status = 'Synchronized'; Reason = 'AwaitingFbaInventory'; NextStep = '*Set-FbaInventory -Market amazon-ca -Sku F1*'; State = 'Inactive' }
        ) {
            $row = Get-ReportRow amazon-ca $Sku
            $row.Status | Should -Be $Status
            $row.Reason | Should -Be $Reason
            $row.NextStep | Should -BeLike $NextStep
            $row.TargetOfferState | Should -Be $State
            if ($Status -eq 'NotSynchronized') { $row.Price | Should -BeNullOrEmpty }
        }
    }

    Context 'progress and Ctrl+C' {
        BeforeEach {
            $null = New-TestWorkspace
        }

        It 'shows the progress of processing: source offers x targets' {
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow P2), (New-AmazonRow P3))
            $run = Invoke-InNewRunspace 'New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -AcceptObligations'
            $run.Errors | Should -BeNullOrEmpty
            $run.Output.Count | Should -Be 1
            $processing = @($run.Progress | Where-Object Activity -Like 'Processing the market connection amazon-us -> amazon-ca, amazon-mx*')
            $processing.Count | Should -BeGreaterThan 0
            $processing[-1].StatusDescription | Should -BeLike '6 of 6*'
            $processing[-1].PercentComplete | Should -Be 100
            @($run.Progress | Where-Object RecordType -EQ 'Completed').Count | Should -BeGreaterThan 0
        }

        It 'leaves no half-made connection when stopped during processing, and the next run completes' {
            if (-not ('ListingPsTests.CtrlC' -as [type])) {
                Add-Type -TypeDefinition @'
namespace ListingPsTests {
    using System; using System.Management.Automation; using System.Threading;
    public static class CtrlC {
        /// <summary>At the first progress record whose activity starts so, stops the pipeline as Ctrl+C does and holds it until the stop request is in.</summary>
        public static void AtFirstProgress(PowerShell ps, string activity) {
            int seen = 0;
            ps.Streams.Progress.DataAdded += (sender, e) => {
                var record = ((PSDataCollection<ProgressRecord>)sender)[e.Index];
                if (record.Activity.StartsWith(activity, StringComparison.Ordinal) && Interlocked.Increment(ref seen) == 1) {
                    ps.BeginStop(null, null);
                    Thread.Sleep(500);
                }
            };
        }
    }
}
'@
            }
            $rows = 1..3000 | ForEach-Object { New-AmazonRow ('S{0:D5}' -f $_) }
            Import-AmazonOffer $rows
            $ps = [powershell]::Create()
            try {
                $null = $ps.AddScript("Import-Module '$script:ModuleManifest' -ErrorAction Stop`nNew-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx, amazon-br -AcceptObligations")
                [ListingPsTests.CtrlC]::AtFirstProgress($ps, 'Processing')
                try { $null = $ps.Invoke() } catch [System.Management.Automation.PipelineStoppedException] { }
                $ps.InvocationStateInfo.State | Should -Be 'Stopped'
                @($ps.Streams.Progress | Where-Object Activity -Like 'Processing*').Count | Should -BeGreaterThan 0
            }
            finally { $ps.Dispose() }

            # Another process sees the workspace as it was before the run.
            $seen = @(Invoke-ChildPwsh -ImportModule "'{0}|{1}|{2}' -f @(Get-MarketConnection).Count, @(Get-ConnectionReport).Count, @(Get-Offer).Count")
            $seen[-1] | Should -Be '0|0|3000'
            $again = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $again.OffersCreated | Should -Be 3000
        }
    }

    Context 'the offer-creation and pricing rules' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow U1 -Condition Used), (New-AmazonRow F1 -Fulfillment FBA))
            $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
        }

        It 'lists <Listed> with <Rules>' -TestCases @(
            @{ Rules = 'the defaults (New, All)'; Parameters = @{}; Listed = 'F1,P1' }
            @{ Rules = '-OfferCondition NewAndUsed'; Parameters = @{ OfferCondition = 'NewAndUsed' }; Listed = 'F1,P1,U1' }
            @{ Rules = '-Fulfillment FBA'; Parameters = @{ Fulfillment = 'FBA' }; Listed = 'F1' }
            @{ Rules = '-Fulfillment Merchant'; Parameters = @{ Fulfillment = 'Merchant' }; Listed = 'P1' }
            @{ Rules = '-ExcludeSku P1'; Parameters = @{ ExcludeSku = 'P1' }; Listed = 'F1' }
            @{ Rules = '-ExcludeSku P1, F1'; Parameters = @{ ExcludeSku = 'P1', 'F1' }; Listed = '' }
            @{ Rules = '-ExcludeSku "P1;F1"'; Parameters = @{ ExcludeSku = 'P1;F1' }; Listed = '' }
        ) {
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations @Parameters -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            (@(Get-ConnectionReport -Status Synchronized | ForEach-Object Sku) | Sort-Object) -join ',' | Should -Be $Listed
            @(Get-ConnectionReport).Count | Should -Be 3
        }

        It 'reports an excluded SKU as SkuExcluded and a filtered one as FilteredOut' {
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -Fulfillment Merchant -ExcludeSku P1 -AcceptObligations
            (Get-ReportRow amazon-ca P1).Reason | Should -Be 'SkuExcluded'
            (Get-ReportRow amazon-ca F1).Reason | Should -Be 'FilteredOut'
            (Get-ReportRow amazon-ca U1).Reason | Should -Be 'FilteredOut'
        }

        It 'prices with <Rule> <Adjustment>: <Price> CAD' -TestCases @(
            @{ Rule = 'SameAsSource'; Adjustment = $null; Price = 11.26 }    # 10 x 1.1262 = 11.262
            @{ Rule = 'AmountAbove'; Adjustment = 1; Price = 12.39 }         # 11 x 1.1262 = 12.3882
            @{ Rule = 'PercentAbove'; Adjustment = 10; Price = 12.39 }       # 11 x 1.1262
            @{ Rule = 'PercentBelow'; Adjustment = 10; Price = 10.14 }       # 9 x 1.1262 = 10.1358
        ) {
            $parameters = @{ PricingRule = $Rule }
            if ($null -ne $Adjustment) { $parameters.PriceAdjustment = $Adjustment }
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations @parameters
            $row = Get-ReportRow amazon-ca P1
            $row.Price | Should -Be $Price
            $row.PricingRule | Should -BeLike "$Rule*"
        }

        It 'prices with SameAsSource when no rule is given' {
            $connection = New-MarketConnection amazon-us amazon-ca -AcceptObligations   # positional: source, targets
            $connection.Rules | Should -BeLike '*SameAsSource*'
            (Get-ReportRow amazon-ca P1).Price | Should -Be 11.26
        }

        It 'binds the markets by property name from Import-Csv rows' {
            $plan = Join-Path (Get-PSDrive TestDrive).Root 'plan.csv'
            Set-Content -Path $plan -Value 'SourceMarket,TargetMarket', 'amazon-us,amazon-mx' -Encoding utf8NoBOM
            $connection = Import-Csv $plan | New-MarketConnection -AcceptObligations -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $connection.SourceMarket | Should -Be 'amazon-us'
            @($connection.TargetMarkets) | Should -Be @('amazon-mx')
            @(Get-ConnectionReport -TargetMarket amazon-mx).Count | Should -Be 3
        }
    }

    Context 'a rule is broken: an error that names it, and nothing is created' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow D1 -Market amazon-de), (New-AmazonRow M1 -Market amazon-mx))
        }

        It 'refuses <ErrorId> (<Why>)' -TestCases @(
            @{ Why = 'no -AcceptObligations'; ErrorId = 'ObligationsNotAccepted'; Category = 'InvalidOperation'; Message = '-AcceptObligations'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'amazon-ca' } }
            @{ Why = 'the source among the targets'; ErrorId = 'SourceIsTarget'; Category = 'InvalidArgument'; Message = 'never a target'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'amazon-ca', 'amazon-us'; AcceptObligations = $true } }
            @{ Why = 'a target of another platform'; ErrorId = 'InvalidConnectionMarket'; Category = 'InvalidArgument'; Message = 'within a platform'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'allegro-cz'; AcceptObligations = $true } }
            @{ Why = 'PercentBelow 100 or more'; ErrorId = 'InvalidPricingRule'; Category = 'InvalidArgument'; Message = 'under 100'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'amazon-ca'; PricingRule = 'PercentBelow'; PriceAdjustment = 150; AcceptObligations = $true } }
            @{ Why = 'an adjustment without a rule'; ErrorId = 'InvalidPricingRule'; Category = 'InvalidArgument'; Message = '-PricingRule'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'amazon-ca'; PriceAdjustment = 2; AcceptObligations = $true } }
            @{ Why = 'a market the rules do not define'; ErrorId = 'UnknownMarket'; Category = 'InvalidData'; Message = 'amazon-xx'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'amazon-xx'; AcceptObligations = $true } }
        ) {
            Assert-Refused -Parameters $Parameters -ErrorId $ErrorId -Category $Category -Message $Message
            Get-MarketConnection | Should -BeNullOrEmpty
        }

        It 'stops a script at the refusal with -ErrorAction Stop' {
            { New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -ErrorAction Stop } |
                Should -Throw -ErrorId 'ObligationsNotAccepted,ListingPs.Commands.NewMarketConnectionCommand'
        }
    }

    Context 'a second source market' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow D1 -Market amazon-de), (New-AmazonRow M1 -Market amazon-mx))
            $first = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
        }

        It 'refuses <ErrorId> (<Why>)' -TestCases @(
            @{ Why = 'the source already has a connection'; Linked = @(); ErrorId = 'SourceAlreadyConnected'; Category = 'InvalidOperation'; Message = 'Add-MarketConnectionTarget -ConnectionId C001'
                Parameters = @{ SourceMarket = 'amazon-us'; TargetMarket = 'amazon-br'; AcceptObligations = $true } }
            @{ Why = 'the source is a target of C001'; Linked = @(); ErrorId = 'SourceIsTarget'; Category = 'InvalidOperation'; Message = 'target of connection C001'
                Parameters = @{ SourceMarket = 'amazon-ca'; TargetMarket = 'amazon-br'; AcceptObligations = $true } }
            @{ Why = 'its region is not linked'; Linked = @(); ErrorId = 'RegionNotLinked'; Category = 'InvalidOperation'; Message = 'Set-SellerProfile -LinkedRegion EU'
                Parameters = @{ SourceMarket = 'amazon-de'; TargetMarket = 'amazon-fr'; AcceptObligations = $true } }
            @{ Why = 'the first source is in the same region'; Linked = @(); ErrorId = 'SecondSourceSameRegion'; Category = 'InvalidOperation'; Message = 'region NA'
                Parameters = @{ SourceMarket = 'amazon-mx'; TargetMarket = 'amazon-br'; AcceptObligations = $true } }
            @{ Why = 'the target has a source'; Linked = @('EU'); ErrorId = 'TargetHasSource'; Category = 'InvalidOperation'; Message = 'a target market has one source'
                Parameters = @{ SourceMarket = 'amazon-de'; TargetMarket = 'amazon-ca'; AcceptObligations = $true } }
            @{ Why = 'the target is the source of C001'; Linked = @('EU'); ErrorId = 'SourceIsTarget'; Category = 'InvalidOperation'; Message = 'source of connection C001'
                Parameters = @{ SourceMarket = 'amazon-de'; TargetMarket = 'amazon-us'; AcceptObligations = $true } }
        ) {
            if ($Linked) { Set-SellerProfile -LinkedRegion $Linked }
            Assert-Refused -Parameters $Parameters -ErrorId $ErrorId -Category $Category -Message $Message
        }

        It 'connects a second source in another, linked region; an Allegro connection neither counts as nor needs one' {
            Set-SellerProfile -LinkedRegion EU
            $second = New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $second.ConnectionId | Should -Be 'C002'
            $second.Region | Should -Be 'EU'
            (Get-ReportRow amazon-fr D1).Status | Should -Be 'Synchronized'

            Set-SellerProfile -LinkedRegion @()
            $allegro = New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -AcceptObligations -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $allegro.Platform | Should -Be 'allegro'
            (Get-MarketConnection).ConnectionId | Should -Be @('C001', 'C002', 'C003')
        }
    }

    Context '-WhatIf' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow P2))
        }

        It 'creates nothing' {
            $out = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -WhatIf -ErrorVariable errs
            $out | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
            Get-MarketConnection | Should -BeNullOrEmpty
            Get-ConnectionReport | Should -BeNullOrEmpty
            { Get-MarketConnection C001 -ErrorAction Stop } | Should -Throw -ErrorId 'ConnectionNotFound,ListingPs.Commands.GetMarketConnectionCommand'
            # and the real run afterwards starts from nothing
            (New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations).ConnectionId | Should -Be 'C001'
        }

        It 'says what it would create' {
            $lines = @(Invoke-ChildPwsh -ImportModule "New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -AcceptObligations -WhatIf; 'connections: ' + @(Get-MarketConnection).Count")
            $lines -join "`n" | Should -BeLike '*What if:*Create the market connection*"amazon-us -> amazon-ca, amazon-mx"*'
            $lines | Should -Contain 'connections: 0'
        }
    }

    Context 'a connection rule file (-RulePath)' {
        BeforeEach {
            $null = New-TestWorkspace
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow F1 -Price '20.00' -Fulfillment FBA), (New-AmazonRow X1))
            $ruleFile = Join-Path (Get-PSDrive TestDrive).Root 'bil.yaml'
        }

        It 'takes the defaults, the exclusions and the pricing per target x fulfilment method from the file' {
            Set-Content -Path $ruleFile -Encoding utf8NoBOM -Value @'
version: 1
connection:
  excludeSkus: [X1]
  pricing: { rule: AmountAbove, adjustment: 1 }
  targets:
    amazon-jp:
      pricing:
        FBA: { rule: PercentAbove, adjustment: 10 }
'@
            $connection = New-MarketConnection amazon-us amazon-ca, amazon-jp -RulePath $ruleFile -AcceptObligations -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $connection.Rules | Should -BeLike '*amazon-jp*'
            (Get-ReportRow amazon-jp P1).Price | Should -Be 1651     # 11 x 150.05: the default rule, whole yen
            (Get-ReportRow amazon-jp F1).Price | Should -Be 3301     # FBA on amazon-jp: 22 x 150.05 = 3301.1 (the default rule would give 3151)
            (Get-ReportRow amazon-ca F1).Price | Should -Be 28.46    # 21 x 1.3554 (the rules' rate) = 28.4634
            (Get-ReportRow amazon-ca P1).Price | Should -Be 14.91    # 11 x 1.3554 = 14.9094
            (Get-ReportRow amazon-ca X1).Reason | Should -Be 'SkuExcluded'
            (Get-ReportRow amazon-jp X1).Reason | Should -Be 'SkuExcluded'
        }

        It 'refuses a broken file with its name, line and column, and creates nothing' {
            Set-Content -Path $ruleFile -Encoding utf8NoBOM -Value "version: 1`nconnection:`n  pricing: { rule: PercentBelow, adjustment: 100 }"
            # Rules load before any input is read: a broken file ends the command.
            $thrown = { New-MarketConnection amazon-us amazon-ca -RulePath $ruleFile -AcceptObligations } |
                Should -Throw -ErrorId 'RuleFileInvalid,ListingPs.Commands.NewMarketConnectionCommand' -PassThru
            $thrown.CategoryInfo.Category | Should -Be 'InvalidData'
            $thrown.Exception.Message | Should -BeLike '*bil.yaml:3:*'
            Get-MarketConnection | Should -BeNullOrEmpty
            Get-ConnectionReport | Should -BeNullOrEmpty
        }
    }

    Context 'an Allegro connection' {
        BeforeEach {
            $null = New-TestWorkspace
            $csv = New-OfferCsv -Rows @((New-OfferRow A1 -Price '100.00'), (New-OfferRow A2 -Translations ''), (New-OfferRow A3))
            Import-Csv $csv | Import-Offer
        }

        It 'shares every eligible offer through the shared-offers verification, priced by the connection' {
            $connection = New-MarketConnection -SourceMarket allegro-pl -TargetMarket allegro-cz -PricingRule PercentAbove -PriceAdjustment 5 -ExcludeSku A3 -AcceptObligations -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $connection.Platform | Should -Be 'allegro'
            $share = Get-VerificationStatus -Market allegro-cz -OfferId A1
            $share.State | Should -Be 'Approved'
            $share.Price | Should -Be 535                                   # 105 x 5.0942 = 534.891 -> whole crowns
            (Get-ReportRow allegro-cz A1).Status | Should -Be 'Synchronized'
            (Get-ReportRow allegro-cz A2).Reason | Should -Be 'VQR002_LANGUAGE_NOT_AVAILABLE'
            (Get-ReportRow allegro-cz A3).Reason | Should -Be 'SkuExcluded'
            @(Get-VerificationStatus -Market allegro-cz -OfferId A3 -State NotRequested).Count | Should -Be 1
        }
    }

    Context 'the Amazon sample in examples/' {
        BeforeAll {
            $null = New-TestWorkspace
            $offers = Import-Csv (Join-Path $ExamplesDir 'amazon-offers.csv')
            $catalog = @(Import-Csv (Join-Path $ExamplesDir 'amazon-catalog-mx.csv') | ForEach-Object ProductId | Sort-Object -Unique)
            $offers | Import-Offer -ErrorVariable importErrors
            $catalogResult = Import-Csv (Join-Path $ExamplesDir 'amazon-catalog-mx.csv') | Import-Catalog -Market amazon-mx
            $connection = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx, amazon-de -AcceptObligations -ErrorVariable connectErrors
            $report = @(Get-ConnectionReport)
            $bySku = @{}
            foreach ($o in $offers) { $bySku[$o.OfferId] = $o }
            $restricted = @{}
            foreach ($m in Get-Market -Platform amazon) { $restricted[$m.Id] = @($m.Policy.RestrictedProducts) }
        }

        It 'imports every offer and the amazon-mx catalogue' {
            $importErrors | Should -BeNullOrEmpty
            @(Get-Offer).Count | Should -Be $offers.Count
            $catalogResult.Total | Should -Be $catalog.Count
            $connectErrors | Should -BeNullOrEmpty
        }

        It 'has one report row per source offer and target' {
            $report.Count | Should -Be (3 * $offers.Count)
            $connection.OffersCreated + $connection.NotSynchronized | Should -Be $report.Count
            foreach ($target in 'amazon-ca', 'amazon-mx', 'amazon-de') {
                @($report | Where-Object TargetMarket -EQ $target | ForEach-Object Sku | Sort-Object) | Should -Be @($offers.OfferId | Sort-Object)
            }
        }

        It 'synchronizes exactly the eligible offers: new, active, priced, with a detail page and not restricted on the target' {
            $wrong = foreach ($row in $report) {
                $source = $bySku[$row.Sku]
                $eligible = $source.Condition -eq 'New' -and $source.Status -eq 'Active' -and $source.Price -ne '' -and $source.ProductId -ne '' -and
                    $restricted[$row.TargetMarket] -notcontains $source.ProductId -and ($row.TargetMarket -ne 'amazon-mx' -or $catalog -contains $source.ProductId)
                $expected = if ($eligible) { 'Synchronized' } else { 'NotSynchronized' }
                if ("$($row.Status)" -ne $expected) { "$($row.TargetMarket) $($row.Sku): $($row.Status), expected $expected" }
            }
            $wrong | Should -BeNullOrEmpty
            @($report | Where-Object Status -EQ 'Synchronized').Count | Should -BeGreaterThan 0
        }

        It 'gives each not-synchronized row a reason that holds for its source offer' {
            $rows = @($report | Where-Object Status -EQ 'NotSynchronized')
            $rows.Count | Should -BeGreaterThan 0
            $wrong = foreach ($row in $rows) {
                $source = $bySku[$row.Sku]
                $holds = switch ($row.Reason) {
                    'FilteredOut' { $source.Condition -eq 'Used' }
                    'SourceOfferInactive' { $source.Status -ne 'Active' }
                    'NoSourcePrice' { $source.Price -eq '' }
                    'NoDetailPage' { $source.ProductId -eq '' -or ($row.TargetMarket -eq 'amazon-mx' -and $catalog -notcontains $source.ProductId) }
                    'RestrictedProduct' { $restricted[$row.TargetMarket] -contains $source.ProductId }
                    default { $false }
                }
                if (-not $holds -or -not $row.NextStep) { "$($row.TargetMarket) $($row.Sku): $($row.Reason) / $($row.NextStep)" }
            }
            $wrong | Should -BeNullOrEmpty
            @($rows | Where-Object Reason -EQ 'RestrictedProduct' | ForEach-Object TargetMarket | Sort-Object -Unique) | Should -Be @('amazon-de')
        }

        It 'prices every synchronized row from its source price and the rate it names' {
            $wrong = foreach ($row in $report | Where-Object Status -EQ 'Synchronized') {
                $source = [decimal]::Parse($bySku[$row.Sku].Price, [cultureinfo]::InvariantCulture)
                if ($row.SourcePrice -ne $source -or [math]::Abs($row.Price - $source * $row.ExchangeRate) -gt 0.005 -or $row.Price * 100 % 1 -ne 0) {
                    "$($row.TargetMarket) $($row.Sku): $source x $($row.ExchangeRate) -> $($row.Price)"
                }
            }
            $wrong | Should -BeNullOrEmpty
        }
    }
}
