using System;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// A statement prepared once on the workspace's connection and kept for its life: the one way the stores run SQL whose
    /// shape is fixed. Parameters bind by position (?1, ?2... in the SQL, 1-based here) and rows are read in place. Each engine
    /// has its own: <see cref="SqliteStatement"/> (through SQLitePCL, under Microsoft.Data.Sqlite) and
    /// <see cref="PostgresStatement"/> (an Npgsql command prepared on the server). Statements run in the transaction the
    /// connection has open (the workspace's). Not thread-safe, like the workspace.
    /// </summary>
    internal interface IStatement : IStoredRow, IDisposable
    {
        /// <summary>Binds text; null binds SQL NULL.</summary>
        IStatement Text(int index, string? value);

        IStatement Int(int index, long value);

        /// <summary>Runs a statement that returns no rows; the number of rows it changed.</summary>
        int Execute();

        /// <summary>Steps to the next row; false at the end (then <see cref="Reset"/> before the next use).</summary>
        bool Read();

        /// <summary>Ends the current run (after reading) so the statement can be bound and run again.</summary>
        void Reset();
    }
}

namespace ListingPs.Core.Workspace
{
    internal static class DbCommandExtensions
    {
        /// <summary>Adds a named parameter (@name) with its value; null binds SQL NULL. The same call on both engines.</summary>
        public static void AddWithValue(this System.Data.Common.DbParameterCollection parameters, string name, object? value)
        {
            switch (parameters)
            {
                case Microsoft.Data.Sqlite.SqliteParameterCollection sqlite: sqlite.AddWithValue(name, value ?? DBNull.Value); break;
                case Npgsql.NpgsqlParameterCollection npgsql: npgsql.AddWithValue(name, value ?? DBNull.Value); break;
                default: throw new NotSupportedException(parameters.GetType().Name);
            }
        }
    }
}
