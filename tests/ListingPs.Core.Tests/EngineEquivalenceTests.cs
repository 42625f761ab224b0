using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Verification;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The faster engine (lazy reason text, integer-cent rounding, precompiled category lists, one deviation division) gives
    /// exactly what the code before it gave (<see cref="EngineReference"/>): same values and scales, same texts, same order.
    /// </summary>
    public sealed class EngineEquivalenceTests
    {
        private static string Bits(decimal d) => string.Join(",", decimal.GetBits(d)) + " (" + d.ToString(CultureInfo.InvariantCulture) + ")";

        // ---------------- MoneyRounding ----------------

        private static readonly string[] Steps = { "1", "1.00", "5", "5.0", "0.01", "0.010", "0.05", "0.1", "0.10", "0.5", "2.5", "0.25", "100", "1000", "3", "0.03", "0.001", "0.015", "7" };

        private static IEnumerable<decimal> Amounts()
        {
            string[] fixedOnes =
            {
                "0", "0.00", "-0", "-0.00", "0.3", "-0.3", "-0.001", "0.001", "0.004", "0.005", "-0.005", "0.49", "0.5", "0.50", "0.51", "-0.5", "-0.51",
                "229.35", "229.50", "229.51", "229.505", "229.504", "229.5001", "4200.51", "4200.50", "1232.50", "1232.51", "1237.50",
                "2.5", "3.5", "-2.5", "-3.5", "2.4999999999999999999999999", "2.5000000000000000000000001", "0.125", "0.135", "-0.125",
                "205.500028", "208.505606", "509.4200", "12.345", "12.3449", "5.795", "5.097282", "999999999999.99", "-999999999999.99",
                "1000000000000", "1000000000000.5", "-1000000000000.51", "123456789012345678.49", "79228162514264337593543950335",
                "-79228162514264337593543950335", "7.9228162514264337593543950335", "0.0000000000000000000000000001", "1.005", "1.015", "2.675",
            };
            foreach (var s in fixedOnes) yield return decimal.Parse(s, CultureInfo.InvariantCulture);
            var rnd = new Random(4711);
            for (int i = 0; i < 4000; i++)
            {
                // Base prices x rates as the converter makes them, and plain random amounts with 0-8 decimals.
                decimal basePrice = rnd.Next(0, 2000000) / 100m;
                decimal rate = rnd.Next(1, 2000000) / 10000m;
                yield return basePrice * rate;
                long units = (long)(rnd.NextDouble() * 1e9) * (rnd.Next(2) == 0 ? 1 : -1);
                long abs = Math.Abs(units);
                yield return new decimal((int)(abs & 0x7FFFFFFF), (int)(abs >> 31), 0, units < 0, (byte)rnd.Next(0, 9));
            }
        }

        [Fact]
        public void Round_gives_exactly_the_reference_value_and_scale_for_every_step_and_mode()
        {
            int n = 0;
            foreach (var stepText in Steps)
            {
                decimal step = decimal.Parse(stepText, CultureInfo.InvariantCulture);
                foreach (RoundingMode mode in Enum.GetValues(typeof(RoundingMode)))
                {
                    foreach (var amount in Amounts())
                    {
                        decimal expected;
                        try { expected = EngineReference.Round(amount, step, mode); }
                        catch (OverflowException) { Assert.Throws<OverflowException>(() => MoneyRounding.Round(amount, step, mode)); continue; }
                        var actual = MoneyRounding.Round(amount, step, mode);
                        if (Bits(expected) != Bits(actual))
                            Assert.Fail($"Round({amount}, {stepText}, {mode}): expected {Bits(expected)}, got {Bits(actual)}");
                        n++;
                    }
                }
            }
            Assert.True(n > 100000);
        }

        [Fact]
        public void Round_through_a_currency_rule_agrees_with_the_reference()
        {
            foreach (var c in new[] { TestRules.Czk, TestRules.Huf, TestRules.Eur, TestRules.Pln })
                foreach (var amount in Amounts().Take(3000))
                {
                    if (Math.Abs(amount) > 1e20m) continue; // overflows either way (see above)
                    Assert.Equal(Bits(EngineReference.Round(amount, c.Step, c.Rounding)), Bits(MoneyRounding.Round(amount, c)));
                }
        }

        [Fact]
        public void Round_refuses_a_bad_step_or_mode_on_every_path()
        {
            foreach (var amount in new[] { 1.5m, 2000000000000.5m })
            {
                Assert.Throws<ArgumentOutOfRangeException>(() => MoneyRounding.Round(amount, 0m, RoundingMode.HalfUp));
                foreach (var step in new[] { 1m, 5m, 0.01m, 0.001m })
                    Assert.Throws<ArgumentOutOfRangeException>(() => MoneyRounding.Round(amount, step, (RoundingMode)99));
            }
        }

        [Fact]
        public void Normalize_and_scale_agree_with_the_reference()
        {
            foreach (var stepText in Steps.Concat(new[] { "0", "-1", "-0.50", "12.3400" }))
            {
                decimal step = decimal.Parse(stepText, CultureInfo.InvariantCulture);
                Assert.Equal(EngineReference.Scale(step), MoneyRounding.Scale(step));
                foreach (var amount in Amounts().Take(500))
                    Assert.Equal(Bits(EngineReference.Normalize(amount, step)), Bits(MoneyRounding.Normalize(amount, step)));
            }
        }

        [Fact]
        public void Deviation_shown_is_the_reference_percentage_with_its_scale()
        {
            var rnd = new Random(7);
            for (int i = 0; i < 5000; i++)
            {
                decimal price = rnd.Next(0, 100000), reference = rnd.Next(0, 2000000) / 100m;
                Assert.Equal(Bits(EngineReference.Percent(price, reference)), Bits(PriceDeviation.Percent(price, reference)));
                Assert.Equal(Bits(EngineReference.Percent(price, reference)), Bits(PriceDeviation.Shown(PriceDeviation.Exact(price, reference))));
            }
        }

        // ---------------- Reasons ----------------

        private static List<string> Placeholders(string template) =>
            Regex.Matches(template, "{([^}]*)}").Cast<Match>().Select(m => m.Groups[1].Value).Distinct().ToList();

        private static void SameReason(EngineReference.RefReason expected, Reason actual, string context)
        {
            Assert.True(expected.Code == actual.Code, context + ": code " + actual.Code);
            Assert.True(expected.Message == actual.Message, context + ": message '" + actual.Message + "' instead of '" + expected.Message + "'");
            Assert.True(expected.Hint == actual.Hint, context + ": hint '" + actual.Hint + "' instead of '" + expected.Hint + "'");
            Assert.Equal(expected.Parameters, actual.Parameters.ToList());
            Assert.Equal(string.Join(", ", expected.Parameters.Select(kv => kv.Key + "=" + kv.Value)), actual.Parameters.ToString());
        }

        private static IEnumerable<Dictionary<string, string>> ParameterSets(string code)
        {
            var t = ReasonCodes.TemplateOf(code)!;
            var names = Placeholders(t.Message).Concat(Placeholders(t.Hint)).Distinct().ToList();
            string[] values = { "allegro-cz", "", "Dom, Ogród; {Meble} \\ = x", "20.00", "?", "{market}" };
            for (int v = 0; v < values.Length; v++)
            {
                var all = new Dictionary<string, string>(StringComparer.Ordinal);
                for (int k = 0; k < names.Count; k++) all[names[k]] = values[(v + k) % values.Length] + k;
                yield return all;
                // One placeholder missing, and one parameter no template names.
                var some = new Dictionary<string, string>(all, StringComparer.Ordinal);
                if (names.Count > 0) some.Remove(names[v % names.Count]);
                some["extra"] = "e" + v;
                yield return some;
            }
            yield return new Dictionary<string, string>();
        }

        [Fact]
        public void Lazy_reason_text_equals_the_eager_text_for_every_code()
        {
            Assert.Equal(12, ReasonCodes.All.Count());
            foreach (var code in ReasonCodes.All.Concat(new[] { "XYZ_UNKNOWN", ReasonCodes.PriceMismatch.ToLowerInvariant() }))
            {
                var sets = code == "XYZ_UNKNOWN" ? new[] { new Dictionary<string, string> { ["a"] = "b" } } : ParameterSets(code.ToUpperInvariant()).ToArray();
                foreach (var p in sets)
                {
                    var expected = EngineReference.Create(code, p);
                    SameReason(expected, ReasonCodes.Create(code, p), code);
                    // Read in the other order too: hint first, parameters first.
                    var r = ReasonCodes.Create(code, p);
                    Assert.Equal(expected.Parameters, r.Parameters.ToList());
                    Assert.Equal(expected.Hint, r.Hint);
                    Assert.Equal(expected.Message, r.Message);
                    // The verifier's path: names and values handed over as arrays.
                    var t = ReasonCodes.TemplateOf(code);
                    if (t != null && string.Equals(t.Code, code, StringComparison.Ordinal))
                        SameReason(expected, ReasonCodes.Create(t, p.Keys.ToArray(), p.Values.ToArray()), code + " (arrays)");
                    // Stored and read back.
                    var back = Assert.Single(ReasonCodes.Decode(ReasonCodes.Encode(new[] { ReasonCodes.Create(code, p) })));
                    SameReason(expected, back, code + " (decoded)");
                    Assert.Equal(RefEncode(new[] { expected }), ReasonCodes.Encode(new[] { back }));
                }
            }
        }

        [Fact]
        public void A_reason_keeps_the_parameters_it_was_created_with()
        {
            var p = new Dictionary<string, string> { ["currency"] = "CZK", ["market"] = "allegro-cz" };
            var r = ReasonCodes.Create(ReasonCodes.CurrencyNotAvailable, p);
            p["currency"] = "EUR";
            p["x"] = "y";
            Assert.Equal("The offer has no price in CZK, the currency of allegro-cz.", r.Message);
            Assert.Equal("currency=CZK, market=allegro-cz", r.Parameters.ToString());
            Assert.Equal("VQR001_CURRENCY_NOT_AVAILABLE{currency=CZK,market=allegro-cz}", ReasonCodes.Encode(new[] { r }));
        }

        [Fact]
        public void A_case_insensitive_parameter_dictionary_renders_as_it_did()
        {
            var p = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Currency"] = "CZK", ["MARKET"] = "allegro-cz" };
            var expected = EngineReference.Create(ReasonCodes.CurrencyNotAvailable, p);
            Assert.Equal("The offer has no price in CZK, the currency of allegro-cz.", expected.Message);
            SameReason(expected, ReasonCodes.Create(ReasonCodes.CurrencyNotAvailable, p), "OrdinalIgnoreCase");
            var sorted = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["market"] = "m", ["currency"] = "c" };
            SameReason(EngineReference.Create(ReasonCodes.CurrencyNotAvailable, new Dictionary<string, string>(sorted)),
                ReasonCodes.Create(ReasonCodes.CurrencyNotAvailable, new Dictionary<string, string>(sorted)), "copied");
        }

        [Fact]
        public void A_text_map_of_parameters_is_kept_and_renders_the_same()
        {
            var map = new TextMap(new Dictionary<string, string>(StringComparer.Ordinal) { ["language"] = "cs-CZ", ["market"] = "allegro-cz" });
            var r = ReasonCodes.Create(ReasonCodes.LanguageNotAvailable, map);
            Assert.Same(map, r.Parameters);
            SameReason(EngineReference.Create(ReasonCodes.LanguageNotAvailable, map), r, "TextMap");
        }

        [Fact]
        public void An_eagerly_built_reason_is_unchanged()
        {
            var r = new Reason("C1", "the message", "the hint", new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" });
            Assert.Equal("the message", r.Message);
            Assert.Equal("the hint", r.Hint);
            Assert.Equal("b=2, a=1", r.Parameters.ToString());
            Assert.Equal("C1{b=2,a=1}", ReasonCodes.Encode(new[] { r }));
            Assert.Same(TextMap.Empty, new Reason("C2", "m", "h").Parameters);
            // Kept exactly as given, even what the annotations do not allow.
            var odd = new Reason(ReasonCodes.Charity, null!, null!);
            Assert.Null(odd.Message);
            Assert.Null(odd.Hint);
        }

        private static string RefEncode(IEnumerable<EngineReference.RefReason> reasons) =>
            string.Join(";", reasons.Select(r => r.Code + (r.Parameters.Count == 0 ? "" :
                "{" + string.Join(",", r.Parameters.Select(kv => kv.Key + "=" + Regex.Replace(kv.Value, @"([\\,};{])", @"\$1"))) + "}")));

        public static IEnumerable<object[]> EncodedForms() => new[]
        {
            "VQR001_CURRENCY_NOT_AVAILABLE{currency=CZK,market=allegro-cz};LPS105_NO_CATALOGUE_PRODUCT",
            "LPS107_CATEGORY_UNAVAILABLE{category=Dom\\, Ogr\u00f3d\\; \\{Meble\\} \\\\ = x,market=allegro-cz}",
            "vqr002_language_not_available{language=cs-CZ,market=}",                       // stored in another case
            "VQR002_LANGUAGE_NOT_AVAILABLE{language=cs,language=sk,market=m}",              // a name twice: the last value wins
            "VQR002_LANGUAGE_NOT_AVAILABLE{market=m,language=cs,market=n}",
            "XYZ_UNKNOWN{a=b};;VQR010_SAURON_LEVEL_LOW",                                   // unknown code, empty code
            "LPS104_NOT_BUY_NOW{sellingFormat=auction\\}",                                 // escaped brace, no closing one
            "LPS104_NOT_BUY_NOW{sellingFormat=a\\",                                        // backslash at the end
            "LPS104_NOT_BUY_NOW{=x,sellingFormat=}",                                       // empty name
            "LPS104_NOT_BUY_NOW{}",
            "LPS104_NOT_BUY_NOW{sellingFormat=x}trailing",
            "LPS101_PERSONAL_ACCOUNT",
            "LPS101_PERSONAL_ACCOUNT;",
            "VQR009_PRICE_IN_ADDITIONAL_MARKETPLACE_MISMATCH{maxAllowedPriceDecreasePercent=20,deviationPercent=20.20,price=601,convertedPrice=500,currency=CZK}",
            "LPS104_NOT_BUY_NOW{novalue}",                                                 // malformed: no '='
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(EncodedForms))]
        public void Decode_reads_every_stored_form_as_before(string encoded)
        {
            List<EngineReference.RefReason> expected;
            try { expected = EngineReference.Decode(encoded); }
            catch (Exception e)
            {
                var thrown = Record.Exception(() => ReasonCodes.Decode(encoded));
                Assert.NotNull(thrown);
                Assert.Equal(e.GetType(), thrown!.GetType());
                return;
            }
            var actual = ReasonCodes.Decode(encoded);
            Assert.Equal(expected.Count, actual.Count);
            for (int i = 0; i < expected.Count; i++) SameReason(expected[i], actual[i], encoded + " #" + i);
            Assert.Equal(RefEncode(expected), ReasonCodes.Encode(actual));
        }

        // ---------------- Verification ----------------

        private static IEnumerable<Offer> Assortment(int count)
        {
            var rnd = new Random(2024);
            string[] categories =
            {
                TestRules.PlainCategory, TestRules.NotAllowedCategory, TestRules.NotAllowedCategory + "/Syropy", " zdrowie / leki ", "Zdrowie/Lekarstwa",
                TestRules.UnavailableCategory, "Motoryzacja > Pojazdy > Osobowe", "motoryzacja\\pojazdy", TestRules.ExemptCategory, "Filmy/DVD",
                "Nieruchomości", "Bilety/Koncerty", "Supermarket/Alkohol/Wino", "   ", "", null!, "Książki i Komiksy/Fantastyka", "Elektronika",
                "Usługi", "Muzyka", "Dom i Ogród/Meble",
            };
            string[] products = { "PRD-1", TestRules.NotAllowedProduct, "prd-alko-0001", "PRD-PIRO-0001", "", null!, "B00TEST" };
            string[][] delivery =
            {
                new[] { TestRules.DhlCz }, new[] { TestRules.PlOnly }, new[] { TestRules.OwnCz }, new[] { TestRules.PlOnly, TestRules.OwnCz, TestRules.PacketaLockerCz },
                Array.Empty<string>(), new[] { "ALLEGRO-DHL-CZ" }, new[] { "allegro-dpd-sk", "own-courier-pl-sk", "allegro-dpd-hu", "own-courier-pl-hu" },
                new[] { "allegro-dpd-cz", "packeta-pickup-cz" },
            };
            string[][] translations =
            {
                new[] { "cs-CZ" }, new[] { "cs" }, new[] { "CS" }, new[] { "pl-PL" }, Array.Empty<string>(), new[] { "sk", "hu-HU" }, new[] { "cs-SK" },
                new[] { "-" }, new[] { "c" },
            };
            for (int i = 0; i < count; i++)
            {
                yield return new Offer("T" + i)
                {
                    Market = TestRules.Pl,
                    Price = rnd.Next(10) == 0 ? (decimal?)null : rnd.Next(1, 5000000) / 100m,
                    Category = categories[rnd.Next(categories.Length)],
                    AccountType = rnd.Next(8) == 0 ? AccountType.Personal : AccountType.Company,
                    B2BOnly = rnd.Next(10) == 0,
                    Charity = rnd.Next(12) == 0,
                    SellingFormat = (SellingFormat)(rnd.Next(10) < 8 ? 0 : rnd.Next(1, 3)),
                    ProductId = products[rnd.Next(products.Length)],
                    Status = (OfferStatus)(rnd.Next(10) < 8 ? 0 : rnd.Next(1, 3)),
                    DeliveryMethods = delivery[rnd.Next(delivery.Length)],
                    Translations = translations[rnd.Next(translations.Length)],
                };
            }
        }

        [Fact]
        public void Verify_gives_exactly_the_reference_result_on_a_mixed_assortment()
        {
            var rnd = new Random(99);
            int refused = 0, warned = 0;
            foreach (var rules in new[] { TestRules.Build(), ShippedRulesTests.Shipped })
            {
                var verifier = new OfferVerifier(rules);
                foreach (var marketId in new[] { TestRules.Cz, TestRules.Sk, TestRules.Hu, TestRules.BusinessPl })
                {
                    if (!rules.TryGetMarket(marketId, out var market)) continue;
                    var currency = rules.GetCurrency(market.Currency);
                    var rate = rules.FindRate("PLN", market.Currency)!.Rate;
                    foreach (var offer in Assortment(1500))
                    {
                        decimal? converted = offer.Price.HasValue ? offer.Price.Value * rate : (decimal?)null;
                        MarketPrice price;
                        int kind = rnd.Next(4);
                        if (kind == 0 || !converted.HasValue) price = new MarketPrice(null, PriceSource.None, converted);
                        else if (kind == 1) price = new MarketPrice(MoneyRounding.Round(converted.Value, currency), PriceSource.Converter, converted);
                        else
                        {
                            // An own price up to 30% off the converted one, at the currency's step.
                            decimal own = MoneyRounding.Round(converted.Value * (0.7m + rnd.Next(0, 61) / 100m), currency);
                            price = new MarketPrice(own, PriceSource.Manual, converted);
                        }
                        bool auto = rnd.Next(3) == 0;
                        decimal? r = rnd.Next(6) == 0 ? (decimal?)null : rate;
                        var expected = EngineReference.Verify(rules, offer, market, price, auto, r);
                        var actual = verifier.Verify(offer, market, price, auto, r);
                        string ctx = marketId + " " + offer.OfferId;
                        Assert.Equal(expected.State, actual.State);
                        Assert.Equal(expected.Translation, actual.Translation);
                        Assert.Equal(expected.Warnings, actual.Warnings);
                        Assert.Equal(expected.Reasons.Count, actual.Reasons.Count);
                        for (int i = 0; i < expected.Reasons.Count; i++) SameReason(expected.Reasons[i], actual.Reasons[i], ctx);
                        Assert.Equal(RefEncode(expected.Reasons), ReasonCodes.Encode(actual.Reasons));
                        Assert.Equal(expected.Delivery.Select(d => d.Method + "|" + d.Name + "|" + Bits(d.Price) + "|" + d.Currency + "|" + d.Converted),
                            actual.Delivery.Select(d => d.Method + "|" + d.Name + "|" + Bits(d.Price) + "|" + d.Currency + "|" + d.Converted));
                        if (actual.State == ShareState.Refused) refused++;
                        if (actual.Warnings.Count > 0) warned++;
                    }
                }
            }
            Assert.True(refused > 1000 && warned > 100, refused + " refused, " + warned + " warned");
        }

        [Fact]
        public void Category_lists_match_as_before()
        {
            var list = new CategoryList(new[] { "Zdrowie/Leki", " Motoryzacja > Pojazdy ", "Książki i Komiksy", "", "  ", "Dom\\Ogród", "A/" });
            string?[] categories =
            {
                null, "", " ", "Zdrowie/Leki", "zdrowie/leki", "ZDROWIE/LEKI/X", "Zdrowie/Lekix", "Zdrowie", "Zdrowie / Leki", "Motoryzacja/Pojazdy/Osobowe",
                "motoryzacja > pojazdy", "Książki i komiksy", "KSIĄŻKI I KOMIKSY/Fantastyka", "Dom/Ogród/Meble", "Dom\\Ogród", "A", "A/B", "a//b",
                "Książki i Komiksy ", "\u0130stanbul", "/Zdrowie/Leki",
            };
            foreach (var c in categories)
            {
                Assert.Equal(EngineReference.Matches(list.Entries, c), list.Matches(c));
                Assert.Equal(EngineReference.Matches(list.Entries, c),
                    list.MatchesNormalized(string.IsNullOrEmpty(c) ? null : CategoryList.Normalize(c!)));
                Assert.False(CategoryList.Empty.Matches(c));
            }
        }

        [Fact]
        public void Languages_match_as_before()
        {
            string[] values = { "cs-CZ", "cs", "CS", "cs-SK", "c", "", "-", "-CZ", "cs-", "cs-CZ-x", "sk", "\u0130", "i" };
            foreach (var have in values)
                foreach (var want in values)
                    Assert.Equal(EngineReference.LanguageMatches(have, want), Offer.LanguageMatches(have, want));
        }

        private static string? Outcome<T>(Func<T> parse)
        {
            try { return "ok " + parse(); }
            catch (Input.OfferFieldException e) { return "error " + e.Field + ": " + e.Message; }
        }

        [Fact]
        public void Enum_fields_read_every_spelling_as_before()
        {
            string[] words =
            {
                "", " ", "\t", "-", "_ -", "BuyNow", "buy-now", " Buy_Now ", "BUYNOW", "buy now", "buy\tnow", "auction", "Auction ", "classified", "Classified-Ad",
                "advertisement", "company", "Business", "personal", "PRIVATE", "regular", "active", "In-Active", "ended", "new", "Used", "merchant",
                "Self-Fulfilled", "MFN", "fbm", "FBA", "amazon", "x", "buynowx", "buyno", "ac tive", "\u0130nactive", "\u212Aa", "n\u0131ew",
            };
            foreach (var raw in words)
            {
                var w = Regex.Unescape(raw);
                string key = EngineReference.Key(w);
                Assert.Equal(Outcome(() => ReferenceEnum(key, "SellingFormat")), Outcome(() => Input.OfferParser.ParseSellingFormat(w, "1", null)));
                Assert.Equal(Outcome(() => ReferenceEnum(key, "AccountType")), Outcome(() => Input.OfferParser.ParseAccountType(w, "1", null)));
                Assert.Equal(Outcome(() => ReferenceEnum(key, "Status")), Outcome(() => Input.OfferParser.ParseStatus(w, "1", null)));
                Assert.Equal(Outcome(() => ReferenceEnum(key, "Condition")), Outcome(() => Input.OfferParser.ParseCondition(w, "1", null)));
                Assert.Equal(Outcome(() => ReferenceEnum(key, "Fulfillment")), Outcome(() => Input.OfferParser.ParseFulfillment(w, "1", null)));

                string ReferenceEnum(string k, string field)
                {
                    switch (field)
                    {
                        case "SellingFormat":
                            switch (k) { case "": case "buynow": return "BuyNow"; case "auction": return "Auction"; case "classified": case "advertisement": case "classifiedad": return "Classified"; }
                            return Input.OfferParser.ParseSellingFormat(w, "1", null).ToString(); // throws as before
                        case "AccountType":
                            switch (k) { case "": case "company": case "business": return "Company"; case "personal": case "private": case "regular": return "Personal"; }
                            return Input.OfferParser.ParseAccountType(w, "1", null).ToString();
                        case "Status":
                            switch (k) { case "": case "active": return "Active"; case "inactive": return "Inactive"; case "ended": return "Ended"; }
                            return Input.OfferParser.ParseStatus(w, "1", null).ToString();
                        case "Condition":
                            switch (k) { case "": case "new": return "New"; case "used": return "Used"; }
                            return Input.OfferParser.ParseCondition(w, "1", null).ToString();
                        default:
                            switch (k) { case "": case "merchant": case "selffulfilled": case "mfn": case "fbm": return "Merchant"; case "fba": case "amazon": return "FBA"; }
                            return Input.OfferParser.ParseFulfillment(w, "1", null).ToString();
                    }
                }
            }
        }

        [Fact]
        public void Lists_split_trim_and_drop_duplicates_as_before()
        {
            string[][] inputs =
            {
                new string[0], new[] { "" }, new[] { (string)null! }, new[] { "a" }, new[] { " a " }, new[] { "a;b" }, new[] { "a; b ,c|d" }, new[] { "a;A;a" },
                new[] { ";;", " ; , | " }, new[] { "a", "A", "b;B", " b " }, new[] { "x;y", "z", "y;w;v;u;t;s" }, new[] { "\u00a0a\u00a0;\tb" },
                new[] { "allegro-dhl-cz;packeta-locker-cz", "ALLEGRO-DHL-CZ" }, new[] { "1;2;3;4;5;6;7;8;9;1;2" }, new[] { "a;", ";a", "|a|" },
            };
            foreach (var input in inputs)
            {
                var values = input.Select(v => v == null ? null! : Regex.Unescape(v)).ToArray();
                var expected = EngineReference.SplitList(values);
                var actual = Input.OfferParser.SplitList(values);
                Assert.Equal(expected, actual);
                var offer = new Offer("1") { DeliveryMethods = actual };
                Assert.Equal(string.Join(";", expected), offer.DeliveryMethods.ToString());
            }
        }

        [Fact]
        public void Text_lists_copy_what_they_are_given_and_print_with_their_separator()
        {
            var source = new[] { "a", "b" };
            var list = TextList<string>.From(source, "; ");
            source[0] = "changed";
            Assert.Equal(new[] { "a", "b" }, list);
            Assert.Equal("a; b", list.ToString());
            Assert.Same(list, TextList<string>.From(list, "; "));
            Assert.NotSame(list, TextList<string>.From(list, ";"));
            Assert.Equal("a;b", TextList<string>.From(list, ";").ToString());
            Assert.Same(TextList<string>.Empty, TextList<string>.From(Array.Empty<string>()));
            Assert.Same(TextList<string>.Empty, TextList<string>.From(null));
            Assert.Empty(TextList<string>.From(new List<string>(), "; "));
            Assert.Equal("", TextList<string>.From(null, " | ").ToString());
            Assert.Equal("x|y", TextList<string>.From(new[] { "x", "y" }.Where(_ => true), "|").ToString());
        }
    }
}
