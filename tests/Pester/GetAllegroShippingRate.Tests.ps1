# The account's shipping rates and the markets they open, read from the contract fake (tests/AllegroFake): Polish
# methods, a DHL Czechia bundle that brings Slovakia, a Hungarian rate.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Fake = Start-AllegroFake
    Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0 }
    $null = Connect-AllegroAccount -ErrorAction Stop
}

AfterAll {
    Stop-AllegroFake $script:Fake
}

Describe 'Get-AllegroShippingRate' {
    It 'writes each rate with every market its delivery methods open' {
        $rates = @(Get-AllegroShippingRate -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $rates.Name | Should -Be @('Standard PL', 'PL + Czechy (DHL)', 'PL + Węgry')
        $rates[1].GetType().FullName | Should -Be 'ListingPs.Core.Allegro.AllegroShippingRate'
        @($rates[1].Markets) | Should -Be @('allegro-pl', 'allegro-cz', 'allegro-sk')
        @($rates[1].DeliveryMethods.DestinationCountry) | Should -Be @('PL', 'CZ')      # the DHL method to CZ opens allegro-sk too
    }

    It 'keeps the rates that open a market with -Market, and filters names with wildcards' {
        (Get-AllegroShippingRate -Market allegro-cz).Name | Should -Be 'PL + Czechy (DHL)'
        (Get-AllegroShippingRate -Market allegro-sk).Name | Should -Be 'PL + Czechy (DHL)'
        (Get-AllegroShippingRate -Market allegro-hu).Name | Should -Be 'PL + Węgry'
        (Get-AllegroShippingRate 'pl + w*').Name | Should -Be 'PL + Węgry'
        Get-AllegroShippingRate -Name 'none*' | Should -BeNullOrEmpty
    }

    It 'shows name, markets and methods in a table, naming a method Allegro no longer lists' {
        $text = Get-AllegroShippingRate | Format-Table | Out-String -Width 200
        $text | Should -Match 'PL \+ Czechy \(DHL\)\s+allegro-pl, allegro-cz, allegro-sk\s+Allegro Paczkomaty InPost, Allegro Kurier DHL Czechy'
        $text | Should -Match 'dm-retired \(unknown\)'
    }

    It 'reads the delivery methods once per market and each rate once, with Allegro''s media type' {
        $skip = @(Get-AllegroFakeRequest $Fake).Count
        $null = Get-AllegroShippingRate
        $sent = @(Get-AllegroFakeRequest $Fake | Select-Object -Skip $skip)
        @($sent | ForEach-Object { $_.Path + $_.Query }) | Should -Be @(
            '/sale/delivery-methods?marketplace=allegro-pl', '/sale/delivery-methods?marketplace=allegro-cz',
            '/sale/delivery-methods?marketplace=allegro-sk', '/sale/delivery-methods?marketplace=allegro-hu',
            '/sale/shipping-rates', '/sale/shipping-rates/sr-standard', '/sale/shipping-rates/sr-cz', '/sale/shipping-rates/sr-hu')
        $sent.Accept | Sort-Object -Unique | Should -Be 'application/vnd.allegro.public.v1+json'
    }

    It 'completes -Market with the Allegro markets' {
        (TabExpansion2 -inputScript 'Get-AllegroShippingRate -Market allegro-' -cursorColumn 40).CompletionMatches.CompletionText |
            Should -Be @('allegro-pl', 'allegro-cz', 'allegro-sk', 'allegro-hu')
    }

    It 'says how to connect when ListingPs is not connected' {
        Get-AllegroShippingRate -Environment Sandbox -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroNotConnected,ListingPs.Commands.GetAllegroShippingRateCommand'
    }
}
