using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Workspace;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>The fast readers of stored text give what the general parsers gave, for the stored format and for any other.</summary>
    public sealed class StoredTextTests
    {
        private static DateTimeOffset General(string s) =>
            DateTimeOffset.Parse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        [Theory]
        [InlineData("2024-05-15T10:30:00.0000000Z")]
        [InlineData("2024-02-29T23:59:59.9999999Z")]
        [InlineData("2023-12-31T00:00:00.1234567Z")]
        [InlineData("0001-01-01T00:00:00.0000000Z")]
        [InlineData("9999-12-31T23:59:59.9999999Z")]
        [InlineData("2000-03-01T12:00:00.0000001Z")]
        [InlineData("1900-02-28T08:07:06.5000000Z")]
        // older or hand-written stamps: the general parser, as before
        [InlineData("2024-05-15T10:30:00Z")]
        [InlineData("2024-05-15T10:30:00.123Z")]
        [InlineData("2024-05-15 10:30:00")]
        [InlineData("2024-05-15T12:30:00.0000000+02:00")]
        [InlineData("2024-05-15T10:30:00.0000000")]
        public void Stamps_read_as_the_general_parser_reads_them(string s)
        {
            var fast = StoredText.ParseStamp(s);
            var general = General(s);
            Assert.Equal(general.UtcTicks, fast.UtcTicks);
            Assert.Equal(general.Offset, fast.Offset);
        }

        [Theory]
        [InlineData("2023-02-29T10:30:00.0000000Z")] // no such day
        [InlineData("2024-13-01T10:30:00.0000000Z")]
        [InlineData("2024-05-15T24:00:00.0000000Z")]
        [InlineData("2024-05-15T10:60:00.0000000Z")]
        [InlineData("2024-05-15T10:30:00.00000a0Z")]
        public void Stamps_the_fixed_reader_refuses_go_to_the_general_parser(string s)
        {
            Assert.False(StoredText.TryParseFixedStamp(s, out _));
            Exception? general = Record.Exception(() => General(s));
            Exception? fast = Record.Exception(() => StoredText.ParseStamp(s));
            Assert.Equal(general?.GetType(), fast?.GetType());
        }

        [Fact]
        public void Stamps_round_trip_through_what_the_workspace_writes()
        {
            var rnd = new Random(3);
            for (int i = 0; i < 2000; i++)
            {
                var t = new DateTimeOffset((long)(rnd.NextDouble() * DateTime.MaxValue.Ticks), TimeSpan.Zero);
                var s = WorkspaceStore.Stamp(t);
                Assert.True(StoredText.TryParseFixedStamp(s, out var ticks), s);
                Assert.Equal(t.UtcTicks, ticks);
                Assert.Equal(General(s), StoredText.ParseStamp(s));
            }
        }

        [Theory]
        [InlineData("0")]
        [InlineData("509")]
        [InlineData("509.50")]
        [InlineData("-509.5")]
        [InlineData("0.00")]
        [InlineData(".5")]
        [InlineData("0.0000000000000000000000000001")]
        [InlineData("123456789012345678")]
        [InlineData("1234567890123456789")]
        [InlineData("79228162514264337593543950335")]
        [InlineData("-0")]
        [InlineData("-0.00")]
        [InlineData("1.")]
        [InlineData("+5")]
        [InlineData(" 5 ")]
        [InlineData("1,000.5")]
        [InlineData("0.12345678901234567890123456789")]
        [InlineData("000123.4500")]
        public void Decimals_read_as_decimal_Parse_reads_them_scale_included(string s)
        {
            var general = decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture);
            var fast = StoredText.ParseDecimal(s);
            Assert.Equal(decimal.GetBits(general), decimal.GetBits(fast));
            Assert.Equal(general.ToString(CultureInfo.InvariantCulture), fast.ToString(CultureInfo.InvariantCulture));
            var inner = StoredText.ParseDecimal("x|" + s + "|y", 2, s.Length);
            Assert.Equal(decimal.GetBits(general), decimal.GetBits(inner));
        }

        [Theory]
        [InlineData("")]
        [InlineData("-")]
        [InlineData("1.2.3")]
        [InlineData("abc")]
        public void Bad_decimals_fail_as_decimal_Parse_fails(string s)
        {
            Assert.Throws<FormatException>(() => StoredText.ParseDecimal(s));
        }

        [Fact]
        public void Decimals_round_trip_through_what_the_workspace_writes()
        {
            var rnd = new Random(9);
            for (int i = 0; i < 5000; i++)
            {
                var d = new decimal(rnd.Next(), rnd.Next(0, 3) == 0 ? rnd.Next() : 0, 0, rnd.Next(2) == 0, (byte)rnd.Next(0, 12));
                var s = WorkspaceStore.DecimalText(d)!;
                Assert.Equal(decimal.GetBits(decimal.Parse(s, NumberStyles.Number, CultureInfo.InvariantCulture)), decimal.GetBits(StoredText.ParseDecimal(s)));
            }
        }

        [Fact]
        public void Enums_read_by_name_and_anything_else_as_Enum_Parse_reads_it()
        {
            foreach (ShareState v in Enum.GetValues(typeof(ShareState))) Assert.Equal(v, StoredEnum<ShareState>.Parse(v.ToString()));
            foreach (OfferStatus v in Enum.GetValues(typeof(OfferStatus))) Assert.Equal(v, StoredEnum<OfferStatus>.Parse(v.ToString()));
            Assert.Equal(ShareState.Refused, StoredEnum<ShareState>.Parse(((int)ShareState.Refused).ToString(CultureInfo.InvariantCulture)));
            Assert.Throws<ArgumentException>(() => StoredEnum<ShareState>.Parse("refused")); // Enum.Parse is case-sensitive
            Assert.Throws<ArgumentException>(() => StoredEnum<ShareState>.Parse("Nope"));
        }

        [Fact]
        public void Binary_order_is_code_point_order()
        {
            string[] values = { "", "A", "AZ", "A[", "Aa", "a", "\u007F", "\u0080", "\uD7FF", "\uE000", "\uFFFF", "\U00010000", "\U0010FFFF", "\uFFFFa", "\U00010000a" };
            var byCodePoints = values.OrderBy(v => v, Comparer<string>.Create((x, y) =>
            {
                var a = Enumerable.Range(0, x.Length).Where(i => !char.IsLowSurrogate(x[i])).Select(i => char.ConvertToUtf32(x, i)).ToArray();
                var b = Enumerable.Range(0, y.Length).Where(i => !char.IsLowSurrogate(y[i])).Select(i => char.ConvertToUtf32(y, i)).ToArray();
                for (int i = 0; i < Math.Min(a.Length, b.Length); i++) if (a[i] != b[i]) return a[i].CompareTo(b[i]);
                return a.Length.CompareTo(b.Length);
            })).ToArray();
            Assert.Equal(byCodePoints, values.OrderBy(v => v, StoredText.BinaryOrder).ToArray());
            Assert.True(StoredText.CompareBinary("\uFFFF", "\U00010000") < 0);   // ordinal UTF-16 order says the opposite
            Assert.True(string.CompareOrdinal("\uFFFF", "\U00010000") > 0);
        }

        [Theory]
        [InlineData("PL-00777", "PL-00778")]
        [InlineData("PL-0077Z", "PL-0077[")]
        [InlineData("pl-0077z", "pl-0077{")]
        [InlineData("A9", "A:")]
        [InlineData("A~", "A\u007F")]
        [InlineData("A\u007F", "A\u0080")]
        [InlineData("A\uD7FF", "A\uE000")]
        [InlineData("A\uFFFF", "A\U00010000")]
        [InlineData("A\U0001F600", "A\U0001F601")]
        [InlineData("A\U0010FFFF", "B")]
        public void The_successor_bounds_every_string_with_the_prefix(string prefix, string successor)
        {
            Assert.Equal(successor, IdFilter.Successor(prefix));
        }

        [Fact]
        public void A_prefix_of_only_the_last_code_point_has_no_successor()
        {
            Assert.Null(IdFilter.Successor("\U0010FFFF"));
        }
    }
}
