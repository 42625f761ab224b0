using System.Data.Common;
using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// The workspace as a file: what is refused when it opens (a damaged file, another program's database, a workspace of a
    /// newer ListingPs), how an older layout is brought up to date, and what a write that the disk refuses (full, read-only,
    /// I/O error) becomes.
    /// </summary>
    public sealed partial class WorkspaceStore
    {
        /// <summary>PRAGMA application_id of a workspace ("LPSW"). Workspaces made before it was set carry 0.</summary>
        internal const int ApplicationId = 0x4C505357;

        /// <summary>Tables every workspace holds (from schema 1 on); a database without them is another program's.</summary>
        private static readonly string[] CoreTables = { "meta", "offers", "shares" };

        /// <summary>Indexes earlier versions made on connection_offers (6d81222, dropped by 24db74e): every write paid for them.</summary>
        private static readonly string[] RetiredIndexes = { "connection_offers_conn", "connection_offers_status" };

        /// <summary>Test hook: called with the file and each step's name while the opening transaction brings a layout up to date (throw to fail there).</summary>
        internal static Action<string, string>? MigrationStep;

        /// <summary>Test hook: the one file <see cref="TestMaxPageCount"/> and <see cref="TestQueryOnly"/> apply to when it is opened.</summary>
        internal static string? TestLimitPath;

        /// <summary>Test hook: PRAGMA max_page_count for <see cref="TestLimitPath"/> (a disk that fills up, deterministically).</summary>
        internal static long? TestMaxPageCount;

        /// <summary>Test hook: PRAGMA query_only for <see cref="TestLimitPath"/> (every write is refused as read-only).</summary>
        internal static bool TestQueryOnly;

        private void ApplyTestLimits()
        {
            if (TestLimitPath == null || !string.Equals(TestLimitPath, Path, StringComparison.Ordinal)) return;
            if (TestMaxPageCount is long max) Exec("PRAGMA max_page_count=" + max.ToString(CultureInfo.InvariantCulture) + ";");
            if (TestQueryOnly) Exec("PRAGMA query_only=ON;");
        }

        /// <summary>
        /// Reads (never writes) what the file is and returns its schema version: 0 for a new or empty file, else a workspace of this
        /// schema or an older one. Anything else throws WorkspaceDamaged, WorkspaceForeign or WorkspaceTooNew.
        /// </summary>
        private int Inspect()
        {
            var tables = new List<string>();
            int applicationId;
            string? schema = null;
            try
            {
                using var cmd = _connection.CreateCommand();
                cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name";
                using (var r = cmd.ExecuteReader())
                    while (r.Read()) tables.Add(r.GetString(0));
                cmd.CommandText = "PRAGMA application_id";
                applicationId = Convert.ToInt32(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (tables.Count == 0)
                {
                    if (applicationId != 0 && applicationId != ApplicationId) throw Foreign(tables, applicationId);
                    return 0; // a new file (or an empty database): the schema is made in it
                }
                if (applicationId != 0 && applicationId != ApplicationId) throw Foreign(tables, applicationId);
                foreach (var t in CoreTables)
                    if (!tables.Contains(t)) throw Foreign(tables, applicationId);
                cmd.CommandText = "SELECT value FROM meta WHERE key = 'schema'";
                schema = cmd.ExecuteScalar() as string;
                if (schema == null) throw Foreign(tables, applicationId);
                if (!int.TryParse(schema, NumberStyles.None, CultureInfo.InvariantCulture, out int version))
                    throw Damaged("its schema version reads '" + schema + "'");
                if (version > SchemaVersion) throw TooNew(schema);
                if (_truncated != null && _truncated.Value.Looks)
                {
                    // The header is read without SQLite's locks: SQLite has the last word (a checkpoint may have been under way).
                    cmd.CommandText = "PRAGMA quick_check(1)";
                    var verdict = cmd.ExecuteScalar() as string;
                    if (!string.Equals(verdict, "ok", StringComparison.Ordinal)) throw Damaged(_truncated.Value.Why);
                }
                return version;
            }
            catch (SqliteException ex) when (IsDamage(ex))
            {
                throw Damaged(ex.SqliteErrorCode % 256 == 26 ? "it is not a SQLite database: random bytes, another program's file, or a workspace whose first page was overwritten" : "SQLite: " + ex.Message, ex);
            }
        }

        /// <summary>SQLITE_CORRUPT (11) or SQLITE_NOTADB (26).</summary>
        private static bool IsDamage(SqliteException ex) => (ex.SqliteErrorCode & 0xFF) is 11 or 26;

        /// <summary>Whether the file is shorter than its header says, or not a whole number of pages (cut off by a copy or a full disk).</summary>
        /// <summary>What the file's header said before the connection opened (null: not read).</summary>
        private (bool Looks, string Why)? _truncated;

        /// <summary>
        /// Reads the header before SQLite opens the file: closing any descriptor of a file drops every POSIX lock this process
        /// holds on it, SQLite's own included, so the file is never opened beside an open connection.
        /// </summary>
        private static (bool Looks, string Why)? ReadHeaderBeforeOpen(string path)
        {
            if (!File.Exists(path)) return null;
            bool looks = LooksTruncated(path, out string why);
            return (looks, why);
        }

        private static bool LooksTruncated(string Path, out string why)
        {
            why = "";
            try
            {
                using var f = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                long length = f.Length;
                var header = new byte[100];
                if (length < header.Length) { why = "it is " + length + " bytes long, shorter than a SQLite header"; return true; }
                for (int got = 0, n; got < header.Length; got += n)
                    if ((n = f.Read(header, got, header.Length - got)) == 0) return false;
                int pageSize = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(16));
                if (pageSize == 1) pageSize = 65536;
                uint pages = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(28));
                bool countValid = pages != 0 && BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(24)) == BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(92));
                if (pageSize < 512 || length % pageSize != 0)
                {
                    why = "it is " + length.ToString("N0", CultureInfo.InvariantCulture) + " bytes long, not a whole number of " + pageSize + "-byte pages: it was cut off";
                    return true;
                }
                if (countValid && (long)pages * pageSize > length)
                {
                    why = "it is cut off: " + (length / pageSize).ToString("N0", CultureInfo.InvariantCulture) + " of its " + pages.ToString("N0", CultureInfo.InvariantCulture) + " pages are there";
                    return true;
                }
                return false;
            }
            catch (IOException) { return false; }
            catch (UnauthorizedAccessException) { return false; }
        }

        private ListingPsException Damaged(string what, Exception? inner = null) => new ListingPsException(ErrorIds.WorkspaceDamaged,
            "The workspace '" + Path + "' is damaged (" + what + "). Nothing was changed in it. Restore the file from a backup, or move it "
            + "away and run the command again to start an empty workspace there (sqlite3's .recover may save what is left of it).",
            ErrorKind.InvalidData, inner);

        private ListingPsException Foreign(List<string> tables, int applicationId)
        {
            string holds = tables.Count == 0 ? "no tables"
                : "tables " + string.Join(", ", tables.Count > 5 ? tables.GetRange(0, 5) : tables) + (tables.Count > 5 ? ", ..." : "");
            if (applicationId != 0) holds += ", application id 0x" + applicationId.ToString("X8", CultureInfo.InvariantCulture);
            return new ListingPsException(ErrorIds.WorkspaceForeign,
                "The file '" + Path + "' is a SQLite database of another program (" + holds + "), not a ListingPs workspace. Nothing was "
                + "changed in it. Give -Workspace (or $env:" + EnvironmentVariable + ") the path of a ListingPs workspace, or a new file name to start one.",
                ErrorKind.InvalidData);
        }

        private ListingPsException TooNew(string schema) => new ListingPsException(ErrorIds.WorkspaceTooNew,
            "The workspace '" + Path + "' was written by a newer ListingPs (schema " + schema + "; this module reads schema "
            + SchemaVersion.ToString(CultureInfo.InvariantCulture) + " and older). Nothing was changed in it. Update the ListingPs module to use it.",
            ErrorKind.ResourceUnavailable);

        /// <summary>
        /// What a write the file refused becomes: SQLITE_FULL is WorkspaceFull, SQLITE_READONLY WorkspaceReadOnly, SQLITE_IOERR and
        /// SQLITE_CANTOPEN WorkspaceWriteFailed, SQLITE_CORRUPT and SQLITE_NOTADB WorkspaceDamaged; null for anything else
        /// (busy, constraint...). The message names the file, how many records were not stored and what to do.
        /// </summary>
        internal static ListingPsException? StorageError(string path, SqliteException ex, int notStored, bool opening = false)
        {
            string id, what, todo;
            ErrorKind kind;
            switch (ex.SqliteErrorCode & 0xFF)
            {
                case 13:
                    id = ErrorIds.WorkspaceFull; kind = ErrorKind.WriteError;
                    what = "is full: the disk or file system holding it has no room left (or the file reached its size limit)";
                    todo = "Free space on that disk, or give -Workspace a file on another disk";
                    break;
                case 8:
                    id = ErrorIds.WorkspaceReadOnly; kind = ErrorKind.PermissionDenied;
                    what = "is read-only: the file, its folder (which must take the -wal and -shm files beside it) or the file system cannot be written";
                    todo = "Make the file and its folder writable, or give -Workspace a file you can write";
                    break;
                case 10:
                case 14:
                    if (opening && (ex.SqliteErrorCode & 0xFF) == 14) return null; // cannot open at all: WorkspaceUnavailable
                    id = ErrorIds.WorkspaceWriteFailed; kind = ErrorKind.WriteError;
                    what = "could not be written: the operating system refused the write (SQLite " + ex.Message.TrimEnd('.') + ")";
                    todo = "Check the disk and the file (and the -wal and -shm files beside it)";
                    break;
                case 11:
                case 26:
                    id = ErrorIds.WorkspaceDamaged; kind = ErrorKind.InvalidData;
                    what = "is damaged (SQLite " + ex.Message.TrimEnd('.') + ")";
                    todo = "Restore the file from a backup";
                    break;
                default:
                    return null;
            }
            return StorageFailureError(id, kind, path, what, todo, notStored, opening, ex);
        }

        /// <summary>A refused write or open as the user reads it, on either engine: what happened, what was kept, what to do.</summary>
        internal static ListingPsException StorageFailureError(string id, ErrorKind kind, string display, string what, string todo, int notStored, bool opening, Exception ex)
        {
            string stored = opening ? " It was not opened; nothing was changed in it."
                : notStored == 0 ? " No record was lost; everything committed before is intact."
                : " " + notStored.ToString("N0", CultureInfo.InvariantCulture) + (notStored == 1 ? " record" : " records")
                  + " written since the last commit " + (notStored == 1 ? "was" : "were") + " not stored (rolled back); everything committed before is intact.";
            return new ListingPsException(id, "The workspace '" + display + "' " + what + "." + stored + " " + todo
                + (opening || notStored == 0 ? ", then run the command again." : ", then run the command again for the records not stored."), kind, ex);
        }

        /// <summary>
        /// For the owner of a command that failed while writing: when <paramref name="ex"/> is the file refusing a write, the open
        /// batch is rolled back and the returned error says how many records were not stored (the records written since the last
        /// commit, plus the one under way when <paramref name="recordUnderWay"/>). Null when it is another failure (nothing is
        /// rolled back then).
        /// </summary>
        public ListingPsException? WriteFailed(Exception ex, bool recordUnderWay)
        {
            if (ex is ListingPsException) return null;
            var engineError = ex as SqliteException ?? ex.InnerException as SqliteException ?? (Exception?)(ex as Npgsql.NpgsqlException) ?? ex.InnerException as Npgsql.NpgsqlException;
            if (engineError == null) return null;
            var failure = StorageFailure(engineError, PendingWrites + (recordUnderWay ? 1 : 0));
            if (failure != null) AbandonBatch();
            return failure;
        }

        /// <summary>Whether an error is about the workspace file itself (refused, or refusing a write): it ends a command rather than one record.</summary>
        public static bool IsStorageFailure(ListingPsException ex) => ex.ErrorId is ErrorIds.WorkspaceFull or ErrorIds.WorkspaceReadOnly
            or ErrorIds.WorkspaceWriteFailed or ErrorIds.WorkspaceDamaged or ErrorIds.WorkspaceForeign or ErrorIds.WorkspaceTooNew;

        /// <summary>Rolls the open batch back after a failed write or commit; SQLite may have rolled it back already.</summary>
        private void AbandonBatch()
        {
            try { _transaction?.Rollback(); }
            catch (DbException) { }
            catch (InvalidOperationException) { }
            _transaction?.Dispose();
            _transaction = null;
            PendingWrites = 0;
        }
    }
}
