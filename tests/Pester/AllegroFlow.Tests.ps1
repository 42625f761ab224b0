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
    $null = New-TestWorkspace -Name 'assortment.db'
    $script:Untranslated = @(1..10000 | Where-Object { $_ % 97 -eq 0 } | ForEach-Object { [string](7000000000 + $_) })

    # the price-change and price-automation commands the fake received (each once, however often it was retried)
    function Get-FakeCommand { $all = Invoke-RestMethod -Uri "$($Fake.Address)/_fake/commands"; $all }

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
        # the delivery methods came from the offer's shipping rate on Allegro: the reason names the rate
        $polish = ($preflight | Where-Object OfferId -eq '7000000010').Reasons | Where-Object Code -like 'VQR003*'
        $polish.Message | Should -Be "The offer's shipping rate 'Standard PL' has no delivery method to CZ."
        $polish.Hint | Should -BeLike '*Get-AllegroShippingRate -Market allegro-cz*-ShippingRate*'
        (Get-Offer -OfferId 7000000010).ShippingRate | Should -Be 'Standard PL'
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
        $commands = @(Get-FakeCommand)
        $commands.Count | Should -BeGreaterThan 100
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

    It 'shows offers read, changes sent, answered and failed, and the expected time, while it shares' {
        # offers 250 apart have one base price: a crown more on three of them makes one command
        $price = (Get-VerificationStatus -Market allegro-cz -OfferId 7000000002).Price + 1
        $run = Invoke-InNewRunspace -Script "'7000000002', '7000000252', '7000000502' | ForEach-Object { [pscustomobject]@{ OfferId = `$_ } } | Submit-Offer -Market allegro-cz -Price $price -Remote -WarningAction SilentlyContinue"
        $run.Errors | Should -BeNullOrEmpty
        @($run.Output.Outcome) | Should -Be @('Sent', 'Sent', 'Sent')
        @($run.Output.CommandId | Sort-Object -Unique).Count | Should -Be 1 -Because 'one price, one command'
        $progress = @($run.Progress | Where-Object Activity -eq 'Sending offers to allegro-cz on Allegro')
        $progress | Should -Not -BeNullOrEmpty
        $progress.StatusDescription | Should -Contain '3 of 3 offers read, 3 of 3 changes sent, 3 answered, 0 failed'
        @($progress | Where-Object { $_.StatusDescription -like '*changes sent*' -and $_.SecondsRemaining -ge 0 }) | Should -Not -BeNullOrEmpty
        $progress[0].CurrentOperation | Should -BeLike '*9,000 price changes a minute and 150,000 an hour*'
        $progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'is stopped by Ctrl+C while Allegro works on a command, and the next run reads that command instead of sending again' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; CommandPolls = 1000000; OperationPolls = 0 }
        $before = @(Get-FakeCommand).Count
        $ps = [powershell]::Create()
        $price = (Get-VerificationStatus -Market allegro-cz -OfferId 7000000005).Price + 1
        $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; `$ids = '7000000005', '7000000255'; `$ids | ForEach-Object { [pscustomobject]@{ OfferId = `$_ } } | Submit-Offer -Market allegro-cz -Price $price -Remote")
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while (@(Get-FakeCommand).Count -eq $before -and -not $handle.IsCompleted -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        $ps.Streams.Error.Count | Should -Be 0          # (piping the open stream would wait for its end)
        $handle.IsCompleted | Should -BeFalse -Because 'Allegro has not finished the command'
        @(Get-FakeCommand).Count | Should -Be ($before + 1)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $handle.IsCompleted | Should -BeTrue
        $ps.Dispose()
        (Get-VerificationStatus -Market allegro-cz -OfferId 7000000005).Price | Should -Be $price -Because 'the local verdicts were stored before anything went to Allegro'
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; CommandPolls = 0; OperationPolls = 0 }
        $next = @('7000000005', '7000000255' | ForEach-Object { [pscustomobject]@{ OfferId = $_ } } | Submit-Offer -Market allegro-cz -Price $price -Remote -Verbose -WarningAction SilentlyContinue 4>&1)
        ($next | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message |
            Should -Contain '[SubmitOffer] 2 offers'' results of price commands an earlier run left under way were read from Allegro first.'
        @($next | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Outcome | Should -Be @('AlreadySent', 'AlreadySent')
        @(Get-FakeCommand).Count | Should -Be ($before + 1) -Because 'the stopped command is read, not sent again'
    }
}
