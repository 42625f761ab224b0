# Tab completion as the console asks for it (TabExpansion2 on a command line, completed at its end), filtered by what was
# typed: market ids and rule values from the rules, reason codes, enum values, and offer and connection ids from the
# workspace the command line names (or $env:LISTINGPS_WORKSPACE).

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Get-Completion {
        <# The completion texts TabExpansion2 offers for the line, completed at its end. #>
        param([Parameter(Mandatory)] [string] $Line, [switch] $ToolTip)
        $found = (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
        if ($ToolTip) { @($found.ToolTip) } else { @($found.CompletionText) }
    }
}

Describe 'Market ids complete from the rules' {
    It '<Line> completes to exactly <Expected>' -TestCases @(
        @{ Line = 'Submit-Offer -Market allegro-c'; Expected = @('allegro-cz') }
        @{ Line = 'Get-Market amazon-d'; Expected = @('amazon-de') }
        @{ Line = 'Export-ListingReport -Market allegro-c'; Expected = @('allegro-cz') }
        @{ Line = 'Invoke-VisibilityCheck -Market ALLEGRO-C'; Expected = @('allegro-cz') }
        @{ Line = 'New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-c'; Expected = @('amazon-ca') }
    ) {
        Get-Completion $Line | Should -Be $Expected
    }

    It 'offers the additional markets, not the base market, for sharing' {
        $additional = Get-Completion 'Submit-Offer -Market '
        $additional | Should -Contain 'allegro-cz'
        $additional | Should -Contain 'allegro-sk'
        $additional | Should -Contain 'allegro-hu'
        $additional | Should -Not -Contain 'allegro-pl' -Because 'the base market takes no shared offers'
    }

    It 'offers the base market where every market is meant' {
        Get-Completion 'Get-Market -Id allegro-p' | Should -Contain 'allegro-pl'
    }

    It 'offers the markets matching the prefix only' {
        $amazon = Get-Completion 'New-MarketConnection -SourceMarket amazon-u'
        $amazon | Should -Contain 'amazon-us'
        $amazon | Should -Contain 'amazon-uk'
        $amazon | ForEach-Object { $_ | Should -BeLike 'amazon-u*' }
    }
}

Describe 'Reason codes complete by prefix' {
    It 'completes the VQR codes' {
        Get-Completion 'Get-VerificationStatus -Reason VQR0' | Should -Be @(
            'VQR001_CURRENCY_NOT_AVAILABLE', 'VQR002_LANGUAGE_NOT_AVAILABLE', 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE',
            'VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH', 'VQR010_SAURON_LEVEL_LOW')
    }

    It 'completes one code after other parameters' {
        Get-Completion 'Get-VerificationStatus -Market allegro-cz -Reason LPS104' | Should -Be @('LPS104_NOT_BUY_NOW')
    }

    It 'offers all twelve codes on an empty value' {
        $all = Get-Completion 'Get-VerificationStatus -Reason '
        $all.Count | Should -Be 12
        $all | Should -Contain 'LPS101_PERSONAL_ACCOUNT'
        $all | Should -Contain 'LPS107_CATEGORY_UNAVAILABLE'
    }

    It 'completes the reasons of a connection report' {
        Get-Completion 'Get-ConnectionReport -Reason No' | Should -Be @('NoDetailPage', 'NoSourcePrice')
    }
}

Describe 'States and statuses complete from their values' {
    It '<Line> completes to exactly <Expected>' -TestCases @(
        @{ Line = 'Get-VerificationStatus -State Ref'; Expected = @('Refused') }
        @{ Line = 'Get-VerificationStatus -State InP'; Expected = @('InProgress') }
        @{ Line = 'Get-Offer -Status In'; Expected = @('Inactive') }
        @{ Line = 'Get-VerificationStatus -OfferStatus E'; Expected = @('Ended') }
        @{ Line = 'Get-ConnectionReport -Status Not'; Expected = @('NotSynchronized') }
    ) {
        Get-Completion $Line | Should -Be $Expected
    }

    It 'offers every verification state' {
        $states = Get-Completion 'Get-VerificationStatus -State '
        foreach ($s in 'Approved', 'Refused', 'Pending', 'InProgress', 'NotRequested', 'Withdrawn') { $states | Should -Contain $s }
    }
}

