BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-OfferCzkPrice' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'an own price (-Price)' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow P1 -Price '45.00'), (New-OfferRow P2 -Price '45.00'))) | Submit-Offer -Market allegro-cz | Out-Null
        }

        It 'sets it, turns the converter off and verifies the offer again' {
            $own = Set-OfferCzkPrice -OfferId P1 -Price 240 -PassThru
            $own.GetType().FullName | Should -Be 'ListingPs.Core.Model.ShareRecord'
            $own.Market | Should -Be 'allegro-cz'
            $own.Price | Should -Be 240
            $own.Currency | Should -Be 'CZK'
            $own.PriceSource | Should -Be 'Manual'
            $own.State | Should -Be 'Approved'
            (Get-VerificationStatus -Market allegro-cz -OfferId P1).Price | Should -Be 240
            (Get-VerificationStatus -Market allegro-cz -OfferId P2).Price | Should -Be 229
        }

        It 'writes nothing without -PassThru' {
            Set-OfferCzkPrice P1, P2 -Price 235 | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(235, 235)
        }

        It 'refuses a price with decimals and changes nothing' {
            Set-OfferCzkPrice -OfferId P1 -Price 229.5 -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidPricePrecision,ListingPs.Commands.SetOfferCzkPriceCommand'
            $errs[0].ErrorDetails.RecommendedAction | Should -BeLike '*whole crowns*'
            $after = Get-VerificationStatus -Market allegro-cz -OfferId P1
            $after.Price | Should -Be 229
            $after.PriceSource | Should -Be 'Converter'
        }

        It 'keeps the own price when the offer is submitted again' {
            Set-OfferCzkPrice -OfferId P1 -Price 240
            (Import-Csv (New-OfferCsv -Rows (New-OfferRow P1 -Price '45.00')) | Submit-Offer -Market allegro-cz).Price | Should -Be 240
        }

        It '-UseConverter turns the converter back on' {
            Set-OfferCzkPrice -OfferId P1 -Price 240
            $back = Get-VerificationStatus -Market allegro-cz | Where-Object PriceSource -EQ 'Manual' | Set-OfferCzkPrice -UseConverter -PassThru
            $back.OfferId | Should -Be 'P1'
            $back.Price | Should -Be 229
            $back.PriceSource | Should -Be 'Converter'
        }
    }

    Context 'limits against the converted base price (100.00 PLN = 509.42 CZK)' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow D1 -Price '100.00')) | Import-Offer
        }

        It '<Price> CZK is <State> with <Warnings> warning(s)' -TestCases @(
            @{ Price = 500; State = 'Approved'; Warnings = 0 }
            @{ Price = 450; State = 'Approved'; Warnings = 1 }     # 11.66 % below: more than 10 %
            @{ Price = 560; State = 'Approved'; Warnings = 0 }     # 9.93 % above
            @{ Price = 400; State = 'Refused'; Warnings = 0 }      # 21.48 % below: more than 20 %
        ) {
            $rec = Set-OfferCzkPrice -OfferId D1 -Price $Price -PassThru -WarningAction SilentlyContinue
            $rec.State | Should -Be $State
            @($rec.Warnings).Count | Should -Be $Warnings
            if ($Warnings) { $rec.Warnings[0] | Should -BeLike 'PriceDeviation*' }
        }

        It 'refuses a price too far off with VQR009 and the limit as its parameter' {
            $refused = Set-OfferCzkPrice -OfferId D1 -Price 400 -PassThru
            @($refused.Reasons).Count | Should -Be 1
            $refused.Reasons[0].Code | Should -Be 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'
            $refused.Reasons[0].Parameters['maxAllowedPriceDecreasePercent'] | Should -Be '20'
            $refused.Reasons[0].Hint | Should -Not -BeNullOrEmpty
        }

        It 'sums up the warned records on the warning stream' {
            Set-OfferCzkPrice -OfferId D1 -Price 450 -WarningVariable warned -WarningAction SilentlyContinue
            $warned.Message | Should -Be '[SetOfferCzkPrice] 1 of 1 repriced offers on allegro-cz carry a warning (see the Warnings of their share records).'
        }
    }

    Context 'the price converter (-UseConverter)' {
        It 'rounds <Converted> CZK to <Expected> (base 100.00 PLN, rate <Rate>)' -TestCases @(
            @{ Rate = 2.2935; Converted = '229.35'; Expected = 229 }
            @{ Rate = 2.2950; Converted = '229.50'; Expected = 229 }
            @{ Rate = 2.2951; Converted = '229.51'; Expected = 230 }
            @{ Rate = 2.29504; Converted = '229.504 (229.50 in cents)'; Expected = 229 }
            @{ Rate = 42.0051; Converted = '4200.51'; Expected = 4201 }
            @{ Rate = 5.0942; Converted = '509.42'; Expected = 509 }
        ) {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow R1 -Price '100.00')) | Import-Offer
            $rec = Set-OfferCzkPrice -OfferId R1 -UseConverter -ExchangeRate $Rate -PassThru
            $rec.Price | Should -Be $Expected
            $rec.ExchangeRate | Should -Be $Rate
            $rec.PriceSource | Should -Be 'Converter'
        }

        It 'needs the PLN price first: no base price is an error and changes nothing' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow N1 -Price '')) | Import-Offer
            Set-OfferCzkPrice -OfferId N1 -UseConverter -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'NoBasePrice,ListingPs.Commands.SetOfferCzkPriceCommand'
            (Get-VerificationStatus -Market allegro-cz -OfferId N1 -State Approved, Refused, Pending, NotRequested).State | Should -Be 'NotRequested'
        }
    }

    Context 'records that went through a file' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow X1 -Price '45.00'), (New-OfferRow X2 -Price '10.00'), (New-OfferRow X3 -Price '12.00'))) | Import-Offer
            Invoke-VisibilityCheck -Market allegro-cz | Out-Null
        }

        It 'takes the rows of an Export-Csv file of Get-VerificationStatus back by OfferId' {
            $file = Join-Path TestDrive: 'refused.csv'
            Get-VerificationStatus -Market allegro-cz -State Refused -Reason VQR001_CURRENCY_NOT_AVAILABLE | Export-Csv $file
            $rows = Import-Csv $file
            $rows.OfferId | Should -Be @('X1', 'X2', 'X3')
            $rows[0].ReasonCodes | Should -Be 'VQR001_CURRENCY_NOT_AVAILABLE'
            $rows | Where-Object OfferId -NE 'X3' | Set-OfferCzkPrice -UseConverter
            (Get-VerificationStatus -Market allegro-cz).State | Should -Be @('Approved', 'Approved', 'Refused')
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(229, 51, $null)
        }

        It 'takes the Excel-style ";" file a seller edited back, with their own prices' {
            $file = Join-Path TestDrive: 'to-fix.csv'
            Get-VerificationStatus -Market allegro-cz -State Refused | Select-Object OfferId, ReasonCodes | Export-Csv $file -Delimiter ';' -Encoding utf8BOM
            Import-Csv $file -Delimiter ';' | Set-OfferCzkPrice -Price 60 -WarningAction SilentlyContinue
            (Get-VerificationStatus -Market allegro-cz -OfferId X2).Price | Should -Be 60
            (Get-VerificationStatus -Market allegro-cz -OfferId X2).State | Should -Be 'Approved'
        }

        It 'takes records back from ConvertTo-Json and ConvertFrom-Json' {
            $json = Get-VerificationStatus -Market allegro-cz -State Refused | ConvertTo-Json -Depth 5
            $json | Set-Content (Join-Path TestDrive: 'refused.json')
            $back = Get-Content (Join-Path TestDrive: 'refused.json') -Raw | ConvertFrom-Json
            $back.OfferId | Should -Be @('X1', 'X2', 'X3')
            $fixed = $back | Set-OfferCzkPrice -UseConverter -PassThru
            $fixed.Price | Should -Be @(229, 51, 61)     # 12 x 5.0942 = 61.13 -> 61
            $fixed.State | Should -Be @('Approved', 'Approved', 'Approved')
        }
    }

    Context 'a withdrawn offer' {
        It 'stores the price but stays withdrawn, with a warning, until Submit-Offer shares it again' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow U1)) | Submit-Offer -Market allegro-cz | Out-Null
            Unpublish-Offer -Market allegro-cz -OfferId U1
            $rec = Set-OfferCzkPrice -OfferId U1 -Price 235 -PassThru -WarningAction SilentlyContinue
            $rec.State | Should -Be 'Withdrawn'
            $rec.Price | Should -Be 235
            $rec.Warnings | Should -BeLike 'Withdrawn*'
            $again = Get-Offer U1 | Submit-Offer -Market allegro-cz
            $again.State | Should -Be 'Approved'
            $again.Price | Should -Be 235
        }
    }

    Context 'common parameters' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow C1), (New-OfferRow C2))) | Submit-Offer -Market allegro-cz | Out-Null
        }

        It '-WhatIf changes no price' {
            Set-OfferCzkPrice -OfferId C1, C2 -Price 240 -PassThru -WhatIf | Should -BeNullOrEmpty
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(229, 229)
            (Get-VerificationStatus -Market allegro-cz).PriceSource | Should -Be @('Converter', 'Converter')
        }

        It '-Confirm:$false sets the price without asking' {
            (Set-OfferCzkPrice -OfferId C1 -Price 240 -PassThru -Confirm:$false).Price | Should -Be 240
        }

        It '-ErrorVariable collects an unknown offer and the other offers are priced' {
            $recs = Set-OfferCzkPrice -OfferId C1, NOPE, C2 -Price 240 -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
            $recs.OfferId | Should -Be @('C1', 'C2')
            $errs.Count | Should -Be 1
            $errs[0].FullyQualifiedErrorId | Should -Be 'OfferNotFound,ListingPs.Commands.SetOfferCzkPriceCommand'
            $errs[0].TargetObject | Should -Be 'NOPE'
        }

        It '-ErrorAction Stop ends at the first offer that fails' {
            { Set-OfferCzkPrice -OfferId C1, NOPE, C2 -Price 240 -ErrorAction Stop } |
                Should -Throw -ErrorId 'OfferNotFound,ListingPs.Commands.SetOfferCzkPriceCommand'
            (Get-VerificationStatus -Market allegro-cz).Price | Should -Be @(240, 229)
        }

        It 'needs one of -Price and -UseConverter' {
            { Set-OfferCzkPrice -OfferId C1 -Price 240 -UseConverter -ErrorAction Stop } | Should -Throw -ErrorId 'AmbiguousParameterSet,ListingPs.Commands.SetOfferCzkPriceCommand'
        }
    }
}

