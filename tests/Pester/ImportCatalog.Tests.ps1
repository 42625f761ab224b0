BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-CatalogSize([string] $Market) {
        <# How many products the market's catalogue holds: an import of nothing new reports the total. #>
        (Import-Catalog -Market $Market -ProductId '').Total
    }
}

Describe 'Import-Catalog' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'product ids from the pipeline' {
        It 'binds Import-Csv rows by their ASIN column' {
            $file = New-TextFile -Name 'asins.csv' -Lines 'ASIN,Title', 'B0F1,Item F1', 'B0F2,Item F2'
            $result = Import-Csv $file | Import-Catalog -Market amazon-ca -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            @($result).Count | Should -Be 1
            $result.GetType().FullName | Should -Be 'ListingPs.Core.Model.CatalogImportResult'
            $result.Market | Should -Be 'amazon-ca'
            $result.Read | Should -Be 2
            $result.Total | Should -Be 2
            $result.Replaced | Should -BeFalse
        }

        It 'binds the sample catalogue examples/amazon-catalog-mx.csv by its ProductId column' {
            $rows = Import-Csv (Join-Path $ExamplesDir 'amazon-catalog-mx.csv')
            $result = $rows | Import-Catalog -Market amazon-mx
            $result.Read | Should -Be @($rows | Where-Object ProductId).Count
            $result.Total | Should -Be @($rows.ProductId | Where-Object { $_ } | Sort-Object -Unique).Count
        }

        It 'takes plain strings and -ProductId, skipping empty ids' {
            ('B0A1', '', 'B0A2' | Import-Catalog -Market amazon-jp).Total | Should -Be 2
            $result = Import-Catalog -Market amazon-jp -ProductId B0A3, ''
            $result.Read | Should -Be 1
            $result.Total | Should -Be 3
        }

        It 'imports each market of the rows (Market column) and writes one result per market' {
            $file = New-TextFile -Name 'markets.csv' -Lines 'Market,ASIN', 'amazon-ca,B001', 'amazon-mx,B002', 'amazon-ca,B003'
            $results = Import-Csv $file | Import-Catalog
            ($results | ForEach-Object { '{0}={1}' -f $_.Market, $_.Total }) -join ',' | Should -Be 'amazon-ca=2,amazon-mx=1'
        }
    }

    Context 'product ids from files (-Path)' {
        It 'reads <Kind>' -TestCases @(
            @{ Kind = 'one id per line'; Lines = @('B0P1', 'B0P2', 'B0P3'); Expected = 3 }
            @{ Kind = 'a CSV with a ProductId column'; Lines = @('Title,ProductId', 'x,B0P1', 'y,"B0P2"'); Expected = 2 }
            @{ Kind = 'a CSV with an ASIN column'; Lines = @('ASIN,Title', 'B0P1,x'); Expected = 1 }
        ) {
            $file = New-TextFile -Name 'catalog.txt' -Lines $Lines
            $result = Import-Catalog -Market amazon-ca -Path $file -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $result.Total | Should -Be $Expected
        }

        It 'reads the sample catalogue file, positionally' {
            $result = Import-Catalog amazon-mx (Join-Path $ExamplesDir 'amazon-catalog-mx.csv')
            $result.Total | Should -Be @(Import-Csv (Join-Path $ExamplesDir 'amazon-catalog-mx.csv') | ForEach-Object ProductId | Sort-Object -Unique).Count
        }

        It 'resolves PowerShell paths: drives and wildcards' {
            $null = New-TextFile -Name 'cat-a.txt' -Lines 'B0X1', 'B0X2'
            $null = New-TextFile -Name 'cat-b.txt' -Lines 'B0X3'
            (Import-Catalog -Market amazon-br -Path 'TestDrive:/cat-*.txt').Total | Should -Be 3
            Push-Location TestDrive:/
            try { (Import-Catalog -Market amazon-au -Path ./cat-b.txt).Total | Should -Be 1 }
            finally { Pop-Location }
        }

        It 'collects InputFileNotFound for a missing file with -ErrorVariable and reads the others' {
            $a = New-TextFile -Name 'a.txt' -Lines 'B0X1', 'B0X2'
            $b = New-TextFile -Name 'b.txt' -Lines 'B0X3'
            $missing = Join-Path (Get-PSDrive TestDrive).Root 'none.txt'
            $result = Import-Catalog -Market amazon-au -Path $a, $missing, $b -ErrorVariable errs -ErrorAction SilentlyContinue
            $result.Total | Should -Be 3
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InputFileNotFound,ListingPs.Commands.ImportCatalogCommand'
            $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $errs[0].TargetObject | Should -Be $missing
        }

        # Piped files bind -LiteralPath by their PSPath, not -ProductId by value (which imported the paths as product ids).
        It 'reads files piped from Get-ChildItem' {
            $null = New-TextFile -Name 'cat-a.txt' -Lines 'B0X1', 'B0X2'
            $null = New-TextFile -Name 'cat-b.txt' -Lines 'B0X3'
            $result = Get-ChildItem 'TestDrive:/cat-*.txt' | Import-Catalog -Market amazon-jp -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $result.Read | Should -Be 3
            $result.Total | Should -Be 3
        }

        It 'takes a file name with wildcard characters as it is with -LiteralPath, and objects with a FullName' {
            $file = Join-Path (Get-PSDrive TestDrive).Root 'cat[1].txt'
            Set-Content -LiteralPath $file -Value 'B0L1', 'B0L2' -Encoding utf8NoBOM
            (Import-Catalog -Market amazon-jp -LiteralPath $file).Total | Should -Be 2
            ([pscustomobject]@{ FullName = (New-TextFile -Name 'more.txt' -Lines 'B0L3') } | Import-Catalog -Market amazon-jp).Total | Should -Be 3
        }

        It 'collects InputFileNotFound for a piped folder or missing file and reads the others' {
            $null = New-Item -ItemType Directory -Path 'TestDrive:/lp/sub'
            $null = New-Item -ItemType File -Path 'TestDrive:/lp/ids.txt' -Value "B0D1`nB0D2"
            $missing = Join-Path (Get-PSDrive TestDrive).Root 'lp/none.txt'
            $result = @(Get-ChildItem 'TestDrive:/lp') + [pscustomobject]@{ FullName = $missing } |
                Import-Catalog -Market amazon-jp -ErrorVariable errs -ErrorAction SilentlyContinue
            $result.Total | Should -Be 2
            $errs.Count | Should -Be 2
            $errs.FullyQualifiedErrorId | Should -Be (@('InputFileNotFound,ListingPs.Commands.ImportCatalogCommand') * 2)
            $errs[1].TargetObject | Should -Be $missing
        }
    }

    Context 'the catalogue decides what a connection lists' {
        BeforeEach {
            Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow F1 -Fulfillment FBA))
        }

        It 'lists every product where no catalogue was imported' {
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
            (Get-ReportRow amazon-ca P1).Status | Should -Be 'Synchronized'
            (Get-ReportRow amazon-ca F1).Status | Should -Be 'Synchronized'
        }

        It 'lists only the products with a detail page once a catalogue is there; Sync applies a new one' {
            $catalog = New-TextFile -Name 'asins.csv' -Lines 'ASIN,Title', 'B0F1,Item F1'
            (Import-Csv $catalog | Import-Catalog -Market amazon-ca).Total | Should -Be 1
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
            (Get-ReportRow amazon-ca P1).Reason | Should -Be 'NoDetailPage'
            (Get-ReportRow amazon-ca P1).Status | Should -Be 'NotSynchronized'
            (Get-ReportRow amazon-ca F1).Reason | Should -Be 'AwaitingFbaInventory'

            $file = New-TextFile -Name 'catalog.txt' -Lines 'B0P1', 'B0F1'
            $result = Import-Catalog -Market amazon-ca -Path $file -Replace
            $result.Total | Should -Be 2
            $result.Replaced | Should -BeTrue
            (Get-MarketConnection C001).State | Should -Be 'SyncDue'
            $null = Sync-MarketConnection
            (Get-ReportRow amazon-ca P1).Status | Should -Be 'Synchronized'
        }

        It 'drops the products a -Replace import leaves out' {
            $null = Import-Catalog -Market amazon-ca -ProductId B0P1, B0F1
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
            (Import-Catalog -Market amazon-ca -ProductId B0F1 -Replace).Total | Should -Be 1
            $null = Sync-MarketConnection
            (Get-ReportRow amazon-ca P1).Reason | Should -Be 'NoDetailPage'
        }

        It '-WhatIf imports nothing' {
            $null = Import-Catalog -Market amazon-ca -ProductId B0F1
            $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations
            $out = Import-Catalog -Market amazon-ca -ProductId B0P1 -Replace -WhatIf -ErrorVariable errs
            $out | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty
            (Get-MarketConnection C001).State | Should -Be 'Active'
            $null = Sync-MarketConnection
            (Get-ReportRow amazon-ca P1).Reason | Should -Be 'NoDetailPage'
            Get-CatalogSize amazon-ca | Should -Be 1
        }
    }

    It 'refuses a market the rules do not define: UnknownMarket' {
        $out = Import-Catalog -Market amazon-zz -ProductId B0X1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $out | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.ImportCatalogCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
    }
}
