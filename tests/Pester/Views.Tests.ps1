# How records look: the default table views as a 140-column console renders them, the same after serialization
# (Export-Clixml / Import-Clixml), the list views of Format-List, the default display sets, and records that flatten to
# CSV and JSON with values, not type names.

BeforeDiscovery {
    # The records of every kind the module writes, each made by a command on the shared workspace below.
    $records = @(
        @{ What = 'a share record'; Script = 'Get-VerificationStatus -Market allegro-cz -OfferId V-BAD' }
        @{ What = 'an offer'; Script = 'Get-Offer -OfferId V-OK' }
        @{ What = 'a market'; Script = 'Get-Market -Id allegro-cz' }
        @{ What = 'an exchange rate'; Script = 'Get-ExchangeRate -From PLN -To CZK' }
        @{ What = 'a reason'; Script = 'Get-VerificationStatus -Market allegro-cz -OfferId V-BAD | ForEach-Object Reasons' }
        @{ What = 'a delivery quote'; Script = 'Get-VerificationStatus -Market allegro-cz -OfferId V-OK | ForEach-Object Delivery' }
        @{ What = 'a report summary'; Script = 'Export-ListingReport -Market allegro-cz -Path TestDrive:/records.html' }
        @{ What = 'a market connection'; Script = 'Get-MarketConnection -ConnectionId C001' }
        @{ What = 'a connection report row'; Script = 'Get-ConnectionReport -ConnectionId C001' }
        @{ What = 'a seller profile'; Script = 'Get-SellerProfile' }
        @{ What = 'an FBA inventory record'; Script = 'Set-FbaInventory -Market amazon-ca -Sku CX-FBA -Quantity 5 -PassThru' }
        @{ What = 'a catalogue import result'; Script = 'Import-Catalog -Market amazon-ca -ProductId B0VIEWS001' }
    )

    # The list views of the module's format files, and the command that makes a record for each.
    $listSamples = @{
        'ListingPs.Core.Model.ShareRecord'               = 'Get-VerificationStatus -Market allegro-cz -OfferId V-BAD'
        'ListingPs.Core.Model.Offer'                     = 'Get-Offer -OfferId V-OK'
        'ListingPs.Core.Rules.MarketRule'                = 'Get-Market -Id allegro-cz'
        'ListingPs.Core.Rules.ExchangeRateRule'          = 'Get-ExchangeRate -From PLN -To CZK'
        'ListingPs.Core.Model.Reason'                    = 'Get-VerificationStatus -Market allegro-cz -OfferId V-ONE | ForEach-Object Reasons'
        'ListingPs.Core.Reports.ReportSummary'           = 'Export-ListingReport -Market allegro-cz -Path TestDrive:/list.html'
        'ListingPs.Core.Model.MarketConnection'    = 'Get-MarketConnection -ConnectionId C001'
        'ListingPs.Core.Model.ConnectionReportRow' = 'Get-ConnectionReport -ConnectionId C001 -Sku CX-OK'
    }
    $moduleDir = Split-Path $(if ($env:LISTINGPS_MODULE) { $env:LISTINGPS_MODULE } else { Join-Path $PSScriptRoot '../../out/ListingPs/ListingPs.psd1' })
    $listViews = @(foreach ($file in Get-ChildItem (Join-Path $moduleDir '*.format.ps1xml')) {
            foreach ($view in ([xml](Get-Content -Raw $file.FullName)).Configuration.ViewDefinitions.View) {
                if ($view.ListControl) {
                    $type = @($view.ViewSelectedBy.TypeName)[0]
                    @{ Type = $type; TypeNames = @($view.ViewSelectedBy.TypeName); Script = $listSamples[$type]; File = $file.Name }
                }
            }
        })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    function Show {
        <# What a 140-column console shows for the piped objects (without VT colour sequences). #>
        param([Parameter(ValueFromPipeline)] $InputObject)
        end { ($input | Out-String -Width 140) -replace '\x1b\[[0-9;]*[A-Za-z]' }
    }

    function Get-HeaderCell([string] $Text, [string] $FirstColumn) {
        <# The column names of the table header line that starts with $FirstColumn. #>
        $header = @($Text -split '\r?\n' | Where-Object { $_.TrimStart().StartsWith($FirstColumn) })[0]
        $header | Should -Not -BeNullOrEmpty -Because "a table header starts with $FirstColumn in:`n$Text"
        @($header.Trim() -split '\s+')
    }

    function Get-Row([string] $Text, [string] $Start) {
        <# The one line of the rendered text that starts with $Start. #>
        $rows = @($Text -split '\r?\n' | Where-Object { $_.StartsWith($Start) })
        $rows.Count | Should -Be 1 -Because "one line starts with $Start in:`n$Text"
        $rows[0]
    }

    function Invoke-Record([string] $Script) { @(& ([scriptblock]::Create($Script))) }

    function Read-Back {
        <# The records as they come back from Export-Clixml / Import-Clixml (as from jobs or remoting). #>
        param([Parameter(ValueFromPipeline)] $InputObject)
        begin { $path = Join-Path (Get-PSDrive TestDrive).Root ('back-{0}.xml' -f [guid]::NewGuid().ToString('N')) }
        end { $input | Export-Clixml -LiteralPath $path; Import-Clixml -LiteralPath $path }
    }

    function Get-ListLabel([string] $Text) {
        <# The labels of a rendered Format-List entry ("Label : value" lines). #>
        @($Text -split '\r?\n' | Where-Object { $_ -match '^(\w+)\s*:' } | ForEach-Object { ($_ -split ':', 2)[0].Trim() })
    }

    # Text that is a .NET type name ("System.Object[]", "ListingPs.Core.Model.Reason", "List`1[...]") or a hashtable's
    # rendering: what Export-Csv and ConvertTo-Json write for a property that has no text of its own.
    $script:TypeNameText = '^(System|ListingPs|Microsoft)\.[\w.`\[\], =]+$|`\d\[|\[\]$|^@\{'

    function Get-JsonLeaf {
        <# Every leaf value of parsed JSON, as path = value. #>
        param($Node, [string] $Path = '$')
        if ($null -eq $Node) { return }
        if ($Node -is [System.Collections.IList]) {
            for ($i = 0; $i -lt $Node.Count; $i++) { Get-JsonLeaf $Node[$i] "$Path[$i]" }
        }
        elseif ($Node -is [System.Management.Automation.PSCustomObject]) {
            foreach ($p in $Node.PSObject.Properties) { Get-JsonLeaf $p.Value "$Path.$($p.Name)" }
        }
        else { [pscustomobject]@{ Path = $Path; Value = "$Node" } }
    }

    # The shared workspace: three offers shared to allegro-cz (approved; refused for three reasons; refused for delivery)
    # and a market connection with a synchronized, an FBA and a not synchronized row.
    $null = New-TestWorkspace
    Import-Csv (New-OfferCsv -Rows @(
            (New-OfferRow V-OK -Price '45.00'),
            (New-OfferRow V-BAD -AccountType Personal -SellingFormat Auction -DeliveryMethods 'allegro-dpd-pl'),
            (New-OfferRow V-ONE -DeliveryMethods 'allegro-dpd-pl'))) |
        Submit-Offer -Market allegro-cz -ErrorAction Stop | Out-Null
    @(
        [pscustomobject]@{ OfferId = 'CX-OK'; Title = 'Title CX-OK'; Market = 'amazon-us'; Price = '20.00'; ProductId = 'B0VIEWS001'; Fulfillment = 'Merchant' }
        [pscustomobject]@{ OfferId = 'CX-FBA'; Title = 'Title CX-FBA'; Market = 'amazon-us'; Price = '20.00'; ProductId = 'B0VIEWS001'; Fulfillment = 'FBA' }
        [pscustomobject]@{ OfferId = 'CX-NODP'; Title = 'Title CX-NODP'; Market = 'amazon-us'; Price = '20.00'; ProductId = 'B0VIEWS999'; Fulfillment = 'Merchant' }
    ) | Import-Offer -ErrorAction Stop
    Import-Catalog -Market amazon-ca -ProductId B0VIEWS001 -ErrorAction Stop | Out-Null
    New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca -AcceptObligations -ErrorAction Stop | Out-Null
}

