BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Connect-Sample {
        <# P1 (10.00), P2 (20.00) on amazon-us, the documents' rate USD->CAD 1.1262, and C001: amazon-us -> amazon-ca, amazon-mx, AmountAbove 1. #>
        param([string[]] $Rows = @((New-AmazonRow P1), (New-AmazonRow P2 -Price '20.00')), [hashtable] $Rules = @{})
        Import-AmazonOffer $Rows
        $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
        New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations @Rules -ErrorAction Stop
    }
}

Describe 'Add-MarketConnectionTarget' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    It 'adds a target from the pipeline (Get-MarketConnection) with its own pricing rule; the other targets keep theirs' {
        $null = Connect-Sample
        $added = Get-MarketConnection -ConnectionId C001 | Add-MarketConnectionTarget -TargetMarket amazon-jp -PricingRule PercentBelow -PriceAdjustment 10 -AcceptObligations -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @($added).Count | Should -Be 1
        $added.ConnectionId | Should -Be 'C001'
        @($added.TargetMarkets) | Should -Be @('amazon-ca', 'amazon-mx', 'amazon-jp')
        @((Get-MarketConnection C001).TargetMarkets) | Should -Be @('amazon-ca', 'amazon-mx', 'amazon-jp')
        (Get-ReportRow amazon-jp P1).Price | Should -Be 1350      # 9 x 150.05 = 1350.45 -> whole yen
        (Get-ReportRow amazon-jp P1).Currency | Should -Be 'JPY'
        (Get-ReportRow amazon-jp P1).PricingRule | Should -Be 'PercentBelow 10'
        (Get-ReportRow amazon-ca P1).Price | Should -Be 12.39     # still AmountAbove 1
        @(Get-ConnectionReport).Count | Should -Be 6
    }

    It 'takes the connection id and the targets positionally' {
        $null = Connect-Sample
        $added = Add-MarketConnectionTarget C001 amazon-br, amazon-jp -AcceptObligations
        @($added.TargetMarkets) | Should -Be @('amazon-ca', 'amazon-mx', 'amazon-br', 'amazon-jp')
        @(Get-ConnectionReport -TargetMarket amazon-br, amazon-jp -Status Synchronized).Count | Should -Be 4
    }

    It 'gives the new targets the connection''s rules unless told otherwise' {
        $null = Connect-Sample -Rows @((New-AmazonRow P1), (New-AmazonRow U1 -Condition Used), (New-AmazonRow F1 -Fulfillment FBA)) -Rules @{ ExcludeSku = 'F1'; OfferCondition = 'NewAndUsed' }
        $null = Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-br -AcceptObligations
        (Get-ReportRow amazon-br F1).Reason | Should -Be 'SkuExcluded'
        (Get-ReportRow amazon-br U1).Status | Should -Be 'Synchronized'
        (Get-ReportRow amazon-br P1).PricingRule | Should -Be 'AmountAbove 1'
    }

    It 'applies -OfferCondition, -Fulfillment, -ExcludeSku and -PricingRule to the new targets only' {
        $null = Connect-Sample -Rows @((New-AmazonRow P1), (New-AmazonRow P2), (New-AmazonRow U1 -Condition Used), (New-AmazonRow F1 -Fulfillment FBA), (New-AmazonRow F2 -Fulfillment FBA))
        $added = Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-br -OfferCondition NewAndUsed -Fulfillment Merchant -ExcludeSku P2 -PricingRule SameAsSource -AcceptObligations
        $added.Rules | Should -BeLike '*amazon-br*'
        (@(Get-ConnectionReport -TargetMarket amazon-br -Status Synchronized | ForEach-Object Sku) | Sort-Object) -join ',' | Should -Be 'P1,U1'
        (Get-ReportRow amazon-br P2).Reason | Should -Be 'SkuExcluded'
        (Get-ReportRow amazon-br F1).Reason | Should -Be 'FilteredOut'
        (Get-ReportRow amazon-br P1).PricingRule | Should -Be 'SameAsSource'
        # the first targets are untouched
        (@(Get-ConnectionReport -TargetMarket amazon-ca -Status Synchronized | ForEach-Object Sku) | Sort-Object) -join ',' | Should -Be 'F1,F2,P1,P2'
        (Get-ReportRow amazon-ca P1).PricingRule | Should -Be 'AmountAbove 1'
    }

    Context 'refusals' {
        BeforeEach {
            Import-AmazonOffer @((New-AmazonRow D1 -Market amazon-de))
            $null = Connect-Sample
            Set-SellerProfile -LinkedRegion EU
            $null = New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations     # C002
        }

        It 'refuses <ErrorId> (<Why>) and changes nothing' -TestCases @(
            @{ Why = 'no -AcceptObligations'; ErrorId = 'ObligationsNotAccepted'; Category = 'InvalidOperation'; Message = 'Nothing was created'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-br' } }
            @{ Why = 'already a target of C001'; ErrorId = 'TargetHasSource'; Category = 'InvalidArgument'; Message = 'already a target of C001'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-ca'; AcceptObligations = $true } }
            @{ Why = 'a target of C002'; ErrorId = 'TargetHasSource'; Category = 'InvalidOperation'; Message = 'a target market has one source'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-fr'; AcceptObligations = $true } }
            @{ Why = 'its own source'; ErrorId = 'SourceIsTarget'; Category = 'InvalidArgument'; Message = 'never a target'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-us'; AcceptObligations = $true } }
            @{ Why = 'the source of C002'; ErrorId = 'SourceIsTarget'; Category = 'InvalidOperation'; Message = 'source of connection C002'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-de'; AcceptObligations = $true } }
            @{ Why = 'no such connection'; ErrorId = 'ConnectionNotFound'; Category = 'ObjectNotFound'; Message = 'C404'
                Parameters = @{ ConnectionId = 'C404'; TargetMarket = 'amazon-br'; AcceptObligations = $true } }
            @{ Why = 'an adjustment without a rule'; ErrorId = 'InvalidPricingRule'; Category = 'InvalidArgument'; Message = '-PricingRule'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-br'; PriceAdjustment = 2; AcceptObligations = $true } }
            @{ Why = 'a market the rules do not define'; ErrorId = 'UnknownMarket'; Category = 'InvalidData'; Message = 'amazon-zz'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'amazon-br', 'amazon-zz'; AcceptObligations = $true } }
            @{ Why = 'another platform'; ErrorId = 'InvalidConnectionMarket'; Category = 'InvalidArgument'; Message = 'within a platform'
                Parameters = @{ ConnectionId = 'C001'; TargetMarket = 'allegro-cz'; AcceptObligations = $true } }
        ) {
            $before = @(Get-MarketConnection | ForEach-Object { '{0} -> {1}' -f $_.ConnectionId, ($_.TargetMarkets -join ',') })
            $rows = @(Get-ConnectionReport).Count
            $out = Add-MarketConnectionTarget @Parameters -ErrorVariable errs -ErrorAction SilentlyContinue
            $out | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be "$ErrorId,ListingPs.Commands.AddMarketConnectionTargetCommand"
            $errs[0].CategoryInfo.Category | Should -Be $Category
            $errs[0].Exception.Message | Should -BeLike "*$Message*"
            @(Get-MarketConnection | ForEach-Object { '{0} -> {1}' -f $_.ConnectionId, ($_.TargetMarkets -join ',') }) | Should -Be $before
            @(Get-ConnectionReport).Count | Should -Be $rows
        }
    }

    It '-WhatIf adds nothing' {
        $null = Connect-Sample
        $out = Add-MarketConnectionTarget -ConnectionId C001 -TargetMarket amazon-br -AcceptObligations -WhatIf -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        @((Get-MarketConnection C001).TargetMarkets) | Should -Be @('amazon-ca', 'amazon-mx')
        Get-ConnectionReport -TargetMarket amazon-br | Should -BeNullOrEmpty
        @(Get-ConnectionReport).Count | Should -Be 4
    }

    It 'declares the rule parameters exactly as New-MarketConnection does, each with help' {
        $new = Get-Command New-MarketConnection
        $add = Get-Command Add-MarketConnectionTarget
        foreach ($name in 'OfferCondition', 'Fulfillment', 'ExcludeSku', 'PricingRule', 'PriceAdjustment', 'AcceptObligations') {
            $n = $new.Parameters[$name]; $a = $add.Parameters[$name]
            $a | Should -Not -BeNullOrEmpty -Because "Add-MarketConnectionTarget has -$name"
            $a.ParameterType | Should -Be $n.ParameterType -Because $name
            $sa = $a.ParameterSets['__AllParameterSets']; $sn = $n.ParameterSets['__AllParameterSets']
            $sa.IsMandatory | Should -Be $sn.IsMandatory -Because $name
            $sa.IsMandatory | Should -BeFalse -Because $name
            $sa.Position | Should -Be $sn.Position -Because $name
            [bool]($a.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateNotNullAttribute] }) |
                Should -Be ([bool]($n.Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateNotNullAttribute] })) -Because $name
            foreach ($c in 'New-MarketConnection', 'Add-MarketConnectionTarget') {
                ((Get-Help $c -Parameter $name).description.Text -join ' ').Length | Should -BeGreaterThan 20 -Because "$c -$name has help"
            }
        }
        $add.Parameters['PricingRule'].ParameterType.Name | Should -Be 'Nullable`1'
        $add.Parameters['PricingRule'].ParameterSets['__AllParameterSets'].Position | Should -Be ([int]::MinValue)
        [bool]($add.Parameters['ExcludeSku'].Attributes | Where-Object { $_ -is [System.Management.Automation.ValidateNotNullAttribute] }) | Should -BeTrue
    }
}