Describe 'Rule values complete: categories, delivery methods, currencies, regions, formats, languages' {
    It '<Line> completes to exactly <Expected>' -TestCases @(
        @{ Line = 'Get-ExchangeRate -From PL'; Expected = @('PLN') }
        @{ Line = 'Get-Market -Region E'; Expected = @('EU') }
        @{ Line = 'Import-Offer -SellingFormat Au'; Expected = @('Auction') }
    ) {
        Get-Completion $Line | Should -Be $Expected
    }

    It '<Line> offers <Expected>' -TestCases @(
        @{ Line = 'Import-Offer -Category Motor'; Expected = 'Motoryzacja/Pojazdy' }
        @{ Line = 'Import-Offer -Category Książ'; Expected = "'Książki i Komiksy'" } # quoted: it has spaces
        @{ Line = 'Import-Offer -Translations cs'; Expected = 'cs-CZ' }
    ) {
        Get-Completion $Line | Should -Contain $Expected
    }

    It 'completes delivery methods by prefix' {
        $lockers = Get-Completion 'Submit-Offer -Market allegro-cz -DeliveryMethods packeta-l'
        $lockers | Should -Contain 'packeta-locker-cz'
        $lockers | ForEach-Object { $_ | Should -BeLike 'packeta-locker-*' }
    }
}

Describe 'Offer ids complete from the workspace' {
    BeforeAll {
        $ws = Join-Path (Get-PSDrive TestDrive).Root 'complete offers.db'
        'PL-001', 'PL-002', 'PL-010', 'CZ 7', 'pl-lower' |
            ForEach-Object { [pscustomobject]@{ OfferId = $_; Title = 'Title ' + $_; Price = '10' } } |
            Import-Offer -Workspace $ws -ErrorAction Stop
        # The session's default workspace is another, empty one: the ids come from the workspace the command line names.
        $null = New-TestWorkspace
    }

    It '<Line> completes to exactly <Expected>' -TestCases @(
        @{ Line = 'Get-Offer -Workspace $ws -OfferId PL-00'; Expected = @('PL-001', 'PL-002') }
        @{ Line = 'Set-OfferCzkPrice -Workspace $ws -UseConverter -OfferId PL-0'; Expected = @('PL-001', 'PL-002', 'PL-010') }
        @{ Line = 'Remove-Offer -Workspace $ws -OfferId CZ'; Expected = @("'CZ 7'") } # quoted: it has a space
        @{ Line = 'Unpublish-Offer -Workspace $ws -Market allegro-cz -OfferId PL-L'; Expected = @('pl-lower') } # any case
        @{ Line = 'Get-VerificationStatus -Workspace $ws -OfferId PL-01'; Expected = @('PL-010') }
        @{ Line = 'Import-Offer -Workspace $ws -OfferId PL-002'; Expected = @('PL-002') }
        @{ Line = 'Get-Offer -Workspace $ws PL-00'; Expected = @('PL-001', 'PL-002') } # the positional -OfferId
    ) {
        Get-Completion $Line.Replace('$ws', "'$ws'") | Should -Be $Expected
    }

    It 'shows the title and market of the offer as the tooltip' {
        Get-Completion "Get-Offer -Workspace '$ws' -OfferId PL-001" -ToolTip | Should -Be @('Title PL-001 (allegro-pl)')
    }

    It 'reads the default workspace of $env:LISTINGPS_WORKSPACE when the line names none' {
        Get-Completion 'Get-Offer -OfferId PL-00' | Should -BeNullOrEmpty
        $env:LISTINGPS_WORKSPACE = $ws
        Get-Completion 'Get-Offer -OfferId PL-00' | Should -Be @('PL-001', 'PL-002')
    }

    It 'offers nothing from a workspace that does not exist, and does not create it' {
        $missing = Join-Path (Get-PSDrive TestDrive).Root 'none.db'
        Get-Completion "Get-Offer -Workspace '$missing' -OfferId PL" | Should -BeNullOrEmpty
        Test-Path $missing | Should -BeFalse
    }
}

Describe 'Connection ids complete from the workspace' {
    BeforeAll {
        $ws = Join-Path (Get-PSDrive TestDrive).Root 'complete-connections.db'
        $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -Workspace $ws -ErrorAction Stop
        $null = New-TestWorkspace
    }

    It 'completes the ids of the connections' {
        $ids = Get-Completion "Get-ConnectionReport -Workspace '$ws' -ConnectionId C0"
        $ids | Should -Be @('C001')
    }

    It 'completes them for a report too' {
        Get-Completion "Export-ListingReport -Workspace '$ws' -Path x.html -ConnectionId C" | Should -Contain 'C001'
    }

    It 'offers none from a workspace without connections' {
        Get-Completion 'Get-ConnectionReport -ConnectionId C' | Should -BeNullOrEmpty
    }
}

Describe 'An unknown prefix' {
    It '<Line> offers nothing' -TestCases @(
        @{ Line = 'Submit-Offer -Market ebay-' }
        @{ Line = 'Get-VerificationStatus -Reason XYZ' }
    ) {
        Get-Completion $Line | Should -BeNullOrEmpty
    }
}