Describe 'Table views' {
    It 'show share records with offer, market, state, price with currency, source and the first reason' {
        $text = Get-VerificationStatus -Market allegro-cz | Show
        Get-HeaderCell $text OfferId | Should -Be @('OfferId', 'Market', 'State', 'Price', 'Source', 'Reason')
        Get-Row $text V-OK | Should -Match '^V-OK\s+allegro-cz\s+Approved\s+229 CZK\s+Converter\s*$'
        # The first reason, and how many more.
        Get-Row $text V-BAD | Should -Match '^V-BAD\s+allegro-cz\s+Refused\s+.*\sLPS101_PERSONAL_ACCOUNT \(\+2\)\s*$'
        (Get-Row $text V-ONE).TrimEnd() | Should -BeLike '*Refused*VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE'
    }

    It 'show <Command> with the columns <Columns>' -TestCases @(
        @{ Command = 'Get-Offer'; Columns = @('OfferId', 'Market', 'Status', 'Price', 'Format', 'Title')
            Rows = @('^V-OK\s+allegro-pl\s+Active\s+45\.00 PLN\s+BuyNow\s+Title V-OK\s*$', '^V-BAD\s+allegro-pl\s+Active\s+45\.00 PLN\s+Auction\s+Title V-BAD\s*$', '^CX-OK\s+amazon-us\s+Active\s+20\.00 USD\s') }
        @{ Command = 'Get-Market -Id allegro-*'; Columns = @('Id', 'Platform', 'Region', 'Country', 'Currency', 'Language', 'SharesFrom', 'Name')
            Rows = @('^allegro-cz\s+allegro\s+allegro\s+CZ\s+CZK\s+cs-CZ\s+allegro-pl\s+Allegro', '^allegro-pl\s+.*\(base\)') }
        @{ Command = 'Get-ExchangeRate -From PLN -To CZK'; Columns = @('From', 'To', 'Rate', 'Source', 'Date')
            Rows = @('^PLN\s+CZK\s+5\.0942\s+NBP\s+2023-03-21\s*$') }
        @{ Command = 'Export-ListingReport -Market allegro-cz -Path TestDrive:/view.html'; Columns = @('Subject', 'Total', 'ToFix', 'Counts', 'Path')
            Rows = @('^allegro-cz\s+3\s+2\s+Approved=1; Refused=2\s+\S+view\.html\s*$') }
        @{ Command = 'Get-VerificationStatus -Market allegro-cz -OfferId V-ONE | ForEach-Object Reasons'; Columns = @('Code', 'Hint')
            Rows = @('^VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE\s+Add at least one delivery method to CZ') }
        @{ Command = 'Get-VerificationStatus -Market allegro-cz -OfferId V-OK | ForEach-Object Delivery'; Columns = @('Method', 'Price', 'Converted', 'Name')
            Rows = @('^allegro-dhl-cz\s+99 CZK\s+False\s+Allegro Kurier DHL \(CZ\)\s*$') }
        @{ Command = 'Get-MarketConnection'; Columns = @('ConnectionId', 'SourceMarket', 'TargetMarkets', 'State', 'Synced', 'NotSynced', 'Summary')
            Rows = @('^C001\s+amazon-us\s+amazon-ca\s+Active\s+2\s+1\s+created 2') }
        @{ Command = 'Get-ConnectionReport'; Columns = @('Sku', 'ProductId', 'Target', 'Status', 'Price', 'By', 'Reason', 'NextStep')
            Rows = @('^CX-OK\s+B0VIEWS001\s+amazon-ca\s+Synchronized\s+\d+\.\d\d CAD\s+Rule\s+Review', '^CX-FBA\s+B0VIEWS001\s+amazon-ca\s+Synchronized\s+\d+\.\d\d CAD\s+Rule\s+AwaitingFbaInventory\s', '^CX-NODP\s+B0VIEWS999\s+amazon-ca\s+NotSynchronized\s+-\s+NoDetailPage\s') }
        @{ Command = 'Import-Catalog -Market amazon-ca -ProductId B0VIEWS001'; Columns = @('Market', 'Read', 'Total', 'Replaced')
            Rows = @('^amazon-ca\s+1\s+1\s+False\s*$') }
    ) {
        $text = Invoke-Record $Command | Show
        Get-HeaderCell $text $Columns[0] | Should -Be $Columns
        foreach ($row in $Rows) { $text | Should -Match "(?m)$row" }
    }

    It 'show the seller profile and FBA inventory' {
        Set-SellerProfile -SellerName 'View Seller' -LinkedRegion NA, EU | Out-Null
        $profile = Get-SellerProfile | Show
        Get-HeaderCell $profile SellerName | Should -Be @('SellerName', 'LinkedRegions', 'UpdatedAt')
        $profile | Should -Match '(?m)^View Seller\s+NA, EU\s'
        $fba = Set-FbaInventory -Market amazon-ca -Sku CX-FBA -Quantity 7 -PassThru | Show
        Get-HeaderCell $fba Sku | Should -Be @('Sku', 'Market', 'Quantity', 'TargetOfferState', 'UpdatedAt')
        $fba | Should -Match '(?m)^CX-FBA\s+amazon-ca\s+7\s+Active\s'
    }

    It 'exist for every type a cmdlet declares as its output, also in its Deserialized. form' {
        $types = @(Get-Command -Module ListingPs | ForEach-Object OutputType | ForEach-Object Name | Sort-Object -Unique)
        $types.Count | Should -BeGreaterOrEqual 10
        foreach ($t in $types) {
            foreach ($name in $t, "Deserialized.$t") {
                $first = @((Get-FormatData -TypeName $name).FormatViewDefinition)[0]
                $first | Should -Not -BeNullOrEmpty -Because "$name has views"
                $first.Control | Should -BeOfType [System.Management.Automation.TableControl] -Because "the first view of $name is its default table"
            }
        }
    }
}

