# The built module as PowerShell sees it: the manifest, the exported commands and their conventions; the module imported
# in a fresh pwsh; and the example runbooks of examples/ run end to end in a child pwsh, as a seller would run them.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $cmdlets = @(Get-Command -Module ListingPs | Sort-Object Name | ForEach-Object { @{ Name = $_.Name; Verb = $_.Verb } })
    # The verbs of the cmdlets that write to the workspace or a file.
    $stateChangingVerbs = 'Import', 'Submit', 'Set', 'Unpublish', 'Invoke', 'Remove', 'New', 'Add', 'Sync', 'Export', 'Connect', 'Disconnect'
    $stateChanging = @($cmdlets | Where-Object { $_.Verb -in $stateChangingVerbs })
    # Every cmdlet that writes records declares their type; Remove-Offer and Disconnect-AllegroAccount write nothing.
    $writing = @($cmdlets | Where-Object { $_.Verb -notin 'Remove', 'Disconnect' -or (Get-Command $_.Name).Parameters.ContainsKey('PassThru') })
    # Every -OfferId and -ConnectionId binds by property name, so records pipe from one cmdlet into the next.
    $idParameters = @(foreach ($c in Get-Command -Module ListingPs | Sort-Object Name) {
            foreach ($p in 'OfferId', 'ConnectionId') { if ($c.Parameters.ContainsKey($p)) { @{ Name = $c.Name; Parameter = $p } } }
        }) + @(@{ Name = 'Set-FbaInventory'; Parameter = 'Sku' })
}

BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Manifest = Import-PowerShellDataFile -Path $script:ModuleManifest

    function Get-ParameterAttribute([string] $Command, [string] $Parameter) {
        @((Get-Command $Command).Parameters[$Parameter].Attributes | Where-Object { $_ -is [System.Management.Automation.ParameterAttribute] })
    }

    function Get-OutcomeLine([string[]] $Lines, [string] $Pattern) {
        <# The one output line matching the pattern, as its match (groups by name); fails when there is none. #>
        $found = @($Lines | Where-Object { $_ -match $Pattern } | Select-Object -First 1)
        $found | Should -Not -BeNullOrEmpty -Because "the runbook prints a line like '$Pattern':`n$($Lines -join "`n")"
        $null = $found[0] -match $Pattern
        $Matches
    }
}

Describe 'The manifest' {
    It 'is valid and claims PowerShell 7.4 and later only (the Core edition; Windows PowerShell 5.1 is not claimed)' {
        $m = Test-ModuleManifest -Path $script:ModuleManifest -ErrorAction Stop
        $m.Name | Should -Be 'ListingPs'
        @($m.CompatiblePSEditions) | Should -Be @('Core')
        $m.PowerShellVersion | Should -Be ([version]'7.4')
        $m.Tags | Should -Not -Contain 'PSEdition_Desktop'
    }

    It 'exports exactly its cmdlets, and no functions, aliases or variables' {
        $declared = @($script:Manifest.CmdletsToExport | Sort-Object)
        $declared.Count | Should -BeGreaterOrEqual 13
        @(Get-Command -Module ListingPs | ForEach-Object Name | Sort-Object) | Should -Be $declared
        @(Get-Command -Module ListingPs -CommandType Function, Alias) | Should -BeNullOrEmpty
        (Get-Module ListingPs).ExportedVariables.Count | Should -Be 0
        $declared | Should -Contain 'Submit-Offer'
        $declared | Should -Contain 'Get-VerificationStatus'
    }

    It 'loads the format and type files, so records have their views' {
        foreach ($file in @($script:Manifest.FormatsToProcess) + @($script:Manifest.TypesToProcess)) {
            Join-Path (Split-Path $script:ModuleManifest) $file | Should -Exist
        }
        (Get-FormatData -TypeName ListingPs.Core.Model.ShareRecord).FormatViewDefinition.Count | Should -BeGreaterThan 0
    }
}

Describe 'The conventions of <Name>' -ForEach $cmdlets {
    It 'uses an approved verb' {
        (Get-Verb).Verb | Should -Contain $Verb
    }

    It 'takes -Workspace and -RulePath (Copy-Workspace: -From and -To)' {
        if ($Name -eq 'Copy-Workspace') {
            (Get-Command $Name).Parameters.Keys | Should -Contain 'From'
            (Get-Command $Name).Parameters.Keys | Should -Contain 'To'
            return
        }
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Workspace'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'RulePath'
    }
}

Describe '<Name> writes records' -ForEach $writing {
    It 'declares their output type' {
        @((Get-Command $Name).OutputType) | Should -Not -BeNullOrEmpty
        foreach ($t in (Get-Command $Name).OutputType) { $t.Type | Should -Not -BeNullOrEmpty -Because "$($t.Name) is a type the module loads" }
    }
}

Describe '<Name> changes state: it supports -WhatIf and -Confirm' -ForEach $stateChanging {
    It 'supports ShouldProcess' {
        $attribute = (Get-Command $Name).ImplementingType.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $true)[0]
        $attribute.SupportsShouldProcess | Should -BeTrue
        (Get-Command $Name).Parameters.Keys | Should -Contain 'WhatIf'
        (Get-Command $Name).Parameters.Keys | Should -Contain 'Confirm'
    }
}

Describe 'Pipeline binding' {
    It '<Name> -<Parameter> takes its value from the pipeline by property name' -ForEach $idParameters {
        $attributes = Get-ParameterAttribute $Name $Parameter
        $attributes | Should -Not -BeNullOrEmpty
        @($attributes | Where-Object ValueFromPipelineByPropertyName) | Should -Not -BeNullOrEmpty
    }
}

Describe 'Unattended use' {
    It 'never prompts: -Force removes without asking, a missing mandatory value is an error, in a non-interactive pwsh' {
        $ws = Join-Path (Get-PSDrive TestDrive).Root 'unattended.db'
        $out = Invoke-ChildPwsh -Environment @{ LISTINGPS_WORKSPACE = $ws } -Script @"
Import-Module '$script:ModuleManifest' -ErrorAction Stop
Import-Offer -OfferId X -Price 1
Remove-Offer -OfferId X -Force -ErrorVariable removeErrors
'remove errors: ' + `$removeErrors.Count
'left: ' + @(Get-Offer -OfferId X).Count
try { Submit-Offer -OfferId X -ErrorAction Stop; 'no error' } catch { 'mandatory: ' + `$_.FullyQualifiedErrorId }
"@
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain 'remove errors: 0'
        $out | Should -Contain 'left: 0'
        ($out | Where-Object { $_ -like 'mandatory: *' }) | Should -Match 'MissingMandatoryParameter'
    }
}

Describe 'Unattended use with -Debug' {
    It 'writes debug and verbose messages without asking to go on, in a non-interactive pwsh' {
        # PowerShell asks before each WriteVerbose of a compiled cmdlet run with -Debug alone; the module writes them as debug.
        $ws = Join-Path (Get-PSDrive TestDrive).Root 'debug.db'
        $out = Invoke-ChildPwsh -Environment @{ LISTINGPS_WORKSPACE = $ws } -Script @"
Import-Module '$script:ModuleManifest' -ErrorAction Stop
Import-Offer -OfferId X -Price 100 -Debug -ErrorAction Stop 5>&1 | ForEach-Object { 'debug: ' + `$_ }
Submit-Offer -Market allegro-cz -OfferId X -Debug -ErrorAction Stop 5>&1 | Where-Object { `$_ -is [System.Management.Automation.DebugRecord] } | ForEach-Object { 'debug: ' + `$_ }
'done'
"@
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain 'done'
        $out | Should -Contain "debug: Imported 1 offer(s) into $(Get-WorkspaceName $ws)."
        $out | Should -Contain 'debug: [SubmitOffer] 1 offers submitted to allegro-cz.'
    }
}

