BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Import-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    It 'binds Import-Csv rows: flags, delivery lists and prices from strings' {
        $csv = New-OfferCsv -Rows @(
            (New-OfferRow A1 -B2BOnly True -Charity 1 -DeliveryMethods 'allegro-dhl-cz;packeta-locker-cz'),
            (New-OfferRow A2 -Price '' -B2BOnly '' -Charity false -DeliveryMethods '')
        )
        Import-Csv $csv | Import-Offer -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $offers = Get-Offer
        $offers.Count | Should -Be 2
        $offers[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.Offer'
        $offers[0].B2BOnly | Should -BeTrue
        $offers[0].Charity | Should -BeTrue
        $offers[0].Price | Should -Be 45.00
        $offers[0].DeliveryMethods | Should -Be @('allegro-dhl-cz', 'packeta-locker-cz')
        $offers[0].Market | Should -Be 'allegro-pl'
        $offers[1].Price | Should -BeNullOrEmpty
        $offers[1].B2BOnly | Should -BeFalse
        @($offers[1].DeliveryMethods).Count | Should -Be 0
    }
}
