# Sharing for real against the contract fake (tests/AllegroFake): the assortment imported from Allegro, the local
# pre-flight, Submit-Offer -Remote as the API works since June 2024 (the shipping rate decides the markets), throttling and
# server errors in the middle, the verdicts read back with Sync-VerificationStatus beside the local ones, and a rerun that
# sends nothing twice.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Fake = Start-AllegroFake
    Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0 }
    $null = Connect-AllegroAccount -ErrorAction Stop

    function Get-FakeOffer([string] $Id) { Invoke-RestMethod -Uri "$($Fake.Address)/_fake/offers/$Id" }
    function Get-Patch { @(Get-AllegroFakeRequest $Fake | Where-Object { $_.Method -eq 'PATCH' }) }
    # how many times each offer got a price on Allegro (by PATCH or in a price-change command), as the fake applied them
    function Get-PriceChange { Invoke-RestMethod -Uri "$($Fake.Address)/_fake/price-changes" }
    function Get-FakeCommand { @(Invoke-RestMethod -Uri "$($Fake.Address)/_fake/commands") }
}

AfterAll {
    Stop-AllegroFake $script:Fake
}

Describe 'Import-Offer -FromAllegro' {
    BeforeAll {
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/offers?count=1250" | Out-Null
        $script:ws = Join-Path $TestDrive 'import.db'
    }

    It 'reads every page of the seller''s offers into the workspace, with the rate''s delivery methods' {
        Import-Offer -FromAllegro -Workspace $ws -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $offers = @(Get-Offer -Workspace $ws)
        $offers.Count | Should -Be 1250
        $pages = @(Get-AllegroFakeRequest $Fake | Where-Object { $_.Path -eq '/sale/offers' })
        $pages.Query | Should -Be @('?offset=0&limit=1000', '?offset=1000&limit=1000')
        $first = $offers | Where-Object OfferId -eq '7000000001'
        $first.Title | Should -Be 'Oak shelf 1'
        $first.Price | Should -Be 21.99
        @($first.DeliveryMethods) | Should -Be @('dm-inpost-pl', 'allegro-dhl-cz')
        ($offers | Where-Object OfferId -eq '7000000040').SellingFormat | Should -Be 'Auction'
        ($offers | Where-Object OfferId -eq '7000000025').Status | Should -Be 'Inactive'
    }

    It 'keeps the statuses and the category -Filter names' {
        $filtered = Join-Path $TestDrive 'filtered.db'
        Import-Offer -FromAllegro -Filter @{ Status = 'INACTIVE', 'ENDED'; Category = 'c-1' } -Workspace $filtered -PassThru |
            ForEach-Object { $_.Status | Should -Be 'Inactive'; $_.Category | Should -Be 'c-1' }
        @(Get-Offer -Workspace $filtered).Count | Should -Be 50            # every 25th offer is inactive, and in c-1
        (Get-AllegroFakeRequest $Fake | Where-Object Path -eq '/sale/offers')[-1].Query |
            Should -Be '?offset=0&limit=1000&publication.status=INACTIVE&publication.status=ENDED&category.id=c-1'
    }

    It 'refuses a filter it cannot send, before reading anything' {
        { Import-Offer -FromAllegro -Filter @{ State = 'ACTIVE' } -Workspace $ws } | Should -Throw -ErrorId 'InvalidAllegroFilter,ListingPs.Commands.ImportOfferCommand'
        { Import-Offer -FromAllegro -Filter @{ Status = 'SOLD' } -Workspace $ws } | Should -Throw '*SOLD*ACTIVE, INACTIVE, ACTIVATING, ENDED*'
    }
}

