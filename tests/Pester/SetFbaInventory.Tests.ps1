BeforeAll {
    . $PSScriptRoot/Common.ps1
}

Describe 'Set-FbaInventory' {
    BeforeEach {
        $null = New-TestWorkspace
        # P1 is self-fulfilled; F1 and F2 are FBA offers, listed inactive on the targets until inventory arrives there.
        Import-AmazonOffer @((New-AmazonRow P1), (New-AmazonRow F1 -Fulfillment FBA), (New-AmazonRow F2 -Fulfillment FBA))
        $null = New-MarketConnection -SourceMarket amazon-us -TargetMarket amazon-ca, amazon-mx -AcceptObligations
    }

    It 'activates the FBA offers the report says await inventory, from the pipeline' {
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Inactive'
        $records = Get-ConnectionReport -TargetMarket amazon-ca -Reason AwaitingFbaInventory | Set-FbaInventory -Quantity 24 -PassThru -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        @($records).Count | Should -Be 2
        $records[0].GetType().FullName | Should -Be 'ListingPs.Core.Model.FbaInventoryRecord'
        (Get-ReportRow amazon-ca F1).Reason | Should -BeNullOrEmpty
        ($records | ForEach-Object { '{0}/{1}={2}:{3}' -f $_.Market, $_.Sku, $_.Quantity, $_.TargetOfferState }) -join ',' |
            Should -Be 'amazon-ca/F1=24:Active,amazon-ca/F2=24:Active'
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Active'
        (Get-ReportRow amazon-ca F2).TargetOfferState | Should -Be 'Active'
        (Get-ReportRow amazon-mx F1).TargetOfferState | Should -Be 'Inactive'     # inventory counts per marketplace
    }

    It 'takes market, SKU and quantity positionally and writes nothing without -PassThru' {
        Set-FbaInventory amazon-mx F2 5 | Should -BeNullOrEmpty
        (Get-ReportRow amazon-mx F2).TargetOfferState | Should -Be 'Active'
        (Get-ReportRow amazon-mx F1).TargetOfferState | Should -Be 'Inactive'
    }

    It 'deactivates the offer again with quantity 0' {
        Set-FbaInventory -Market amazon-ca -Sku F1 -Quantity 10
        $record = Set-FbaInventory -Market amazon-ca -Sku F1 -Quantity 0 -PassThru
        $record.TargetOfferState | Should -Be 'Inactive'
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Inactive'
    }

    It 'reads an inventory CSV whose rows bind by property name (<Columns>)' -TestCases @(
        @{ Columns = 'Market, Sku, Quantity'; Header = 'Market,Sku,Quantity' }
        @{ Columns = 'TargetMarket, OfferId, Quantity'; Header = 'TargetMarket,OfferId,Quantity' }
    ) {
        $file = New-TextFile -Name 'inventory.csv' -Lines $Header, 'amazon-ca,F1,7', 'amazon-mx,F2,3'
        $records = Import-Csv $file | Set-FbaInventory -PassThru -ErrorVariable errs
        $errs | Should -BeNullOrEmpty
        ($records | ForEach-Object { '{0}/{1}={2}' -f $_.Market, $_.Sku, $_.Quantity }) -join ',' | Should -Be 'amazon-ca/F1=7,amazon-mx/F2=3'
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Active'
        (Get-ReportRow amazon-mx F2).TargetOfferState | Should -Be 'Active'
    }

    It 'reads the rows of an exported report (Export-Csv, Import-Csv)' {
        $file = Join-Path (Get-PSDrive TestDrive).Root 'report.csv'
        Get-ConnectionReport | Export-Csv -Path $file
        Import-Csv $file | Where-Object Reason -EQ 'AwaitingFbaInventory' | Set-FbaInventory -Quantity 5
        @(Get-ConnectionReport | Where-Object Fulfillment -EQ 'FBA' | Where-Object TargetOfferState -EQ 'Active').Count | Should -Be 4
        Get-ConnectionReport -Reason AwaitingFbaInventory | Should -BeNullOrEmpty       # no longer awaited
        (Get-ReportRow amazon-ca P1).TargetOfferState | Should -Be 'Active'
    }

    It 'collects UnknownMarket for a bad row with -ErrorVariable and records the others' {
        $file = New-TextFile -Name 'inventory.csv' -Lines 'Market,Sku,Quantity', 'amazon-ca,F1,7', 'amazon-zz,F2,3', 'amazon-ca,F2,4'
        $records = Import-Csv $file | Set-FbaInventory -PassThru -ErrorVariable errs -ErrorAction SilentlyContinue
        ($records | ForEach-Object { '{0}/{1}' -f $_.Market, $_.Sku }) -join ',' | Should -Be 'amazon-ca/F1,amazon-ca/F2'
        $errs.Count | Should -Be 1
        $errs[0].FullyQualifiedErrorId | Should -Be 'UnknownMarket,ListingPs.Commands.SetFbaInventoryCommand'
        $errs[0].CategoryInfo.Category | Should -Be 'InvalidData'
        $errs[0].TargetObject | Should -Be 'F2'
        (Get-ReportRow amazon-ca F2).TargetOfferState | Should -Be 'Active'
    }

    It 'refuses a negative quantity' {
        { Set-FbaInventory -Market amazon-ca -Sku F1 -Quantity -1 -ErrorAction Stop } |
            Should -Throw -ErrorId 'ParameterArgumentValidationError,ListingPs.Commands.SetFbaInventoryCommand'
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Inactive'
    }

    It '-WhatIf records nothing' {
        $out = Set-FbaInventory -Market amazon-ca -Sku F1, F2 -Quantity 3 -PassThru -WhatIf -ErrorVariable errs
        $out | Should -BeNullOrEmpty
        $errs | Should -BeNullOrEmpty
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Inactive'
        (Get-MarketConnection C001).State | Should -Be 'Active'
    }

    It 'makes the connection SyncDue, and a sync keeps the recorded inventory' {
        Set-FbaInventory -Market amazon-ca -Sku F1 -Quantity 12
        (Get-MarketConnection C001).State | Should -Be 'SyncDue'
        $null = Sync-MarketConnection
        (Get-ReportRow amazon-ca F1).TargetOfferState | Should -Be 'Active'
        (Get-ReportRow amazon-ca F1).Status | Should -Be 'Synchronized'
    }
}
