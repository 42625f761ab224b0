BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-Outcome {
        <# One comparable line per share record: what a seller reads off it. #>
        param([Parameter(ValueFromPipeline)] $Record)
        process { '{0}|{1}|{2}|{3}|{4}' -f $Record.OfferId, $Record.State, $Record.ReasonCodes, $Record.Price, $Record.PriceSource }
    }
}

Describe 'Test-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
        $script:csv = New-OfferCsv -Rows @((New-OfferRow T1 -Price '45.00'), (New-OfferRow T2 -AccountType Personal -Translations ''), (New-OfferRow T3 -Price ''))
    }

    It 'gives the share records Submit-Offer would give and stores nothing' {
        $tested = Import-Csv $script:csv | Test-Offer -Market allegro-cz -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        $tested[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.ShareRecord'
        $tested.State | Should -Be @('Approved', 'Refused', 'Refused')
        $tested[0].Price | Should -Be 229
        $tested[1].Reasons.Code | Should -Be @('LPS101_PERSONAL_ACCOUNT', 'VQR002_LANGUAGE_NOT_AVAILABLE')
        Get-Offer | Should -BeNullOrEmpty
        Get-VerificationStatus | Should -BeNullOrEmpty
        $submitted = Import-Csv $script:csv | Submit-Offer -Market allegro-cz
        ($tested | Get-Outcome) | Should -Be ($submitted | Get-Outcome)
    }

    It 'tries an own price without changing the stored one' {
        Import-Csv $script:csv | Submit-Offer -Market allegro-cz | Out-Null
        $own = Test-Offer -Market allegro-cz -OfferId T1 -Price 240
        $own.Price | Should -Be 240
        $own.PriceSource | Should -Be 'Manual'
        $own.State | Should -Be 'Approved'
        $far = Test-Offer -Market allegro-cz -OfferId T1 -Price 150
        $far.State | Should -Be 'Refused'
        $far.ReasonCodes | Should -Be 'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH'
        $stored = Get-VerificationStatus -Market allegro-cz -OfferId T1
        $stored.Price | Should -Be 229
        $stored.PriceSource | Should -Be 'Converter'
    }

    It 'merges a stored offer with the input and leaves the stored offer as it was' {
        Import-Csv $script:csv | Import-Offer
        $tested = [pscustomobject]@{ OfferId = 'T1'; Price = '10.00' } | Test-Offer -Market allegro-cz
        $tested.Price | Should -Be 51
        $tested.State | Should -Be 'Approved' -Because 'the stored fields (product, delivery, translation) count'
        (Get-Offer T1).Price | Should -Be 45.00
    }

    It 'counts a stored own price and a stored automatic translation, as Submit-Offer does' {
        Import-Csv (New-OfferCsv -Rows (New-OfferRow A1 -Translations '')) | Submit-Offer -Market allegro-cz -AutoTranslate -Price 240 | Out-Null
        $tested = Get-Offer A1 | Test-Offer -Market allegro-cz
        $tested.State | Should -Be 'Approved'
        $tested.Translation | Should -Be 'Automatic'
        $tested.Price | Should -Be 240
        $tested.PriceSource | Should -Be 'Manual'
    }

    It 'checks the offers of a file given with -Path' {
        (Test-Offer -Market allegro-cz -Path $script:csv | Get-Outcome) | Should -Be (Import-Csv $script:csv | Test-Offer -Market allegro-cz | Get-Outcome)
        Get-Offer | Should -BeNullOrEmpty
    }

    It 'checks an offer given by fields on the command line, with -AutoTranslate and -ExchangeRate' {
        $rec = Test-Offer X1 -Market allegro-cz -BasePrice 45 -ProductId P -DeliveryMethods allegro-dhl-cz -AutoTranslate -ExchangeRate 5.5
        $rec.State | Should -Be 'Approved'
        $rec.Translation | Should -Be 'Automatic'
        $rec.Price | Should -Be 247    # 45 x 5.5 = 247.50 -> 247
        Get-Offer | Should -BeNullOrEmpty
    }

    It 'reads the Price column as the base price and MarketPrice as an own price when the rows bind by name' {
        $share = Join-Path TestDrive: 'try.csv'
        Set-Content $share 'OfferId,Price,MarketPrice,ProductId,DeliveryMethods,Translations', 'M1,100.00,,P,allegro-dhl-cz,cs-CZ', 'M2,100.00,450,P,allegro-dhl-cz,cs-CZ'
        $recs = Import-Csv $share | Test-Offer -Market allegro-cz -Condition New
        $recs.BasePrice | Should -Be @(100, 100)
        $recs.Price | Should -Be @(509, 450)
        $recs[1].Warnings | Should -BeLike 'PriceDeviation*'
    }

    It 'has no -WhatIf, since it changes nothing, and declares the share record as its output' {
        (Get-Command Test-Offer).Parameters.Keys | Should -Not -Contain 'WhatIf'
        (Get-Command Submit-Offer).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command Test-Offer).OutputType.Name | Should -Be 'ListingPs.Core.Model.ShareRecord'
    }

    It 'reports bad records as errors (-ErrorVariable) and checks the rest' {
        $bad = New-OfferCsv -Rows @((New-OfferRow G1), (New-OfferRow B1 -Price abc), (New-OfferRow G2))
        $recs = Import-Csv $bad | Test-Offer -Market allegro-cz -ErrorVariable errs -ErrorAction SilentlyContinue
        $recs.OfferId | Should -Be @('G1', 'G2')
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'InvalidOfferField,ListingPs.Commands.TestOfferCommand'
        { Import-Csv $bad | Test-Offer -Market allegro-cz -ErrorAction Stop } | Should -Throw -ErrorId 'InvalidOfferField,ListingPs.Commands.TestOfferCommand'
    }

    It 'says on the verbose stream how many would be refused and that nothing was stored' {
        $verbose = Import-Csv $script:csv | Test-Offer -Market allegro-cz -Verbose 4>&1 | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] }
        $verbose.Message | Should -Contain '[TestOffer] 3 offers checked against allegro-cz: 2 would be refused; nothing was stored.'
    }
}
