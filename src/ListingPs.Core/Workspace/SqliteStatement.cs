using System;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// A statement prepared once on the workspace's connection and run through SQLitePCL (the layer under
    /// Microsoft.Data.Sqlite) for the per-record hot path. Microsoft.Data.Sqlite looks each parameter up by name and builds
    /// a data reader on every execution (4-5 us per statement measured in the benches); here parameters bind by position
    /// and rows are read in place. Statements run in whatever transaction the connection has open (the workspace's).
    /// Not thread-safe, like the workspace.
    /// </summary>
    internal sealed class SqliteStatement : IStatement
    {
        private readonly sqlite3 _db;
        private sqlite3_stmt? _stmt;

        public SqliteStatement(sqlite3 db, string sql)
        {
            _db = db;
            int rc = raw.sqlite3_prepare_v2(db, sql, out var stmt);
            if (rc != raw.SQLITE_OK)
            {
                stmt?.Dispose();
                SqliteException.ThrowExceptionForRC(rc, db);
            }
            _stmt = stmt;
        }

        private sqlite3_stmt Stmt => _stmt ?? throw new ObjectDisposedException(nameof(SqliteStatement));

        /// <summary>Binds text (1-based index); null binds SQL NULL. The UTF-16 characters go to SQLite as they are (it copies and
        /// converts them), so no UTF-8 copy is made per value.</summary>
        public IStatement Text(int index, string? value)
        {
            // An empty span pins to a null pointer, which SQLite would bind as NULL: "" goes through the string overload.
            int rc = value == null ? raw.sqlite3_bind_null(Stmt, index)
                : value.Length == 0 ? raw.sqlite3_bind_text(Stmt, index, "")
                : raw.sqlite3_bind_text16(Stmt, index, value.AsSpan());
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
            return this;
        }

        public IStatement Int(int index, long value)
        {
            int rc = raw.sqlite3_bind_int64(Stmt, index, value);
            if (rc != raw.SQLITE_OK) SqliteException.ThrowExceptionForRC(rc, _db);
            return this;
        }

        /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
        public int Execute()
        {
            try
            {
                int rc = raw.sqlite3_step(Stmt);
                if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW) SqliteException.ThrowExceptionForRC(rc, _db);
                return raw.sqlite3_changes(_db);
            }
            finally { raw.sqlite3_reset(Stmt); }
        }

        /// <summary>Steps to the next row; false at the end (then <see cref="Reset"/> before the next use).</summary>
        public bool Read()
        {
            int rc = raw.sqlite3_step(Stmt);
            if (rc == raw.SQLITE_ROW) return true;
            if (rc == raw.SQLITE_DONE) return false;
            raw.sqlite3_reset(Stmt);
            SqliteException.ThrowExceptionForRC(rc, _db);
            return false;
        }

        /// <summary>Ends the current run (after reading) so the statement can be bound and run again.</summary>
        public void Reset() => raw.sqlite3_reset(Stmt);

        public bool IsNull(int column) => raw.sqlite3_column_type(Stmt, column) == raw.SQLITE_NULL;

        /// <summary>The column's text (0-based); null for SQL NULL.</summary>
        public string? GetText(int column) => IsNull(column) ? null : raw.sqlite3_column_text(Stmt, column).utf8_to_string();

        public string GetString(int column) => raw.sqlite3_column_text(Stmt, column).utf8_to_string() ?? "";

        public long GetInt64(int column) => raw.sqlite3_column_int64(Stmt, column);

        public void Dispose()
        {
            _stmt?.Dispose();
            _stmt = null;
        }
    }
}
