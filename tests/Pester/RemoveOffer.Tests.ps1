BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-AnyShare {
        <# Every share record of an offer on allegro-cz, whatever its state. #>
        param([string] $OfferId)
        Get-VerificationStatus -Market allegro-cz -OfferId $OfferId -State Approved, Refused, Pending, InProgress, NotRequested, Withdrawn
    }
}

Describe 'Remove-Offer' {
    BeforeEach {
        $null = New-TestWorkspace
        Import-Csv (New-OfferCsv -Rows @(
                (New-OfferRow R1), (New-OfferRow R2 -SellingFormat Auction), (New-OfferRow R3 -Status Inactive), (New-OfferRow R4))) |
            Submit-Offer -Market allegro-cz | Out-Null
    }

    It 'removes an offer and its shares with -Force' {
        Remove-Offer -OfferId R1 -Force
        Get-Offer R1 | Should -BeNullOrEmpty
        Get-AnyShare R1 | Should -BeNullOrEmpty
        (Get-Offer).OfferId | Should -Be @('R2', 'R3', 'R4')
    }

    It 'removes several offers given by position' {
        Remove-Offer R1, R4 -Force
        (Get-Offer).OfferId | Should -Be @('R2', 'R3')
    }

    It 'removes without asking with -Confirm:$false' {
        Remove-Offer -OfferId R1 -Confirm:$false
        Get-Offer R1 | Should -BeNullOrEmpty
    }

    It 'removes nothing with -WhatIf, even with -Force' {
        Remove-Offer -OfferId R1, R2 -WhatIf
        Remove-Offer -OfferId R1 -WhatIf -Force
        (Get-Offer).OfferId | Should -Be @('R1', 'R2', 'R3', 'R4')
        (Get-AnyShare R1).State | Should -Be 'Approved'
    }

    It 'asks for confirmation by default (High impact): a non-interactive session cannot answer, so nothing is removed' {
        $lines = Invoke-ChildPwsh -ImportModule "Remove-Offer -OfferId R1; 'left: ' + @(Get-Offer R1).Count"
        ($lines -join "`n") | Should -Match 'NonInteractive'
        $lines | Should -Contain 'left: 1'
        (Get-Offer R1).OfferId | Should -Be 'R1'
    }

    It 'takes the share records of the seller''s filter from the pipeline' {
        Get-VerificationStatus -Market allegro-cz -Reason LPS104_NOT_BUY_NOW | Remove-Offer -Confirm:$false
        (Get-Offer).OfferId | Should -Be @('R1', 'R3', 'R4')
    }

    It 'takes offers from the pipeline' {
        Get-Offer -Status Inactive | Remove-Offer -Force
        (Get-Offer).OfferId | Should -Be @('R1', 'R2', 'R4')
    }

    It 'takes the OfferId column of an Import-Csv file' {
        $path = Join-Path TestDrive: 'remove.csv'
        Set-Content $path 'OfferId', 'R2', 'R4'
        Import-Csv $path | Remove-Offer -Force
        (Get-Offer).OfferId | Should -Be @('R1', 'R3')
    }

    It 'reports an id that is not in the workspace and removes the others (-ErrorVariable)' {
        Remove-Offer -OfferId R1, NOPE, R4 -Force -ErrorVariable errs -ErrorAction SilentlyContinue
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'OfferNotFound,ListingPs.Commands.RemoveOfferCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $errs[0].TargetObject | Should -Be 'NOPE'
        (Get-Offer).OfferId | Should -Be @('R2', 'R3')
    }

    It 'stops at an unknown id with -ErrorAction Stop' {
        { Remove-Offer -OfferId R1, NOPE, R4 -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'OfferNotFound,ListingPs.Commands.RemoveOfferCommand'
        (Get-Offer).OfferId | Should -Be @('R2', 'R3', 'R4')
    }

    It 'commits the removal: a second pwsh process no longer finds the offer' {
        Remove-Offer -OfferId R1 -Force
        Invoke-ChildPwsh -ImportModule '(Get-Offer).OfferId -join ","' | Should -Be 'R2,R3,R4'
    }
}
