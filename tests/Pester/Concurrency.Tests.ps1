# The short version of bench/stress/Invoke-Concurrency.ps1: four real pwsh processes with the built module write one
# workspace for 15 seconds (offers, shares, CZK prices of the same offers, a connection race and syncs) while they read it.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Json = Join-Path (Get-PSDrive TestDrive).Root 'concurrency.json'
    $script:Output = Invoke-ChildPwsh "& '$script:RepoRoot/bench/stress/Invoke-Concurrency.ps1' -Processes 4 -Seconds 15 -Module '$script:ModuleManifest' -WorkDir '$((Get-PSDrive TestDrive).Root)/conc' -Json '$script:Json' | Out-Null"
    $script:Summary = Get-Content -Raw $script:Json | ConvertFrom-Json
}

Describe 'Four writers on one workspace' -Tag SqliteFile {
    It 'ran every writer for the whole time, with every kind of operation' {
        $Summary.Processes | Should -Be 4
        $Summary.Operations | Should -BeGreaterOrEqual 24      # a count, not a speed (the machine may be busy): each kind below is there
        foreach ($op in 'connect=4', 'import=', 'submit=', 'price=', 'sync=', 'read=') { $Summary.ByOp | Should -Match $op }
    }

    It 'lets no error reach any process: no database is locked, no SQLITE_BUSY' {
        $Summary.Locked | Should -Be 0
        $Summary.Errors | Should -Be 0 -Because ($Summary.Failures -join "`n")
    }

    It 'stores every record a process reported stored' {
        $Summary.OffersStored | Should -Be $Summary.OffersImported
        $Summary.SharesSubmitted | Should -BeGreaterThan 0
        $Summary.Failures | Where-Object { $_ -match 'not stored|no allegro-cz share' } | Should -BeNullOrEmpty
    }

    It 'ends in a serial order: every base and CZK price is one that a last write of its offer wrote (0 lost updates)' {
        $Summary.CzkKeysChecked | Should -Be 20
        $Summary.BaseKeysChecked | Should -Be $Summary.OffersImported
        $Summary.LostUpdates | Should -Be 0 -Because ($Summary.Failures -join "`n")
    }

    It 'keeps the readers right while the writers run' {
        $Summary.Reads | Should -BeGreaterThan 0
        $Summary.Failures | Where-Object { $_ -match '^reader' } | Should -BeNullOrEmpty
    }

    It 'lets exactly one of four racing New-MarketConnection win; the others are refused as SourceAlreadyConnected' {
        $Summary.Connections | Should -Be 1
        $Summary.Failures | Where-Object { $_ -match 'connect' } | Should -BeNullOrEmpty
    }

    It 'leaves a file that passes PRAGMA integrity_check, with every share beside its offer' {
        $Summary.Integrity | Should -Be 'ok'
        $Summary.Failures | Should -BeNullOrEmpty
    }
}
