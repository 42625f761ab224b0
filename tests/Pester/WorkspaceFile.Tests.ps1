BeforeAll {
    . $PSScriptRoot/Common.ps1

    # The module's own Microsoft.Data.Sqlite (loaded in its load context once a workspace was opened) runs SQL on a file as
    # another program would.
    Get-Offer -Workspace (Join-Path (Get-PSDrive TestDrive).Root 'warm-up.db') | Out-Null
    $script:Sqlite = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'Microsoft.Data.Sqlite' } | Select-Object -First 1
    $script:Core = [AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq 'ListingPs.Core' } | Select-Object -First 1

    function Invoke-Sql([string] $Path, [string] $Sql) {
        $c = [Activator]::CreateInstance($script:Sqlite.GetType('Microsoft.Data.Sqlite.SqliteConnection'), @("Data Source=$Path;Pooling=False"))
        try { $c.Open(); $cmd = $c.CreateCommand(); $cmd.CommandText = $Sql; $null = $cmd.ExecuteNonQuery(); $cmd.Dispose() }
        finally { $c.Dispose() }
    }

    function Get-Sha([byte[]] $Bytes) { [Convert]::ToHexString([Security.Cryptography.SHA256]::HashData($Bytes)) }

    function Get-TerminatingError([scriptblock] $Script) {
        try { & $Script | Out-Null; $null } catch { $_ }
    }

    # The engine's test hook (a static field, for one path): PRAGMA max_page_count, a disk that fills up at a known size.
    function Set-PageLimit([string] $Path, $Pages) {
        $t = $script:Core.GetType('ListingPs.Core.Workspace.WorkspaceStore')
        $f = [Reflection.BindingFlags]'NonPublic,Static'
        $t.GetField('TestLimitPath', $f).SetValue($null, $Path)
        $t.GetField('TestMaxPageCount', $f).SetValue($null, $(if ($null -eq $Pages) { $null } else { [Nullable[long]][long]$Pages }))
    }
}

Describe 'A damaged or foreign workspace file' -Tag SqliteFile {
    BeforeEach {
        $script:path = Join-Path (Get-PSDrive TestDrive).Root ('bad-{0}.db' -f [guid]::NewGuid().ToString('N'))
    }

    It 'random bytes: Get-Offer ends with WorkspaceDamaged naming the file, which is left as it was' {
        $bytes = [byte[]]::new(32768); [Random]::new(1).NextBytes($bytes)
        [IO.File]::WriteAllBytes($path, $bytes)
        $e = Get-TerminatingError { Get-Offer -Workspace $path }
        $e | Should -Not -BeNullOrEmpty
        $e.FullyQualifiedErrorId | Should -Be 'WorkspaceDamaged,ListingPs.Commands.GetOfferCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        $e.Exception.Message | Should -BeLike "*'$path'*Restore the file from a backup*"
        Get-Sha ([IO.File]::ReadAllBytes($path)) | Should -Be (Get-Sha $bytes)
    }

    It 'a truncated workspace: WorkspaceDamaged, the file left as it was' {
        $full = Join-Path (Get-PSDrive TestDrive).Root 'to-cut.db'
        Import-Csv (New-OfferCsv -Rows (1..400 | ForEach-Object { New-OfferRow "T-$_" -Title ('x' * 75) -Category ('c' * 300) })) | Import-Offer -Workspace $full
        # Copy the file's first half, as a copy cut off by a full disk would.
        Invoke-Sql $full 'PRAGMA wal_checkpoint(TRUNCATE)'
        $bytes = [IO.File]::ReadAllBytes($full)
        $cut = [byte[]]::new([int][Math]::Floor($bytes.Length / 2 / 4096) * 4096); [Array]::Copy($bytes, $cut, $cut.Length)
        [IO.File]::WriteAllBytes($path, $cut)
        $e = Get-TerminatingError { Get-Offer -Workspace $path }
        $e.FullyQualifiedErrorId | Should -Be 'WorkspaceDamaged,ListingPs.Commands.GetOfferCommand'
        $e.Exception.Message | Should -BeLike "*'$path'*"
        Get-Sha ([IO.File]::ReadAllBytes($path)) | Should -Be (Get-Sha $cut)
    }

    It 'another program''s SQLite database: WorkspaceForeign, the file left as it was' {
        Invoke-Sql $path 'CREATE TABLE photos(id INTEGER PRIMARY KEY, name TEXT); INSERT INTO photos(name) VALUES(''a.jpg'')'
        $before = [IO.File]::ReadAllBytes($path)
        $e = Get-TerminatingError { Get-Offer -Workspace $path }
        $e.FullyQualifiedErrorId | Should -Be 'WorkspaceForeign,ListingPs.Commands.GetOfferCommand'
        $e.CategoryInfo.Category | Should -Be 'InvalidData'
        $e.Exception.Message | Should -BeLike "*'$path' is a SQLite database of another program (tables photos)*"
        Get-Sha ([IO.File]::ReadAllBytes($path)) | Should -Be (Get-Sha $before)
    }

    It 'a workspace of a newer ListingPs: WorkspaceTooNew, the file left as it was' {
        Invoke-Sql $path ("CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID; CREATE TABLE offers(offer_id TEXT PRIMARY KEY);" +
            " CREATE TABLE shares(offer_id TEXT); INSERT INTO meta VALUES('schema', '9')")
        $before = [IO.File]::ReadAllBytes($path)
        $e = Get-TerminatingError { Get-Offer -Workspace $path }
        $e.FullyQualifiedErrorId | Should -Be 'WorkspaceTooNew,ListingPs.Commands.GetOfferCommand'
        $e.CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $e.Exception.Message | Should -BeLike "*'$path' was written by a newer ListingPs (schema 9*Update the ListingPs module*"
        Get-Sha ([IO.File]::ReadAllBytes($path)) | Should -Be (Get-Sha $before)
    }

    It 'a workspace of the first layout (no connection tables) opens and is brought up to date' {
        Invoke-Sql $path (Get-Content -Raw (Join-Path $script:RepoRoot 'tests/fixtures/workspaces/schema1-f8fab08.sql'))
        (Get-Offer -Workspace $path).OfferId | Should -Be @('A-1', 'A-2')
        Get-MarketConnection -Workspace $path | Should -BeNullOrEmpty
    }
}

