BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Unpublish-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
        Import-Csv (New-OfferCsv -Rows @(
                (New-OfferRow U1 -DeliveryMethods 'allegro-dhl-cz;allegro-dpd-sk' -Translations 'cs-CZ;sk-SK'),
                (New-OfferRow U2), (New-OfferRow U3 -ProductId 'PRD-ALKO-0001'), (New-OfferRow U4))) |
            Submit-Offer -Market allegro-cz | Out-Null
        Get-Offer U1 | Submit-Offer -Market allegro-sk | Out-Null
    }

    It 'withdraws an offer from a market, keeps its price, and leaves the other markets alone' {
        $rec = Unpublish-Offer -Market allegro-cz -OfferId U1 -PassThru
        $rec.GetType().FullName | Should -Be 'ListingPs.Core.Model.ShareRecord'
        $rec.State | Should -Be 'Withdrawn'
        $rec.Price | Should -Be 229
        (Get-VerificationStatus -Market allegro-cz -State Withdrawn).OfferId | Should -Be 'U1'
        (Get-VerificationStatus -Market allegro-sk -OfferId U1).State | Should -Be 'Approved'
    }

    It 'writes nothing without -PassThru, and takes several ids by position' {
        Unpublish-Offer U2, U4 -Market allegro-cz | Should -BeNullOrEmpty
        (Get-VerificationStatus -Market allegro-cz -State Withdrawn).OfferId | Should -Be @('U2', 'U4')
    }

    It 'binds OfferId and Market of piped share records, each on its own market' {
        $recs = Get-VerificationStatus -OfferId U1 | Unpublish-Offer -PassThru
        $recs.Market | Should -Be @('allegro-cz', 'allegro-sk')
        $recs.State | Should -Be @('Withdrawn', 'Withdrawn')
    }

    It 'withdraws what the seller''s filter finds' {
        (Get-VerificationStatus -Market allegro-cz -Reason LPS106_PRODUCT_NOT_ALLOWED | Unpublish-Offer -PassThru).OfferId | Should -Be 'U3'
        (Get-VerificationStatus -Market allegro-cz -OfferId U3).State | Should -Be 'Withdrawn'
    }

    It 'binds the OfferId and Market columns of an Import-Csv file' {
        $file = Join-Path TestDrive: 'withdraw.csv'
        Set-Content $file 'OfferId,Market', 'U2,allegro-cz', 'U1,allegro-sk'
        Import-Csv $file | Unpublish-Offer
        (Get-VerificationStatus -State Withdrawn | ForEach-Object { $_.OfferId + '@' + $_.Market } | Sort-Object) | Should -Be @('U1@allegro-sk', 'U2@allegro-cz')
    }

    It 'shares a withdrawn offer again with Submit-Offer, at its kept price' {
        Set-OfferCzkPrice -OfferId U2 -Price 240
        Unpublish-Offer -Market allegro-cz -OfferId U2
        $again = Get-Offer U2 | Submit-Offer -Market allegro-cz
        $again.State | Should -Be 'Approved'
        $again.Price | Should -Be 240
    }

    It 'never withdraws from the base market' {
        Unpublish-Offer -Market allegro-pl -OfferId U1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'BaseMarketFixed,ListingPs.Commands.UnpublishOfferCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidOperation'
        (Get-Offer U1).Status | Should -Be 'Active'
    }

    It 'reports an offer that was never shared there, and one that does not exist' {
        Import-Csv (New-OfferCsv -Rows (New-OfferRow N1)) | Import-Offer
        Unpublish-Offer -Market allegro-cz -OfferId N1, NOPE, U2 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.FullyQualifiedErrorId | Should -Be @('OfferNotShared,ListingPs.Commands.UnpublishOfferCommand', 'OfferNotFound,ListingPs.Commands.UnpublishOfferCommand')
        (Get-VerificationStatus -Market allegro-cz -OfferId U2).State | Should -Be 'Withdrawn' -Because 'the pipeline goes on after a per-record error'
    }

    It 'refuses a market the rules do not define' {
        Unpublish-Offer -Market allegro-xx -OfferId U1 -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.UnpublishOfferCommand'
    }

    Context 'common parameters' {
        It '-WhatIf withdraws nothing and writes nothing' {
            Unpublish-Offer -Market allegro-cz -OfferId U1 -WhatIf -PassThru | Should -BeNullOrEmpty
            Get-VerificationStatus -OfferId U1 | Unpublish-Offer -WhatIf
            (Get-VerificationStatus -OfferId U1).State | Should -Be @('Approved', 'Approved')
            Get-VerificationStatus -State Withdrawn | Should -BeNullOrEmpty
        }

        It '-Confirm:$false withdraws without asking' {
            (Unpublish-Offer -Market allegro-cz -OfferId U1 -Confirm:$false -PassThru).State | Should -Be 'Withdrawn'
        }

        It '-ErrorAction Stop ends at the first offer that fails' {
            { Unpublish-Offer -Market allegro-cz -OfferId U2, NOPE, U4 -ErrorAction Stop } |
                Should -Throw -ErrorId 'OfferNotFound,ListingPs.Commands.UnpublishOfferCommand'
            (Get-VerificationStatus -Market allegro-cz -State Withdrawn).OfferId | Should -Be 'U2'
        }
    }
}
