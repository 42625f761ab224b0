# The whole Allegro flow on an assortment of 10,000 offers against the contract fake (tests/AllegroFake): connect, import
# the assortment, the local pre-flight, a bulk share through a 429 storm and 500s in the middle, one offer moved to a rate
# that opens Czechia, the verdicts read in two passes, the refused ones fixed (a missing translation; a price Allegro
# refuses, priced again by Allegro's converter), one offer withdrawn by rate, and a rerun. Nothing is lost, nothing is sent
# twice, and no read-only field is written. The Its run in order: each takes the assortment where the one before left it.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Fake = Start-AllegroFake
    # commands and operations finish at the first read: the waits are Allegro's, not what this test measures
    $script:Calm = @{ Interval = 0; PendingPolls = 0; CommandPolls = 0; OperationPolls = 0; VerdictAfterReads = 1; RetryAfterSeconds = 1
        Refuse = @{ '7000000007' = 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH' } }
    Set-AllegroFake $Fake $Calm
    Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/offers?count=10000" | Out-Null
    $env:LISTINGPS_WORKSPACE = Join-Path $TestDrive 'assortment.db'
    $script:Untranslated = @(1..10000 | Where-Object { $_ % 97 -eq 0 } | ForEach-Object { [string](7000000000 + $_) })

    function Get-PriceChange {
        $changes = Invoke-RestMethod -Uri "$($Fake.Address)/_fake/price-changes"
        $table = @{}
        foreach ($p in $changes.PSObject.Properties) { $table[$p.Name] = $p.Value }
        $table
    }
}

AfterAll {
    Stop-AllegroFake $script:Fake
    Remove-Item Env:LISTINGPS_WORKSPACE -ErrorAction SilentlyContinue
}

Describe 'The Allegro flow on 10,000 offers' {
    It 'connects, and says who is connected' {
        $account = Connect-AllegroAccount -ErrorAction Stop 6>$null
        $account.Login | Should -Be 'oak-and-co'
        (Get-AllegroAccount).Login | Should -Be 'oak-and-co'
    }

    It 'imports the assortment from Allegro, every page' {
        Import-Offer -FromAllegro -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @(Get-Offer).Count | Should -Be 10000
        # what Allegro's listing does not give, from the seller's own file: products, and Czech titles (not for every 97th)
        $extra = Join-Path $TestDrive 'extra.csv'
        Get-Offer | Where-Object OfferId -notin $Untranslated |
            Select-Object OfferId, @{ n = 'ProductId'; e = { "P-$($_.OfferId)" } }, @{ n = 'Translations'; e = { 'cs-CZ' } } | Export-Csv $extra
        Import-Csv $extra | Import-Offer
    }

    It 'runs the pre-flight, naming why each refused offer would be refused' {
        $preflight = @(Get-Offer | Test-Offer -Market allegro-cz)
        $preflight.Count | Should -Be 10000
        $refused = @($preflight | Where-Object State -eq 'Refused')
        # every 10th is on the Polish-only rate, every 40th an auction, every 97th without a Czech title
        @($refused | Where-Object { $_.ReasonCodes -match 'VQR003' }).Count | Should -Be 1000
        @($refused | Where-Object { $_.ReasonCodes -match 'LPS104' }).Count | Should -Be 250
        @($refused | Where-Object { $_.ReasonCodes -match 'VQR002' }).Count | Should -Be $Untranslated.Count
        Get-VerificationStatus -Market allegro-cz | Should -BeNullOrEmpty -Because 'the pre-flight stores nothing'
    }

    It 'shares the assortment through a 429 storm and some 500s: one outcome per offer, nothing sent twice, nothing read-only written' {
        $storm = $Calm.Clone()
        $storm.ThrottleNext = 8; $storm.FailNext = 4; $storm.CommandThrottleNext = 6; $storm.CommandFailNext = 3
        Set-AllegroFake $Fake $storm
        $out = Join-Path $TestDrive 'shared.csv'
        Get-Offer | Submit-Offer -Market allegro-cz -Remote -ErrorVariable errs -WarningAction SilentlyContinue | Export-Csv $out
        $errs | Should -BeNullOrEmpty
        $script:Shared = @(Import-Csv $out)
        $Shared.Count | Should -Be 10000
        @($Shared.OfferId | Sort-Object -Unique).Count | Should -Be 10000
        $notSent = @($Shared | Where-Object Outcome -eq 'NotSent')
        $notSent.Count | Should -Be @($Shared | Where-Object LocalState -eq 'Refused').Count
        @($Shared | Where-Object Outcome -eq 'Failed') | Should -BeNullOrEmpty
        $sent = @($Shared | Where-Object Outcome -eq 'Sent')
        $sent.Count | Should -Be (10000 - $notSent.Count)
        $changes = Get-PriceChange
        $changes.Count | Should -Be $sent.Count
        @($changes.Values | Sort-Object -Unique) | Should -Be @(1) -Because 'no offer gets its price twice, whatever was retried'
        # offers of one price travel together: far fewer commands than offers
        $commands = @(Invoke-RestMethod -Uri "$($Fake.Address)/_fake/commands")
        @($commands.Tasks.OfferId).Count | Should -BeGreaterThan ($sent.Count * 0.9)
        $commands.Count | Should -BeLessThan ($sent.Count / 10)
        @($commands.Tasks | Where-Object Status -ne 'SUCCESS') | Should -BeNullOrEmpty
        (Get-AllegroFakeRequest $Fake | Where-Object { $_.Body -match '"publication"' }) | Should -BeNullOrEmpty
    }

    It 'moves one offer to a rate that opens Czechia, when asked' {
        $moved = Submit-Offer -Market allegro-cz -OfferId 7000000020 -Remote -Force -ShippingRate 'PL + Czechy (DHL)' -WarningAction SilentlyContinue
        $moved.Outcome | Should -Be 'Sent'
        $moved.Message | Should -BeLike "Moved to the shipping rate 'PL + Czechy (DHL)'*Sent*"
        (Invoke-RestMethod -Uri "$($Fake.Address)/_fake/offers/7000000020").ShippingRateId | Should -Be 'sr-cz'
    }

    It 'reads the verdicts in two passes: IN_PROGRESS first, decided by the second' {
        $first = @(Sync-VerificationStatus -Market allegro-cz -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $first.Count | Should -Be ((Get-PriceChange).Count)
        @($first | Where-Object MarketStateText -eq 'IN_PROGRESS').Count | Should -BeGreaterThan 0
        $undecided = @($first | Where-Object MarketStateText -eq 'IN_PROGRESS').Count
        $second = @(Sync-VerificationStatus -Market allegro-cz)
        # the undecided ones, and the few whose verdicts the first pass saw decided, named again by Allegro's events
        $second.Count | Should -BeGreaterOrEqual $undecided
        $second.Count | Should -BeLessThan ($undecided + 10)
        @(Get-VerificationStatus -Market allegro-cz -Marketplace -MarketState InProgress) | Should -BeNullOrEmpty
        $refused = Get-VerificationStatus -Market allegro-cz -Marketplace -OfferId 7000000007
        $refused.MarketState | Should -Be 'Refused'
        $refused.MarketReasonCodes | Should -Be 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'
        $refused.Disagreement | Should -Be 'MarketRefused'
    }

    It 'fixes the refused ones: the missing Czech titles, and the price Allegro refuses by its converter' {
        $fix = Join-Path $TestDrive 'fix.csv'
        $Untranslated | ForEach-Object { [pscustomobject]@{ OfferId = $_; ProductId = "P-$_"; Translations = 'cs-CZ' } } | Export-Csv $fix
        Import-Csv $fix | Import-Offer
        $fixed = @(Import-Csv $fix | Submit-Offer -Market allegro-cz -Remote -WarningAction SilentlyContinue)
        # the auctions among them stay refused locally
        @($fixed | Where-Object Outcome -eq 'Sent').Count | Should -Be @($fixed | Where-Object LocalState -ne 'Refused').Count
        @($fixed | Where-Object Outcome -eq 'Sent').Count | Should -BeGreaterThan 90

        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; CommandPolls = 0; OperationPolls = 0; VerdictAfterReads = 1 }
        $converter = Set-OfferCzkPrice -OfferId 7000000007 -UseConverter -Remote
        $converter.Outcome | Should -Be 'ConverterAssigned'
        @(Sync-VerificationStatus -Market allegro-cz -OfferId 7000000007, 7000000007)[-1].MarketState | Should -Be 'Approved'
    }

    It 'withdraws one offer by moving it to a rate without Czechia' {
        $withdrawn = Unpublish-Offer -Market allegro-cz -OfferId 7000000001 -Remote -ShippingRate 'Standard PL'
        $withdrawn.Outcome | Should -Be 'Sent'
        $withdrawn.Message | Should -BeLike '*the offer leaves allegro-cz, allegro-sk.'
        (Invoke-RestMethod -Uri "$($Fake.Address)/_fake/offers/7000000001").ShippingRateId | Should -Be 'sr-standard'
    }

    It 'sends only what is missing when run again, and nothing twice in the whole flow' {
        $before = Get-PriceChange
        $again = @(Get-Offer | Submit-Offer -Market allegro-cz -Remote -WarningAction SilentlyContinue)
        $again.Count | Should -Be 10000
        @($again | Where-Object Outcome -eq 'Sent') | Should -BeNullOrEmpty
        $after = Get-PriceChange
        $after.Count | Should -Be $before.Count
        @($after.Values | Sort-Object -Unique) | Should -Be @(1)
        (Get-AllegroFakeRequest $Fake | Where-Object { $_.Body -match '"publication"' }) | Should -BeNullOrEmpty
    }
}