Describe 'Submit-Offer -Remote' {
    BeforeAll {
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/reset" | Out-Null
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; VerdictAfterReads = 1 }
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/offers?count=300" | Out-Null
        $null = Connect-AllegroAccount -ErrorAction Stop
        $script:ws = Join-Path $TestDrive 'remote.db'
        Import-Offer -FromAllegro -Workspace $ws
        # What Allegro's listing does not give: the catalogue products and Czech titles, from the seller's own file.
        $file = Join-Path $TestDrive 'extra.csv'
        Get-Offer -Workspace $ws | Select-Object OfferId, @{ n = 'ProductId'; e = { "P-$($_.OfferId)" } }, @{ n = 'Translations'; e = { 'cs-CZ' } } |
            Export-Csv $file
        Import-Csv $file | Import-Offer -Workspace $ws
    }

    It 'sends nothing and stores nothing with -WhatIf' {
        Get-Offer -Workspace $ws -OfferId 7000000001 | Submit-Offer -Market allegro-cz -Remote -Workspace $ws -WhatIf
        Get-Patch | Should -BeNullOrEmpty
        Get-VerificationStatus -Market allegro-cz -Workspace $ws | Should -BeNullOrEmpty
    }

    It 'shares the assortment through a 429 storm and some 500s: every offer has one outcome, nothing lost, nothing sent twice' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; VerdictAfterReads = 1; ThrottleNext = 3; RetryAfterSeconds = 0; FailNext = 2 }
        $results = @(Get-Offer -Workspace $ws | Submit-Offer -Market allegro-cz -Remote -Workspace $ws -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $results.Count | Should -Be 300
        $results[0].GetType().FullName | Should -Be 'ListingPs.Core.Allegro.RemoteShareResult'
        $byOutcome = $results | Group-Object Outcome -AsHashTable -AsString
        # every 10th offer is on the Polish-only rate, auctions (every 40th) the local pre-flight refuses; inactive ones
        # (Pending) get their price, so it is there when they are active again
        $byOutcome['NotSent'].Count | Should -Be (@($results | Where-Object { $_.LocalState -eq 'Refused' -or $_.ShippingRate -eq 'Standard PL' }).Count)
        @($results | Where-Object { $_.LocalState -eq 'Pending' -and $_.Outcome -eq 'Sent' }).Count | Should -BeGreaterThan 0
        $byOutcome['Sent'].Count | Should -BeGreaterThan 200
        # the Polish-only rate's methods reach no Czech buyer: the local pre-flight already says so
        ($results | Where-Object OfferId -eq '7000000010').Message | Should -BeLike 'ListingPs refused the offer (VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE)*-Force*'
        ($results | Where-Object OfferId -eq '7000000040').LocalReasonCodes | Should -Match 'LPS104_NOT_BUY_NOW'
        $changes = Get-PriceChange
        @($changes.PSObject.Properties).Count | Should -Be $byOutcome['Sent'].Count
        @($changes.PSObject.Properties.Value | Sort-Object -Unique) | Should -Be @(1) -Because 'no offer is sent twice'
        # a price several offers share goes in one command, a price one offer has by PATCH on it
        $commands = Get-FakeCommand
        $commands | Should -Not -BeNullOrEmpty
        @($commands.Tasks.OfferId).Count + @(Get-Patch).Count | Should -Be $byOutcome['Sent'].Count
        @($results | Where-Object CommandId).Count | Should -Be @($commands.Tasks.OfferId).Count
        (Get-AllegroFakeRequest $Fake).Body | Should -Not -Match 'publication'
        (Get-FakeOffer 7000000001).Markets.'allegro-cz'.Amount | Should -Be ($results | Where-Object OfferId -eq '7000000001').Price
    }

    It 'sends only what is missing when run again' {
        $before = (Get-Patch).Count
        $again = @(Get-Offer -Workspace $ws | Submit-Offer -Market allegro-cz -Remote -Workspace $ws)
        (Get-Patch).Count | Should -Be $before
        @((Get-PriceChange).PSObject.Properties.Value | Sort-Object -Unique) | Should -Be @(1)
        @($again | Where-Object Outcome -eq 'Sent').Count | Should -Be 0
        @($again | Where-Object Outcome -eq 'AlreadySent').Count | Should -BeGreaterThan 200
    }

    It 'moves an offer to a rate that opens the market only when -ShippingRate names it' {
        $moved = Get-Offer -Workspace $ws -OfferId 7000000020 | Submit-Offer -Market allegro-cz -Remote -Force -ShippingRate 'PL + Czechy (DHL)' -Workspace $ws
        $moved.Outcome | Should -Be 'Sent'
        $moved.Message | Should -BeLike "Moved to the shipping rate 'PL + Czechy (DHL)'*"
        (Get-FakeOffer 7000000020).ShippingRateId | Should -Be 'sr-cz'
        { Submit-Offer -Market allegro-cz -Remote -ShippingRate 'Standard PL' -OfferId 7000000020 -Workspace $ws } |
            Should -Throw -ErrorId 'AllegroMarketNotOpened,ListingPs.Commands.SubmitOfferCommand'
    }

    It 'writes every request and answer with -Debug, tokens masked' {
        $stored = Get-Content (Join-Path $env:LISTINGPS_ALLEGRO_TOKENS '*') -Raw | ConvertFrom-Json
        $debug = @(Submit-Offer -Market allegro-cz -Remote -OfferId 7000000002 -Workspace $ws -Debug 5>&1 | Where-Object { $_ -is [System.Management.Automation.DebugRecord] })
        @($debug.Message -like '*] Allegro -> GET*/sale/offers?offset=0&limit=1&offer.id=7000000002').Count | Should -Be 1
        @($debug.Message -like '*] Allegro <- 200 GET*/sale/offers?offset=0&limit=1&offer.id=7000000002 in * ms {*').Count | Should -Be 1
        $secrets = @($stored.AccessToken, $stored.RefreshToken)
        $secrets | Should -Not -BeNullOrEmpty
        foreach ($secret in $secrets) {
            $debug.Message -join "`n" | Should -Not -Match ([regex]::Escape($secret))
        }
    }

    It 'refuses -Force, -ShippingRate and -ThrottleLimit without -Remote' {
        { Submit-Offer -Market allegro-cz -Force -OfferId 7000000001 -Workspace $ws } | Should -Throw -ErrorId 'RemoteParameterWithoutRemote,ListingPs.Commands.SubmitOfferCommand'
        { Submit-Offer -Market allegro-cz -ThrottleLimit 2 -OfferId 7000000001 -Workspace $ws } | Should -Throw -ErrorId 'RemoteParameterWithoutRemote,ListingPs.Commands.SubmitOfferCommand'
        { Submit-Offer -Market allegro-cz -Remote -ThrottleLimit 33 -OfferId 7000000001 -Workspace $ws } | Should -Throw -ErrorId 'ParameterArgumentValidationError,ListingPs.Commands.SubmitOfferCommand'
    }

    It 'names an offer Allegro does not hold, and goes on with the next' {
        Import-Offer -OfferId LOCAL-1 -Price 100 -ProductId P-L -Translations cs-CZ -DeliveryMethods allegro-dhl-cz -Workspace $ws
        $out = @('LOCAL-1', '7000000001' | ForEach-Object { [pscustomobject]@{ OfferId = $_ } } |
            Submit-Offer -Market allegro-cz -Remote -Workspace $ws -ErrorVariable errs -ErrorAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroOfferNotFound,ListingPs.Commands.SubmitOfferCommand'
        $errs[0].TargetObject.OfferId | Should -Be 'LOCAL-1'
        "$($errs[0])" | Should -BeLike '*LOCAL-1*holds no offer LOCAL-1*'
        $out.OfferId | Should -Be @('LOCAL-1', '7000000001') -Because 'every offer has its outcome, in the order it came'
        $out.Outcome | Should -Be @('Failed', 'AlreadySent')
    }
}

