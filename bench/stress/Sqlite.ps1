# Dot-source in a pwsh process that does NOT import ListingPs (the checker side of the stress scripts): loads the module's
# own copy of Microsoft.Data.Sqlite (out/ListingPs/net8.0/dependencies) and its native library, and gives
# Invoke-SqliteQuery. The sqlite3 CLI is not needed.
param([string] $ModuleDir = (Join-Path $PSScriptRoot '../../out/ListingPs'))
$deps = Join-Path (Resolve-Path $ModuleDir).ProviderPath 'net8.0/dependencies'
if (-not ('Microsoft.Data.Sqlite.SqliteConnection' -as [type])) {
    foreach ($a in 'SQLitePCLRaw.core', 'SQLitePCLRaw.provider.e_sqlite3', 'SQLitePCLRaw.batteries_v2', 'Microsoft.Data.Sqlite', 'ListingPs.Core') { Add-Type -Path (Join-Path $deps "$a.dll") }
    # The engine's own resolver finds the native library under dependencies/runtimes, as it does inside the module.
    [ListingPs.Core.Model.Offer].Assembly.GetType('ListingPs.Core.Workspace.SqliteNativeResolver').GetMethod('Ensure', [Reflection.BindingFlags]'Static,Public,NonPublic').Invoke($null, @())
    [SQLitePCL.Batteries_V2]::Init()
}

function Read-DbRow([Data.Common.DbDataReader] $Reader) {
    <# Every row the reader has left, as an object with a property per column (NULL as $null); either engine's reader. #>
    while ($Reader.Read()) {
        $row = [ordered]@{}
        for ($i = 0; $i -lt $Reader.FieldCount; $i++) { $row[$Reader.GetName($i)] = if ($Reader.IsDBNull($i)) { $null } else { $Reader.GetValue($i) } }
        [pscustomobject]$row
    }
}

function Invoke-SqliteQuery {
    <# Runs one SQL statement on a workspace file (read-only unless -Write) and returns its rows as objects. #>
    param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string] $Sql, [switch] $Write)
    $mode = if ($Write) { 'ReadWrite' } else { 'ReadOnly' }
    $c = [Microsoft.Data.Sqlite.SqliteConnection]::new("Data Source=$Path;Mode=$mode;Pooling=False;Default Timeout=60")
    try {
        $c.Open()
        $cmd = $c.CreateCommand(); $cmd.CommandText = 'PRAGMA busy_timeout=60000;'; $null = $cmd.ExecuteNonQuery()
        $cmd.CommandText = $Sql
        $r = $cmd.ExecuteReader()
        try {
            Read-DbRow $r
        }
        finally { $r.Dispose(); $cmd.Dispose() }
    }
    finally { $c.Dispose() }
}