Describe 'Records read back from Export-Clixml' {
    It 'keep their type name and show the same share record table' {
        $live = Get-VerificationStatus -Market allegro-cz
        $back = $live | Read-Back
        $back[0].PSObject.TypeNames[0] | Should -Be 'Deserialized.ListingPs.Core.Model.ShareRecord'
        $back | Show | Should -BeExactly ($live | Show)
    }

    It 'show the same offer table' {
        $live = Get-Offer
        $text = $live | Read-Back | Show
        $text | Should -BeExactly ($live | Show)
        Get-HeaderCell $text OfferId | Should -Be @('OfferId', 'Market', 'Status', 'Price', 'Format', 'Title')
        Get-Row $text V-OK | Should -Match '^V-OK\s+allegro-pl\s+Active\s+45\.00 PLN\s+BuyNow\s+Title V-OK'
    }

    It 'show the same <Command> table' -TestCases @(
        @{ Command = 'Get-Market -Id allegro-*' }
        @{ Command = 'Get-ExchangeRate' }
        @{ Command = 'Get-MarketConnection' }
        @{ Command = 'Get-VerificationStatus -Market allegro-cz -OfferId V-BAD | ForEach-Object Reasons' }
    ) {
        $live = Invoke-Record $Command
        $live.Count | Should -BeGreaterThan 0
        $live | Read-Back | Show | Should -BeExactly ($live | Show)
    }

    # The By column names the PriceSource ("Rule") read back too: a deserialized enum interpolated ("$(...)") is its number.
    It 'show the same Get-ConnectionReport table' {
        $live = Get-ConnectionReport
        $live.Count | Should -BeGreaterThan 0
        $text = $live | Read-Back | Show
        $text | Should -Match '(?m)^CX-OK\s+.*\sRule\s'
        $text | Should -BeExactly ($live | Show)
    }

    # The connection records were ListingPs.Core.Connections.* in earlier builds: files exported then still show as tables.
    It 'show the same <Command> table for a file exported when the record was ListingPs.Core.Connections.<Type>' -TestCases @(
        @{ Command = 'Get-MarketConnection'; Type = 'MarketConnection' }
        @{ Command = 'Get-ConnectionReport'; Type = 'ConnectionReportRow' }
    ) {
        $live = Invoke-Record $Command
        $live.Count | Should -BeGreaterThan 0
        $old = $live | Read-Back
        foreach ($record in $old) {
            $record.PSObject.TypeNames[0] | Should -Be "Deserialized.ListingPs.Core.Model.$Type"
            $record.PSObject.TypeNames.RemoveAt(0)
            $record.PSObject.TypeNames.Insert(0, "Deserialized.ListingPs.Core.Connections.$Type")
        }
        $old | Show | Should -BeExactly ($live | Show)
    }
}

