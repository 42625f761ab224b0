BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-Completion([string] $Line) { (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches.CompletionText }
}

Describe 'Set-SellerProfile' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    It 'links the regions the rules know, in their canonical spelling, and names the seller' {
        $set = Set-SellerProfile -LinkedRegion EU, fe -SellerName 'Example Trading' -PassThru -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $set.GetType().FullName | Should -Be 'ListingPs.Core.Model.SellerProfile'
        @($set.LinkedRegions) | Should -Be @('EU', 'FE')
        $set.SellerName | Should -Be 'Example Trading'
        $seller = Get-SellerProfile
        @($seller.LinkedRegions) | Should -Be @('EU', 'FE')
        $seller.SellerName | Should -Be 'Example Trading'
    }

    It 'writes nothing without -PassThru' {
        Set-SellerProfile -LinkedRegion NA | Should -BeNullOrEmpty
        @((Get-SellerProfile).LinkedRegions) | Should -Be @('NA')
    }

    It 'takes the regions positionally' {
        Set-SellerProfile EU, NA
        @((Get-SellerProfile).LinkedRegions) | Should -Be @('EU', 'NA')
    }

    It 'changes only what it is given: <Change>' -TestCases @(
        @{ Change = '-SellerName keeps the regions'; Parameters = @{ SellerName = 'Other' }; Name = 'Other'; Regions = 'EU;FE' }
        @{ Change = '-LinkedRegion keeps the name'; Parameters = @{ LinkedRegion = 'NA' }; Name = 'Example Trading'; Regions = 'NA' }
        @{ Change = '-LinkedRegion @() unlinks every region'; Parameters = @{ LinkedRegion = @() }; Name = 'Example Trading'; Regions = '' }
    ) {
        Set-SellerProfile -LinkedRegion EU, FE -SellerName 'Example Trading'
        Set-SellerProfile @Parameters -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $seller = Get-SellerProfile
        $seller.SellerName | Should -Be $Name
        @($seller.LinkedRegions) -join ';' | Should -Be $Regions
    }

    It 'refuses a region the rules do not know: UnknownRegion, and the profile stays as it was' {
        Set-SellerProfile -LinkedRegion EU, FE
        Set-SellerProfile -LinkedRegion EU, Mars -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownRegion,ListingPs.Commands.SetSellerProfileCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidArgument'
        $errs[0].Exception.Message | Should -BeLike "*'Mars'*"
        @((Get-SellerProfile).LinkedRegions) | Should -Be @('EU', 'FE')
    }

    It '-WhatIf changes nothing' {
        Set-SellerProfile -LinkedRegion EU, FE -SellerName 'Example Trading'
        $out = Set-SellerProfile -LinkedRegion NA -SellerName 'Other' -PassThru -WhatIf -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        $seller = Get-SellerProfile
        @($seller.LinkedRegions) | Should -Be @('EU', 'FE')
        $seller.SellerName | Should -Be 'Example Trading'
    }

    It 'binds by property name from Import-Csv rows' {
        $file = Join-Path (Get-PSDrive TestDrive).Root 'profile.csv'
        Set-Content -Path $file -Value 'SellerName,LinkedRegion', 'From CSV,EU' -Encoding utf8NoBOM
        $set = Import-Csv $file | Set-SellerProfile -PassThru -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $set.SellerName | Should -Be 'From CSV'
        @($set.LinkedRegions) | Should -Be @('EU')
    }

    It 'lets a second source in a linked region connect' {
        [pscustomobject]@{ OfferId = 'P1'; Market = 'amazon-us'; Price = '10.00'; ProductId = 'B0P1' },
        [pscustomobject]@{ OfferId = 'D1'; Market = 'amazon-de'; Price = '10.00'; ProductId = 'B0D1' } | Import-Offer
        $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
        New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations -ErrorVariable before -ErrorAction SilentlyContinue
        $before.FullyQualifiedErrorId | Should -Be 'RegionNotLinked,ListingPs.Commands.NewMarketConnectionCommand'
        Set-SellerProfile -LinkedRegion EU
        (New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations).ConnectionId | Should -Be 'C002'
    }

    It 'completes the rules'' regions' {
        Get-Completion 'Set-SellerProfile -LinkedRegion ' | Should -Be @('allegro', 'NA', 'EU', 'FE')
    }
}

Describe 'Get-SellerProfile' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    It 'is empty in a new workspace: no name, no linked region' {
        $seller = Get-SellerProfile -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @($seller).Count | Should -Be 1
        $seller.GetType().FullName | Should -Be 'ListingPs.Core.Model.SellerProfile'
        $seller.SellerName | Should -BeNullOrEmpty
        @($seller.LinkedRegions).Count | Should -Be 0
    }

    It 'reads the profile the workspace keeps, also in another process' {
        Set-SellerProfile -LinkedRegion EU, FE -SellerName 'Example Trading'
        $seller = Get-SellerProfile
        $seller.UpdatedAt | Should -Not -BeNullOrEmpty
        $other = Join-Path (Get-PSDrive TestDrive).Root 'other.db'
        (Get-SellerProfile -Workspace $other).SellerName | Should -BeNullOrEmpty
        $lines = @(Invoke-ChildPwsh -ImportModule "`$p = Get-SellerProfile; '{0}|{1}' -f `$p.SellerName, (`$p.LinkedRegions -join ',')")
        $lines | Should -Contain 'Example Trading|EU,FE'
    }

    It 'exports to CSV with the regions as text' {
        Set-SellerProfile -LinkedRegion EU, FE -SellerName 'Example Trading'
        $file = Join-Path (Get-PSDrive TestDrive).Root 'profile.csv'
        Get-SellerProfile | Export-Csv -Path $file
        $row = Import-Csv $file
        $row.SellerName | Should -Be 'Example Trading'
        $row.LinkedRegions | Should -Be 'EU;FE'
    }
}
