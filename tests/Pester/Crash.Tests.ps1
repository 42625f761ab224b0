# The short version of bench/stress/Invoke-Crash.ps1: a pipeline (import, submit, visibility check, price fixes, the amazon
# sample, a connection and a sync) SIGKILLed at 8 seeded points, one in each step and one more; after every kill the file
# holds whole records, and rerunning the same command ends in the uninterrupted run's state.
BeforeAll {
    . $PSScriptRoot/Common.ps1
    $script:Json = Join-Path (Get-PSDrive TestDrive).Root 'crash.json'
    $script:Output = Invoke-ChildPwsh "& '$script:RepoRoot/bench/stress/Invoke-Crash.ps1' -Kills 8 -Seed 7 -Module '$script:ModuleManifest' -WorkDir '$((Get-PSDrive TestDrive).Root)/crash' -Json '$script:Json' | Out-Null"
    if (-not (Test-Path $script:Json)) { throw "Invoke-Crash.ps1 wrote no summary:`n$($script:Output | Out-String)" }
    $script:Summary = Get-Content -Raw $script:Json | ConvertFrom-Json
}

Describe 'kill -9 during a pipeline' -Tag SqliteFile {
    It 'killed it 8 times, across the steps' {
        # Kill k aims at step k mod 7; a step of a few milliseconds may be over when the kill lands, so at least five differ.
        $Summary.Kills | Should -Be 8
        @($Summary.ByPhase -split ' ').Count | Should -BeGreaterOrEqual 5 -Because $Summary.ByPhase
    }

    It 'leaves a file with whole records only after every kill, and the rerun ends as the uninterrupted run' {
        $Summary.Failures | Should -BeNullOrEmpty
        $Summary.Passed | Should -Be 8
    }
}
