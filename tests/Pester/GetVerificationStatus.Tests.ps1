BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Get-VerificationStatus' {
    BeforeEach {
        $null = New-TestWorkspace
    }

    Context 'the seller''s market filter' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow F1), (New-OfferRow F2 -Translations ''), (New-OfferRow F3 -Status Inactive), (New-OfferRow F4))) | Import-Offer
            # Only an OfferId: the stored offers are shared as they are.
            $ids = Join-Path TestDrive: 'ids.csv'
            Set-Content $ids 'OfferId', 'F1', 'F2', 'F3'
            Import-Csv $ids | Submit-Offer -Market allegro-cz | Out-Null
        }

        It '<Filter> finds <Expected>' -TestCases @(
            @{ Filter = @{ State = 'Approved' }; Expected = @('F1') }
            @{ Filter = @{ State = 'Refused'; Reason = 'VQR002_LANGUAGE_NOT_AVAILABLE' }; Expected = @('F2') }
            @{ Filter = @{ OfferStatus = 'Inactive' }; Expected = @('F3') }
            @{ Filter = @{ State = 'Pending' }; Expected = @('F3') }
            @{ Filter = @{ State = 'NotRequested' }; Expected = @('F4') }
            @{ Filter = @{ State = 'Approved', 'Pending' }; Expected = @('F1', 'F3') }
            @{ Filter = @{ OfferId = 'F1', 'F2' }; Expected = @('F1', 'F2') }
            @{ Filter = @{ OfferId = 'F?' }; Expected = @('F1', 'F2', 'F3') }
            @{ Filter = @{ OfferId = 'f*'; State = 'Approved', 'Refused', 'Pending', 'NotRequested' }; Expected = @('F1', 'F2', 'F3', 'F4') }
            @{ Filter = @{ First = 1 }; Expected = @('F1') }
            @{ Filter = @{ Reason = 'VQR001_CURRENCY_NOT_AVAILABLE' }; Expected = @() }
        ) {
            @((Get-VerificationStatus -Market allegro-cz @Filter).OfferId) | Should -Be $Expected
        }

        It 'takes the market by position and lists every market without one' {
            (Get-VerificationStatus allegro-cz).OfferId | Should -Be @('F1', 'F2', 'F3')
            (Get-VerificationStatus).OfferId | Should -Be @('F1', 'F2', 'F3')
            Get-VerificationStatus -Market allegro-sk | Should -BeNullOrEmpty
        }

        It 'lists never-submitted offers as NotRequested on every market asked for' {
            $rows = Get-VerificationStatus -Market allegro-cz, allegro-sk -OfferId F4 -State NotRequested
            $rows.Market | Should -Be @('allegro-cz', 'allegro-sk')
            $rows.State | Should -Be @('NotRequested', 'NotRequested')
        }

        It 'binds the OfferId of piped offers' {
            (Get-Offer -Status Inactive | Get-VerificationStatus -Market allegro-cz).State | Should -Be 'Pending'
        }

        It 'refuses a market the rules do not define' {
            { Get-VerificationStatus -Market allegro-xx } | Should -Throw -ErrorId 'UnknownMarket,ListingPs.Commands.GetVerificationStatusCommand'
        }

        It 'warns about a reason code that does not exist, and finds nothing for it' {
            $found = Get-VerificationStatus -Market allegro-cz -Reason VQR999_NOPE -WarningVariable warned -WarningAction SilentlyContinue
            $found | Should -BeNullOrEmpty
            $warned.Message | Should -BeLike "Reason 'VQR999_NOPE' is not a known reason code*VQR001_CURRENCY_NOT_AVAILABLE*"
        }

        It 'refuses a state that does not exist' {
            { Get-VerificationStatus -State Rejected -ErrorAction Stop } | Should -Throw -ErrorId 'CannotConvertArgumentNoMessage,ListingPs.Commands.GetVerificationStatusCommand'
        }
    }

    Context 'tab completion' {
        It 'completes -Reason with the reason codes of the prefix' {
            $line = 'Get-VerificationStatus -Reason VQR00'
            (TabExpansion2 -inputScript $line -cursorColumn $line.Length).CompletionMatches.CompletionText | Should -Be @(
                'VQR001_CURRENCY_NOT_AVAILABLE', 'VQR002_LANGUAGE_NOT_AVAILABLE', 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE',
                'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH')
        }
    }

    Context 'what a record tells' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @(
                    (New-OfferRow OK),
                    (New-OfferRow BAD -AccountType Personal -SellingFormat Auction -DeliveryMethods 'allegro-dpd-pl'),
                    (New-OfferRow ONE -DeliveryMethods 'allegro-dpd-pl'))) |
                Submit-Offer -Market allegro-cz | Out-Null
        }

        It 'gives every reason with its code, message and what to change, and flat text of them' {
            $bad = Get-VerificationStatus -Market allegro-cz -OfferId BAD
            $bad.Reasons.Code | Should -Be @('LPS101_PERSONAL_ACCOUNT', 'LPS104_NOT_BUY_NOW', 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE')
            $bad.ReasonCodes | Should -Be 'LPS101_PERSONAL_ACCOUNT;LPS104_NOT_BUY_NOW;VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
            $bad.FirstReason | Should -Be 'LPS101_PERSONAL_ACCOUNT'
            $bad.Reasons | ForEach-Object { $_.Message | Should -Not -BeNullOrEmpty; $_.Hint | Should -Not -BeNullOrEmpty }
            $bad.Reasons.Hint | ForEach-Object { $bad.Hints.Contains($_) | Should -BeTrue -Because "Hints holds every hint ($_)" }
        }

        It 'counts the refusals by reason with Group-Object' {
            $counts = Get-VerificationStatus -Market allegro-cz -State Refused | ForEach-Object Reasons | Group-Object Code |
                Sort-Object Count, Name -Descending | Select-Object Count, Name
            $counts[0].Name | Should -Be 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
            $counts[0].Count | Should -Be 2
            ($counts | Measure-Object Count -Sum).Sum | Should -Be 4
        }

        It 'writes values, not type names, to a spreadsheet with Export-Csv' {
            $file = Join-Path TestDrive: 'allegro-cz-status.csv'
            Get-VerificationStatus -Market allegro-cz | Export-Csv $file -NoTypeInformation
            $text = Get-Content $file -Raw
            $text | Should -Not -Match 'ListingPs\.Core|System\.Collections|System\.Object'
            $rows = Import-Csv $file
            $rows.OfferId | Should -Be @('BAD', 'OK', 'ONE')
            $rows[0].ReasonCodes | Should -Be 'LPS101_PERSONAL_ACCOUNT;LPS104_NOT_BUY_NOW;VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
            $rows[0].Reasons | Should -Be $rows[0].ReasonCodes
            $rows[1].Price | Should -Be '229'
            $rows[1].Currency | Should -Be 'CZK'
            $rows[1].Delivery | Should -BeLike '*allegro-dhl-cz 99 CZK*'
            $rows[2].Hints | Should -Not -BeNullOrEmpty
        }

        It 'keeps the selected columns of a spreadsheet export' {
            $file = Join-Path TestDrive: 'columns.csv'
            Get-VerificationStatus -Market allegro-cz -State Refused | Select-Object OfferId, State, ReasonCodes, Hints, Price, Currency |
                Export-Csv $file -NoTypeInformation
            (Get-Content $file -First 1) | Should -Be '"OfferId","State","ReasonCodes","Hints","Price","Currency"'
            (Import-Csv $file).State | Should -Be @('Refused', 'Refused')
        }

        It 'round-trips through ConvertTo-Json and ConvertFrom-Json with its reasons' {
            $back = Get-VerificationStatus -Market allegro-cz -OfferId BAD | ConvertTo-Json -Depth 5 | ConvertFrom-Json
            $back.OfferId | Should -Be 'BAD'
            $back.Market | Should -Be 'allegro-cz'
            $back.Reasons.Code | Should -Be @('LPS101_PERSONAL_ACCOUNT', 'LPS104_NOT_BUY_NOW', 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE')
            $back.Reasons[0].Hint | Should -Not -BeNullOrEmpty
            $back.ReasonCodes | Should -Be 'LPS101_PERSONAL_ACCOUNT;LPS104_NOT_BUY_NOW;VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
        }
    }

    Context 'a large workspace, read in pages' {
        BeforeAll {
            $script:largeWs = New-TestWorkspace -Name 'large-status.db'
            $script:ids = 0..1119 | ForEach-Object { 'G{0:D5}' -f $_ }
            Import-Csv (New-OfferCsv -Rows ($script:ids | ForEach-Object { New-OfferRow $_ })) | Import-Offer
        }
        BeforeEach {
            $env:LISTINGPS_WORKSPACE = $script:largeWs
        }

        It 'streams every record once, in offer id order, past the first pages' {
            (Get-VerificationStatus -Market allegro-cz -State NotRequested).OfferId | Should -Be $script:ids
        }

        It '-First <First> stops after that many records' -TestCases @(@{ First = 50 }, @{ First = 51 }, @{ First = 1001 }) {
            (Get-VerificationStatus -Market allegro-cz -State NotRequested -First $First).OfferId | Should -Be $script:ids[0..($First - 1)]
        }

        It 'lets a pipeline fix what it reads' {
            $fixed = Get-VerificationStatus -Market allegro-cz -State NotRequested | Submit-Offer -Market allegro-cz
            $fixed.Count | Should -Be 1120
            @(Get-VerificationStatus -Market allegro-cz -State Approved).Count | Should -Be 1120
            Get-VerificationStatus -Market allegro-cz -State NotRequested | Should -BeNullOrEmpty
        }
    }

    Context 'common parameters' {
        BeforeEach {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow V1), (New-OfferRow V2 -Translations ''), (New-OfferRow V3 -Price '10.00'))) | Submit-Offer -Market allegro-cz | Out-Null
        }

        It '-OutVariable keeps every record while a later filter drops some' {
            $approved = Get-VerificationStatus -Market allegro-cz -OutVariable all | Where-Object State -EQ 'Approved'
            $all.OfferId | Should -Be @('V1', 'V2', 'V3')
            $approved.OfferId | Should -Be @('V1', 'V3')
        }

        It '-PipelineVariable holds the record each later command sees' {
            $lines = Get-VerificationStatus -Market allegro-cz -State Refused -PipelineVariable share |
                Set-OfferCzkPrice -Price 230 -PassThru -WarningAction SilentlyContinue |
                ForEach-Object { '{0}: {1} {2} -> {3} {4}' -f $share.OfferId, $share.State, $share.ReasonCodes, $_.State, $_.Price }
            $lines | Should -Be 'V2: Refused VQR002_LANGUAGE_NOT_AVAILABLE -> Refused 230'
        }
    }

    Context 'a second pwsh process' {
        It 'finds the records the first process committed' {
            Import-Csv (New-OfferCsv -Rows @((New-OfferRow S1 -Title 'Żółta łódź'), (New-OfferRow S2 -ProductId ''))) | Submit-Offer -Market allegro-cz | Out-Null
            $expected = Get-VerificationStatus -Market allegro-cz | ForEach-Object { '{0}:{1}:{2}:{3}' -f $_.OfferId, $_.State, $_.ReasonCodes, $_.Price }
            $lines = Invoke-ChildPwsh -ImportModule -StopOnError @'
Get-VerificationStatus -Market allegro-cz | ForEach-Object { '{0}:{1}:{2}:{3}' -f $_.OfferId, $_.State, $_.ReasonCodes, $_.Price }
(Get-Offer S1).Title
'@
            $LASTEXITCODE | Should -Be 0
            $lines | Should -Be (@($expected) + 'Żółta łódź')
            $lines[0..1] | Should -Be @('S1:Approved::229', 'S2:Refused:LPS105_NO_CATALOGUE_PRODUCT:229')
        }

        It 'sees a fix the first process made afterwards' {
            Import-Csv (New-OfferCsv -Rows (New-OfferRow S3 -Price '')) | Submit-Offer -Market allegro-cz | Out-Null
            Invoke-ChildPwsh -ImportModule -StopOnError '(Get-VerificationStatus -Market allegro-cz -OfferId S3).State' | Should -Be 'Refused'
            Import-Csv (New-OfferCsv -Rows (New-OfferRow S3 -Price '45.00')) | Import-Offer
            Invoke-ChildPwsh -ImportModule -StopOnError '(Get-VerificationStatus -Market allegro-cz -OfferId S3).State' | Should -Be 'Approved'
        }
    }
}
