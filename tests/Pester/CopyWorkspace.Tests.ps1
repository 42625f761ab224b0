BeforeAll {
    . $PSScriptRoot/Common.ps1

    function New-Assortment {
        <# 300 offers shared to allegro-cz (some refused), an exchange rate and an Amazon connection, in the current workspace. #>
        $rows = 1..300 | ForEach-Object { New-OfferRow ('PL-{0:D4}' -f $_) -Price ('{0}.00' -f (40 + $_ % 9)) -Translations $(if ($_ % 4) { 'cs-CZ' } else { '' }) }
        Import-Csv (New-OfferCsv -Rows $rows) | Import-Offer
        $null = Get-Offer -Market allegro-pl | Submit-Offer -Market allegro-cz
        Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow P2 -Price '20.00'))
        $null = Set-ExchangeRate -From USD -To CAD -Rate 1.1262 -Source ECB -Date 2024-03-01
        $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -PricingRule AmountAbove -PriceAdjustment 1 -AcceptObligations
    }

    function Export-State([string] $Workspace, [string] $Name) {
        <# What a user sees of a workspace, as CSV files: the offers, the shares and the connection report. #>
        $dir = Join-Path $TestDrive $Name
        $null = New-Item -ItemType Directory -Force $dir
        Get-Offer -Workspace $Workspace | Select-Object OfferId, Market, Title, Price, Status | Export-Csv (Join-Path $dir offers.csv)
        Get-VerificationStatus -Workspace $Workspace -Market allegro-cz | Select-Object OfferId, State, Price, PriceSource, @{ n = 'Reasons'; e = { $_.Reasons.Code -join ' ' } } |
            Export-Csv (Join-Path $dir shares.csv)
        Get-ConnectionReport -Workspace $Workspace -TargetMarket amazon-ca | Select-Object Sku, Status, Price, ExchangeRate | Export-Csv (Join-Path $dir report.csv)
        $dir
    }
}

Describe 'Copy-Workspace' {
    BeforeEach {
        $script:source = Join-Path $TestDrive ('source-{0}.db' -f [guid]::NewGuid().ToString('N'))
        $env:LISTINGPS_WORKSPACE = $script:source
        New-Assortment
        # the copy: a database of the test server in the PostgreSQL pass, else another file
        $script:target = if ($script:OnPostgres) { New-TestDatabase } else { Join-Path $TestDrive ('copy-{0}.db' -f [guid]::NewGuid().ToString('N')) }
    }

    It 'copies every table into a new workspace and back, and the copies read as the source does' {
        $results = Copy-Workspace -From $source -To $target -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $results.GetType().Name | Should -Be 'Object[]'
        ($results | Where-Object Table -EQ offers).TargetRows | Should -Be 302
        ($results | Where-Object Table -EQ shares).TargetRows | Should -Be 300
        $results | ForEach-Object { $_.TargetRows | Should -Be $_.SourceRows -Because $_.Table }
        $back = Join-Path $TestDrive 'back.db'
        $null = Copy-Workspace -From $target -To $back
        $expected = Export-State $source 'source'
        foreach ($copy in @{ Name = 'copy'; Ws = $target }, @{ Name = 'back'; Ws = $back }) {
            $dir = Export-State $copy.Ws $copy.Name
            foreach ($f in 'offers.csv', 'shares.csv', 'report.csv') {
                Get-Content (Join-Path $dir $f) | Should -Be (Get-Content (Join-Path $expected $f)) -Because "$($copy.Name) $f"
            }
        }
        @(Import-Csv (Join-Path $expected shares.csv) | Where-Object State -EQ Refused).Count | Should -Be 75
    }

    It 'refuses a target that already holds a workspace, and writes nothing into it' {
        $null = Copy-Workspace -From $source -To $target
        $before = @(Get-Offer -Workspace $target).Count
        $err = $null
        try { Copy-Workspace -From $source -To $target -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'WorkspaceCopyRefused*'
        $err.Exception.Message | Should -BeLike '*not empty*'
        @(Get-Offer -Workspace $target).Count | Should -Be $before
    }

    It '-WhatIf copies nothing and makes no target' {
        Copy-Workspace -From $source -To $target -WhatIf
        if (-not $script:OnPostgres) { Test-Path $target | Should -BeFalse }
        else { @(Get-Offer -Workspace $target).Count | Should -Be 0 }
    }

    It 'says so when there is no workspace to copy' {
        $err = $null
        try { Copy-Workspace -From (Join-Path $TestDrive 'none.db') -To $target -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'WorkspaceUnavailable*'
        Test-Path (Join-Path $TestDrive 'none.db') | Should -BeFalse
    }
}

Describe 'A workspace on PostgreSQL' {
    It 'never shows the password: not in verbose output, not in errors' -Skip:(-not $env:LISTINGPS_TEST_POSTGRES) {
        $b = [Data.Common.DbConnectionStringBuilder]::new(); $b.set_ConnectionString((New-TestDatabase))
        $password = $b['Password']
        $password | Should -Not -BeNullOrEmpty
        $verbose = Import-Csv (New-OfferCsv -Rows @(New-OfferRow V1)) | Import-Offer -Workspace $b.get_ConnectionString() -Verbose 4>&1
        ($verbose | Out-String) | Should -Not -BeLike "*$password*"
        ($verbose | Out-String) | Should -BeLike '*postgres://*'
        $b['Password'] = 'wrong-' + $password
        $err = $null
        try { Get-Offer -Workspace $b.get_ConnectionString() -ErrorAction Stop } catch { $err = $_ }
        $err.FullyQualifiedErrorId | Should -BeLike 'WorkspaceUnavailable*'
        ($err | Out-String) | Should -Not -BeLike "*$password*"
        $err.Exception.Message | Should -BeLike '*28P01*'
    }

    It 'takes the user name and password from -WorkspaceCredential' -Skip:(-not $env:LISTINGPS_TEST_POSTGRES) {
        $b = [Data.Common.DbConnectionStringBuilder]::new(); $b.set_ConnectionString((New-TestDatabase))
        $credential = [pscredential]::new($b['Username'], (ConvertTo-SecureString $b['Password'] -AsPlainText -Force))
        $b.Remove('Password') | Out-Null; $b['Username'] = 'nobody'
        Import-Csv (New-OfferCsv -Rows @(New-OfferRow V1)) | Import-Offer -Workspace $b.get_ConnectionString() -WorkspaceCredential $credential -ErrorAction Stop
        (Get-Offer -Workspace $b.get_ConnectionString() -WorkspaceCredential $credential).OfferId | Should -Be 'V1'
    }
}
