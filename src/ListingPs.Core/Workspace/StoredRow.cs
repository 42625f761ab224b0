using System;
using System.Collections.Generic;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ListingPs.Core.Workspace
{
    /// <summary>A row being read, whether through Microsoft.Data.Sqlite or a <see cref="FastStatement"/>: one mapping serves both.</summary>
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
        private readonly SqliteDataReader _r;
        public ReaderRow(SqliteDataReader r) { _r = r; }
        public string GetString(int column) => _r.GetString(column);
        public string? GetText(int column) => _r.IsDBNull(column) ? null : _r.GetString(column);
        public long GetInt64(int column) => _r.GetInt64(column);
        public bool IsNull(int column) => _r.IsDBNull(column);
    }

    /// <summary>Enum values as the workspace stores them (their names), without Enum.Parse's reflection per value.</summary>
    internal static class EnumText<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Build(out Names);
        private static readonly Dictionary<T, string> Names;

        private static Dictionary<string, T> Build(out Dictionary<T, string> names)
        {
            var byName = new Dictionary<string, T>(StringComparer.OrdinalIgnoreCase);
            names = new Dictionary<T, string>();
            foreach (T value in Enum.GetValues(typeof(T)))
            {
                var name = value.ToString();
                byName[name] = value;
                names[value] = name;
            }
            return byName;
        }

        public static T Parse(string text) =>
            ByName.TryGetValue(text, out var value) ? value : (T)Enum.Parse(typeof(T), text, ignoreCase: true);

        public static string Name(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
    }

    public sealed partial class Workspace
    {
        internal static decimal? ParseDec(string? text) =>
            text == null ? (decimal?)null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

        /// <summary>Reads a stored time: the fixed form <see cref="Stamp"/> writes directly, anything else through DateTimeOffset.Parse.</summary>
        internal static DateTimeOffset ParseStamp(string s)
        {
            if (s.Length == 28 && s[4] == '-' && s[7] == '-' && s[10] == 'T' && s[13] == ':' && s[16] == ':' && s[19] == '.' && s[27] == 'Z'
                && TryNumber(s, 0, 4, out int year) && TryNumber(s, 5, 2, out int month) && TryNumber(s, 8, 2, out int day)
                && TryNumber(s, 11, 2, out int hour) && TryNumber(s, 14, 2, out int minute) && TryNumber(s, 17, 2, out int second)
                && TryNumber(s, 20, 7, out int fraction)
                && year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month)
                && hour < 24 && minute < 60 && second < 60)
            {
                var t = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(fraction);
                return new DateTimeOffset(t);
            }
            return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }

        private static bool TryNumber(string s, int at, int width, out int value)
        {
            value = 0;
            for (int i = at; i < at + width; i++)
            {
                int d = s[i] - '0';
                if (d < 0 || d > 9) return false;
                value = value * 10 + d;
            }
            return true;
        }
    }
}
