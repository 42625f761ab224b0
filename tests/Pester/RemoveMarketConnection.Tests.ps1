BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Remove-MarketConnection' {
    BeforeEach {
        $null = New-TestWorkspace
        Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow P2), (New-AmazonRow D1 -Market amazon-de))
        Set-SellerProfile -LinkedRegion EU
        $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -AcceptObligations    # C001: 4 rows
        $null = New-MarketConnection -SourceMarket amazon-de -TargetMarket amazon-fr -AcceptObligations               # C002: 1 row
    }

    It 'is a High-impact cmdlet: it asks before removing' {
        [System.Management.Automation.CommandMetadata]::new((Get-Command Remove-MarketConnection)).ConfirmImpact | Should -Be 'High'
    }

    It 'removes a piped connection with -Force, its report rows and target offers; -PassThru writes it' {
        $removed = Get-MarketConnection -ConnectionId C001 | Remove-MarketConnection -Force -PassThru -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @($removed).Count | Should -Be 1
        $removed.ConnectionId | Should -Be 'C001'
        @($removed.TargetMarkets) | Should -Be @('amazon-ca', 'amazon-mx')
        (Get-MarketConnection).ConnectionId | Should -Be 'C002'
        Get-ConnectionReport -ConnectionId C001 | Should -BeNullOrEmpty
        @(Get-ConnectionReport).Count | Should -Be 1
        @(Get-Offer).Count | Should -Be 3    # the source offers stay
    }

    It 'writes nothing without -PassThru; -Confirm:$false removes as -Force does' {
        $out = Remove-MarketConnection C001 -Confirm:$false
        $out | Should -BeNullOrEmpty
        (Get-MarketConnection).ConnectionId | Should -Be 'C002'
    }

    It 'frees the source and the targets for a new connection' {
        Set-SellerProfile -LinkedRegion EU, NA
        New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -ErrorVariable before -ErrorAction SilentlyContinue
        $before.FullyQualifiedErrorId | Should -BeLike 'SourceAlreadyConnected,*'
        Remove-MarketConnection C001 -Force
        $again = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $again.SourceMarket | Should -Be 'amazon-us'
        @(Get-ConnectionReport -TargetMarket amazon-ca).Count | Should -Be 2
    }

    It '-WhatIf removes nothing' {
        $out = Remove-MarketConnection -ConnectionId C001 -WhatIf -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        (Get-MarketConnection).ConnectionId | Should -Be @('C001', 'C002')
        @(Get-ConnectionReport -ConnectionId C001).Count | Should -Be 4
    }

    It 'does not remove without -Force in a non-interactive session: it would have to ask' {
        $lines = @(Invoke-ChildPwsh -ImportModule "Remove-MarketConnection -ConnectionId C001; 'left: ' + ((Get-MarketConnection).ConnectionId -join ',')")
        $lines -join "`n" | Should -BeLike '*NonInteractive*'
        $lines | Should -Contain 'left: C001,C002'
        (Get-MarketConnection).ConnectionId | Should -Be @('C001', 'C002')
    }

    It 'writes ConnectionNotFound for an id that is not there' {
        Remove-MarketConnection -ConnectionId C404 -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ConnectionNotFound,ListingPs.Commands.RemoveMarketConnectionCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'C404'
        (Get-MarketConnection).ConnectionId | Should -Be @('C001', 'C002')
    }

    It 'removes the ids of an Import-Csv file and collects an error for each missing one while it goes on' {
        $file = Join-Path (Get-PSDrive TestDrive).Root 'remove.csv'
        Set-Content -Path $file -Value 'ConnectionId', 'C002', 'C404', 'C001' -Encoding utf8NoBOM
        $removed = Import-Csv $file | Remove-MarketConnection -Force -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        $removed.ConnectionId | Should -Be @('C002', 'C001')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'ConnectionNotFound,ListingPs.Commands.RemoveMarketConnectionCommand'
        $errs[0].TargetObject | Should -Be 'C404'
        Get-MarketConnection | Should -BeNullOrEmpty
        Get-ConnectionReport | Should -BeNullOrEmpty
    }

    It 'a removed connection is gone: removing it again is ConnectionNotFound' {
        Remove-MarketConnection -ConnectionId C001 -Force
        { Remove-MarketConnection -ConnectionId C001 -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'ConnectionNotFound,ListingPs.Commands.RemoveMarketConnectionCommand'
    }
}
