using System;
using System.Text;
using Npgsql;
using NpgsqlTypes;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// A statement of the PostgreSQL workspace: an Npgsql command with positional parameters ($1, $2... written ?1, ?2... as for
    /// SQLite), prepared on the server at its first run, when the parameters' types are known (text or bigint).
    /// </summary>
    internal sealed class PostgresStatement : IStatement
    {
        private readonly NpgsqlCommand _cmd;
        private NpgsqlDataReader? _reader;
        private bool _prepared;

        public PostgresStatement(NpgsqlConnection connection, string sql)
        {
            int count;
            _cmd = new NpgsqlCommand(Positional(sql, out count), connection);
            for (int i = 0; i < count; i++) _cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = DBNull.Value });
        }

        /// <summary>?N placeholders (outside quotes) as PostgreSQL's $N; <paramref name="count"/> is the highest N.</summary>
        internal static string Positional(string sql, out int count)
        {
            var sb = new StringBuilder(sql.Length);
            count = 0;
            bool quoted = false;
            for (int i = 0; i < sql.Length; i++)
            {
                char c = sql[i];
                if (c == '\'') quoted = !quoted;
                if (!quoted && c == '?' && i + 1 < sql.Length && char.IsDigit(sql[i + 1]))
                {
                    int n = 0, j = i + 1;
                    while (j < sql.Length && char.IsDigit(sql[j])) n = n * 10 + (sql[j++] - '0');
                    sb.Append('$').Append(n);
                    if (n > count) count = n;
                    i = j - 1;
                    continue;
                }
                sb.Append(c);
            }
            return sb.ToString();
        }

        public IStatement Text(int index, string? value)
        {
            var p = _cmd.Parameters[index - 1];
            p.NpgsqlDbType = NpgsqlDbType.Text;
            p.Value = (object?)value ?? DBNull.Value;
            return this;
        }

        public IStatement Int(int index, long value)
        {
            var p = _cmd.Parameters[index - 1];
            p.NpgsqlDbType = NpgsqlDbType.Bigint;
            p.Value = value;
            return this;
        }

        private void Prepare()
        {
            if (_prepared) return;
            _cmd.Prepare();
            _prepared = true;
        }

        public int Execute()
        {
            Reset();
            Prepare();
            return _cmd.ExecuteNonQuery();
        }

        public bool Read()
        {
            if (_reader == null)
            {
                Prepare();
                _reader = _cmd.ExecuteReader();
            }
            return _reader.Read();
        }

        public void Reset()
        {
            _reader?.Dispose();
            _reader = null;
        }

        private NpgsqlDataReader Row => _reader ?? throw new InvalidOperationException("No row has been read.");

        public bool IsNull(int column) => Row.IsDBNull(column);

        public string? GetText(int column) => Row.IsDBNull(column) ? null : Row.GetString(column);

        public string GetString(int column) => Row.IsDBNull(column) ? "" : Row.GetString(column);

        public long GetInt64(int column) => Convert.ToInt64(Row.GetValue(column), System.Globalization.CultureInfo.InvariantCulture);

        public void Dispose()
        {
            Reset();
            _cmd.Dispose();
        }
    }
}