Describe 'List views' {
    It 'exist for <Type> (<File>), also selecting its Deserialized. form, with a sample record' -TestCases $listViews {
        $TypeNames | Should -Contain "Deserialized.$Type"
        $Script | Should -Not -BeNullOrEmpty -Because "the test needs a command that makes a $Type to check its list view"
    }

    Context '<Type>' -ForEach @($listViews | Where-Object Script) {
        BeforeAll {
            # Properties the list view shows under another label, or inside another item.
            $synonyms = @{
                # FirstReason, ReasonCodes and Hints are in Reasons; the currencies beside the prices, the rate's source beside the rate.
                'ListingPs.Core.Model.ShareRecord'               = 'ReasonCodes', 'FirstReason', 'Hints', 'Currency', 'BaseCurrency', 'RateSource'
                'ListingPs.Core.Model.ConnectionReportRow' = 'Currency', 'SourceCurrency', 'RateSource'
                # The market's currency beside the price ("45.00 PLN").
                'ListingPs.Core.Model.Offer'                     = @('Currency')
                # The counts are in the Summary ("created 2, ...; synchronized 2, not synchronized 1").
                'ListingPs.Core.Model.MarketConnection'    = 'OffersCreated', 'NotSynchronized'
                # The Policy shows as its text and its DeliveryMethods.
                'ListingPs.Core.Rules.MarketRule'                = @('Policy')
                # Parameters shows as its text, ParameterText.
                'ListingPs.Core.Model.Reason'                    = @('ParameterText')
            }
            $record = @(Invoke-Record $Script)[0]
            $record.PSObject.TypeNames[0] | Should -Be $Type
        }

        It 'shows every property of the record' {
            $labels = Get-ListLabel ($record | Format-List | Show)
            $properties = @($record.PSObject.Properties | Where-Object MemberType -EQ Property | ForEach-Object Name)
            $properties.Count | Should -BeGreaterThan 1
            $missing = @($properties | Where-Object { $_ -notin $labels -and $_ -notin $synonyms[$Type] })
            $missing | Should -BeNullOrEmpty -Because "Format-List shows everything of a $Type"
        }

        It 'evaluates every item, live and read back' {
            foreach ($o in $record, ($record | Read-Back)) {
                $text = $o | Format-List -DisplayError | Show
                $text | Should -Not -Match '#ERR' -Because "every item of the list view of $($o.PSObject.TypeNames[0]) evaluates:`n$text"
                $text | Should -Match '(?m)^\w+\s+: \S'
            }
        }

        # (Markets and reasons have their own tests below.)
        if ($Type -notin 'ListingPs.Core.Rules.MarketRule', 'ListingPs.Core.Model.Reason') {
            It 'shows the same list read back' {
                $record | Read-Back | Format-List | Show | Should -BeExactly ($record | Format-List | Show)
            }
        }
    }

    # The policy's dictionary of delivery methods comes back from Export-Clixml as an unordered Hashtable (of strings at the
    # default -Depth); the view lists the market's DeliveryMethods text, which keeps the rule order and the ': '.
    It 'show the same market list read back, at <Depth>' -TestCases @(@{ Depth = 'the default depth' }, @{ Depth = 'depth 5' }) {
        $record = Get-Market -Id allegro-cz
        $live = $record | Format-List | Show
        $live | Should -Match '(?m)^DeliveryMethods\s+: allegro-dhl-cz: 99\s*$'
        $live | Should -Match '(?m)^\s+own-courier-pl-cz: 19\.99 \(base currency, converted\)\s*$'
        $back = if ($Depth -eq 'depth 5') {
            $path = Join-Path (Get-PSDrive TestDrive).Root 'market-depth5.xml'
            $record | Export-Clixml -LiteralPath $path -Depth 5
            Import-Clixml -LiteralPath $path
        }
        else { $record | Read-Back }
        $back | Format-List | Show | Should -BeExactly $live
    }

    # A reason's Parameters come back from Export-Clixml as an unordered Hashtable (which prints as its type name); the view
    # shows its ParameterText, 'country=CZ, methods=..., market=allegro-cz' in the reason's order, live and read back.
    It 'show the same reason list read back' {
        $record = Get-VerificationStatus -Market allegro-cz -OfferId V-ONE | ForEach-Object Reasons
        $live = $record | Format-List | Show
        $live | Should -Match '(?m)^Parameters\s+: country=CZ, methods=.+, market=allegro-cz\s*$'
        $text = $record | Read-Back | Format-List | Show
        $text | Should -Not -Match 'System\.Collections'
        $text | Should -BeExactly $live
    }

    It 'show what a share record holds, with every reason and its hint' {
        $text = Get-VerificationStatus -Market allegro-cz -OfferId V-BAD | Format-List | Show
        $text | Should -Match '(?m)^OfferId\s+: V-BAD\s*$'
        $text | Should -Match '(?m)^Reasons\s+: LPS101_PERSONAL_ACCOUNT: .+ -> '
        $text | Should -Match '(?m)^\s+LPS104_NOT_BUY_NOW: .+ -> '
        $text | Should -Match '(?m)^BasePrice\s+: 45\.00 PLN\s*$'
        $text | Should -Match '(?m)^ExchangeRate\s+: 5\.0942 \(NBP'
    }
}

