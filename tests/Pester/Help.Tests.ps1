# The help a new user discovers the module from: Get-Help on every exported cmdlet (whatever cmdlets the module exports,
# found with Get-Command), the about_ListingPs topic, and the examples, each run against a copy of the sample workspace
# of docs/examples.

BeforeDiscovery {
    . $PSScriptRoot/Common.ps1
    $cmdlets = @(Get-Command -Module ListingPs -CommandType Cmdlet | Sort-Object Name | ForEach-Object { @{ Name = $_.Name } })
    $examples = foreach ($c in $cmdlets) {
        $n = 0
        foreach ($e in @((Get-Help $c.Name -Full).examples.example)) {
            if (-not $e) { continue }
            $n++
            @{ Cmdlet = $c.Name; Number = $n; Title = ([string]$e.title).Trim('-', ' ') -replace '^Example \d+:\s*'; Code = [string]$e.code }
        }
    }
}

BeforeAll {
    . $PSScriptRoot/Common.ps1

    $script:CommonParameterNames = [System.Management.Automation.Cmdlet]::CommonParameters + [System.Management.Automation.Cmdlet]::OptionalCommonParameters

    function Get-HelpFact {
        <# What Get-Help -Full tells about a command, reduced to the facts the checks below read. #>
        param([Parameter(Mandatory)] [string] $Name)
        $command = Get-Command $Name
        $help = Get-Help $Name -Full
        [pscustomobject]@{
            Name        = $Name
            Synopsis    = ([string]$help.Synopsis).Trim()
            Description = ((@($help.description) | Where-Object { $_ } | ForEach-Object { $_.Text }) -join ' ').Trim()
            Examples    = @(@($help.examples.example) | Where-Object { $_ -and ([string]$_.code).Trim() })
            Parameters  = @($command.Parameters.Keys | Where-Object { $_ -notin $script:CommonParameterNames })
            Described   = @(@($help.parameters.parameter) | Where-Object { $_ -and ((@($_.description) | ForEach-Object { $_.Text }) -join '').Trim() } |
                    ForEach-Object { [string]$_.name })
        }
    }

    function Test-HasSynopsis($fact) {
        # Without MAML, Get-Help makes the synopsis up from the syntax ("Get-Market [[-Id] <string[]>] ...").
        $fact.Synopsis.Length -gt 0 -and -not $fact.Synopsis.StartsWith($fact.Name, [StringComparison]::OrdinalIgnoreCase)
    }

    $script:SampleFiles = Join-Path $script:RepoRoot 'docs/examples'
    $script:SampleRoot = Join-Path (Get-PSDrive TestDrive).Root 'samples'
    $script:SampleCount = 0

    function New-SampleFolder {
        <# A new folder under TestDrive: holding the sample files of docs/examples. #>
        $folder = Join-Path $script:SampleRoot ($script:SampleCount++)
        $null = New-Item -ItemType Directory -Path $folder -Force
        Copy-Item -Path (Join-Path $script:SampleFiles '*.csv') -Destination $folder
        $folder
    }

    function Invoke-InNewSession {
        <# Runs a script in a new runspace of this pwsh with the module imported, in $Location, against $Workspace (through
           $env:LISTINGPS_WORKSPACE). The runspace has no interactive host, so a prompt fails instead of waiting. Returns the
           error records the script wrote (or the terminating error). #>
        param([Parameter(Mandatory)] [string] $Script, [Parameter(Mandatory)] [string] $Location, [Parameter(Mandatory)] [string] $Workspace)
        $saved = $env:LISTINGPS_WORKSPACE
        $env:LISTINGPS_WORKSPACE = $Workspace
        $ps = [powershell]::Create([System.Management.Automation.Runspaces.InitialSessionState]::CreateDefault2())
        try {
            $null = $ps.AddScript('param($m, $l) Import-Module $m -ErrorAction Stop; Set-Location -LiteralPath $l').
                AddArgument($script:ModuleManifest).AddArgument($Location).Invoke()
            if ($ps.HadErrors) { return @($ps.Streams.Error) }
            $ps.Commands.Clear()
            try { $null = $ps.AddScript($Script).Invoke() }
            catch { $_.Exception.InnerException.ErrorRecord ?? $_ }
            @($ps.Streams.Error)
        }
        finally {
            $ps.Runspace.Dispose()
            $ps.Dispose()
            $env:LISTINGPS_WORKSPACE = $saved
        }
    }
}

