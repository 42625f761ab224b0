# The module's dependencies load into a load context of its own (net8.0/dependencies, ModuleInitAndCleanup): another
# module's older copy of a library the module uses (YamlDotNet here) in the same session clashes with neither side,
# whichever is loaded first. Each case runs in a fresh pwsh, since an assembly once loaded stays for the process.

BeforeAll {
    . $PSScriptRoot/Common.ps1
    # YamlDotNet 11.2.1, restored beside Pester by tests/Pester/Pester.Restore.csproj (the module ships a later one).
    $assets = Get-Content -Raw (Join-Path $script:RepoRoot 'tests/Pester/obj/project.assets.json') | ConvertFrom-Json -AsHashtable
    $script:OldYaml = @(foreach ($folder in $assets.packageFolders.Keys) {
            $p = Join-Path $folder 'yamldotnet/11.2.1/lib/netstandard2.1/YamlDotNet.dll'
            if (Test-Path $p) { $p }
        })[0]
    $script:ModuleYaml = Join-Path (Split-Path $script:ModuleManifest) 'net8.0/dependencies/YamlDotNet.dll'

    # What the child session reports, after Get-Market has read the rule files: the YamlDotNet versions loaded, where each came from, and whether both sides work.
    $script:Probe = @'
'markets: ' + @(Get-Market).Count
$yaml = @([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'YamlDotNet' })
'yamldotnet: ' + (($yaml | ForEach-Object { '{0}@{1}' -f $_.GetName().Version.Major, [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($_).Name } | Sort-Object) -join ',')
$other = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq 'YamlDotNet' -and $_.GetName().Version.Major -eq 11 })[0]
$d = $other.GetType('YamlDotNet.Serialization.Deserializer', $true)::new()
'other module: ' + $d.Deserialize([IO.StringReader]::new('a: 1'), [object])['a']
'@
}

Describe 'Loading beside another module''s copy of a dependency' {
    It 'has the old YamlDotNet to load and ships a newer one' {
        $script:OldYaml | Should -Exist
        [Reflection.AssemblyName]::GetAssemblyName($script:ModuleYaml).Version.Major | Should -BeGreaterThan 11
    }

    It 'works when the other copy is loaded <When>' -TestCases @(
        @{ When = 'first'; Script = "Add-Type -Path '{0}'`nImport-Module '{1}'" }
        @{ When = 'after the module'; Script = "Import-Module '{1}'`nAdd-Type -Path '{0}'" }
    ) {
        $out = @(Invoke-ChildPwsh -StopOnError (($Script -f $script:OldYaml, $script:ModuleManifest) + "`n" + $script:Probe))
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $loaded = ($out | Where-Object { $_ -like 'yamldotnet: *' }) -replace '^yamldotnet: '
        # Two copies side by side: the other module's in the default context, the module's in its own.
        $loaded -split ',' | Should -HaveCount 2
        $loaded | Should -Match '(^|,)11@Default(,|$)'
        $loaded | Should -Match '\d+@ListingPs\.Dependencies'
        $out | Where-Object { $_ -like 'markets: *' } | Should -Not -Be 'markets: 0'
        $out | Should -Contain 'other module: 1'
    }

    It 'keeps the engine out of the default context' {
        $out = @(Invoke-ChildPwsh -ImportModule -StopOnError @'
$null = Get-Market
foreach ($n in 'ListingPs', 'ListingPs.Core', 'YamlDotNet', 'Microsoft.Data.Sqlite') {
    $a = [AppDomain]::CurrentDomain.GetAssemblies().Where({ $_.GetName().Name -eq $n })[0]
    '{0}={1}' -f $n, $(if ($a) { [Runtime.Loader.AssemblyLoadContext]::GetLoadContext($a).Name } else { 'not loaded' })
}
'@)
        $LASTEXITCODE | Should -Be 0 -Because ($out -join "`n")
        $out | Should -Contain 'ListingPs=Default'
        $out | Should -Contain 'ListingPs.Core=ListingPs.Dependencies'
        $out | Should -Contain 'YamlDotNet=ListingPs.Dependencies'
    }
}