Describe 'Default display sets' {
    It 'name properties of <What>, live and read back' -TestCases $records {
        $live = @(Invoke-Record $Script)[0]
        $live | Should -Not -BeNullOrEmpty
        $back = @($live | Read-Back)[0]
        $back.PSObject.TypeNames[0] | Should -BeLike 'Deserialized.*'
        foreach ($o in $live, $back) {
            $set = @($o.PSStandardMembers.DefaultDisplayPropertySet.ReferencedPropertyNames)
            $set | Should -Not -BeNullOrEmpty -Because "$($o.PSObject.TypeNames[0]) has a DefaultDisplayPropertySet"
            $lacking = @($set | Where-Object { $null -eq $o.PSObject.Properties[$_] })
            $lacking | Should -BeNullOrEmpty -Because "the display set of $($o.PSObject.TypeNames[0]) names only its own properties"
        }
    }

    It 'are what Format-List shows of a record without a list view' {
        $text = Get-SellerProfile | Format-List | Show
        Get-ListLabel $text | Should -Be @('SellerName', 'LinkedRegions')
    }
}

Describe 'Records flatten to CSV and JSON' {
    It '<What> flattens to CSV values, not type names' -TestCases $records {
        $rows = @(Invoke-Record $Script | ConvertTo-Csv | ConvertFrom-Csv)
        $rows.Count | Should -BeGreaterThan 0
        $typeNames = @(foreach ($row in $rows) {
                foreach ($p in $row.PSObject.Properties) { if ("$($p.Value)" -match $script:TypeNameText) { "$($p.Name) = $($p.Value)" } }
            })
        $typeNames | Should -BeNullOrEmpty
    }

    It '<What> flattens to JSON values, not type names, at ConvertTo-Json''s default depth' -TestCases $records {
        $json = Invoke-Record $Script | ConvertTo-Json -WarningAction SilentlyContinue
        $leaves = @(Get-JsonLeaf ($json | ConvertFrom-Json -NoEnumerate))
        $leaves.Count | Should -BeGreaterThan 0
        $typeNames = @($leaves | Where-Object Value -Match $script:TypeNameText | ForEach-Object { "$($_.Path) = $($_.Value)" })
        $typeNames | Should -BeNullOrEmpty
    }

    It 'writes every enum value by its name in JSON, without -EnumsAsStrings' -TestCases @(@{ Cases = $records }) {
        $checked = 0
        foreach ($case in $Cases) {
            foreach ($live in @(Invoke-Record $case.Script)) {
                $back = $live | ConvertTo-Json -Depth 3 -WarningAction SilentlyContinue | ConvertFrom-Json
                foreach ($p in @($live.PSObject.Properties | Where-Object { $_.Value -is [enum] })) {
                    $back.($p.Name) | Should -BeOfType [string] -Because "$($case.What): $($p.Name) is written as its name"
                    $back.($p.Name) | Should -BeExactly $p.Value.ToString()
                    $checked++
                }
            }
        }
        $checked | Should -BeGreaterThan 10 -Because 'states, statuses, sources and formats are enums of the records'
    }

    It 'writes a share record''s state and price source by name, as a downstream tool reads them' {
        $json = Get-VerificationStatus -Market allegro-cz -OfferId V-OK | ConvertTo-Json -Depth 3
        $json | Should -Match '"State":\s*"Approved"'
        $json | Should -Not -Match '"State":\s*\d'
    }

    It 'writes a share record''s reasons as codes joined with ; and the hints of what to change' {
        $row = Get-VerificationStatus -Market allegro-cz -OfferId V-BAD | ConvertTo-Csv | ConvertFrom-Csv
        $row.Reasons | Should -BeLike 'LPS101_PERSONAL_ACCOUNT;*'
        @($row.Reasons -split ';') | Should -Be @('LPS101_PERSONAL_ACCOUNT', 'LPS104_NOT_BUY_NOW', 'VQR003_DELIVERY_TO_OPERATIONAL_COUNTRY_NOT_AVAILABLE')
        $row.ReasonCodes | Should -Be $row.Reasons
        $row.FirstReason | Should -Be 'LPS101_PERSONAL_ACCOUNT'
        $row.Hints | Should -Match 'company account'
    }

    It 'writes an offer''s lists joined with ;' {
        $row = Get-Offer -OfferId V-OK | ConvertTo-Csv | ConvertFrom-Csv
        $row.DeliveryMethods | Should -Be 'allegro-dhl-cz;allegro-dpd-pl'
        $row.Translations | Should -Be 'cs-CZ'
    }
}