Describe 'Get-Help of <Name>' -ForEach $cmdlets {
    BeforeAll {
        $fact = Get-HelpFact $Name
    }

    It 'has a synopsis' {
        Test-HasSynopsis $fact | Should -BeTrue -Because "the synopsis is '$($fact.Synopsis)'"
    }

    It 'has a description' {
        $fact.Description.Length | Should -BeGreaterOrEqual 40 -Because "the description is '$($fact.Description)'"
    }

    It 'describes every parameter' {
        $fact.Parameters.Count | Should -BeGreaterThan 0
        $undescribed = @($fact.Parameters | Where-Object { $_ -notin $fact.Described })
        $undescribed | Should -BeNullOrEmpty -Because 'every parameter of the command needs a description in its help'
    }

    It 'has at least two examples' {
        $fact.Examples.Count | Should -BeGreaterOrEqual 2
    }
}

Describe 'The help checks' {
    It 'report a command without help: the made-up synopsis, no description, no parameter described, no example' {
        function Get-LpsWithoutHelp { param([string] $Foo) $Foo }
        $fact = Get-HelpFact Get-LpsWithoutHelp
        Test-HasSynopsis $fact | Should -BeFalse
        $fact.Description | Should -BeNullOrEmpty
        $fact.Parameters | Should -Be @('Foo')
        $fact.Described | Should -BeNullOrEmpty
        $fact.Examples.Count | Should -Be 0
    }
}

Describe 'Get-Help details' {
    It 'shows the syntax, parameter details, outputs, related topics and examples of Get-VerificationStatus' {
        $h = Get-Help Get-VerificationStatus -Full
        @($h.syntax.syntaxItem).Count | Should -Be 2                     # the local records, and -Marketplace
        [string](Get-Help Get-VerificationStatus -Parameter State).type.name | Should -Be 'ShareState[]'
        $id = Get-Help Get-VerificationStatus -Parameter OfferId
        [string]$id.globbing | Should -Be 'true'
        [string]$id.pipelineInput | Should -Be 'True (ByPropertyName)'
        [string]$id.aliases | Should -Match '\bSku\b'
        @($h.returnValues.returnValue).type.name | Should -Be @('ListingPs.Core.Model.ShareRecord', 'ListingPs.Core.Model.MarketVerdict')
        @($h.relatedLinks.navigationLink).linkText | Should -Contain 'about_ListingPs'
        [string]@($h.examples.example)[0].code | Should -Match ([regex]::Escape('Get-VerificationStatus -Market allegro-cz'))
    }

    It 'shows one syntax block per parameter set' {
        $sets = @((Get-Command Import-Offer).ParameterSets).Count
        $sets | Should -BeGreaterOrEqual 2
        @((Get-Help Import-Offer -Full).syntax.syntaxItem).Count | Should -Be $sets
    }

    It 'renders as text with the sections a reader looks for' {
        $text = Get-Help Submit-Offer -Full | Out-String -Width 120
        foreach ($section in 'NAME', 'SYNOPSIS', 'SYNTAX', 'DESCRIPTION', 'PARAMETERS', 'OUTPUTS', 'RELATED LINKS') {
            $text | Should -Match "(?m)^$section\s*$"
        }
        $text | Should -Match '(?m)^\s*-Market <'
        $text | Should -Match 'Example 1'
    }
}

