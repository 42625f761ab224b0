using System;
using System.IO;
using System.Linq;
using System.Text;
using ListingPs.Core.Input;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>Offer files: CSV (comma, semicolon, tab; BOM; quoting) and JSON arrays; errors name file and line.</summary>
    public sealed class OfferFileReaderTests : IDisposable
    {
        private readonly ScratchDir _dir = new ScratchDir();

        public void Dispose() => _dir.Dispose();

        private string Write(string name, string text, bool bom = false)
        {
            var path = _dir.File(name);
            File.WriteAllText(path, text, new UTF8Encoding(bom));
            return path;
        }

        private OfferFields[] Read(string name, string text, bool bom = false) => OfferFileReader.Read(Write(name, text, bom)).ToArray();

        private ListingPsException Refused(string name, string text) =>
            Assert.Throws<ListingPsException>(() => OfferFileReader.Read(Write(name, text)).ToArray());

        [Theory]
        [InlineData(",")]
        [InlineData(";")]
        [InlineData("\t")]
        public void Csv_reads_comma_semicolon_and_tab_separated_files(string d)
        {
            var rows = Read("offers.csv",
                "OfferId" + d + "Title" + d + "Price" + d + "B2BOnly" + d + "DeliveryMethods\n" +
                "1001" + d + "Telefon" + d + "129.99" + d + "false" + d + "allegro-dhl-cz|packeta-locker-cz\n" +
                "1002" + d + "Ładowarka" + d + "" + d + "True" + d + "\n");
            Assert.Equal(2, rows.Length);
            Assert.Equal("1001", rows[0].OfferId);
            Assert.Equal("Telefon", rows[0].Title);
            Assert.Equal("129.99", rows[0].Price);
            Assert.Equal("false", rows[0].B2BOnly);
            Assert.Equal(new[] { "allegro-dhl-cz|packeta-locker-cz" }, rows[0].DeliveryMethods);
            Assert.Equal("offers.csv line 2", rows[0].Origin);
            Assert.Equal("1002", rows[1].OfferId);
            Assert.Equal("Ładowarka", rows[1].Title);
            Assert.Equal("", rows[1].Price);               // supplied empty: no price
            Assert.Equal("True", rows[1].B2BOnly);
            Assert.Equal(new[] { "" }, rows[1].DeliveryMethods);
            Assert.Equal("offers.csv line 3", rows[1].Origin);
        }

        [Fact]
        public void Csv_with_semicolons_keeps_decimal_commas()
        {
            var rows = Read("pl.csv", "OfferId;Price;MarketPrice\n1;129,99;662\n");
            Assert.Equal("129,99", rows[0].Price);
            Assert.Equal("662", rows[0].MarketPrice);
        }

        [Fact]
        public void Csv_with_a_byte_order_mark_finds_the_first_column()
        {
            var rows = Read("bom.csv", "OfferId,Title\n1,Telefon\n", bom: true);
            Assert.True(File.ReadAllBytes(_dir.File("bom.csv")).Take(3).SequenceEqual(new byte[] { 0xEF, 0xBB, 0xBF }));
            Assert.Equal("1", Assert.Single(rows).OfferId);
            Assert.Equal("Telefon", rows[0].Title);
        }

        [Fact]
        public void Csv_quoted_fields_may_hold_separators_quotes_and_line_breaks()
        {
            var rows = Read("q.csv",
                "OfferId,Title,DeliveryMethods,Translations\n" +
                "1,\"Telefon, czarny; 128 GB\",\"allegro-dhl-cz,packeta-locker-cz\",\"cs-CZ;sk-SK\"\n" +
                "2,\"Kabel \"\"USB-C\"\"\",,\n" +
                "3,\"Dwie\nlinie\",x,y\n" +
                "4,Po,z,w\n");
            Assert.Equal(4, rows.Length);
            Assert.Equal("Telefon, czarny; 128 GB", rows[0].Title);
            Assert.Equal(new[] { "allegro-dhl-cz,packeta-locker-cz" }, rows[0].DeliveryMethods);
            Assert.Equal(new[] { "cs-CZ;sk-SK" }, rows[0].Translations);
            Assert.Equal("Kabel \"USB-C\"", rows[1].Title);
            Assert.Equal("Dwie\nlinie", rows[2].Title);
            Assert.Equal("4", rows[3].OfferId);
            Assert.Equal("q.csv line 6", rows[3].Origin); // the record after a two-line one starts on line 6
        }

        [Fact]
        public void Csv_without_a_column_leaves_that_field_unsupplied()
        {
            var row = Assert.Single(Read("few.csv", "OfferId,Price\n1,10\n"));
            Assert.Equal("10", row.Price);
            Assert.Null(row.Title);
            Assert.Null(row.Category);
            Assert.Null(row.B2BOnly);
            Assert.Null(row.Charity);
            Assert.Null(row.DeliveryMethods);
            Assert.Null(row.Translations);
            Assert.Null(row.Status);
            Assert.Null(row.MarketPrice);
        }

        [Fact]
        public void Csv_columns_match_case_insensitively_with_aliases_and_unknown_ones_are_ignored()
        {
            var row = Assert.Single(Read("alias.csv", " sku ,NAME,BasePrice,asin,CzkPrice,Colour\nS-1,Telefon,100,B00X,509,red\n"));
            Assert.Equal("S-1", row.OfferId);
            Assert.Equal("Telefon", row.Title);
            Assert.Equal("100", row.Price);
            Assert.Equal("B00X", row.ProductId);
            Assert.Equal("509", row.MarketPrice);
        }

        [Fact]
        public void Csv_with_a_repeated_column_reads_the_first()
        {
            var row = Assert.Single(Read("dup.csv", "OfferId,Title,Title\n1,first,second\n"));
            Assert.Equal("first", row.Title);
        }

        [Fact]
        public void Csv_without_an_offer_id_column_is_refused_on_line_1()
        {
            var ex = Refused("noid.csv", "Title,Price\nTelefon,10\n");
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.Equal("noid.csv line 1: no OfferId column (columns: Title, Price).", ex.Message);
        }

        [Fact]
        public void Csv_with_a_malformed_quote_is_refused_with_file_and_line()
        {
            var ex = Refused("bad.csv", "OfferId,Title,Price\n1,Telefon,10\n2,Tel\"efon,10\n3,x,1\n");
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.StartsWith("bad.csv line 3: ", ex.Message);
            Assert.Contains("malformed", ex.Message);
        }

        [Fact]
        public void Csv_with_an_unterminated_quote_is_refused()
        {
            var ex = Refused("open.csv", "OfferId,Title,Price\n1,Telefon,10\n2,\"Telefon,10\n3,x,1\n");
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.StartsWith("open.csv line ", ex.Message);
            Assert.Contains("malformed CSV field", ex.Message);
        }

        [Fact]
        public void Csv_short_rows_leave_the_missing_fields_unsupplied()
        {
            var rows = Read("short.csv", "OfferId,Title,Price\n1,Telefon\n2\n3,,\n");
            Assert.Equal("Telefon", rows[0].Title);
            Assert.Null(rows[0].Price);   // not supplied: an update keeps the stored price (Import-Csv gives $null too)
            Assert.Null(rows[1].Title);
            Assert.Equal("", rows[2].Title); // supplied empty
            Assert.Equal("", rows[2].Price);
        }

        [Fact]
        public void Csv_records_before_a_malformed_one_are_read()
        {
            var path = Write("bad2.csv", "OfferId,Title\n1,ok\n2,b\"ad\n");
            using var e = OfferFileReader.Read(path).GetEnumerator();
            Assert.True(e.MoveNext());
            Assert.Equal("1", e.Current.OfferId);
            var ex = Assert.Throws<ListingPsException>(() => e.MoveNext());
            Assert.StartsWith("bad2.csv line 3", ex.Message);
        }

        [Fact]
        public void Csv_empty_file_or_header_only_has_no_records()
        {
            Assert.Empty(Read("empty.csv", ""));
            Assert.Empty(Read("header.csv", "OfferId,Title\n"));
        }

        [Fact]
        public void A_missing_file_is_refused_before_reading()
        {
            var ex = Assert.Throws<ListingPsException>(() => OfferFileReader.Read(_dir.File("nope.csv")));
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, ex.Kind);
            Assert.Contains("nope.csv", ex.Message);
        }

        [Fact]
        public void Json_reads_an_array_of_offers_with_lists_and_nulls()
        {
            var rows = Read("offers.json",
                "[\n" +
                "  {\n" +
                "    \"OfferId\": \"1001\",\n" +
                "    \"Price\": 129.99,\n" +
                "    \"B2BOnly\": false,\n" +
                "    \"DeliveryMethods\": [\"allegro-dhl-cz\", \"packeta-locker-cz\"],\n" +
                "    \"Translations\": \"cs-CZ;sk-SK\",\n" +
                "    \"Title\": null,\n" +
                "    \"ProductId\": \"null\",\n" +
                "    \"Extra\": {\"nested\": [1, 2, {\"deep\": true}]}\n" +
                "  },\n" +
                "  { \"offerid\": 1002, \"charity\": true, \"Translations\": [], \"Price\": \"1 234,56\" }\n" +
                "]\n");
            Assert.Equal(2, rows.Length);
            var a = rows[0];
            Assert.Equal("1001", a.OfferId);
            Assert.Equal("129.99", a.Price);
            Assert.Equal("false", a.B2BOnly);
            Assert.Equal(new[] { "allegro-dhl-cz", "packeta-locker-cz" }, a.DeliveryMethods);
            Assert.Equal(new[] { "cs-CZ;sk-SK" }, a.Translations);
            Assert.Equal("", a.Title);          // null: supplied empty
            Assert.Equal("null", a.ProductId);  // a quoted "null" is text
            Assert.Null(a.Category);            // absent: not supplied
            Assert.Equal("offers.json line 2", a.Origin);
            var b = rows[1];
            Assert.Equal("1002", b.OfferId);
            Assert.Equal("true", b.Charity);
            Assert.Empty(b.Translations!);
            Assert.Null(b.DeliveryMethods);
            Assert.Equal("1 234,56", b.Price);
            Assert.Equal("offers.json line 12", b.Origin);
        }

        [Fact]
        public void Json_nulls_in_a_list_are_no_items()
        {
            var row = Assert.Single(Read("nulls.json", "[{\"OfferId\": \"1\", \"DeliveryMethods\": [\"allegro-dhl-cz\", null, ~]}]"));
            Assert.Equal(new[] { "allegro-dhl-cz" }, row.DeliveryMethods);
        }

        [Fact]
        public void Json_unknown_properties_are_ignored_whatever_they_hold()
        {
            var row = Assert.Single(Read("unknown.json",
                "[{\"OfferId\": \"1\", \"Images\": [{\"url\": \"a.jpg\"}, {\"url\": \"b.jpg\"}], \"Meta\": {\"a\": {\"b\": [1]}}, \"Title\": \"T\"}]"));
            Assert.Equal("1", row.OfferId);
            Assert.Equal("T", row.Title);
        }

        [Fact]
        public void Json_a_nested_object_for_a_known_field_is_refused_with_line_and_column()
        {
            var ex = Refused("nested.json", "[\n  {\n    \"OfferId\": \"1\",\n    \"Title\": { \"pl\": \"Telefon\" }\n  }\n]\n");
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.Equal("nested.json line 4, column 14: 'Title' must be text, a number, true/false or a list.", ex.Message);
        }

        [Fact]
        public void Json_an_object_inside_a_known_list_is_refused()
        {
            var ex = Refused("list.json", "[{\"OfferId\": \"1\",\n \"DeliveryMethods\": [\"a\", {\"id\": \"b\"}]}]");
            Assert.StartsWith("list.json line 2, column ", ex.Message);
            Assert.Contains("expected text in the list 'DeliveryMethods'", ex.Message);
        }

        [Fact]
        public void Json_syntax_error_is_refused_with_its_line()
        {
            var ex = Refused("broken.json", "[\n  {\"OfferId\": \"1\"},\n  {\"OfferId\": \"2\" \"Title\": \"x\"}\n]\n");
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.StartsWith("broken.json line 3, column ", ex.Message);
        }

        [Fact]
        public void Json_must_be_an_array_of_objects()
        {
            Assert.StartsWith("obj.json line 1, column 1: expected an array of offers", Refused("obj.json", "{\"OfferId\": \"1\"}").Message);
            Assert.StartsWith("scalars.json line 1, column 2: expected an offer object", Refused("scalars.json", "[\"1\", \"2\"]").Message);
            Assert.StartsWith("empty.json line 1, column 1: ", Refused("empty.json", "").Message);
        }

        [Fact]
        public void Json_that_the_parser_gives_up_on_without_a_position_is_refused_at_the_start()
        {
            // Found by bench/Fuzz: a document end marker before the array.
            var ex = Refused("marker.json", "...\n[{\"OfferId\": \"1\"}]\n");
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.Equal("marker.json line 1, column 1: not JSON text from here on.", ex.Message);
        }

        [Theory]   // found by bench/AflFuzz: ArgumentException and ArgumentOutOfRangeException out of YamlDotNet
        [InlineData("!!+[\n", 2, 2, "a YAML tag (!...) before this point is not valid")]
        [InlineData("!<>\n[]\n", 2, 2, "a YAML tag (!...) before this point is not valid")]
        [InlineData("[{\"OfferId\": \"1\", \"Title\": \"a\\ud800\\u0000b\"}]\n", 1, 42, "an escape sequence before this point stands for no character")]
        [InlineData("[{\"OfferId\": \"1\"},\n {\"OfferId\": \"2\", \"Title\": \"\\Ue800e800\"}]\n", 2, 39, "an escape sequence before this point stands for no character")]
        public void Json_with_a_fault_the_parser_gives_no_position_for_is_refused_where_the_scanner_stopped(string json, int line, int column, string says)
        {
            var ex = Refused("fault.json", json);
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.StartsWith("fault.json line " + line + ", column " + column + ": " + says, ex.Message);
        }

        [Theory]   // found by bench/AflFuzz (a hang): an unknown YAML directive and blanks to the end kept the scanner busy 20 to 50 s
        [InlineData("%AAAAAAAA", ' ', 1)]
        [InlineData("%AAAAAAAA", '\0', 1)]
        [InlineData("[{\"OfferId\": \"1\"},\r\n%AAAAAAAA", ' ', 2)]
        public void Json_with_a_line_that_starts_with_a_directive_is_refused_before_the_scanner_reads_it(string head, char blank, int line)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var ex = Refused("directive.json", head + new string(blank, 1024 - head.Length));
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            Assert.Equal("directive.json line " + line + ", column 1: a line that starts with % (a YAML directive); offer files are JSON text.", ex.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "took " + watch.Elapsed);
        }

        [Fact]
        public void Json_with_a_percent_sign_inside_a_line_is_read()
        {
            var row = Assert.Single(Read("percent.json", "[{\"OfferId\": \"1\",\n  \"Title\": \"%50 off\"}]\n"));
            Assert.Equal("%50 off", row.Title);
        }

        [Fact]
        public void Json_nested_more_than_64_levels_is_refused_at_the_level_past_the_limit()
        {
            // A hang found by hand beside the afl-fuzz runs (bench/README.md, "Fuzz"): YamlDotNet's scanner revisits every open level at each token, so 100,000
            // levels of {"a": took about 100 s before the reader refused nesting.
            const string head = "[{\"OfferId\": \"1\", \"x\": ";
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var ex = Refused("deep.json", head + string.Concat(Enumerable.Repeat("{\"a\": ", 100_000)));
            Assert.Equal(ErrorIds.InputFileInvalid, ex.ErrorId);
            // The top array is level 1 and the offer level 2, so the 63rd { of the value opens level 65.
            Assert.Equal("deep.json line 1, column " + (head.Length + 62 * 6 + 1) + ": arrays and objects are nested more than 64 levels deep here.", ex.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), "took " + watch.Elapsed);

            // 64 levels are read (an unknown property's value is skipped whatever it holds).
            var row = Assert.Single(Read("deep64.json", head + string.Concat(Enumerable.Repeat("{\"a\": ", 62)) + "1" + new string('}', 62) + "}]"));
            Assert.Equal("1", row.OfferId);
        }

        [Fact]
        public void Json_empty_array_has_no_records()
        {
            Assert.Empty(Read("none.json", "[]"));
        }

        [Fact]
        public void Json_uses_the_same_aliases_as_csv()
        {
            var row = Assert.Single(Read("alias.json", "[{\"Sku\": \"S-1\", \"Name\": \"Telefon\", \"BasePrice\": 100, \"ASIN\": \"B00X\", \"CzkPrice\": 509}]"));
            Assert.Equal("S-1", row.OfferId);
            Assert.Equal("Telefon", row.Title);
            Assert.Equal("100", row.Price);
            Assert.Equal("B00X", row.ProductId);
            Assert.Equal("509", row.MarketPrice);
        }
    }
}