Describe 'Offers exported to CSV' {
    BeforeAll {
        $null = New-TestWorkspace
        Import-Csv (New-OfferCsv -Rows @(
                (New-OfferRow R-1 -Price '45.00' -B2BOnly True -Charity 1 -DeliveryMethods 'allegro-dhl-cz;allegro-dpd-pl' -Translations 'cs-CZ;sk-SK'),
                (New-OfferRow R-2 -Price '' -Status Inactive -SellingFormat Auction -DeliveryMethods '' -Translations ''))) |
            Import-Offer -ErrorAction Stop
    }

    It 'import again unchanged after Remove-Offer' {
        $before = @(Get-Offer)
        $csv = Join-Path (Get-PSDrive TestDrive).Root 'offers-export.csv'
        $before | Export-Csv -LiteralPath $csv
        Remove-Offer -OfferId R-1, R-2 -Force
        @(Get-Offer).Count | Should -Be 0
        $again = @(Import-Csv -LiteralPath $csv | Import-Offer -PassThru -ErrorAction Stop)
        $again.Count | Should -Be 2
        $again[0].DeliveryMethods | Should -Be @('allegro-dhl-cz', 'allegro-dpd-pl')
        $again[0].Translations | Should -Be @('cs-CZ', 'sk-SK')
        $again[0].Price | Should -Be 45.00
        $again[0].B2BOnly | Should -BeTrue
        $again[1].Price | Should -BeNullOrEmpty
        @($again[1].DeliveryMethods).Count | Should -Be 0
        foreach ($i in 0, 1) {
            foreach ($p in $before[$i].PSObject.Properties | Where-Object { $_.MemberType -eq 'Property' -and $_.Name -ne 'UpdatedAt' }) {
                "$($again[$i].($p.Name))" | Should -Be "$($p.Value)" -Because "$($before[$i].OfferId).$($p.Name) comes back as it was"
            }
        }
    }
}