Describe 'about_ListingPs' {
    BeforeAll {
        $about = Get-Help about_ListingPs
        $text = [string]$about
    }

    It 'has a synopsis' {
        ([string]$about.Synopsis).Trim() | Should -Not -BeNullOrEmpty
    }

    It 'has the section <_>' -ForEach 'MARKETS', 'RULES AND THE YAML FORMAT', 'THE WORKSPACE', 'THE WEEKLY CHECK', 'REASON CODES', 'MARKET CONNECTIONS', 'REPORTS', 'VERIFICATION STATES' {
        $text | Should -Match "(?m)^$([regex]::Escape($_))\r?$"
    }

    It 'names every reason code, market and cmdlet' {
        # The engine lives in the module's own load context, so its types are reached through the loaded assembly.
        $core = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'ListingPs.Core' })[0]
        $names = @($core.GetType('ListingPs.Core.Model.ReasonCodes', $true)::All) + @(Get-Market | ForEach-Object Id) +
            @(Get-Command -Module ListingPs -CommandType Cmdlet | ForEach-Object Name)
        $names.Count | Should -BeGreaterThan 30
        $missing = @($names | Where-Object { -not $text.Contains($_) })
        $missing | Should -BeNullOrEmpty -Because 'about_ListingPs explains every code, market and cmdlet'
    }

    It 'explains the workspace variable and the price deviation limit' {
        $text | Should -Match ([regex]::Escape('$env:LISTINGPS_WORKSPACE'))
        $text | Should -Match 'maxPriceDeviationPercent'
    }

    It 'is listed by Get-Help about_*' {
        (Get-Help about_Listing*).Name | Should -Contain 'about_ListingPs'
    }
}

Describe 'The help examples' {
    BeforeAll {
        # The Allegro examples run against the contract fake, which confirms device codes at once.
        $script:AllegroFake = Start-AllegroFake
        Set-AllegroFake $script:AllegroFake @{ Interval = 0; PendingPolls = 0 }
        Invoke-RestMethod -Method Post -Uri "$($script:AllegroFake.Address)/_fake/offers?count=30" | Out-Null
        # The sample workspace a reader starts from (docs/examples/README.md), made once and copied for every example.
        $template = Join-Path (Get-PSDrive TestDrive).Root 'sample.db'
        $setupErrors = Invoke-InNewSession -Location (New-SampleFolder) -Workspace $template -Script @'
Import-Offer -Path ./offers.csv
Submit-Offer -Market allegro-cz -Path ./share-cz.csv | Out-Null
Import-Offer -Path ./amazon-offers.csv
Import-Catalog -Market amazon-ca -Path ./catalog-ca.csv | Out-Null
'@
    }

    It 'start from a sample workspace that builds without errors' {
        $setupErrors | Should -BeNullOrEmpty
        Test-Path $template | Should -BeTrue
    }

    It 'are run so that an error they write, or a terminating one, is reported' {
        $folder = New-SampleFolder
        $written = Invoke-InNewSession -Location $folder -Workspace (Join-Path $folder 'w.db') -Script 'Get-Market -Id allegro-cz; Submit-Offer -Market no-such-market -OfferId X; Get-Market -Id allegro-sk'
        @($written).Count | Should -Be 1
        $thrown = Invoke-InNewSession -Location $folder -Workspace (Join-Path $folder 'w.db') -Script 'Get-Market -Id allegro-cz; throw "boom"'
        @($thrown).Count | Should -Be 1
        "$thrown" | Should -Be 'boom'
        $prompted = Invoke-InNewSession -Location $folder -Workspace (Join-Path $folder 'w.db') -Script 'Import-Offer -OfferId X -Price 1; Remove-Offer -OfferId X'
        @($prompted).Count | Should -Be 1 -Because 'a confirmation prompt fails in the example runner instead of waiting'
    }

    AfterAll {
        Stop-AllegroFake $script:AllegroFake
    }

    It '<Cmdlet> example <Number> runs without errors: <Title>' -ForEach $examples {
        # A runbook's refresh token, as an automation variable holds it; each example gets a token folder of its own.
        $env:ALLEGRO_REFRESH_TOKEN = (Invoke-RestMethod -Method Post -Uri "$($script:AllegroFake.Address)/_fake/refresh-token").refresh_token
        $env:LISTINGPS_ALLEGRO_TOKENS = Join-Path (Get-PSDrive TestDrive).Root ('tokens-{0}' -f [guid]::NewGuid().ToString('N'))
        $folder = New-SampleFolder
        $workspace = Join-Path $folder 'workspace.db'
        foreach ($suffix in '', '-wal', '-shm') {
            if (Test-Path ($template + $suffix)) { Copy-Item ($template + $suffix) ($workspace + $suffix) }
        }
        $errors = Invoke-InNewSession -Script $Code -Location $folder -Workspace $workspace
        $errors | ForEach-Object { "$($_.FullyQualifiedErrorId): $_" } | Should -BeNullOrEmpty -Because "the example is:`n$Code`n"
    }
}