Describe 'Sync-VerificationStatus' {
    BeforeAll {
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/reset" | Out-Null
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; VerdictAfterReads = 2; Refuse = @{ '7000000003' = 'VQR099_SOMETHING_NEW' } }
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/offers?count=12" | Out-Null
        $null = Connect-AllegroAccount -ErrorAction Stop
        $script:ws = Join-Path $TestDrive 'sync.db'
        Import-Offer -FromAllegro -Workspace $ws
        Get-Offer -Workspace $ws | ForEach-Object { Import-Offer -OfferId $_.OfferId -ProductId "P-$($_.OfferId)" -Translations cs-CZ -Workspace $ws }
        $script:shared = @(Get-Offer -Workspace $ws | Submit-Offer -Market allegro-cz -Remote -Workspace $ws)
    }

    It 'shows IN_PROGRESS honestly while Allegro verifies, and completes it in a later run' {
        $first = @(Sync-VerificationStatus -Market allegro-cz -Workspace $ws -ErrorVariable errs)
        $errs | Should -BeNullOrEmpty
        $first.Count | Should -Be @($shared | Where-Object Outcome -eq 'Sent').Count
        $first.MarketStateText | Sort-Object -Unique | Should -Be 'IN_PROGRESS'
        # the fake decides after two reads since the change: a price sent on the offer (PATCH) was read once already, one
        # sent in a command was not, so the verdict comes with the second or the third run
        $runs = 1
        do {
            $later = @(Sync-VerificationStatus -Market allegro-cz -Workspace $ws -OfferId 7000000001)
            $runs++
        } while ($later[0].MarketState -eq 'InProgress' -and $runs -lt 4)
        $later[0].MarketState | Should -Be 'Approved'
        $later[0].Disagreement | Should -Be 'None'
        $runs | Should -BeLessOrEqual 3
    }

    It 'reads only what Allegro''s events name once it has a position, and everything with -Full' {
        # Each run reads the events from the position the last one stored; verdicts decided during a run (the fake decides
        # them as they are read) come back once as events: a few runs settle.
        $rounds = 0
        do { $rounds++; $read = @(Sync-VerificationStatus -Market allegro-cz -Workspace $ws) } while ($read.Count -gt 0 -and $rounds -lt 5)
        $read | Should -BeNullOrEmpty -Because 'nothing changed and nothing is undecided'
        $skip = @(Get-AllegroFakeRequest $Fake).Count
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/offers/7000000004/refuse?market=allegro-cz&code=VQR010_SAURON_LEVEL_LOW" | Out-Null
        $changed = @(Sync-VerificationStatus -Market allegro-cz -Workspace $ws -Verbose 4>&1)
        ($changed | Where-Object { $_.GetType().Name -eq 'MarketVerdict' }).OfferId | Should -Be '7000000004'
        ($changed | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message -join "`n" | Should -Match '1 offers to read \(1 offers named by Allegro''s events'
        @(Get-AllegroFakeRequest $Fake | Select-Object -Skip $skip | Where-Object Path -like '/sale/product-offers/*').Count | Should -Be 1
        @(Sync-VerificationStatus -Market allegro-cz -Workspace $ws -Full).Count | Should -Be @($shared | Where-Object Outcome -eq 'Sent').Count
    }

    It 'keeps a reason code it does not know as sent, and marks where Allegro disagrees' {
        $refused = Sync-VerificationStatus -Market allegro-cz -OfferId 7000000003 -Workspace $ws
        $refused.MarketState | Should -Be 'Refused'
        $refused.MarketReasonCodes | Should -Be 'VQR099_SOMETHING_NEW'
        $refused.LocalState | Should -Be 'Approved'
        $refused.Disagreement | Should -Be 'MarketRefused'
    }

    It 'reads the offers piped to it, including one never sent, and exports both verdicts side by side' {
        $csv = Join-Path $TestDrive 'verdicts.csv'
        Get-VerificationStatus -Market allegro-cz -Workspace $ws | Where-Object OfferId -in '7000000010', '7000000002' |
            Sync-VerificationStatus -Market allegro-cz -Workspace $ws |
            Select-Object OfferId, LocalState, LocalReasonCodes, MarketStateText, MarketReasonCodes, Disagreement, ShippingRate |
            Export-Csv $csv
        $rows = Import-Csv $csv
        $rows.OfferId | Should -Be @('7000000002', '7000000010')
        $polish = $rows | Where-Object OfferId -eq '7000000010'
        $polish.MarketStateText | Should -Be 'NOT_REQUESTED'           # its rate opens no Czech delivery: not on allegro-cz
        $polish.ShippingRate | Should -Be 'Standard PL'
        $polish.LocalReasonCodes | Should -Match 'VQR003'
    }

    It 'shows the two verdicts in its table view' {
        $text = Sync-VerificationStatus -Market allegro-cz -OfferId 7000000003 -Workspace $ws | Format-Table | Out-String -Width 200
        $text | Should -Match '7000000003\s+allegro-cz\s+REFUSED\s+VQR099_SOMETHING_NEW\s+Approved\s+MarketRefused'
    }

    It 'refuses the base market' {
        { Sync-VerificationStatus -Market allegro-pl -Workspace $ws } | Should -Throw -ErrorId 'UnknownMarket,ListingPs.Commands.SyncVerificationStatusCommand'
    }
}

