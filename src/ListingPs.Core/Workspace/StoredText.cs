using System;
using System.Collections.Generic;
using System.Globalization;

namespace ListingPs.Core.Workspace
{
    /// <summary>
    /// Fast readers for the text the workspace stores (enum names, time stamps, decimals), each with the general parser as
    /// its fallback, so every value the old readers accepted still reads the same.
    /// </summary>
    internal static class StoredText
    {
        /// <summary>
        /// Parses a stored time stamp. The fixed format <c>yyyy-MM-ddTHH:mm:ss.fffffffZ</c> (what <see cref="Workspace.Stamp"/>
        /// writes) is read directly; anything else goes through <see cref="DateTimeOffset.Parse(string, IFormatProvider, DateTimeStyles)"/>
        /// as before (assumed and adjusted to UTC).
        /// </summary>
        public static DateTimeOffset ParseStamp(string s)
        {
            if (TryParseFixedStamp(s, out var ticks)) return new DateTimeOffset(ticks, TimeSpan.Zero);
            return DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
        }

        private static readonly int[] DaysBeforeMonth = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365 };

        internal static bool TryParseFixedStamp(string s, out long ticks)
        {
            ticks = 0;
            // 0123456789012345678901234567
            // yyyy-MM-ddTHH:mm:ss.fffffffZ
            if (s.Length != 28 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[27] != 'Z')
                return false;
            if (!Digits(s, 0, 4, out int year) || !Digits(s, 5, 2, out int month) || !Digits(s, 8, 2, out int day)
                || !Digits(s, 11, 2, out int hour) || !Digits(s, 14, 2, out int minute) || !Digits(s, 17, 2, out int second)
                || !Digits(s, 20, 7, out int fraction))
                return false;
            if (year < 1 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return false;
            bool leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
            int monthDays = DaysBeforeMonth[month] - DaysBeforeMonth[month - 1] + (month == 2 && leap ? 1 : 0);
            if (day > monthDays) return false;
            int y = year - 1;
            long days = y * 365L + y / 4 - y / 100 + y / 400 + DaysBeforeMonth[month - 1] + (month > 2 && leap ? 1 : 0) + day - 1;
            ticks = days * TimeSpan.TicksPerDay + hour * TimeSpan.TicksPerHour + minute * TimeSpan.TicksPerMinute
                + second * TimeSpan.TicksPerSecond + fraction;
            return true;
        }

        private static bool Digits(string s, int start, int count, out int value)
        {
            value = 0;
            for (int i = start; i < start + count; i++)
            {
                int d = s[i] - '0';
                if ((uint)d > 9) return false;
                value = value * 10 + d;
            }
            return true;
        }

        /// <summary>
        /// Parses a stored decimal (what <c>decimal.ToString(CultureInfo.InvariantCulture)</c> writes: optional '-', digits,
        /// optional '.' and digits) into the same value and scale as <c>decimal.Parse(s, NumberStyles.Number, InvariantCulture)</c>;
        /// other text goes through decimal.Parse.
        /// </summary>
        public static decimal ParseDecimal(string s) => ParseDecimal(s, 0, s.Length);

        /// <summary>The decimal in s[start, start + length).</summary>
        public static decimal ParseDecimal(string s, int start, int length)
        {
            int i = start, end = start + length;
            bool negative = false;
            if (i < end && s[i] == '-') { negative = true; i++; }
            long mantissa = 0;
            int digits = 0, scale = 0;
            bool point = false, any = false;
            for (; i < end; i++)
            {
                char c = s[i];
                if (c == '.' && !point) { point = true; continue; }
                int d = c - '0';
                if ((uint)d > 9) return Slow(s, start, length);
                any = true;
                if (mantissa != 0 || d != 0) digits++;
                if (digits > 18) return Slow(s, start, length);
                mantissa = mantissa * 10 + d;
                if (point) scale++;
            }
            if (!any || (point && scale == 0) || scale > 28 || (negative && mantissa == 0)) return Slow(s, start, length);
            return new decimal((int)(mantissa & 0xFFFFFFFF), (int)(mantissa >> 32), 0, negative, (byte)scale);
        }

        private static decimal Slow(string s, int start, int length) =>
            decimal.Parse(start == 0 && length == s.Length ? s : s.Substring(start, length), NumberStyles.Number, CultureInfo.InvariantCulture);

        /// <summary>
        /// Compares two strings in SQLite's BINARY order (memcmp of their UTF-8 bytes, that is code point order), which differs
        /// from <see cref="string.CompareOrdinal(string, string)"/> only for characters above U+D7FF.
        /// </summary>
        public static int CompareBinary(string a, string b)
        {
            int n = Math.Min(a.Length, b.Length);
            for (int i = 0; i < n; i++)
            {
                char x = a[i], y = b[i];
                if (x == y) continue;
                if (x >= 0xD800 && y >= 0xD800)
                {
                    // Surrogates (U+D800-DFFF, code points above U+FFFF) sort after U+E000-FFFF in code point order.
                    x = (char)(x >= 0xE000 ? x - 0x800 : x + 0x2000);
                    y = (char)(y >= 0xE000 ? y - 0x800 : y + 0x2000);
                }
                return x < y ? -1 : 1;
            }
            return a.Length.CompareTo(b.Length);
        }

        /// <summary>A comparer for <see cref="CompareBinary"/>.</summary>
        public static readonly IComparer<string> BinaryOrder = new BinaryComparer();

        private sealed class BinaryComparer : IComparer<string>
        {
            public int Compare(string? x, string? y) =>
                x == null ? (y == null ? 0 : -1) : y == null ? 1 : CompareBinary(x, y);
        }
    }

    /// <summary>Enum names as stored (Enum.ToString()) read back through a cached table; anything else goes through Enum.Parse.</summary>
    internal static class StoredEnum<T> where T : struct, Enum
    {
        private static readonly Dictionary<string, T> ByName = Build(out Names);
        private static readonly Dictionary<T, string> Names;

        private static Dictionary<string, T> Build(out Dictionary<T, string> names)
        {
            var d = new Dictionary<string, T>(StringComparer.Ordinal);
            names = new Dictionary<T, string>();
            foreach (var name in Enum.GetNames(typeof(T)))
            {
                var value = (T)Enum.Parse(typeof(T), name);
                d[name] = value;
                names[value] = name;
            }
            return d;
        }

        public static T Parse(string s) => ByName.TryGetValue(s, out var v) ? v : (T)Enum.Parse(typeof(T), s);

        /// <summary>The name the workspace stores for a value (Enum.ToString(), without its allocation per write).</summary>
        public static string Name(T value) => Names.TryGetValue(value, out var name) ? name : value.ToString();
    }
}