Describe 'A workspace that fills up' -Tag SqliteFile {
    AfterEach { Set-PageLimit $null $null }

    It 'Submit-Offer writes only stored records, then ends with WorkspaceFull saying how many were not stored' {
        $path = Join-Path (Get-PSDrive TestDrive).Root 'full.db'
        Set-PageLimit $path 700 # room for about 8,000 offers with their shares, not 12,000
        $rows = 1..12000 | ForEach-Object {
            [pscustomobject]@{ OfferId = "F-$_"; Title = "Title $_"; Category = 'Elektronika/Telefony'; Price = '45.00'; SellingFormat = 'BuyNow'
                AccountType = 'Company'; B2BOnly = 'False'; Charity = '0'; ProductId = "P-$_"; Status = 'Active'; DeliveryMethods = 'allegro-dhl-cz'; Translations = 'cs-CZ' }
        }
        $seen = [Collections.Generic.List[string]]::new()
        $e = Get-TerminatingError { $rows | Submit-Offer -Market allegro-cz -Workspace $path | ForEach-Object { $seen.Add($_.OfferId) } }
        $e | Should -Not -BeNullOrEmpty
        $e.FullyQualifiedErrorId | Should -Be 'WorkspaceFull,ListingPs.Commands.SubmitOfferCommand'
        $e.CategoryInfo.Category | Should -Be 'WriteError'
        $e.Exception.Message | Should -Match ([regex]::Escape("'$path' is full") + '.* [0-9,]+ records written since the last commit were not stored')
        $seen.Count | Should -BeGreaterThan 0 # batches commit when full (5,000) or a second after their first record
        $seen.Count | Should -BeLessThan 12000
        Set-PageLimit $null $null
        # Every record that reached the pipeline is stored, and nothing else is.
        (Get-Offer -Workspace $path -First 100000).OfferId | Sort-Object | Should -Be ($seen | Sort-Object)
        (Get-VerificationStatus -Workspace $path -Market allegro-cz | Measure-Object).Count | Should -Be $seen.Count
    }
}