Describe 'Get-VerificationStatus -Marketplace' {
    # The workspace of the Sync-VerificationStatus block: verdicts synced for 7000000001 (approved), 7000000003 (refused with a
    # code ListingPs does not know), 7000000004 (refused by a later check), 7000000002 and 7000000010.
    It 'writes the marketplace''s verdicts beside the local ones, the marketplace''s State first' {
        $all = @(Get-VerificationStatus -Market allegro-cz -Marketplace -Workspace $ws)
        $all[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.MarketVerdict'
        $all.Count | Should -Be @(Get-VerificationStatus -Market allegro-cz -Workspace $ws).Count
        ($all | Where-Object OfferId -eq '7000000003').State | Should -Be 'Refused'           # Allegro's, though the local says Approved
        ($all | Where-Object OfferId -eq '7000000003').LocalState | Should -Be 'Approved'
    }

    It 'filters on <Name>' -TestCases @(
        @{ Name = 'the marketplace''s state'; Filter = @{ MarketState = 'Refused' }; Expected = @('7000000003', '7000000004') }
        @{ Name = 'a code ListingPs does not know'; Filter = @{ MarketReason = 'VQR099*' }; Expected = @('7000000003') }
        @{ Name = 'the disagreement'; Filter = @{ Disagreement = 'MarketRefused' }; Expected = @('7000000003', '7000000004') }
        @{ Name = 'a reason on either side'; Filter = @{ Marketplace = $true; Reason = 'VQR099_SOMETHING_NEW' }; Expected = @('7000000003') }
        @{ Name = 'the shown state'; Filter = @{ Marketplace = $true; State = 'Refused'; OfferId = '7000000003', '7000000001' }; Expected = @('7000000003') }
    ) {
        @(Get-VerificationStatus -Market allegro-cz -Workspace $ws @Filter).OfferId | Should -Be $Expected
    }
}

Describe 'Unpublish-Offer -Remote' {
    It 'refuses without -ShippingRate, explaining the only route the API has and naming the rates that would do' {
        { Unpublish-Offer -Market allegro-cz -OfferId 7000000001 -Remote -Workspace $ws } |
            Should -Throw -ErrorId 'AllegroWithdrawNeedsRate,ListingPs.Commands.UnpublishOfferCommand'
        try { Unpublish-Offer -Market allegro-cz -OfferId 7000000001 -Remote -Workspace $ws } catch { $_.Exception.Message | Should -Match "Rates of the account without one: 'Standard PL', 'PL \+ Węgry'" }
        (Get-VerificationStatus -Market allegro-cz -OfferId 7000000001 -Workspace $ws).State | Should -Not -Be 'Withdrawn'
        { Unpublish-Offer -Market allegro-cz -OfferId 7000000001 -Remote -ShippingRate 'PL + Czechy (DHL)' -Workspace $ws } |
            Should -Throw -ErrorId 'AllegroWithdrawNeedsRate,ListingPs.Commands.UnpublishOfferCommand'
    }

    It 'moves the offer to the rate named, says which markets it leaves, and sends nothing the second time' {
        $before = @(Get-Patch).Count
        $out = Get-VerificationStatus -Market allegro-cz -OfferId 7000000001 -Workspace $ws | Unpublish-Offer -Remote -ShippingRate 'Standard PL' -Workspace $ws
        $out.Outcome | Should -Be 'Sent'
        $out.Message | Should -Be "Moved to the shipping rate 'Standard PL' (it opens allegro-pl): the offer leaves allegro-cz, allegro-sk."
        (Get-FakeOffer 7000000001).ShippingRateId | Should -Be 'sr-standard'
        (Get-VerificationStatus -Market allegro-cz -OfferId 7000000001 -Workspace $ws).State | Should -Be 'Withdrawn'
        (Unpublish-Offer -Market allegro-cz -OfferId 7000000001 -Remote -ShippingRate 'Standard PL' -Workspace $ws).Outcome | Should -Be 'AlreadySent'
        @(Get-Patch).Count | Should -Be ($before + 1)
        (Get-Patch)[-1].Body | Should -Be '{"delivery":{"shippingRates":{"id":"sr-standard"}}}'
    }
}
