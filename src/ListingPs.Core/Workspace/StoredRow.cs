using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>A row being read, whether through Microsoft.Data.Sqlite or a <see cref="SqliteStatement"/>: one mapping serves both.</summary>
    internal interface IStoredRow
    {
        /// <summary>Text of a NOT NULL column.</summary>
        string GetString(int column);
        /// <summary>Text of a column that may be NULL.</summary>
        string? GetText(int column);
        long GetInt64(int column);
        bool IsNull(int column);
    }

    /// <summary>A Microsoft.Data.Sqlite reader seen as an <see cref="IStoredRow"/>.</summary>
    internal readonly struct ReaderRow : IStoredRow
    {
        private readonly DbDataReader _r;
        public ReaderRow(DbDataReader r) { _r = r; }
        public string GetString(int column) => _r.GetString(column);
        public string? GetText(int column) => _r.IsDBNull(column) ? null : _r.GetString(column);
        public long GetInt64(int column) => _r.GetInt64(column);
        public bool IsNull(int column) => _r.IsDBNull(column);
    }
}
