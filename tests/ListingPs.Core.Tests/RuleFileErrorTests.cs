using System;
using System.IO;
using System.Linq;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>A malformed or inconsistent rule file is refused with file, line and column, and nothing is half-loaded.</summary>
    public sealed class RuleFileErrorTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "listingps-rules-" + Guid.NewGuid().ToString("N"));

        public RuleFileErrorTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, true);

        private const string Currencies = "currencies:\n  PLN: { step: 0.01 }\n  CZK: { step: 1, rounding: HalfDown }\n";
        private const string BaseMarket = "  - { id: allegro-pl, platform: allegro, region: allegro, country: PL, currency: PLN, base: true }\n";

        private string Write(string name, string text)
        {
            var path = Path.Combine(_dir, name);
            File.WriteAllText(path, text);
            return path;
        }

        private RuleFileException Refused(string yaml, string name = "rules.yaml")
        {
            Write(name, yaml);
            return Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _dir }));
        }

        [Fact]
        public void Valid_files_merge_across_files()
        {
            Write("a.yaml", Currencies + "exchangeRates:\n  - { from: PLN, to: CZK, rate: 5.0942, source: NBP, date: 2023-03-21 }\n");
            Write("b.yml", "markets:\n" + BaseMarket + "  - { id: allegro-cz, platform: allegro, region: allegro, country: CZ, currency: CZK, shareFrom: allegro-pl }\n");
            Write("ignored.txt", "not: [yaml");
            var rules = RuleLoader.Load(new[] { _dir });
            Assert.Equal(new[] { "allegro-pl", "allegro-cz" }, rules.Markets.Select(m => m.Id));
            Assert.Equal(2, rules.SourceFiles.Count);
            Assert.Equal(5.0942m, rules.FindRate("PLN", "CZK")!.Rate);
            Assert.Equal(Math.Round(1m / 5.0942m, 10), rules.FindRate("CZK", "PLN")!.Rate);
            Assert.Equal(1m, rules.FindRate("CZK", "czk")!.Rate);
            Assert.Null(rules.FindRate("PLN", "USD"));
        }

        [Fact]
        public void Syntax_error_names_its_position()
        {
            var e = Refused(Currencies + "markets:\n  - { id: x, platform: [\n");
            Assert.EndsWith("rules.yaml", e.File);
            Assert.True(e.Line >= 5, "line " + e.Line);
            Assert.Matches(@"rules\.yaml:\d+:\d+: YAML syntax error", e.Message);
        }

        [Fact]
        public void A_flow_collection_left_open_in_a_copy_of_the_shipped_rules_names_file_line_and_column()
        {
            // The parser's scanner gives up on this one with an InvalidOperationException and no position of its own: the error
            // points at the [ left open.
            var shipped = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "rules", "allegro.yaml")).ToList();
            shipped.Insert(1, "  broken: [unclosed, {");
            foreach (var other in new[] { "currencies.yaml", "amazon.yaml" })
                File.Copy(Path.Combine(AppContext.BaseDirectory, "rules", other), Path.Combine(_dir, other));
            var e = Refused(string.Join("\n", shipped) + "\n", "allegro.yaml");
            Assert.Equal(Path.Combine(_dir, "allegro.yaml"), e.File);
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Equal((2L, 11L), (e.Line, e.Column));
            Assert.StartsWith("YAML syntax error: this [ is not closed", e.Problem);
            Assert.StartsWith(e.File + ":" + e.Line + ":" + e.Column + ": YAML syntax error", e.Message);
        }

        [Theory]
        [InlineData("currencies:\n  PLN: &p { step: 0.01 }\n  CZK: *p\n", 3, 8, "Aliases (*p) are not read")]
        [InlineData("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b]\n", 2, 8, "Aliases (*a) are not read")]
        [InlineData("currencies: !!python/object:os.system { }\n", 1, 13, "The type tag tag:yaml.org,2002:python/object:os.system is not read")]
        [InlineData("currencies:\n  PLN: !<tag:example.com,2000:app/foo> { step: 1 }\n", 2, 8, "The type tag tag:example.com,2000:app/foo is not read")]
        [InlineData("", 1, 1, "The rule file is empty")]
        [InlineData("# only a comment\n---\n", 1, 1, "The rule file is empty")]
        [InlineData("currencies:\n\tPLN: { step: 0.01 }\n", 1, 1, "found invalid tab as indentation")]
        [InlineData("currencies:\n  PLN: { step: 0.01 }\n  PLN: { step: 1 }\n", 3, 3, "Duplicate key PLN")]
        [InlineData("currencies:\n  PLN: { step: 0.01 }\n CZK: { step: 1 }\n", 3, 2, "did not find expected key")]
        [InlineData("rates:\n  - : ECB }\n", 2, 6, "the value of this key cannot be read")]   // found by bench/Fuzz
        [InlineData("version: 1\ncurrencies: !!+[ ]\n", 2, 17, "a type tag (!...) before this point is not valid")]           // found by bench/AflFuzz
        [InlineData("!<>\ncurrencies: { }\n", 2, 11, "a type tag (!...) before this point is not valid")]                      // found by bench/AflFuzz
        [InlineData("currencies:\n  PLN: { step: \"0.01\\ud800\\u0041\" }\n", 2, 33, "an escape sequence before this point stands for no character")] // found by bench/AflFuzz
        [InlineData("currencies:\n  PLN: { step: \"\\Ue800e800\" }\n", 2, 27, "an escape sequence before this point stands for no character")]          // found by bench/AflFuzz
        public void What_is_not_plain_data_is_refused_at_its_position(string yaml, int line, int column, string says)
        {
            var e = Refused(yaml);
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Contains(says, e.Message);
            Assert.Equal((line, column), ((int)e.Line, (int)e.Column));
        }

        [Fact]
        public void Core_schema_tags_are_read()
        {
            Write("rules.yaml", "currencies:\n  PLN: !!map { step: !!float 0.01 }\n");
            Assert.Equal(0.01m, RuleLoader.Load(new[] { _dir }).Currencies.Single().Step);
        }

        [Fact]
        public void A_huge_value_is_refused_without_being_echoed()
        {
            var e = Refused("currencies:\n  PLN: { step: " + new string('9', 2_000_000) + " }\n");
            Assert.Equal((2L, 16L), (e.Line, e.Column));
            Assert.Contains("A value of 2000000 characters; rule values are at most 1000 characters.", e.Message);
            Assert.True(e.Message.Length < 300, "message of " + e.Message.Length + " characters");
        }

        [Theory]
        [InlineData(100_000, true)]   // closed: YamlStream built its nodes recursively and overflowed the stack, which ended the process
        [InlineData(100_000, false)]  // left open: the same overflow before the syntax error
        [InlineData(64, true)]
        public void Nesting_deeper_than_64_levels_is_refused_at_the_bracket_past_the_limit(int depth, bool closed)
        {
            // Depth 1 is the top mapping, so the 64th [ after "currencies: " is the 65th level.
            var e = Refused("version: 1\ncurrencies: " + new string('[', depth) + (closed ? new string(']', depth) : "") + "\n");
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Equal((2L, 12L + 64), (e.Line, e.Column));
            Assert.Contains("nested more than 64 levels deep", e.Message);
        }

        [Theory]   // found by bench/AflFuzz in JSON offer files (a hang of 20 to 50 s per kilobyte); the same scanner reads rule files
        [InlineData("%AAAAAAAA", ' ', 1)]
        [InlineData("version: 1\n%YAML 1.2", '\0', 2)]
        public void A_line_that_starts_with_a_directive_is_refused_before_the_scanner_reads_it(string head, char blank, int line)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var e = Refused(head + new string(blank, 1024 - head.Length));
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Equal(((long)line, 1L), (e.Line, e.Column));
            Assert.Contains("YAML directives (%...) are not read in rule files", e.Message);
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), "took " + watch.Elapsed);
        }

        [Fact]
        public void Nesting_of_64_levels_is_read_as_far_as_the_format_goes()
        {
            var e = Refused("version: 1\ncurrencies: " + new string('[', 63) + new string(']', 63) + "\n");
            Assert.DoesNotContain("nested", e.Message);   // the format's own error: currencies must be a mapping
            Assert.Equal((2L, 13L), (e.Line, e.Column));
        }

        [Theory]
        [InlineData(new byte[] { 0x61, 0x3A, 0x20, 0xFF, 0x0A }, 1, 4)]                   // a byte no character starts with
        [InlineData(new byte[] { 0x61, 0x3A, 0x0A, 0x62, 0x3A, 0x20, 0xC5, 0x0A }, 2, 4)]  // a character cut off at the line's end
        [InlineData(new byte[] { 0x61, 0x3A, 0x20, 0xC5, 0x82, 0xC0, 0xAF, 0x0A }, 1, 5)]  // "ł", then an overlong '/'
        [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0x61, 0x3A, 0x20, 0xED, 0xA0, 0x80 }, 1, 4)] // after a BOM: a surrogate
        public void Text_that_is_not_UTF8_is_refused_at_the_first_bad_byte(byte[] bytes, int line, int column)
        {
            File.WriteAllBytes(Path.Combine(_dir, "rules.yaml"), bytes);
            var e = Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _dir }));
            Assert.Contains("is not UTF-8 text here", e.Message);
            Assert.Equal((line, column), ((int)e.Line, (int)e.Column));
        }

        [Fact]
        public void UTF16_text_is_refused_and_UTF8_with_a_BOM_is_read()
        {
            File.WriteAllText(Path.Combine(_dir, "rules.yaml"), "currencies:\n  PLN: { step: 0.01 }\n", new System.Text.UnicodeEncoding(false, true));
            Assert.Contains("UTF-16", Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _dir })).Message);
            File.WriteAllText(Path.Combine(_dir, "rules.yaml"), "currencies:\n  PLN: { step: 0.01 }  # złoty\n", new System.Text.UTF8Encoding(true));
            Assert.Equal("PLN", RuleLoader.Load(new[] { _dir }).Currencies.Single().Code);
        }

        [Theory]
        [InlineData("a: [x, {\n")]
        [InlineData("a: { b: [1, 2\n")]
        [InlineData("a: 'open\n")]
        [InlineData("a: \"open\n")]
        [InlineData("- [\n- {\n")]
        public void Unclosed_collections_and_quotes_are_syntax_errors_with_a_position(string yaml)
        {
            var e = Refused(yaml);
            Assert.StartsWith("YAML syntax error: ", e.Problem);
            Assert.True(e.Line >= 1 && e.Column >= 1, e.Line + ":" + e.Column);
        }

        [Theory]
        [InlineData("currencies:\n  PLN: { step: 0.01, precision: 2 }\n", 2, 22, "Unknown key 'precision'")]
        [InlineData("currencies:\n  PLN: { step: -1 }\n", 2, 16, "greater than zero")]
        [InlineData("currencies:\n  PLN: { step: cents }\n", 2, 16, "must be a number")]
        [InlineData("currencies:\n  PLN: { step: 1, rounding: Sideways }\n", 2, 29, "must be one of HalfDown")]
        [InlineData("currencies:\n  PLNX: { step: 1 }\n", 2, 3, "three-letter currency code")]
        [InlineData("currencies:\n  PLN: { step: 1 }\n  pln: { step: 1 }\n", 3, 3, "defined twice (first at")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: 0 }\n", 2, 33, "greater than zero")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: 5, date: 21.03.2023 }\n", 2, 42, "yyyy-MM-dd")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: 5 }\n  - { from: PLN, to: CZK, rate: 6 }\n", 3, 5, "defined twice")]
        [InlineData("color: blue\n", 1, 1, "Unknown key 'color'")]
        [InlineData("markets: { id: x }\n", 1, 10, "must be a list")]
        public void Bad_values_are_refused_at_their_node(string yaml, int line, int column, string problem)
        {
            var e = Refused(yaml);
            Assert.Contains(problem, e.Problem);
            Assert.Equal(line, e.Line);
            Assert.Equal(column, e.Column);
            Assert.Equal("RuleFileInvalid", e.ErrorId);
        }

        [Fact]
        public void Duplicate_market_names_both_places_even_across_files()
        {
            Write("a.yaml", Currencies + "markets:\n" + BaseMarket);
            var e = Refused("markets:\n" + BaseMarket, "b.yaml");
            Assert.EndsWith("b.yaml", e.File);
            Assert.Contains("a.yaml:5:", e.Problem);
        }

        [Fact]
        public void Inconsistencies_between_markets_are_refused()
        {
            Assert.Contains("has no entry under 'currencies:'", Refused(Currencies + "markets:\n  - { id: m, platform: allegro, region: allegro, country: CZ, currency: EUR }\n").Problem);
            Assert.Contains("which no rule file defines", Refused(Currencies + "markets:\n  - { id: m, platform: allegro, region: allegro, country: CZ, currency: CZK, shareFrom: nowhere }\n").Problem);
            Assert.Contains("not a base market", Refused(Currencies + "markets:\n" + BaseMarket.Replace(", base: true", "") + "  - { id: m, platform: allegro, region: allegro, country: CZ, currency: CZK, shareFrom: allegro-pl }\n").Problem);
            Assert.Contains("base market; policies", Refused(Currencies + "markets:\n" + BaseMarket.Replace(" }", ", policy: {} }")).Problem);
        }

        [Theory]
        [InlineData("deliveryMethods: { dhl: { name: D } }", "either 'price'")]
        [InlineData("deliveryMethods: { dhl: { price: 99, basePrice: 19 } }", "not both")]
        [InlineData("deliveryMethods: { dhl: { price: 99.5 } }", "not a multiple of the currency's step")]
        [InlineData("warnPriceDeviationPercent: 30", "is above maxPriceDeviationPercent")]
        [InlineData("sellingFormats: [BuyNow, Barter]", "must be one of BuyNow")]
        [InlineData("rejectCharity: maybe", "must be true or false")]
        [InlineData("requireTranslations: true", "Unknown key 'requireTranslations'")]
        public void Policy_mistakes_are_refused(string policy, string problem)
        {
            var e = Refused(Currencies + "markets:\n" + BaseMarket + "  - id: allegro-cz\n    platform: allegro\n    region: allegro\n    country: CZ\n    currency: CZK\n    shareFrom: allegro-pl\n    policy: { " + policy + " }\n");
            Assert.Contains(problem, e.Problem);
            Assert.True(e.Line >= 9, "line " + e.Line);
        }

        [Fact]
        public void Missing_paths_and_empty_folders_are_refused()
        {
            var missing = Assert.Throws<ListingPsException>(() => RuleLoader.Load(new[] { Path.Combine(_dir, "nope.yaml") }));
            Assert.Equal("RulePathNotFound", missing.ErrorId);
            var empty = Assert.Throws<ListingPsException>(() => RuleLoader.Load(new[] { _dir }));
            Assert.Contains("holds no *.yaml files", empty.Message);
        }

        [Fact]
        public void Explicit_path_wins_over_the_environment_which_wins_over_the_default()
        {
            var old = Environment.GetEnvironmentVariable(RuleLoader.EnvironmentVariable);
            try
            {
                Environment.SetEnvironmentVariable(RuleLoader.EnvironmentVariable, null);
                Assert.Equal(new[] { Path.GetFullPath("default") }, RuleLoader.ResolvePaths(null, "default"));
                Environment.SetEnvironmentVariable(RuleLoader.EnvironmentVariable, "/a/one" + Path.PathSeparator + "/b/two");
                Assert.Equal(new[] { "/a/one", "/b/two" }, RuleLoader.ResolvePaths(null, "default"));
                Assert.Equal(new[] { "/c/explicit.yaml" }, RuleLoader.ResolvePaths("/c/explicit.yaml", "default"));
            }
            finally
            {
                Environment.SetEnvironmentVariable(RuleLoader.EnvironmentVariable, old);
            }
        }

        [Fact]
        public void Cache_keeps_the_rule_set_until_a_file_changes()
        {
            var file = Write("r.yaml", Currencies + "markets:\n" + BaseMarket);
            var paths = new[] { _dir };
            var first = RuleCache.Get(paths);
            Assert.Same(first, RuleCache.Get(paths));
            File.WriteAllText(file, Currencies + "markets:\n" + BaseMarket + "  - { id: allegro-cz, platform: allegro, region: allegro, country: CZ, currency: CZK, shareFrom: allegro-pl }\n");
            File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddMinutes(1));
            var second = RuleCache.Get(paths);
            Assert.NotSame(first, second);
            Assert.True(second.TryGetMarket("allegro-cz", out _));
        }

        [Fact]
        public void Category_paths_cover_their_subcategories()
        {
            var list = new CategoryList(new[] { "Motoryzacja/Pojazdy", " Dom > Meble " });
            Assert.True(list.Matches("Motoryzacja/Pojazdy"));
            Assert.True(list.Matches("motoryzacja/pojazdy/Osobowe"));
            Assert.False(list.Matches("Motoryzacja/PojazdyX"));
            Assert.False(list.Matches("Motoryzacja"));
            Assert.True(list.Matches("Dom/Meble/Krzesła"));
            Assert.True(list.Matches("Dom > Meble"));
            Assert.False(list.Matches(null));
            Assert.False(CategoryList.Empty.Matches("Dom"));
        }
    }
}
