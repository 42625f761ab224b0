BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Copy-ModuleRules {
        <# A copy of the module's rules folder under TestDrive:, as a seller starts their own rules; returns its path. #>
        param([string] $Name = ('rules-{0}' -f [guid]::NewGuid().ToString('N')))
        $dir = New-Item -ItemType Directory -Path (Join-Path (Get-PSDrive TestDrive).Root $Name)
        Copy-Item (Join-Path (Split-Path $script:ModuleManifest) 'rules/*') $dir
        $dir.FullName
    }
}

Describe 'Get-Market' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'the module''s rules' {
        It 'describes allegro-cz: currency, language, country and the base market it shares from' {
            $cz = Get-Market -Id allegro-cz
            $cz.GetType().FullName | Should -Be 'ListingPs.Core.Rules.MarketRule'
            $cz.Name | Should -Be 'Allegro Česko'
            $cz.Platform | Should -Be 'allegro'
            $cz.Country | Should -Be 'CZ'
            $cz.Currency | Should -Be 'CZK'
            $cz.Language | Should -Be 'cs-CZ'
            $cz.ShareFrom | Should -Be 'allegro-pl'
            $cz.IsBase | Should -BeFalse
        }

        It '<Id> prices in <Currency> and is a base market: <IsBase>' -TestCases @(
            @{ Id = 'allegro-pl'; Currency = 'PLN'; IsBase = $true }
            @{ Id = 'allegro-cz'; Currency = 'CZK'; IsBase = $false }
            @{ Id = 'allegro-sk'; Currency = 'EUR'; IsBase = $false }
            @{ Id = 'allegro-hu'; Currency = 'HUF'; IsBase = $false }
            @{ Id = 'amazon-pl'; Currency = 'PLN'; IsBase = $false }
        ) {
            $m = Get-Market $Id
            $m.Currency | Should -Be $Currency
            $m.IsBase | Should -Be $IsBase
        }

        It 'lists every market in the order the rule files define them, the base market first' {
            $all = Get-Market
            $all[0].Id | Should -Be 'allegro-pl'
            $all.Id | Should -Contain 'allegro-cz'
            $all.Id | Should -Contain 'amazon-us'
            $all.Id | Should -Be ($all.Id | Select-Object -Unique)
        }

        It 'takes wildcards, case-insensitively' {
            (Get-Market 'ALLEGRO-*').Id | Should -Be @('allegro-pl', 'allegro-cz', 'allegro-sk', 'allegro-hu', 'allegro-business-pl', 'allegro-business-cz')
            Get-Market 'ebay-*' -ErrorVariable errs | Should -BeNullOrEmpty
            $errs | Should -BeNullOrEmpty -Because 'a pattern that matches nothing is not an error'
        }

        It 'filters by platform and region' {
            $eu = Get-Market -Platform amazon -Region EU
            $eu.Count | Should -BeGreaterThan 5
            $eu | ForEach-Object { $_.Platform | Should -Be 'amazon'; $_.Region | Should -Be 'EU' }
            $eu.Id | Should -Contain 'amazon-de'
            $eu.Id | Should -Not -Contain 'amazon-us'
            (Get-Market -Platform allegro).Id | Should -Not -Contain 'amazon-pl'
        }

        It 'gives the delivery methods to Czechia: Allegro''s with a preset CZK price, the seller''s own with a PLN price' {
            $methods = (Get-Market -Id allegro-cz).Policy.DeliveryMethods.Values
            ($methods | Where-Object Id -EQ 'allegro-dhl-cz').Price | Should -Be 99
            ($methods | Where-Object Id -EQ 'allegro-dpd-cz').Price | Should -Be 99
            ($methods | Where-Object Id -EQ 'packeta-pickup-cz').Price | Should -Be 59
            ($methods | Where-Object Id -EQ 'packeta-locker-cz').Price | Should -Be 59
            $own = $methods | Where-Object Id -EQ 'own-courier-pl-cz'
            $own.IsOwn | Should -BeTrue
            $own.BasePrice | Should -Be 19.99
        }

        It 'gives the limits of the policy: refuse above 20 %, warn above 10 %' {
            $policy = (Get-Market allegro-cz).Policy
            $policy.MaxPriceDeviationPercent | Should -Be 20
            $policy.WarnPriceDeviationPercent | Should -Be 10
            $policy.SellingFormats | Should -Be @('BuyNow')
            $policy.RequireTranslation | Should -BeTrue
        }

        It 'binds the Market property of piped records' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow P1)) | Submit-Offer -Market allegro-cz | Out-Null
            (Get-VerificationStatus -OfferId P1 | Get-Market).Currency | Should -Be 'CZK'
            ([pscustomobject]@{ Market = 'allegro-hu' } | Get-Market).Currency | Should -Be 'HUF'
        }

        It 'reports an id no market has, naming the known ids' {
            Get-Market -Id allegro-xx -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.GetMarketCommand'
            $errs[0].Exception.Message | Should -BeLike "*'allegro-xx'*allegro-pl*allegro-cz*"
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*Get-Market*'
        }
    }

    Context 'the seller''s own rules' {
        It 'reads a copy of the rules given with -RulePath' {
            $dir = Copy-ModuleRules
            $allegro = Join-Path $dir 'allegro.yaml'
            (Get-Content $allegro -Raw).Replace('maxPriceDeviationPercent: 20', 'maxPriceDeviationPercent: 25') | Set-Content $allegro
            (Get-Market allegro-cz -RulePath $dir).Policy.MaxPriceDeviationPercent | Should -Be 25
            (Get-Market allegro-cz).Policy.MaxPriceDeviationPercent | Should -Be 20
        }

        It 'reads the rules of $env:LISTINGPS_RULES' {
            $dir = Copy-ModuleRules
            $allegro = Join-Path $dir 'allegro.yaml'
            (Get-Content $allegro -Raw).Replace('name: Allegro Česko', 'name: Allegro CZ (own)') | Set-Content $allegro
            $env:LISTINGPS_RULES = $dir
            try { (Get-Market allegro-cz).Name | Should -Be 'Allegro CZ (own)' }
            finally { Remove-Item Env:LISTINGPS_RULES }
            (Get-Market allegro-cz).Name | Should -Be 'Allegro Česko'
        }

        It 'refuses a broken file with its name, line and column (a terminating error), and gives no market' {
            $dir = Copy-ModuleRules
            Add-Content (Join-Path $dir 'currencies.yaml') "`n  - { from: PLN, to: XYZ, rate: oops }"
            $script:out = $null
            { $script:out = Get-Market -RulePath $dir -ErrorAction Stop } |
                Should -Throw -ErrorId 'RuleFileInvalid,ListingPs.Commands.GetMarketCommand' -PassThru |
                ForEach-Object { $_.Exception.Message | Should -Match 'currencies\.yaml:\d+:\d+: ' }
            $script:out | Should -BeNullOrEmpty
        }

        It 'keeps the rules it loaded when a file breaks later in the session, with one error per command naming the file' {
            $dir = Copy-ModuleRules
            (Get-Market allegro-cz -RulePath $dir).Currency | Should -Be 'CZK'
            $file = Join-Path $dir 'allegro.yaml'
            Add-Content $file '  broken: [unclosed, {'
            (Get-Item $file).LastWriteTimeUtc = [DateTime]::UtcNow.AddMinutes(1)
            $markets = Get-Market allegro-cz -RulePath $dir -ErrorVariable errs -ErrorAction SilentlyContinue
            $markets.Currency | Should -Be 'CZK'
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'RuleFileInvalid,ListingPs.Commands.GetMarketCommand'
            $errs[0].Exception.Message | Should -BeLike "$file`:*: YAML syntax error: *"
            $errs[0].ErrorDetails.RecommendedAction | Should -Match 'keeps the rules it loaded before'
        }

        It 'names the [ left open when a line like "  broken: [unclosed, {" is inserted as line 2 of allegro.yaml' {
            $dir = Copy-ModuleRules
            $file = Join-Path $dir 'allegro.yaml'
            $lines = [Collections.Generic.List[string]](Get-Content $file)
            $lines.Insert(1, '  broken: [unclosed, {')
            Set-Content $file $lines -Encoding utf8NoBOM
            $script:out = $null
            $e = { $script:out = Get-Market -RulePath $dir } | Should -Throw -ErrorId 'RuleFileInvalid,ListingPs.Commands.GetMarketCommand' -PassThru
            $e.CategoryInfo.Category | Should -Be 'InvalidData'
            $e.Exception.Message | Should -BeExactly "$file`:2:11: YAML syntax error: this [ is not closed."
            $script:out | Should -BeNullOrEmpty
        }
    }
}
