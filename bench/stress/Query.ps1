# Dot-source in a pwsh process that does NOT import ListingPs (the checker side of the stress scripts): the workspace
# queried directly, on either engine. A SQLite file goes through Sqlite.ps1 (the module's own Microsoft.Data.Sqlite); a
# PostgreSQL workspace (a connection string or postgres:// URI, as -Workspace takes it) through the module's own Npgsql
# (out/ListingPs/net8.0/dependencies/Npgsql.dll with Microsoft.Extensions.Logging.Abstractions from the same folder; the
# rest of what it needs is in pwsh itself). The text is read by the engine's WorkspaceLocation, so the checker connects
# to exactly the database (and schema) the module does: default database listingps, no pooling, 300 s command timeout.
param([string] $ModuleDir = (Join-Path $PSScriptRoot '../../out/ListingPs'))
. (Join-Path $PSScriptRoot 'Sqlite.ps1') -ModuleDir $ModuleDir
$deps = Join-Path (Resolve-Path $ModuleDir).ProviderPath 'net8.0/dependencies'
if (-not ('Npgsql.NpgsqlConnection' -as [type])) {
    foreach ($a in 'Microsoft.Extensions.Logging.Abstractions', 'Npgsql') {
        if (-not ([AppDomain]::CurrentDomain.GetAssemblies() | Where-Object { $_.GetName().Name -eq $a })) { Add-Type -Path (Join-Path $deps "$a.dll") }
    }
}

function Test-PostgresWorkspace([string] $Workspace) { [ListingPs.Core.Workspace.WorkspaceLocation]::IsPostgresText($Workspace) }

function Get-PostgresConnectionString([string] $Workspace) {
    <# Npgsql's connection string of a PostgreSQL workspace text, as the module builds it (holds the password: not for display). #>
    $loc = [ListingPs.Core.Workspace.WorkspaceLocation]::Postgres($Workspace, $null)
    [ListingPs.Core.Workspace.WorkspaceLocation].GetProperty('ConnectionString', [Reflection.BindingFlags]'Instance,NonPublic').GetValue($loc)
}

function Get-WorkspaceDisplay([string] $Workspace) {
    <# The workspace as errors and reports name it: the path, or postgres://user@host:port/db?search_path=... without the password. #>
    if (Test-PostgresWorkspace $Workspace) { [ListingPs.Core.Workspace.WorkspaceLocation]::Postgres($Workspace, $null).Display } else { $Workspace }
}

function Invoke-PostgresQuery {
    <# Runs one SQL statement on a PostgreSQL connection string (in a read-only session unless -Write) and returns its rows as objects. #>
    param([Parameter(Mandatory)] [string] $ConnectionString, [Parameter(Mandatory)] [string] $Sql, [switch] $Write)
    $c = [Npgsql.NpgsqlConnection]::new($ConnectionString)
    try {
        $c.Open()
        $cmd = $c.CreateCommand()
        try {
            if (-not $Write) { $cmd.CommandText = 'SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY'; $null = $cmd.ExecuteNonQuery() }
            $cmd.CommandText = $Sql
            $r = $cmd.ExecuteReader()
            try {
                Read-DbRow $r
            }
            finally { $r.Dispose() }
        }
        finally { $cmd.Dispose() }
    }
    finally { $c.Dispose() }
}

function Invoke-WorkspaceQuery {
    <#
    Runs one SQL statement on a workspace, either engine: -Sql on a SQLite file (Invoke-SqliteQuery), -PostgresSql (default
    -Sql, when the text is the same on both) on a PostgreSQL workspace.
    #>
    param([Parameter(Mandatory)] [string] $Workspace, [Parameter(Mandatory)] [string] $Sql, [string] $PostgresSql, [switch] $Write)
    if (Test-PostgresWorkspace $Workspace) {
        Invoke-PostgresQuery -ConnectionString (Get-PostgresConnectionString $Workspace) -Sql ($PostgresSql ? $PostgresSql : $Sql) -Write:$Write
    }
    else { Invoke-SqliteQuery -Path $Workspace -Sql $Sql -Write:$Write }
}