Describe 'Importing the module' {
    It 'works in a fresh pwsh -NoProfile and gives the cmdlets of the manifest' {
        $out = Invoke-ChildPwsh -Script @"
`$ErrorActionPreference = 'Stop'
Import-Module '$script:ModuleManifest'
'version: ' + (Get-Module ListingPs).Version
'cmdlets: ' + ((Get-Command -Module ListingPs | ForEach-Object Name | Sort-Object) -join ',')
'markets: ' + @(Get-Market).Count
"@
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain ('version: ' + $script:Manifest.ModuleVersion)
        $out | Should -Contain ('cmdlets: ' + (($script:Manifest.CmdletsToExport | Sort-Object) -join ','))
        $out | Where-Object { $_ -like 'markets: *' } | Should -Not -Be 'markets: 0'
    }
}

Describe 'The example runbooks' {
    BeforeAll {
        function Invoke-Runbook {
            <# Runs examples/<Name> in a new pwsh after Import-Module of the built module, as a seller would. #>
            param([Parameter(Mandatory)] [string] $Name, [string] $Arguments = '')
            $path = Join-Path $script:ExamplesDir $Name
            Invoke-ChildPwsh -ImportModule "& '$path' $Arguments 3>&1"
        }
    }

    Context 'Share-ToCzechia.ps1' {
        BeforeAll {
            $ws = Join-Path (Get-PSDrive TestDrive).Root 'share/workspace.db'
            $out = @(Invoke-Runbook Share-ToCzechia.ps1 "-Workspace '$ws'")
            $exitCode = $LASTEXITCODE
            $assortmentRows = @(Import-Csv (Join-Path $script:ExamplesDir 'assortment.csv')).Count
            $shareRows = @(Import-Csv (Join-Path $script:ExamplesDir 'share-cz.csv')).Count
        }

        It 'exits 0 after its last step' {
            $exitCode | Should -Be 0 -Because ($out -join "`n")
            $out | Should -Contain '== 5. Outcome on allegro-cz'
            (Get-OutcomeLine $out '^Done in [\d.,]+ s\. Workspace: (?<ws>.+)$').ws | Should -Be $ws
        }

        It 'imports the whole assortment' {
            $m = Get-OutcomeLine $out '^\s+(?<offers>\d+) offers in the workspace, (?<refused>\d+) input records refused'
            [int]$m.offers + [int]$m.refused | Should -Be $assortmentRows
            [int]$m.offers | Should -Be @(Get-Offer -Workspace $ws).Count
        }

        It 'submits every chosen offer or reports it refused at input' {
            $m = Get-OutcomeLine $out '^\s+(?<submitted>\d+) offers submitted, (?<refused>\d+) refused at input'
            [int]$m.submitted + [int]$m.refused | Should -Be $shareRows
            [int]$m.submitted | Should -BeGreaterThan 0
            Get-OutcomeLine $out '^\s+InvalidPricePrecision: Offer ''PL-\d+'': ' | Should -Not -BeNullOrEmpty
        }

        It 'hides offers without a CZK price in the weekly check and lets the converter fix some' {
            [int](Get-OutcomeLine $out '^\s+(?<n>\d+) active offers with a delivery method to Czechia had no CZK price').n | Should -BeGreaterThan 0
            $m = Get-OutcomeLine $out '^\s+(?<fixed>\d+) offers repriced by the converter; (?<approved>\d+) of them are now approved'
            [int]$m.fixed | Should -BeGreaterThan 0
            [int]$m.approved | Should -BeGreaterThan 0
            [int]$m.approved | Should -BeLessOrEqual ([int]$m.fixed)
        }

        It 'prints the outcome by state as the workspace holds it' {
            foreach ($state in 'Approved', 'Refused') {
                $printed = [int](Get-OutcomeLine $out "^$state\s+(?<n>\d+)\s*$").n
                $printed | Should -Be @(Get-VerificationStatus -Workspace $ws -Market allegro-cz -State $state).Count
            }
        }

        It 'prints the outcome by reason and what to fix next' {
            [int](Get-OutcomeLine $out '^VQR001_CURRENCY_NOT_AVAILABLE\s+(?<n>\d+)\s*$').n | Should -BeGreaterThan 0
            $out | Should -Contain '== What to fix next (first five refused offers and the hint for each)'
            @($out | Where-Object { $_ -match '^PL-\d{6}\s+(VQR|LPS)\d{3}_' }).Count | Should -Be 5
        }
        It 'writes the refused offers beside the workspace, a CSV that Import-Csv reads back' {
            $csv = Join-Path (Split-Path $ws) 'refused-cz.csv'
            $rows = @(Import-Csv $csv)
            $rows.Count | Should -Be @(Get-VerificationStatus -Workspace $ws -Market allegro-cz -State Refused).Count
            $rows[0].PSObject.Properties.Name | Should -Be @('OfferId', 'OfferStatus', 'ReasonCodes', 'Hints', 'BasePrice')
            $rows[0].ReasonCodes | Should -Match '^(VQR|LPS)\d{3}_'
            (Get-OutcomeLine $out '^The refused offers, for a spreadsheet: .+ \((?<n>\d+) rows\)$').n | Should -Be $rows.Count
        }
    }

    Context 'Connect-Markets.ps1' {
        BeforeAll {
            $ws = Join-Path (Get-PSDrive TestDrive).Root 'connect/workspace.db'
            $out = @(Invoke-Runbook Connect-Markets.ps1 "-Workspace '$ws'")
            $exitCode = $LASTEXITCODE
        }

        It 'exits 0 with every check of the runbook met' {
            $exitCode | Should -Be 0 -Because ($out -join "`n")
            $out | Where-Object { $_ -match 'Check failed' } | Should -BeNullOrEmpty
            $out | Should -Contain '== 8. The status report by status and reason'
            (Get-OutcomeLine $out '^Done in [\d.,]+ s\. Workspace: (?<ws>.+)$').ws | Should -Be $ws
        }

        It 'writes its rule file beside the workspace' {
            Join-Path (Split-Path $ws) 'amazon-connection.yaml' | Should -Exist
        }

        It 'prints the worked example of the documents: 10 USD, 1 USD above, 1.1262 -> 12.39 CAD' {
            Get-OutcomeLine $out '^\s+Worked example on amazon-ca: 12\.39 CAD \(AmountAbove 1, rate 1\.1262\)' | Should -Not -BeNullOrEmpty
        }

        It 'prints the report by status as the workspace holds it' {
            foreach ($status in 'Synchronized', 'NotSynchronized', 'Disconnected') {
                $printed = [int](Get-OutcomeLine $out "^$status\s+(?<n>\d+)\s*$").n
                $printed | Should -Be @(Get-ConnectionReport -Workspace $ws -ConnectionId C001 -Status $status).Count
            }
        }

        It 'prints what to fix next' {
            $out | Should -Contain '== What to fix next (the first row of each reason that needs the seller)'
            foreach ($reason in 'NoDetailPage', 'RestrictedProduct', 'SourceOfferInactive', 'NoSourcePrice') {
                Get-OutcomeLine $out "^US-\d{6}\s+amazon-\w\w\s+$reason\s" | Should -Not -BeNullOrEmpty
            }
        }
    }

    Context 'The sample generators' {
        It '<Script> writes the committed sample files again, line for line' -TestCases @(
            @{ Script = 'New-SampleAssortment.ps1'; Files = @('assortment.csv', 'share-cz.csv') }
            @{ Script = 'New-AmazonSample.ps1'; Files = @('amazon-offers.csv', 'amazon-catalog-mx.csv') }
        ) {
            $dir = Join-Path (Get-PSDrive TestDrive).Root ([IO.Path]::GetFileNameWithoutExtension($Script))
            $null = New-Item -ItemType Directory -Path $dir -Force
            $out = Invoke-Runbook $Script "-OutputDirectory '$dir'"
            $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
            foreach ($file in $Files) {
                $written = Get-Content -LiteralPath (Join-Path $dir $file)
                $committed = Get-Content -LiteralPath (Join-Path $script:ExamplesDir $file)
                $written.Count | Should -Be $committed.Count -Because "$file has as many lines as the committed one"
                $different = @(for ($i = 0; $i -lt $committed.Count; $i++) { if ($written[$i] -cne $committed[$i]) { "line $($i + 1): $($written[$i])" } })
                $different | Select-Object -First 3 | Should -BeNullOrEmpty -Because "$file is the committed sample"
            }
        }
    }
}
