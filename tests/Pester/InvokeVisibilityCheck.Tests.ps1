BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Invoke-VisibilityCheck' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'the weekly check' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @(
                    (New-OfferRow W1 -Price '45.00'), (New-OfferRow W2 -Price '10.00'),
                    (New-OfferRow W3 -DeliveryMethods 'allegro-dpd-pl'), (New-OfferRow W4 -Status Inactive))) |
                Import-Offer
        }

        It 'refuses the active offers with a delivery method to Czechia and no CZK price, and writes them out' {
            $refused = Invoke-VisibilityCheck -Market allegro-cz -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $refused.OfferId | Should -Be @('W1', 'W2')
            $refused | ForEach-Object {
                $_.GetType().FullName | Should -Be 'ListingPs.Core.Model.ShareRecord'
                $_.State | Should -Be 'Refused'
                $_.Reasons.Code | Should -Contain 'VQR001_CURRENCY_NOT_AVAILABLE'
            }
            (Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -OfferStatus Active).OfferId | Should -Be @('W1', 'W2')
            (Get-VerificationStatus -Market allegro-cz -OfferId W3, W4 -State NotRequested).OfferId | Should -Be @('W3', 'W4')
            Get-VerificationStatus -Market allegro-cz -OfferId W3, W4 | Should -BeNullOrEmpty -Because 'the check does not share them'
        }

        It 'then lets the converter fix what the seller''s filter finds' {
            Invoke-VisibilityCheck -Market allegro-cz | Out-Null
            $fixed = Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE -OfferStatus Active |
                Set-OfferCzkPrice -UseConverter -PassThru -ErrorVariable errs
            $errs | Should -BeNullOrEmpty
            $fixed.Price | Should -Be @(229, 51)
            $fixed.State | Should -Be @('Approved', 'Approved')
            Get-VerificationStatus -Market allegro-cz -Reason VQR001_CURRENCY_NOT_AVAILABLE | Should -BeNullOrEmpty
            Invoke-VisibilityCheck -Market allegro-cz | Should -BeNullOrEmpty -Because 'the check leaves priced offers alone'
        }

        It 'pipes straight into Set-OfferCzkPrice -UseConverter' {
            $fixed = Invoke-VisibilityCheck allegro-cz | Set-OfferCzkPrice -UseConverter -PassThru
            $fixed.OfferId | Should -Be @('W1', 'W2')
            $fixed.State | Should -Be @('Approved', 'Approved')
        }

        It 'takes the market by position and checks other markets by their own country' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow S1 -DeliveryMethods 'allegro-dpd-sk' -Translations 'sk-SK')) | Import-Offer
            (Invoke-VisibilityCheck allegro-sk).OfferId | Should -Be 'S1'
        }
    }

    Context 'what it leaves alone and what it adds' {
        It 'leaves priced and withdrawn offers alone' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow P1), (New-OfferRow P2 -Price ''))) | Submit-Offer -Market allegro-cz | Out-Null
            Unpublish-Offer -Market allegro-cz -OfferId P2
            Invoke-VisibilityCheck -Market allegro-cz | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz).State | Should -Be @('Approved', 'Withdrawn')
        }

        It 'gives a refused offer every other reason that applies too' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow R1 -Translations '' -B2BOnly True)) | Import-Offer
            $rec = Invoke-VisibilityCheck -Market allegro-cz
            $rec.Reasons.Code | Should -Contain 'VQR001_CURRENCY_NOT_AVAILABLE'
            $rec.Reasons.Code | Should -Contain 'VQR002_LANGUAGE_NOT_AVAILABLE'
            $rec.Reasons.Code | Should -Contain 'LPS102_B2B_ONLY'
        }

        It 'refuses the base market: it cannot be checked on or deselected' {
            Invoke-VisibilityCheck -Market allegro-pl -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'BaseMarketFixed,ListingPs.Commands.InvokeVisibilityCheckCommand'
        }

        It 'refuses a market the rules do not define' {
            Invoke-VisibilityCheck -Market allegro-xx -ErrorVariable errs -ErrorAction SilentlyContinue
            $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.InvokeVisibilityCheckCommand'
            { Invoke-VisibilityCheck -Market allegro-xx -ErrorAction Stop } | Should -Throw -ErrorId 'UnknownMarket,ListingPs.Commands.InvokeVisibilityCheckCommand'
        }
    }

    Context 'common parameters' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2))) | Import-Offer
        }

        It '-WhatIf refuses nothing' {
            Invoke-VisibilityCheck -Market allegro-cz -WhatIf | Should -BeNullOrEmpty
            Get-VerificationStatus -Market allegro-cz | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz -State NotRequested).OfferId | Should -Be @('V1', 'V2')
        }

        It '-Confirm:$false checks without asking' {
            (Invoke-VisibilityCheck -Market allegro-cz -Confirm:$false).Count | Should -Be 2
        }

        It '-OutVariable keeps the refused records' {
            Invoke-VisibilityCheck -Market allegro-cz -OutVariable refused | Out-Null
            $refused.OfferId | Should -Be @('V1', 'V2')
        }

        It '-Verbose sums up the check' {
            $verbose = Invoke-VisibilityCheck -Market allegro-cz -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
            $verbose.Message | Should -Contain '[InvokeVisibilityCheck] Visibility check on allegro-cz: 2 offers checked, 2 without a CZK price refused (VQR001).'
        }
    }

    Context 'progress' {
        It 'shows count of total, rate and percent, then completes' {
            Import-Csv (New-OfferCsv -Rows (1..120 | ForEach-Object { New-OfferRow ('PR-{0:D5}' -f $_) })) | Import-Offer
            $run = Invoke-InNewRunspace 'Invoke-VisibilityCheck -Market allegro-cz | Out-Null'
            $run.Errors | Should -BeNullOrEmpty
            $progress = @($run.Progress | Where-Object Activity -Like 'Visibility check on allegro-cz*')
            $running = @($progress | Where-Object RecordType -EQ 'Processing')
            $running.Count | Should -BeGreaterThan 0
            $running[-1].StatusDescription | Should -Match '^120 of 120 \([\d,]+/s\)$'
            $running[-1].PercentComplete | Should -Be 100
            $progress[-1].RecordType | Should -Be 'Completed'
        }

        It 'writes no progress and no verbose message when silenced and not asked for' {
            Import-Csv (New-OfferCsv -Rows (1..50 | ForEach-Object { New-OfferRow ('PR-{0:D5}' -f $_) })) | Import-Offer
            $run = Invoke-InNewRunspace "`$ProgressPreference = 'SilentlyContinue'; Invoke-VisibilityCheck -Market allegro-cz | Out-Null"
            $run.Errors | Should -BeNullOrEmpty
            $run.Progress | Should -BeNullOrEmpty
            $run.Verbose | Should -BeNullOrEmpty
            @(Get-VerificationStatus -Market allegro-cz -State Refused).Count | Should -Be 50 -Because 'a silent check still checks'
        }

        It 'writes the verbose summary and progress when asked for' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2))) | Import-Offer
            $run = Invoke-InNewRunspace 'Invoke-VisibilityCheck -Market allegro-cz -Verbose | Out-Null'
            ($run.Verbose.Message -match 'Visibility check on allegro-cz.*2 offers checked').Count | Should -Be 1
            ($run.Progress.Activity -like 'Visibility check*').Count | Should -BeGreaterThan 0
        }
    }
}