# Prices on Allegro itself, against the contract fake (tests/AllegroFake): the local price set and verified as above, then
# the offers sent in bulk price-change commands at the end of the pipeline, one result per offer once its command's tasks
# are read; a storm of 429s and some 500s in the middle, a rerun that sends nothing twice, Ctrl+C and the run after it, the
# price converter as Allegro's EXCHANGE_RATE rule.
Describe 'Set-OfferCzkPrice -Remote' {
    BeforeAll {
        $script:Fake = Start-AllegroFake
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0 }
        Invoke-RestMethod -Method Post -Uri "$($Fake.Address)/_fake/offers?count=1200" | Out-Null
        $null = Connect-AllegroAccount -ErrorAction Stop
        $script:ws = New-TestWorkspace -Name 'remote-prices.db'
        Import-Offer -FromAllegro
        # The seller's list of offers to reprice, as a file (real Import-Csv / Export-Csv).
        $script:ids = Join-Path $TestDrive 'reprice.csv'
        Get-Offer | Select-Object OfferId | Export-Csv $ids

        function Get-FakeCommand { @(Invoke-RestMethod -Uri "$($Fake.Address)/_fake/commands") }
        function Get-Put { @(Get-AllegroFakeRequest $Fake | Where-Object { $_.Method -eq 'PUT' }) }
    }

    AfterAll {
        Stop-AllegroFake $script:Fake
    }

    BeforeEach {
        $env:LISTINGPS_WORKSPACE = $ws
    }

    It 'sends nothing with -WhatIf, and changes no local price' {
        Import-Csv $ids | Select-Object -First 3 | Set-OfferCzkPrice -Price 640 -Remote -WhatIf | Should -BeNullOrEmpty
        Get-Put | Should -BeNullOrEmpty
        Get-VerificationStatus -Market allegro-cz | Should -BeNullOrEmpty
    }

    It 'refuses -Environment and -Credential without -Remote, and a market Allegro does not price this way' {
        { Set-OfferCzkPrice -OfferId 7000000001 -Price 640 -Environment Sandbox } | Should -Throw -ErrorId 'RemoteParameterWithoutRemote,ListingPs.Commands.SetOfferCzkPriceCommand'
        Set-OfferPrice -Market allegro-pl -OfferId 7000000001 -Price 99 -Remote -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroMarketNotSupported,ListingPs.Commands.SetOfferPriceCommand'
        Get-Put | Should -BeNullOrEmpty
    }

    It 'takes a market as Allegro''s by its platform in the rules, not by its id' {
        # Rules with two more additional markets of allegro-pl: an Allegro one whose id does not start with "allegro-", and
        # an Amazon one whose id does.
        $dir = New-Item -ItemType Directory -Path (Join-Path $TestDrive 'platform-rules')
        Copy-Item (Join-Path (Split-Path $script:ModuleManifest) 'rules/*') $dir
        @'
version: 1
markets:
  - { id: shop-cz, name: Shop CZ, platform: allegro, region: allegro, country: CZ, currency: CZK, language: cs-CZ, shareFrom: allegro-pl,
      policy: { deliveryMethods: { allegro-dhl-cz: { name: DHL CZ, price: 99 } } } }
  - { id: allegro-lookalike, name: Not Allegro, platform: amazon, region: EU, country: CZ, currency: CZK, language: cs-CZ, shareFrom: allegro-pl,
      policy: { deliveryMethods: { allegro-dhl-cz: { name: DHL CZ, price: 99 } } } }
'@ | Set-Content (Join-Path $dir 'zz-platforms.yaml')
        $id = (Import-Csv $ids | Select-Object -First 1).OfferId
        Set-OfferPrice -Market allegro-lookalike -OfferId $id -Price 640 -Remote -WhatIf -RulePath $dir -ErrorVariable errs -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroMarketNotSupported,ListingPs.Commands.SetOfferPriceCommand'
        Set-OfferPrice -Market shop-cz -OfferId $id -Price 640 -Remote -WhatIf -RulePath $dir -ErrorVariable errs2 -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        $errs2 | Should -BeNullOrEmpty -Because 'shop-cz is on the Allegro platform'
        Get-Put | Should -BeNullOrEmpty
    }

    It 'sets 1,200 prices in two commands through a 429 storm and 500s in the middle: one result per offer, nothing sent twice' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; RetryAfterSeconds = 0; CommandThrottleNext = 3; CommandFailNext = 2; CommandPolls = 2 }
        $out = Join-Path $TestDrive 'results.csv'
        Import-Csv $ids | Set-OfferCzkPrice -Price 640 -Remote -ErrorVariable errs -WarningVariable warned -WarningAction SilentlyContinue | Export-Csv $out
        $errs | Should -BeNullOrEmpty
        $results = @(Import-Csv $out)
        $results.Count | Should -Be 1200
        @($results.OfferId | Sort-Object -Unique).Count | Should -Be 1200
        @($results | Where-Object Outcome -ne 'Changed') | Should -BeNullOrEmpty
        $results[0].Price | Should -Be '640'
        $results[0].Currency | Should -Be 'CZK'
        $results[0].Warnings | Should -BeLike '*pricing rules on allegro-cz (Allegro #10697)*'
        @($results.CommandId | Sort-Object -Unique).Count | Should -Be 2
        @($warned.Message) -like '*1200 offers got a price by hand on Allegro*#10697*' | Should -Not -BeNullOrEmpty
        $commands = Get-FakeCommand
        $commands.Count | Should -Be 2 -Because 'the retried PUTs are the same two commands'
        @($commands | ForEach-Object { $_.Tasks.Count } | Sort-Object -Descending) | Should -Be @(1000, 200)
        @($commands.Tasks.OfferId | Sort-Object -Unique).Count | Should -Be 1200 -Because 'no offer is in two commands'
        (Invoke-RestMethod -Uri "$($Fake.Address)/_fake/offers/7000000007").Patches | Should -Be 1
        (Invoke-RestMethod -Uri "$($Fake.Address)/_fake/offers/7000000007").Markets.'allegro-cz'.Amount | Should -Be '640'
        @(Get-AllegroFakeRequest $Fake | Where-Object { $_.Path -like '/sale/offer-price-change-commands/*/tasks' }).Count | Should -BeGreaterOrEqual 2
        # the local price is set and verified as without -Remote, and Allegro's price stored beside it
        (Get-VerificationStatus -Market allegro-cz -OfferId 7000000007).Price | Should -Be 640
        (Get-VerificationStatus -Market allegro-cz -OfferId 7000000007 | Sync-VerificationStatus -Market allegro-cz).MarketPrice | Should -Be 640
    }

    It 'sends only what is missing when run again' {
        $before = (Get-FakeCommand).Count
        $again = @(Import-Csv $ids | Select-Object -First 20 | Set-OfferCzkPrice -Price 640 -Remote)
        $again.Count | Should -Be 20
        $again.Outcome | Sort-Object -Unique | Should -Be 'AlreadySet'
        (Get-FakeCommand).Count | Should -Be $before
    }

    It 'names an offer Allegro does not hold in a non-terminating error, and sets the others' {
        Import-Offer -OfferId LOCAL-1 -Price 100
        $out = @('LOCAL-1', '7000000001' | ForEach-Object { [pscustomobject]@{ OfferId = $_ } } |
            Set-OfferCzkPrice -Price 650 -Remote -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'AllegroPriceChangeFailed,ListingPs.Commands.SetOfferCzkPriceCommand'
        $errs[0].TargetObject | Should -Be 'LOCAL-1'
        "$($errs[0])" | Should -BeLike '*LOCAL-1*The offer does not exist.*'
        ($out | Where-Object OfferId -eq 'LOCAL-1').Outcome | Should -Be 'Failed'
        ($out | Where-Object OfferId -eq '7000000001').Outcome | Should -Be 'Changed'
    }

    It 'shows what is sent, answered and failed and the time the rest takes at Allegro''s limits' {
        $run = Invoke-InNewRunspace -Script "Set-OfferCzkPrice -OfferId 7000000002, 7000000003 -Price 660 -Remote -Workspace '$ws' -WarningAction SilentlyContinue"
        $run.Errors | Should -BeNullOrEmpty
        $run.Output.Count | Should -Be 2
        $progress = @($run.Progress | Where-Object Activity -eq 'Sending prices to Allegro')
        $progress | Should -Not -BeNullOrEmpty
        $progress[0].StatusDescription | Should -Be '2 of 2 offers read, 0 of 2 changes sent, 0 answered, 0 failed'
        $progress[0].CurrentOperation | Should -BeLike '*9,000 price changes a minute and 150,000 an hour*'
        $progress[0].SecondsRemaining | Should -Be 0 -Because 'two changes go at once within the limits'
        @($progress | Where-Object StatusDescription -eq '2 of 2 offers read, 2 of 2 changes sent, 2 answered, 0 failed') | Should -Not -BeNullOrEmpty
        $progress[-1].RecordType | Should -Be 'Completed'
    }

    It 'is stopped by Ctrl+C while Allegro works on a command, and the next run reads that command instead of sending again' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; CommandPolls = 1000000 }
        $before = (Get-FakeCommand).Count
        $ps = [powershell]::Create()
        $null = $ps.AddScript("Import-Module '$script:ModuleManifest'; Set-OfferCzkPrice -OfferId 7000000004, 7000000005 -Price 670 -Remote -Workspace '$ws'")
        $handle = $ps.BeginInvoke()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        while ((Get-FakeCommand).Count -eq $before -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 100 }
        (Get-FakeCommand).Count | Should -Be ($before + 1)
        $clock = [Diagnostics.Stopwatch]::StartNew()
        $ps.Stop()
        $clock.Elapsed.TotalSeconds | Should -BeLessThan 10
        $handle.IsCompleted | Should -BeTrue
        $ps.Dispose()
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; CommandPolls = 0 }
        $next = @(Set-OfferCzkPrice -OfferId 7000000004, 7000000005 -Price 670 -Remote -Verbose -WarningAction SilentlyContinue 4>&1)
        ($next | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }).Message | Should -Contain '[SetOfferCzkPrice] 2 offers'' results of commands an earlier run left under way were read from Allegro (0 failed).'
        @($next | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).Outcome | Should -Be @('AlreadySet', 'AlreadySet')
        (Get-FakeCommand).Count | Should -Be ($before + 1) -Because 'the stopped command is read, not sent again'
    }

    It '-UseConverter -Remote assigns the account''s EXCHANGE_RATE rule per market instead of sending prices' {
        $puts = (Get-Put).Count
        $assigned = @(Set-OfferCzkPrice -OfferId 7000000011, 7000000012 -UseConverter -Remote)
        $assigned.Outcome | Should -Be @('ConverterAssigned', 'ConverterAssigned')
        (Get-Put).Count | Should -Be $puts
        $post = @(Get-AllegroFakeRequest $Fake | Where-Object { $_.Method -eq 'POST' -and $_.Path -eq '/sale/offer-price-automation-commands' })[-1]
        ($post.Body | ConvertFrom-Json).modification.set[0].rule.id | Should -Be 'c41c73feaef0a8281a3d11f8'
        ($post.Body | ConvertFrom-Json).modification.set[0].marketplace.id | Should -Be 'allegro-cz'
        (Get-VerificationStatus -Market allegro-cz -OfferId 7000000011).PriceSource | Should -Be 'Converter'
        (Set-OfferCzkPrice -OfferId 7000000011 -Converter -Remote).Outcome | Should -Be 'ConverterAlreadySet'
    }

    It 'ends with an error naming what to set up when the account has no price converter' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0; NoExchangeRateRule = $true }
        { Set-OfferCzkPrice -OfferId 7000000013 -UseConverter -Remote -ErrorAction Stop } |
            Should -Throw -ErrorId 'AllegroPricingRuleMissing,ListingPs.Commands.SetOfferCzkPriceCommand'
        { Set-OfferCzkPrice -OfferId 7000000013 -UseConverter -Remote -ErrorAction Stop } | Should -Throw '*EXCHANGE_RATE*Price Converter*'
    }

    It 'Set-OfferPrice -Remote sets a EUR price on allegro-sk the same way' {
        Set-AllegroFake $Fake @{ Interval = 0; PendingPolls = 0 }
        $sk = Set-OfferPrice -Market allegro-sk -OfferId 7000000014 -Price 24.99 -Remote -WarningAction SilentlyContinue
        $sk.Outcome | Should -Be 'Changed'
        $sk.Currency | Should -Be 'EUR'
        (Invoke-RestMethod -Uri "$($Fake.Address)/_fake/offers/7000000014").Markets.'allegro-sk'.Amount | Should -Be '24.99'
    }
}