function Get-PostgresIntegrity {
    <#
    amcheck on every table (verify_heapam) and B-tree index (bt_index_check with heapallindexed) of the workspace's schema.
    -ConnectionString: a connection to the workspace's database and schema; a superuser one (-Install) may install the amcheck
    extension (into schema public) when it is missing. Without it, the check runs only when amcheck is installed and the user
    may execute its functions (by default only superusers may); else Result is 'n/a (server)' and Why says what was missing.
    Returns @{ Result = 'ok' | 'n/a (server)' | what was found; Check = what ran }.
    #>
    param([Parameter(Mandatory)] [string] $ConnectionString, [switch] $Install, [string] $As = 'the workspace user')
    $c = [Npgsql.NpgsqlConnection]::new($ConnectionString)
    try {
        $c.Open()
        function Rows([string] $Sql) {
            $cmd = $c.CreateCommand(); $cmd.CommandText = $Sql
            $r = $cmd.ExecuteReader()
            try { while ($r.Read()) { $row = [ordered]@{}; for ($i = 0; $i -lt $r.FieldCount; $i++) { $row[$r.GetName($i)] = if ($r.IsDBNull($i)) { $null } else { $r.GetValue($i) } }; [pscustomobject]$row } }
            finally { $r.Dispose(); $cmd.Dispose() }
        }
        $ext = @(Rows "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'")
        if (-not $ext -and $Install) {
            $null = Rows 'CREATE EXTENSION IF NOT EXISTS amcheck SCHEMA public'
            $ext = @(Rows "SELECT n.nspname AS schema FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'amcheck'")
        }
        if (-not $ext) {
            $avail = @(Rows "SELECT name FROM pg_available_extensions WHERE name = 'amcheck'")
            return @{ Result = 'n/a (server)'; Check = "none: amcheck is $(if ($avail) { 'not installed in the database' } else { 'not available on the server' }), and $As does not install extensions" }
        }
        $s = '"' + $ext[0].schema.Replace('"', '""') + '"'
        $may = @(Rows "SELECT has_function_privilege('$s.verify_heapam(regclass, boolean, boolean, text, bigint, bigint)', 'EXECUTE') AS heap, has_function_privilege('$s.bt_index_check(regclass, boolean)', 'EXECUTE') AS btree")[0]
        if (-not ($may.heap -and $may.btree)) { return @{ Result = 'n/a (server)'; Check = "none: amcheck is installed, but $As may not execute verify_heapam and bt_index_check" } }
        $rels = @(Rows @"
SELECT c.oid::regclass::text AS rel, c.relkind::text AS kind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = current_schema() AND (c.relkind = 'r' OR (c.relkind = 'i' AND c.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')))
ORDER BY c.relkind DESC, c.relname
"@)
        if (-not $rels) { return @{ Result = 'no tables in schema'; Check = 'amcheck' } }
        $found = [Collections.Generic.List[string]]::new()
        foreach ($rel in $rels) {
            $lit = "'" + $rel.rel.Replace("'", "''") + "'"
            if ($rel.kind -eq 'r') {
                foreach ($p in Rows "SELECT blkno, offnum, attnum, msg FROM $s.verify_heapam($lit::regclass, on_error_stop => false, check_toast => true)") {
                    $found.Add("$($rel.rel) block $($p.blkno) item $($p.offnum): $($p.msg)")
                }
            }
            else {
                try { $null = Rows "SELECT $s.bt_index_check($lit::regclass, true)" }
                catch { $found.Add("$($rel.rel): $($_.Exception.InnerException.Message ?? $_.Exception.Message)") }
            }
        }
        $tables = @($rels | Where-Object kind -eq 'r').Count
        @{ Result = if ($found.Count) { $found -join '; ' } else { 'ok' }
            Check = "amcheck as $As`: verify_heapam on $tables tables, bt_index_check (heapallindexed) on $($rels.Count - $tables) indexes" }
    }
    finally { $c.Dispose() }
}
