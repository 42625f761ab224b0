BeforeAll {
    . $PSScriptRoot/Common.ps1

    function New-RatesCsv {
        <# A rates file as a seller keeps one (From, To, Rate, Source, Date); returns its path. #>
        param([Parameter(Mandatory)] [string[]] $Rows)
        $path = Join-Path (Get-PSDrive TestDrive).Root ('rates-{0}.csv' -f [guid]::NewGuid().ToString('N'))
        Set-Content $path (@('From,To,Rate,Source,Date') + $Rows)
        $path
    }
}

Describe 'Set-ExchangeRate' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    It 'records a rate and writes it with -PassThru' {
        $rate = Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06 -PassThru
        $rate.GetType().FullName | Should -Be 'ListingPs.Core.Rules.ExchangeRateRule'
        $rate.From | Should -Be 'PLN'
        $rate.To | Should -Be 'CZK'
        $rate.Rate | Should -Be 5.4012
        $rate.Source | Should -Be 'NBP'
        $rate.Date | Should -Be ([datetime] '2024-05-06')
        (Get-ExchangeRate -From PLN -To CZK).Rate | Should -Be 5.4012
    }

    It 'writes nothing without -PassThru' {
        Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 | Should -BeNullOrEmpty
    }

    It 'defaults to the source Manual and today''s date, and upper-cases the currency codes' {
        $before = [datetime]::UtcNow.Date
        $rate = Set-ExchangeRate -From pln -To huf -Rate 90 -PassThru
        $after = [datetime]::UtcNow.Date
        $rate.From | Should -Be 'PLN'
        $rate.To | Should -Be 'HUF'
        $rate.Source | Should -Be 'Manual'
        $rate.Date | Should -BeIn @($before, $after)
    }

    It 'prices later conversions with the workspace''s rate instead of the rules''' {
        Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06
        $rec = Import-Csv (New-OfferCsv -Rows (New-OfferRow X1 -Price '45.00')) | Submit-Offer -Market allegro-cz
        $rec.Price | Should -Be 243           # 45 x 5.4012 = 243.054 -> 243
        $rec.ExchangeRate | Should -Be 5.4012
        $rec.RateSource | Should -Be 'NBP 2024-05-06'
    }

    It 'lets the newest rate by date win, not the one written last' {
        Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06
        Set-ExchangeRate -From PLN -To CZK -Rate 5.3000 -Source NBP -Date 2024-01-02
        (Get-ExchangeRate PLN CZK).Rate | Should -Be 5.4012
        (Import-Csv (New-OfferCsv -Rows (New-OfferRow X1 -Price '45.00')) | Submit-Offer -Market allegro-cz).ExchangeRate | Should -Be 5.4012
    }

    It 'leaves the prices already set alone until the converter prices the offers again' {
        Import-Csv (New-OfferCsv -Rows @((New-OfferRow C1 -Price '45.00'), (New-OfferRow C2 -Price '45.00'))) | Submit-Offer -Market allegro-cz | Out-Null
        Set-OfferCzkPrice -OfferId C2 -Price 230
        Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06
        (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(229, 230)
        $repriced = Get-VerificationStatus -Market allegro-cz | Where-Object PriceSource -EQ 'Converter' | Set-OfferCzkPrice -UseConverter -PassThru
        $repriced.OfferId | Should -Be 'C1'
        $repriced.Price | Should -Be 243
        (Get-VerificationStatus -Market allegro-cz -OfferId C2).Price | Should -Be 230
    }

    It 'binds the From, To, Rate, Source and Date columns of an Import-Csv file' {
        $file = New-RatesCsv -Rows 'PLN,CZK,5.4012,NBP,2024-05-06', 'PLN,EUR,0.2317,ECB,2024-05-06', 'PLN,HUF,90.12,ECB,2024-05-06'
        $rates = Import-Csv $file | Set-ExchangeRate -PassThru
        $rates.To | Should -Be @('CZK', 'EUR', 'HUF')
        $rates.Rate | Should -Be @(5.4012, 0.2317, 90.12)
        $rates.Source | Should -Be @('NBP', 'ECB', 'ECB')
        $rates | ForEach-Object { $_.Date | Should -Be ([datetime] '2024-05-06') }
        (Get-ExchangeRate PLN HUF).Rate | Should -Be 90.12
    }

    It 'refuses a currency the rules do not define and stores nothing for it; the other rows go on (-ErrorVariable)' {
        $file = New-RatesCsv -Rows 'PLN,XYZ,2,Manual,2024-05-06', 'PLN,EUR,0.2317,ECB,2024-05-06'
        Import-Csv $file | Set-ExchangeRate -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownCurrency,ListingPs.Commands.SetExchangeRateCommand'
        $errs[0].Exception.Message | Should -BeLike "*'XYZ'*"
        Get-ExchangeRate -From PLN -History | ForEach-Object To | Should -Be 'EUR'
    }

    It 'stops at a currency the rules do not define with -ErrorAction Stop' {
        $file = New-RatesCsv -Rows 'PLN,XYZ,2,Manual,2024-05-06', 'PLN,EUR,0.2317,ECB,2024-05-06'
        { Import-Csv $file | Set-ExchangeRate -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownCurrency,ListingPs.Commands.SetExchangeRateCommand'
        Get-ExchangeRate -From PLN -History | Should -BeNullOrEmpty
    }

    It 'refuses <Why>' -TestCases @(
        @{ Why = 'a currency code that is not three letters'; Arguments = @{ From = 'PLNX'; To = 'CZK'; Rate = 5 } }
        @{ Why = 'a rate of zero'; Arguments = @{ From = 'PLN'; To = 'CZK'; Rate = 0 } }
        @{ Why = 'a negative rate'; Arguments = @{ From = 'PLN'; To = 'CZK'; Rate = -5 } }
    ) {
        { Set-ExchangeRate @Arguments -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ListingPs.Commands.SetExchangeRateCommand'
        Get-ExchangeRate -From PLN -History | Should -BeNullOrEmpty
    }

    Context 'common parameters' {
        It '-WhatIf records nothing' {
            Set-ExchangeRate -From PLN -To CZK -Rate 6 -WhatIf -PassThru | Should -BeNullOrEmpty
            (Get-ExchangeRate PLN CZK).Rate | Should -Be 5.0942
            Get-ExchangeRate -From PLN -History | Should -BeNullOrEmpty
        }

        It '-Confirm:$false records without asking' {
            Set-ExchangeRate -From PLN -To CZK -Rate 6 -Confirm:$false
            (Get-ExchangeRate PLN CZK).Rate | Should -Be 6
        }

        It '-OutVariable keeps the recorded rates' {
            Import-Csv (New-RatesCsv -Rows 'PLN,CZK,5.4,NBP,2024-05-06', 'PLN,EUR,0.23,ECB,2024-05-06') | Set-ExchangeRate -PassThru -OutVariable recorded | Out-Null
            $recorded.To | Should -Be @('CZK', 'EUR')
        }
    }

    Context 'other workspaces and processes' {
        It 'keeps the rate in its workspace only' {
            Set-ExchangeRate -From PLN -To CZK -Rate 6
            (Get-ExchangeRate PLN CZK -Workspace (Join-Path TestDrive: 'other.db')).Rate | Should -Be 5.0942
        }

        It 'is read by a second pwsh process' {
            Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06
            $lines = Invoke-ChildPwsh -ImportModule -StopOnError "Get-ExchangeRate PLN CZK | ForEach-Object { '{0}>{1} {2} {3} {4:yyyy-MM-dd}' -f `$_.From, `$_.To, `$_.Rate, `$_.Source, `$_.Date }"
            $lines | Should -Be 'PLN>CZK 5.4012 NBP 2024-05-06'
        }
    }
}

Describe 'Get-ExchangeRate' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    It 'lists one rate per pair: the rules'' where the workspace has none' {
        $rates = Get-ExchangeRate
        $rates[0].GetType().FullName | Should -Be 'ListingPs.Core.Rules.ExchangeRateRule'
        $pairs = $rates | ForEach-Object { $_.From + '>' + $_.To }
        $pairs | Should -Be ($pairs | Select-Object -Unique)
        $czk = $rates | Where-Object { $_.From -eq 'PLN' -and $_.To -eq 'CZK' }
        $czk.Rate | Should -Be 5.0942
        $czk.Source | Should -Be 'NBP'
        $czk.Date | Should -Be ([datetime] '2023-03-21')
    }

    It 'lists the workspace''s newest rate in place of the rules'' for its pair' {
        Set-ExchangeRate -From PLN -To CZK -Rate 5.3 -Source NBP -Date 2024-01-02
        Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06
        $czk = @(Get-ExchangeRate | Where-Object { $_.From -eq 'PLN' -and $_.To -eq 'CZK' })
        $czk.Count | Should -Be 1
        $czk[0].Rate | Should -Be 5.4012
        @(Get-ExchangeRate).Count | Should -Be @(Get-ExchangeRate -Workspace (Join-Path TestDrive: 'empty.db')).Count
    }

    It 'gives the rate of one pair, From and To by position' {
        $rate = Get-ExchangeRate PLN CZK
        @($rate).Count | Should -Be 1
        $rate.Rate | Should -Be 5.0942
    }

    It 'inverts a pair the rules define the other way round' {
        $rate = Get-ExchangeRate -From CZK -To PLN
        $rate.From | Should -Be 'CZK'
        $rate.To | Should -Be 'PLN'
        [math]::Round($rate.Rate * 5.0942, 6) | Should -Be 1
        $rate.Source | Should -BeLike 'NBP*inverse*'
    }

    It 'reports a pair with no rate at all' {
        Get-ExchangeRate -From PLN -To USD -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'NoExchangeRate,ListingPs.Commands.GetExchangeRateCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        { Get-ExchangeRate -From PLN -To USD -ErrorAction Stop } | Should -Throw -ErrorId 'NoExchangeRate,ListingPs.Commands.GetExchangeRateCommand'
    }

    It 'gives every pair from one currency with -From, and into one with -To' {
        $from = Get-ExchangeRate -From PLN
        $from | ForEach-Object { $_.From | Should -Be 'PLN' }
        $from.To | Should -Contain 'CZK'
        $from.To | Should -Contain 'EUR'
        $into = Get-ExchangeRate -To CZK
        $into | ForEach-Object { $_.To | Should -Be 'CZK' }
        $into.From | Should -Contain 'PLN'
    }

    It 'lists every rate the workspace holds with -History, newest first' {
        Import-Csv (New-RatesCsv -Rows 'PLN,CZK,5.3,NBP,2024-01-02', 'PLN,CZK,5.4012,NBP,2024-05-06', 'PLN,EUR,0.2317,ECB,2024-05-06', 'EUR,CZK,25.1,ECB,2024-05-06') |
            Set-ExchangeRate
        $history = Get-ExchangeRate -From PLN -History
        ($history | ForEach-Object { '{0}>{1} {2}' -f $_.From, $_.To, $_.Rate }) | Sort-Object | Should -Be @('PLN>CZK 5.3', 'PLN>CZK 5.4012', 'PLN>EUR 0.2317')
        $czk = @($history | Where-Object To -EQ 'CZK')
        $czk[0].Rate | Should -Be 5.4012
        Get-ExchangeRate -History -From EUR -To CZK | ForEach-Object Rate | Should -Be 25.1
        Get-ExchangeRate -History -Workspace (Join-Path TestDrive: 'none.db') | Should -BeNullOrEmpty -Because 'the rules'' rates are not history'
    }

    It 'hands the rates to another workspace through ConvertTo-Json and ConvertFrom-Json' {
        Set-ExchangeRate -From PLN -To CZK -Rate 5.4012 -Source NBP -Date 2024-05-06
        $json = Get-ExchangeRate -From PLN -To CZK | ConvertTo-Json
        $null = New-TestWorkspace
        $json | ConvertFrom-Json | Set-ExchangeRate
        $rate = Get-ExchangeRate PLN CZK
        $rate.Rate | Should -Be 5.4012
        $rate.Source | Should -Be 'NBP'
        $rate.Date.Date | Should -Be ([datetime] '2024-05-06')
    }
}
