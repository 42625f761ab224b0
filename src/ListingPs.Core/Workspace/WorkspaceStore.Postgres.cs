using System;
using System.Collections.Generic;
using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The workspace on PostgreSQL: many runbook workers, one database. The tables, the SQL and the stores are the SQLite
    /// workspace's; what differs is here:
    /// <list type="bullet">
    /// <item>the database is created when missing (as a SQLite file is), when the user may create databases;</item>
    /// <item>the DDL is the same text with PostgreSQL's types: every text column compares and sorts by code point (COLLATE "C"),
    /// as SQLite's BINARY collation does, so ranges, paging and filters give the same rows in the same order;</item>
    /// <item>writers take the workspace's write lock (a transaction-scoped advisory lock) when their transaction starts, as SQLite's
    /// BEGIN IMMEDIATE takes the file's: writes from any number of workers apply in some serial order, none is lost, and no
    /// deadlock can reach the user; readers never wait;</item>
    /// <item>errors of the server (no room, read-only, connection lost) map to the same error ids as the file's.</item>
    /// </list>
    /// </summary>
    public sealed partial class WorkspaceStore
    {
        /// <summary>The advisory lock class of ListingPs (the file's application id); object 1 is the write lock, 2 the schema.</summary>
        private const string WriteLock = "SELECT pg_advisory_xact_lock(1280332631, 1)";
        private const string SchemaLock = "SELECT pg_advisory_xact_lock(1280332631, 2)";

        /// <summary>How long a writer waits for the write lock before the error reaches it (a worker holding a batch open).</summary>
        internal static int PostgresLockTimeoutSeconds = 300;

        private static WorkspaceStore OpenPostgres(WorkspaceLocation location)
        {
            var connection = new NpgsqlConnection(location.ConnectionString);
            try
            {
                try
                {
                    connection.Open();
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InvalidCatalogName)
                {
                    CreateDatabase(location);
                    connection.Open();
                }
                var ws = new WorkspaceStore(location, connection);
                ws.Initialize();
                return ws;
            }
            catch (ListingPsException)
            {
                connection.Dispose();
                throw;
            }
            catch (Exception ex) when (ex is NpgsqlException || ex is TimeoutException || ex is InvalidOperationException || ex is ArgumentException)
            {
                connection.Dispose();
                throw PostgresStorageError(location.Display, ex, 0, opening: true) ?? new ListingPsException(ErrorIds.WorkspaceUnavailable,
                    "The workspace '" + location.Display + "' cannot be opened: " + ServerMessage(ex)
                    + " Check the host, port, database, user name and password (-WorkspaceCredential, PGPASSWORD or .pgpass).",
                    ErrorKind.ResourceUnavailable, ex);
            }
            catch
            {
                connection.Dispose(); // nothing of a refused open stays connected
                throw;
            }
        }

        /// <summary>Creates the workspace's database through the server's maintenance database; another worker creating it at the same time is fine.</summary>
        private static void CreateDatabase(WorkspaceLocation location)
        {
            var b = new NpgsqlConnectionStringBuilder(location.ConnectionString);
            var name = b.Database!;
            b.Database = "postgres";
            using var admin = new NpgsqlConnection(b.ConnectionString);
            admin.Open();
            using var cmd = admin.CreateCommand();
            cmd.CommandText = "CREATE DATABASE \"" + name.Replace("\"", "\"\"") + "\" TEMPLATE template0 ENCODING 'UTF8'";
            try
            {
                cmd.ExecuteNonQuery();
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase || ex.SqlState == PostgresErrorCodes.UniqueViolation)
            {
                // made by another worker in the meantime
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
            {
                throw new ListingPsException(ErrorIds.WorkspaceUnavailable,
                    "The workspace '" + location.Display + "' does not exist, and user '" + b.Username + "' may not create databases. "
                    + "Create the database (CREATE DATABASE \"" + name + "\" OWNER \"" + b.Username + "\"), or give a database that exists.",
                    ErrorKind.ResourceUnavailable, ex);
            }
        }

        private void InitializePostgres()
        {
            // Session settings: a writer waits this long for the write lock; text is compared by the columns' own collation.
            Exec("SET lock_timeout = '" + PostgresLockTimeoutSeconds.ToString(CultureInfo.InvariantCulture) + "s'; SET client_min_messages = warning;");
            // A workspace of the current version opens without a lock or DDL (CREATE INDEX IF NOT EXISTS would wait behind every
            // worker writing to the table); an older or new one is brought up under the schema lock (see Migrate).
            int version;
            using (var tx = _connection.BeginTransaction(IsolationLevel.ReadCommitted))
            {
                version = InspectPostgres(tx);
                tx.Commit();
            }
            if (version < SchemaVersion) Migrate(version);
        }

        /// <summary>A workspace may live in a schema of its own (Search Path=...): the first schema named is created when missing.</summary>
        private void CreateSearchPathSchema(DbTransaction tx)
        {
            var schema = FirstSchema(new NpgsqlConnectionStringBuilder(Location.ConnectionString).SearchPath);
            if (schema != null) Exec("CREATE SCHEMA IF NOT EXISTS \"" + schema.Replace("\"", "\"\"") + "\"", tx);
        }

        private static string? FirstSchema(string? searchPath)
        {
            if (string.IsNullOrWhiteSpace(searchPath)) return null;
            var first = searchPath!.Split(',')[0].Trim().Trim('"');
            return first.Length == 0 || first.StartsWith("$", StringComparison.Ordinal) ? null : first;
        }

        /// <summary>
        /// The schema version of the database (schema): 0 when it holds no tables. One that holds tables of another program, or a
        /// newer ListingPs's, is refused, and nothing is changed in it.
        /// </summary>
        private int InspectPostgres(DbTransaction tx)
        {
            var tables = new List<string>();
            using var cmd = _connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name";
            using (var r = cmd.ExecuteReader())
                while (r.Read()) tables.Add(r.GetString(0));
            if (tables.Count == 0) return 0;
            foreach (var t in CoreTables)
                if (!tables.Contains(t)) throw ForeignDatabase(tables);
            cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
            var schema = cmd.ExecuteScalar() as string;
            if (schema == null) throw ForeignDatabase(tables);
            if (!int.TryParse(schema, NumberStyles.None, CultureInfo.InvariantCulture, out int version) || version > SchemaVersion) throw TooNew(schema);
            return version;
        }

        private ListingPsException ForeignDatabase(List<string> tables) => new ListingPsException(ErrorIds.WorkspaceForeign,
            "The database '" + Path + "' holds tables of another program (" + string.Join(", ", tables.Count > 5 ? tables.GetRange(0, 5) : tables)
            + (tables.Count > 5 ? ", ..." : "") + "), not a ListingPs workspace. Nothing was changed in it. Give -Workspace (or $env:"
            + EnvironmentVariable + ") a database of its own for the workspace (it is created when missing), or a schema of its own (Search Path=...).",
            ErrorKind.InvalidData);

        /// <summary>
        /// Starts the write transaction and takes the workspace's write lock. Read committed: every statement after the lock sees
        /// what every other writer committed before it, so a read-then-write in one transaction cannot lose another's update.
        /// </summary>
        private void BeginPostgresWrite()
        {
            var tx = _connection.BeginTransaction(IsolationLevel.ReadCommitted);
            try
            {
                using var cmd = _connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = WriteLock;
                cmd.ExecuteNonQuery();
            }
            catch (Exception ex)
            {
                tx.Dispose();
                if (ex is PostgresException pg && pg.SqlState == PostgresErrorCodes.LockNotAvailable)
                    throw new ListingPsException(ErrorIds.WorkspaceWriteFailed,
                        "The workspace '" + Path + "' stayed locked by another worker's write for " + PostgresLockTimeoutSeconds
                        + " s. Nothing was written. Run the command again when the other worker's batch is done.", ErrorKind.ResourceUnavailable, ex);
                throw;
            }
            _transaction = tx;
        }

        /// <summary>The same DDL text on both engines; on PostgreSQL with its types (see the class summary).</summary>
        private string Ddl(string sql)
        {
            if (!IsPostgres) return sql;
            sql = Regex.Replace(sql, @"\s+WITHOUT ROWID", "");
            sql = Regex.Replace(sql, @"\bINTEGER\b", "BIGINT");
            sql = Regex.Replace(sql, @"\bTEXT\b", "TEXT COLLATE \"C\"");
            return sql;
        }

        /// <summary>The engine's case-insensitive LIKE (ASCII letters), as SQLite's LIKE is.</summary>
        internal static string Like(DbCommand cmd) => cmd is NpgsqlCommand ? "ILIKE" : "LIKE";

        internal string Like() => IsPostgres ? "ILIKE" : "LIKE";

        /// <summary>The failure of a write as the user's error: the engine's error mapped to the workspace's error ids.</summary>
        private ListingPsException? StorageFailure(Exception ex, int notStored)
        {
            if (ex is Microsoft.Data.Sqlite.SqliteException sqlite) return StorageError(Path, sqlite, notStored);
            if (ex is NpgsqlException || ex.InnerException is NpgsqlException) return PostgresStorageError(Path, ex, notStored);
            return null;
        }

        internal static ListingPsException? PostgresStorageError(string display, Exception ex, int notStored, bool opening = false)
        {
            var pg = ex as PostgresException ?? ex.InnerException as PostgresException;
            string id, what, todo;
            ErrorKind kind;
            if (pg != null)
            {
                switch (pg.SqlState)
                {
                    case PostgresErrorCodes.DiskFull:
                    case PostgresErrorCodes.InsufficientResources:
                    case PostgresErrorCodes.OutOfMemory:
                        id = ErrorIds.WorkspaceFull; kind = ErrorKind.WriteError;
                        what = "is full: the database server has no room left (" + pg.SqlState + ": " + pg.MessageText + ")";
                        todo = "Free space on the database server";
                        break;
                    case PostgresErrorCodes.ReadOnlySqlTransaction:
                        id = ErrorIds.WorkspaceReadOnly; kind = ErrorKind.PermissionDenied;
                        what = "is read-only: the server takes no writes (a standby, or default_transaction_read_only)";
                        todo = "Give -Workspace the primary server";
                        break;
                    case PostgresErrorCodes.InsufficientPrivilege:
                        if (opening) return null;
                        id = ErrorIds.WorkspaceReadOnly; kind = ErrorKind.PermissionDenied;
                        what = "cannot be written by this user (" + pg.MessageText + ")";
                        todo = "Grant the user the right to write the workspace's tables";
                        break;
                    default:
                        return null;
                }
            }
            else if (!opening && ex is NpgsqlException)
            {
                id = ErrorIds.WorkspaceWriteFailed; kind = ErrorKind.WriteError;
                what = "could not be written: the connection to the database server broke (" + ServerMessage(ex) + ")";
                todo = "Check the server and the network";
            }
            else return null;
            return StorageFailureError(id, kind, display, what, todo, notStored, opening, ex);
        }

        /// <summary>The server's or the driver's own words, without the connection string.</summary>
        private static string ServerMessage(Exception ex)
        {
            var pg = ex as PostgresException ?? ex.InnerException as PostgresException;
            if (pg != null) return pg.SqlState + ": " + pg.MessageText + ".";
            var inner = ex.InnerException != null && !(ex.InnerException is NpgsqlException) ? " (" + ex.InnerException.Message + ")" : "";
            return ex.Message.TrimEnd('.') + inner + ".";
        }
    }
}
