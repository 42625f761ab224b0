using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// The YAML rule loader: the shipped rules hold the documents' facts; every refusal points at the offending node's file,
    /// line and column; files merge into one rule set or nothing loads; rule paths resolve explicit > environment > default;
    /// category lists and exchange-rate lookup behave as the rules promise.
    /// </summary>
    public sealed class RuleLoaderTests : IDisposable
    {
        private readonly TestFiles _files = new TestFiles();

        public void Dispose() => _files.Dispose();

        private static RuleSet Shipped() => RuleLoader.Load(new[] { Path.Combine(AppContext.BaseDirectory, "rules") });

        // ---- building blocks of test rule files (line numbers matter: see the markers « and ‹ in TestFiles) ----

        private const string Cur =
            "currencies:\n" +
            "  PLN: { step: 0.01, rounding: HalfUp }\n" +
            "  CZK: { step: 1, rounding: HalfDown }\n" +
            "  HUF: { step: 5, rounding: HalfDown }\n";

        private const string Pl =
            "markets:\n" +
            "  - id: allegro-pl\n" +
            "    platform: allegro\n" +
            "    region: allegro\n" +
            "    country: PL\n" +
            "    currency: PLN\n" +
            "    base: true\n";

        private const string PlNotBase =
            "markets:\n" +
            "  - id: allegro-pl\n" +
            "    platform: allegro\n" +
            "    region: allegro\n" +
            "    country: PL\n" +
            "    currency: PLN\n";

        private const string CzHead =
            "  - id: allegro-cz\n" +
            "    platform: allegro\n" +
            "    region: allegro\n" +
            "    country: CZ\n" +
            "    currency: CZK\n";

        private const string Cz = CzHead + "    shareFrom: allegro-pl\n";

        private const string CzPolicy = Cur + Pl + Cz + "    policy:\n";

        private const string Hu =
            "  - id: allegro-hu\n" +
            "    platform: allegro\n" +
            "    region: allegro\n" +
            "    country: HU\n" +
            "    currency: HUF\n" +
            "    shareFrom: allegro-pl\n";

        private RuleFileException Refused(string name, string markedYaml)
        {
            _files.Write(name, markedYaml);
            return Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _files.Dir }));
        }

        private void AssertAt(RuleFileException e, string file, (long Line, long Column)? at)
        {
            Assert.True(at.HasValue, "the test text has no « marker");
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidData, e.Kind);
            Assert.Equal(Path.Combine(_files.Dir, file), e.File);
            Assert.Equal((at!.Value.Line, at.Value.Column), (e.Line, e.Column));
            Assert.Equal(e.File + ":" + e.Line + ":" + e.Column + ": " + e.Problem, e.Message);
        }

        // ---------------------------------------------------------------- the shipped rules

        [Fact]
        public void Shipped_rules_load_from_three_files()
        {
            var rules = Shipped();
            Assert.Equal(new[] { "allegro.yaml", "amazon.yaml", "currencies.yaml" }, rules.SourceFiles.Select(Path.GetFileName));
        }

        [Fact]
        public void Shipped_rules_hold_the_nbp_rate_and_currency_precision()
        {
            var rules = Shipped();
            var rate = rules.FindRate("PLN", "CZK")!;
            Assert.Equal(5.0942m, rate.Rate);
            Assert.Equal("NBP", rate.Source);
            Assert.Equal(new DateTime(2023, 3, 21), rate.Date);

            void Currency(string code, decimal step, RoundingMode rounding)
            {
                var c = rules.GetCurrency(code);
                Assert.Equal(step, c.Step);
                Assert.Equal(rounding, c.Rounding);
            }
            Currency("PLN", 0.01m, RoundingMode.HalfUp);
            Currency("CZK", 1m, RoundingMode.HalfDown);
            Currency("EUR", 0.01m, RoundingMode.HalfUp);
            Currency("HUF", 5m, RoundingMode.HalfDown);
            Currency("JPY", 1m, RoundingMode.HalfUp);
            foreach (var code in new[] { "USD", "CAD", "MXN", "BRL", "GBP", "SEK", "TRY", "AUD", "SGD" })
                Currency(code, 0.01m, RoundingMode.HalfUp);
            Assert.Equal(14, rules.Currencies.Count());
        }

        [Fact]
        public void Shipped_rules_price_every_market_from_its_source()
        {
            var rules = Shipped();
            foreach (var m in rules.Markets.Where(m => m.ShareFrom != null))
                Assert.True(rules.FindRate(rules.BaseOf(m).Currency, m.Currency) != null, m.Id);
            foreach (var m in rules.Markets.Where(m => m.Platform == "amazon"))
            {
                Assert.True(rules.FindRate("EUR", m.Currency) != null, "EUR->" + m.Currency);
                var r = rules.FindRate("EUR", m.Currency)!;
                if (m.Currency != "EUR") Assert.Equal("ECB", r.Source);
            }
            foreach (var to in new[] { "CAD", "MXN", "BRL", "JPY" })
                Assert.NotNull(rules.FindRate("USD", to));
            Assert.All(rules.ExchangeRates.Where(r => r.Source == "ECB"), r => Assert.NotNull(r.Date));
        }

        [Fact]
        public void Shipped_allegro_markets_are_the_documented_ones()
        {
            var rules = Shipped();
            var allegro = rules.Markets.Where(m => m.Platform == "allegro").ToList();
            Assert.Equal(new[] { "allegro-pl", "allegro-cz", "allegro-sk", "allegro-hu", "allegro-business-pl", "allegro-business-cz" }, allegro.Select(m => m.Id));
            Assert.All(allegro, m => Assert.Equal("allegro", m.Region));

            var pl = rules.GetMarket("allegro-pl");
            Assert.True(pl.IsBase);
            Assert.Null(pl.ShareFrom);
            Assert.Null(pl.Policy);
            Assert.Equal(("PLN", "pl-PL", "PL"), (pl.Currency, pl.Language, pl.Country));

            void Additional(string id, string currency, string language, string country, DateTime? launched)
            {
                var m = rules.GetMarket(id);
                Assert.False(m.IsBase);
                Assert.Equal("allegro-pl", m.ShareFrom);
                Assert.Equal((currency, language, country, launched), (m.Currency, m.Language, m.Country, m.Launched));
                Assert.NotNull(m.Policy);
                Assert.False(m.Policy!.PromotionsAvailable);
                Assert.True(m.Policy.ConverterByDefault);
                Assert.Equal(new[] { SellingFormat.BuyNow }, m.Policy.SellingFormats);
                Assert.Contains("allegro.yaml:", m.DefinedAt);
            }
            Additional("allegro-cz", "CZK", "cs-CZ", "CZ", new DateTime(2023, 5, 10));
            Additional("allegro-sk", "EUR", "sk-SK", "SK", new DateTime(2024, 2, 29));
            Additional("allegro-hu", "HUF", "hu-HU", "HU", new DateTime(2024, 10, 1));
            Additional("allegro-business-pl", "PLN", "pl-PL", "PL", null);
            Additional("allegro-business-cz", "CZK", "cs-CZ", "CZ", null);

            foreach (var id in new[] { "allegro-cz", "allegro-sk", "allegro-hu", "allegro-business-cz" })
            {
                var p = rules.GetMarket(id).Policy!;
                Assert.Equal(20m, p.MaxPriceDeviationPercent);
                Assert.Equal(10m, p.WarnPriceDeviationPercent);
                Assert.True(p.RequireTranslation, id);
            }
            Assert.True(rules.GetMarket("allegro-business-pl").KeepsBasePrice);
            Assert.True(rules.GetMarket("allegro-business-cz").KeepsBasePrice);
            Assert.False(rules.GetMarket("allegro-cz").KeepsBasePrice);
            Assert.False(rules.GetMarket("allegro-business-pl").Policy!.RequireTranslation);
        }

        [Fact]
        public void Shipped_czech_policy_holds_the_documented_delivery_prices_and_lists()
        {
            var p = Shipped().GetMarket("allegro-cz").Policy!;
            Assert.True(p.RequireCompanyAccount);
            Assert.True(p.RejectB2BOnly);
            Assert.True(p.RejectCharity);
            Assert.True(p.RequireCatalogueProduct);
            Assert.True(p.RequireTranslation);

            var preset = p.DeliveryMethods.Values.Where(d => !d.IsOwn).ToDictionary(d => d.Id, d => (d.Name, d.Price));
            Assert.Equal(4, preset.Count);
            Assert.Equal(("Allegro Kurier DHL (CZ)", (decimal?)99m), preset["allegro-dhl-cz"]);
            Assert.Equal(99m, preset["allegro-dpd-cz"].Price);
            Assert.Equal(("Allegro PL->CZ Packeta pick-up point", (decimal?)59m), preset["packeta-pickup-cz"]);
            Assert.Equal(("Allegro PL->CZ Packeta parcel locker", (decimal?)59m), preset["packeta-locker-cz"]);
            var own = p.DeliveryMethods["OWN-COURIER-PL-CZ"]; // ids are case-insensitive
            Assert.True(own.IsOwn);
            Assert.Equal("Own contract courier PL->CZ", own.Name);
            Assert.Equal(19.99m, own.BasePrice);
            Assert.Null(own.Price);

            Assert.True(p.UnavailableCategories.Matches("Motoryzacja/Pojazdy/Samochody osobowe"));
            Assert.True(p.UnavailableCategories.Matches("Nieruchomości"));
            Assert.True(p.CategoriesNotAllowed.Matches("Zdrowie > Leki"));
            Assert.True(p.TranslationExemptCategories.Matches("Książki i Komiksy/Komiksy"));
            Assert.False(p.TranslationExemptCategories.Matches("Elektronika"));
            Assert.Contains("PRD-ALKO-0001", p.ProductsNotAllowed);
            Assert.Contains("prd-alko-0001", p.ProductsNotAllowed);
        }

        [Fact]
        public void Shipped_slovak_and_hungarian_delivery_prices_fit_their_currency()
        {
            var rules = Shipped();
            foreach (var id in new[] { "allegro-sk", "allegro-hu", "allegro-business-cz" })
            {
                var m = rules.GetMarket(id);
                var step = rules.GetCurrency(m.Currency).Step;
                Assert.Contains(m.Policy!.DeliveryMethods.Values, d => d.IsOwn);
                Assert.Contains(m.Policy.DeliveryMethods.Values, d => !d.IsOwn);
                foreach (var d in m.Policy.DeliveryMethods.Values.Where(d => !d.IsOwn))
                    Assert.Equal(0m, d.Price!.Value % step);
            }
            Assert.All(rules.GetMarket("allegro-hu").Policy!.DeliveryMethods.Values.Where(d => !d.IsOwn),
                d => Assert.True(d.Price!.Value % 10 == 0 || d.Price.Value % 10 == 5, d.Id));
        }

        [Fact]
        public void Shipped_amazon_marketplaces_are_all_eighteen_in_their_regions()
        {
            var rules = Shipped();
            var expected = new (string Id, string Region, string Currency, string Language)[]
            {
                ("amazon-us", "NA", "USD", "en-US"), ("amazon-ca", "NA", "CAD", "en-CA"), ("amazon-mx", "NA", "MXN", "es-MX"), ("amazon-br", "NA", "BRL", "pt-BR"),
                ("amazon-uk", "EU", "GBP", "en-GB"), ("amazon-de", "EU", "EUR", "de-DE"), ("amazon-fr", "EU", "EUR", "fr-FR"), ("amazon-it", "EU", "EUR", "it-IT"),
                ("amazon-es", "EU", "EUR", "es-ES"), ("amazon-nl", "EU", "EUR", "nl-NL"), ("amazon-se", "EU", "SEK", "sv-SE"), ("amazon-pl", "EU", "PLN", "pl-PL"),
                ("amazon-be", "EU", "EUR", "fr-BE"), ("amazon-tr", "EU", "TRY", "tr-TR"), ("amazon-ie", "EU", "EUR", "en-IE"),
                ("amazon-jp", "FE", "JPY", "ja-JP"), ("amazon-au", "FE", "AUD", "en-AU"), ("amazon-sg", "FE", "SGD", "en-SG"),
            };
            var amazon = rules.Markets.Where(m => m.Platform == "amazon").ToList();
            Assert.Equal(expected.Select(e => e.Id), amazon.Select(m => m.Id));
            foreach (var (m, e) in amazon.Zip(expected, (m, e) => (m, e)))
            {
                Assert.Equal((e.Region, e.Currency, e.Language), (m.Region, m.Currency, m.Language));
                Assert.Equal(e.Language.Substring(3), m.Country);
                Assert.False(m.IsBase);
                Assert.Null(m.ShareFrom);
                if (m.Policy != null)
                {
                    Assert.Empty(m.Policy.DeliveryMethods);
                    Assert.NotEmpty(m.Policy.RestrictedProducts);
                }
            }
            Assert.Contains(amazon, m => m.Policy != null && m.Policy.RestrictedProducts.Count > 0);
        }

        // ---------------------------------------------------------------- refusals, each at its node

        [Theory]
        // unknown keys
        [InlineData("«colour: blue\n", "Unknown key 'colour' in a rule file")]
        [InlineData("currencies:\n  PLN: { step: 0.01, «precision: 2 }\n", "Unknown key 'precision' in currency PLN")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: 5, «when: 2023-03-21 }\n", "Unknown key 'when'")]
        [InlineData(Cur + Pl + Cz + "    «shareform: allegro-pl\n", "Did you mean 'shareFrom'?")]
        [InlineData(CzPolicy + "      «requireTranslations: true\n", "Unknown key 'requireTranslations' in the policy of allegro-cz. Did you mean 'requireTranslation'?")]
        [InlineData(CzPolicy + "      «RejectCharity: true\n", "Did you mean 'rejectCharity'?")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: { «prize: 99 }\n", "Unknown key 'prize' in delivery method dhl. Did you mean 'price'? Allowed: name, price, basePrice.")]
        // wrong node kinds
        [InlineData("«- currencies\n", "A rule file must be a mapping")]
        [InlineData("currencies: «[PLN, CZK]\n", "currencies must be a mapping")]
        [InlineData("currencies:\n  PLN: «0.01\n", "Currency PLN must be a mapping")]
        [InlineData("exchangeRates: «{ from: PLN }\n", "exchangeRates must be a list")]
        [InlineData("markets:\n  - «allegro-pl\n", "A market must be a mapping")]
        [InlineData(Cur + "markets:\n  - id: allegro-pl\n    name: «[Allegro, Polska]\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n", "name of allegro-pl must be text")]
        [InlineData(Cur + Pl + Cz + "    policy: «strict\n", "The policy of allegro-cz must be a mapping")]
        [InlineData(CzPolicy + "      sellingFormats: «BuyNow\n", "sellingFormats must be a list")]
        [InlineData(CzPolicy + "      unavailableCategories: [Bilety, «[Usługi]]\n", "A unavailableCategories entry must be text")]
        [InlineData(CzPolicy + "      deliveryMethods: «[dhl]\n", "deliveryMethods must be a mapping")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: «99\n", "Delivery method dhl must be a mapping")]
        // required keys and empty values
        [InlineData(Cur + "markets:\n  - «platform: allegro\n", "A market needs 'id'")]
        [InlineData(Cur + "markets:\n  - «id: allegro-pl\n    platform: allegro\n", "Market allegro-pl needs 'currency'")]
        [InlineData("currencies:\n  PLN: «{ rounding: HalfUp }\n", "Currency PLN needs 'step'")]
        [InlineData("exchangeRates:\n  - «{ from: PLN, to: CZK }\n", "An exchange rate needs 'rate'")]
        [InlineData(Cur + "markets:\n  - id: allegro-pl\n    name: «''\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n", "must not be empty")]
        // bad numbers, booleans, dates, enums, codes
        [InlineData("version: «2\n", "Only rule format version 1")]
        [InlineData("currencies:\n  PLN:\n    step: «0,01\n", "step of PLN must be a number")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: «5.09.42 }\n", "rate must be a number")]
        [InlineData(CzPolicy + "      maxPriceDeviationPercent: «twenty\n", "maxPriceDeviationPercent must be a number")]
        [InlineData(Cur + "markets:\n  - id: allegro-pl\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n    base: «maybe\n", "base must be true or false")]
        [InlineData(CzPolicy + "      rejectCharity: «1\n", "rejectCharity must be true or false")]
        [InlineData(Cur + Pl + Cz + "    launched: «2023-13-01\n", "launched must be a date written yyyy-MM-dd")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: 5, date: «21.03.2023 }\n", "date must be a date written yyyy-MM-dd")]
        [InlineData("currencies:\n  CZK: { step: 1, rounding: «Nearest }\n", "rounding of CZK must be one of HalfDown, HalfUp, HalfEven, Up, Down")]
        [InlineData("currencies:\n  CZK: { step: 1, rounding: «2 }\n", "rounding of CZK must be one of")]
        [InlineData(CzPolicy + "      sellingFormats: [BuyNow, «Barter]\n", "A sellingFormats entry must be one of BuyNow, Auction, Classified")]
        [InlineData("currencies:\n  «ZLOTY: { step: 0.01 }\n", "'ZLOTY' is not a three-letter currency code")]
        [InlineData("exchangeRates:\n  - { from: «PL, to: CZK, rate: 5 }\n", "'PL' is not a three-letter currency code")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: «pln, rate: 1 }\n", "to itself")]
        // negative or zero steps, rates, prices, limits
        [InlineData("currencies:\n  CZK: { step: «0 }\n", "step of CZK must be greater than zero")]
        [InlineData("currencies:\n  CZK: { step: «-1 }\n", "step of CZK must be greater than zero")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: «0 }\n", "rate must be greater than zero")]
        [InlineData("exchangeRates:\n  - { from: PLN, to: CZK, rate: «-5.0942 }\n", "rate must be greater than zero")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: { price: «-99 }\n", "price of dhl must be greater than or equal to zero")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        own: { basePrice: «-19.99 }\n", "basePrice of own must be greater than or equal to zero")]
        [InlineData(CzPolicy + "      maxPriceDeviationPercent: «-20\n", "maxPriceDeviationPercent must be greater than or equal to zero")]
        // market structure
        [InlineData(Cur + "markets:\n  - id: m\n    platform: allegro\n    region: allegro\n    country: SK\n    currency: «EUR\n", "Market 'm' uses currency EUR, which has no entry under 'currencies:'")]
        [InlineData(Cur + Pl + "  - id: allegro-cz\n    platform: allegro\n    region: allegro\n    country: CZ\n    currency: CZK\n    shareFrom: «allegro-pk\n", "shares from 'allegro-pk', which no rule file defines")]
        [InlineData(Cur + PlNotBase + CzHead + "    shareFrom: «allegro-pl\n", "which is not a base market (base: true)")]
        [InlineData(Cur + Pl + "    «shareFrom: allegro-pl\n", "is a base market; a base market (base: true) shares from no other market")]
        [InlineData(Cur + Pl + "    «policy: { rejectCharity: true }\n", "policies are for the markets offers are shared or connected to")]
        // policies
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: «{ name: DHL, price: 99, basePrice: 19.99 }\n", "needs either 'price' (in the market currency) or 'basePrice' (in the base market's currency, converted), not both")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: «{ name: DHL }\n", "not neither")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: { price: 99 }\n        «DHL: { price: 99 }\n", "Delivery method 'DHL' is listed twice")]
        [InlineData(CzPolicy + "      maxPriceDeviationPercent: 20\n      warnPriceDeviationPercent: «25\n", "warnPriceDeviationPercent (25) is above maxPriceDeviationPercent (20)")]
        [InlineData(CzPolicy + "      warnPriceDeviationPercent: «30\n", "warnPriceDeviationPercent (30) is above maxPriceDeviationPercent (20)")]
        [InlineData(CzPolicy + "      warnPriceDeviationPercent: «15\n      maxPriceDeviationPercent: 12\n", "warnPriceDeviationPercent (15) is above maxPriceDeviationPercent (12)")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        dhl: { price: «99.50 }\n", "costs 99.50 CZK, not a multiple of the currency's step 1")]
        [InlineData(Cur + Pl + Hu + "    policy:\n      deliveryMethods:\n        dpd: { name: DPD, price: «1593 }\n", "costs 1593 HUF, not a multiple of the currency's step 5")]
        [InlineData(CzPolicy + "      deliveryMethods:\n        own: { basePrice: «19.999 }\n", "costs 19.999 PLN (the base currency), not a multiple of the currency's step 0.01")]
        public void Refusals_point_at_the_offending_node(string markedYaml, string problem)
        {
            var e = Refused("rules.yaml", markedYaml);
            Assert.Contains(problem, e.Problem);
            AssertAt(e, "rules.yaml", _files.ErrorAt);
        }

        [Theory]
        [InlineData("currencies:\n  ‹PLN: { step: 0.01 }\n  «pln: { step: 0.01 }\n", "Currency PLN is defined twice")]
        [InlineData(Cur + "markets:\n  - id: ‹allegro-pl\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n  - id: «ALLEGRO-PL\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n", "Market 'allegro-pl' is defined twice")]
        [InlineData("exchangeRates:\n  - ‹{ from: PLN, to: CZK, rate: 5.0942 }\n  - «{ from: pln, to: czk, rate: 5.1 }\n", "The rate PLN->CZK is defined twice")]
        public void Duplicates_name_both_places(string markedYaml, string problem)
        {
            var e = Refused("rules.yaml", markedYaml);
            Assert.Contains(problem, e.Problem);
            AssertAt(e, "rules.yaml", _files.ErrorAt);
            var first = _files.FirstAt!.Value;
            Assert.Contains("(first at " + Path.Combine(_files.Dir, "rules.yaml") + ":" + first.Line + ":" + first.Column + ")", e.Problem);
        }

        [Fact]
        public void A_pointer_to_a_non_base_market_names_where_that_market_is()
        {
            var e = Refused("rules.yaml", Cur + PlNotBase.Replace("id: ", "id: ‹") + CzHead + "    shareFrom: «allegro-pl\n");
            AssertAt(e, "rules.yaml", _files.ErrorAt);
            var first = _files.FirstAt!.Value;
            Assert.Contains("(defined at " + e.File + ":" + first.Line + ":" + first.Column + ")", e.Problem);
        }

        [Theory]
        [InlineData(Cur + "markets:\n  - { id: x, platform: «[\n")]
        [InlineData("currencies:\n  PLN: { step: 0.01 }\n  «PLN: { step: 0.01 }\n")]
        [InlineData("markets:\n  - id: x\n    name: «\"unterminated\n")]
        public void Yaml_syntax_errors_carry_their_position(string markedYaml)
        {
            var e = Refused("broken.yaml", markedYaml);
            Assert.StartsWith("YAML syntax error: ", e.Problem);
            Assert.DoesNotContain("Idx:", e.Problem);
            Assert.Equal(ErrorIds.RuleFileInvalid, e.ErrorId);
            Assert.Equal(Path.Combine(_files.Dir, "broken.yaml"), e.File);
            Assert.True(e.Line >= 1 && e.Column >= 1);
            Assert.True(e.Line >= _files.ErrorAt!.Value.Line, "error reported at line " + e.Line + ", before the broken node");
        }

        [Fact]
        public void A_duplicate_key_is_a_syntax_error_at_the_second_key()
        {
            var e = Refused("rules.yaml", "currencies:\n  PLN: { step: 0.01 }\n  «PLN: { step: 0.01 }\n");
            Assert.Contains("Duplicate key", e.Problem);
            AssertAt(e, "rules.yaml", _files.ErrorAt);
        }

        [Fact]
        public void Missing_path_is_object_not_found()
        {
            var missing = Path.Combine(_files.Dir, "nope.yaml");
            var e = Assert.Throws<ListingPsException>(() => RuleLoader.Load(new[] { missing }));
            Assert.IsNotType<RuleFileException>(e);
            Assert.Equal(ErrorIds.RulePathNotFound, e.ErrorId);
            Assert.Equal(ErrorKind.ObjectNotFound, e.Kind);
            Assert.Contains(missing, e.Message);
            var empty = Assert.Throws<ListingPsException>(() => RuleLoader.Load(new[] { _files.Folder("empty") }));
            Assert.Equal(ErrorIds.RulePathNotFound, empty.ErrorId);
        }

        // ---------------------------------------------------------------- merging files

        [Fact]
        public void Files_and_folders_merge_into_one_rule_set_in_ordinal_name_order()
        {
            var dir = _files.Folder("rules");
            _files.Write("rules/b-markets.yml", Pl + Cz);
            _files.Write("rules/A-currencies.yaml", Cur + "exchangeRates:\n  - { from: PLN, to: CZK, rate: 5.0942, source: NBP, date: 2023-03-21 }\n");
            _files.Write("rules/c-notes.txt", "not: [yaml");
            _files.Write("rules/sub/d.yaml", "not: [yaml");
            var extra = _files.Write("extra.yaml", "---\nmarkets:\n" + Hu + "---\nexchangeRates:\n  - { from: PLN, to: HUF, rate: 91.05 }\n");

            var rules = RuleLoader.Load(new[] { dir, extra });
            Assert.Equal(new[] { "A-currencies.yaml", "b-markets.yml", "extra.yaml" }, rules.SourceFiles.Select(Path.GetFileName));
            Assert.Equal(new[] { "allegro-pl", "allegro-cz", "allegro-hu" }, rules.Markets.Select(m => m.Id));
            Assert.Equal(new[] { "PLN", "CZK", "HUF" }, rules.Currencies.Select(c => c.Code));
            Assert.Equal(5.0942m, rules.FindRate("PLN", "CZK")!.Rate);
            var huf = rules.FindRate("PLN", "HUF")!;
            Assert.Equal(91.05m, huf.Rate);
            Assert.Equal("rules", huf.Source);
            Assert.Null(huf.Date);
            Assert.Same(rules.GetMarket("allegro-pl"), rules.BaseOf(rules.GetMarket("allegro-hu")));
            Assert.StartsWith(extra + ":", rules.GetMarket("allegro-hu").DefinedAt);
        }

        [Fact]
        public void References_across_files_do_not_depend_on_file_order()
        {
            _files.Write("1.yaml", "markets:\n" + Cz + "    policy:\n      deliveryMethods:\n        dhl: { price: 99 }\n");
            _files.Write("2.yaml", Pl);
            _files.Write("3.yaml", Cur);
            var rules = RuleLoader.Load(new[] { _files.Dir });
            Assert.Equal("allegro-pl", rules.BaseOf(rules.GetMarket("allegro-cz")).Id);
        }

        [Fact]
        public void Defaults_fill_what_a_file_leaves_out()
        {
            _files.Write("r.yaml", "version: 1\ncurrencies:\n  PLN: { step: 0.01 }\n  CZK: { step: 1 }\nmarkets:\n" +
                "  - { id: Allegro-PL, platform: Allegro, region: allegro, country: pl, currency: pln, base: yes }\n" +
                "  - { id: allegro-cz, platform: allegro, region: allegro, country: CZ, currency: CZK, shareFrom: ALLEGRO-PL, policy: { maxPriceDeviationPercent: 5 } }\n" +
                "  - { id: plain, platform: allegro, region: allegro, country: CZ, currency: CZK, policy: {} }\n");
            var rules = RuleLoader.Load(new[] { _files.Dir });
            Assert.Equal(RoundingMode.HalfUp, rules.GetCurrency("CZK").Rounding);
            var pl = rules.GetMarket("allegro-pl");
            Assert.Equal(("allegro-pl", "allegro", "PL", "PLN", "", true), (pl.Name, pl.Platform, pl.Country, pl.Currency, pl.Language, pl.IsBase));
            var cz = rules.GetMarket("allegro-cz");
            Assert.Equal("allegro-pl", cz.ShareFrom);
            Assert.Equal(5m, cz.Policy!.MaxPriceDeviationPercent);
            Assert.Equal(5m, cz.Policy.WarnPriceDeviationPercent); // the default 10 never exceeds the limit
            var p = rules.GetMarket("plain").Policy!;
            var d = new SharePolicy();
            Assert.Equal((d.RequireCompanyAccount, d.RejectB2BOnly, d.RejectCharity, d.RequireCatalogueProduct, d.RequireTranslation, d.ConverterByDefault, d.PromotionsAvailable),
                (p.RequireCompanyAccount, p.RejectB2BOnly, p.RejectCharity, p.RequireCatalogueProduct, p.RequireTranslation, p.ConverterByDefault, p.PromotionsAvailable));
            Assert.Equal((20m, 10m), (p.MaxPriceDeviationPercent, p.WarnPriceDeviationPercent));
            Assert.Equal(new[] { SellingFormat.BuyNow }, p.SellingFormats);
            Assert.Empty(p.DeliveryMethods);
            Assert.Equal(0, p.UnavailableCategories.Count);
        }

        [Fact]
        public void Free_delivery_and_zero_limits_are_allowed()
        {
            _files.Write("r.yaml", CzPolicy + "      maxPriceDeviationPercent: 0\n      warnPriceDeviationPercent: 0\n      deliveryMethods:\n        free: { price: 0 }\n        own: { basePrice: 0 }\n");
            var p = RuleLoader.Load(new[] { _files.Dir }).GetMarket("allegro-cz").Policy!;
            Assert.Equal(0m, p.DeliveryMethods["free"].Price);
            Assert.Equal(0m, p.DeliveryMethods["own"].BasePrice);
            Assert.Equal("own", p.DeliveryMethods["own"].Name);
            Assert.Equal(0m, p.MaxPriceDeviationPercent);
        }

        [Fact]
        public void An_empty_file_in_a_folder_is_refused_by_name_and_an_empty_document_beside_others_is_fine()
        {
            _files.Write("1-comment.yaml", "# nothing yet\n");
            _files.Write("2.yaml", "---\n---\n" + Cur + Pl);
            var e = Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _files.Dir }));
            Assert.EndsWith("1-comment.yaml", e.File);
            Assert.StartsWith("The rule file is empty", e.Problem);
            File.Delete(Path.Combine(_files.Dir, "1-comment.yaml"));
            Assert.Single(RuleLoader.Load(new[] { _files.Dir }).Markets);
        }

        [Theory]
        [InlineData("b.yaml", "currencies:\n  «PLN: { step: 0.01 }\n", "a.yaml", "currencies:\n  ‹PLN: { step: 0.01 }\n", "Currency PLN is defined twice")]
        [InlineData("b.yaml", "markets:\n  - id: «allegro-pl\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n", "a.yaml", Cur + "markets:\n  - id: ‹allegro-pl\n    platform: allegro\n    region: allegro\n    country: PL\n    currency: PLN\n", "Market 'allegro-pl' is defined twice")]
        [InlineData("b.yaml", "exchangeRates:\n  - «{ from: PLN, to: CZK, rate: 5.1 }\n", "a.yaml", Cur + "exchangeRates:\n  - ‹{ from: PLN, to: CZK, rate: 5.0942 }\n", "The rate PLN->CZK is defined twice")]
        public void A_second_definition_in_another_file_is_refused_there(string secondName, string second, string firstName, string first, string problem)
        {
            _files.Write(firstName, first);
            var firstAt = _files.FirstAt!.Value;
            var e = Refused(secondName, second);
            Assert.Contains(problem, e.Problem);
            AssertAt(e, secondName, _files.ErrorAt);
            Assert.Contains("(first at " + Path.Combine(_files.Dir, firstName) + ":" + firstAt.Line + ":" + firstAt.Column + ")", e.Problem);
        }

        [Fact]
        public void Cross_file_checks_point_into_the_file_that_needs_fixing()
        {
            _files.Write("a-currencies.yaml", Cur);
            var e = Refused("b-markets.yaml", Pl + Cz + "    policy:\n      deliveryMethods:\n        dhl: { price: «99.9 }\n");
            Assert.Contains("not a multiple of the currency's step 1", e.Problem);
            AssertAt(e, "b-markets.yaml", _files.ErrorAt);

            e = Refused("b-markets.yaml", Pl + "  - id: allegro-sk\n    platform: allegro\n    region: allegro\n    country: SK\n    currency: «EUR\n");
            Assert.Contains("currency EUR, which has no entry", e.Problem);
            AssertAt(e, "b-markets.yaml", _files.ErrorAt);
        }

        [Fact]
        public void Nothing_is_half_loaded()
        {
            _files.Write("a.yaml", Cur + Pl + Cz);
            var good = RuleLoader.Load(new[] { _files.Dir });
            Assert.Equal(2, good.Markets.Count());

            // A later file is broken: the valid files before it do not make a rule set.
            _files.Write("b.yaml", "markets:\n" + Hu + "    policy:\n      deliveryMethods:\n        dpd: { price: «1593 }\n");
            var e = Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _files.Dir }));
            AssertAt(e, "b.yaml", _files.ErrorAt);

            // An earlier file is broken.
            File.Delete(Path.Combine(_files.Dir, "b.yaml"));
            _files.Write("0.yaml", "markets: «oops\n");
            e = Assert.Throws<RuleFileException>(() => RuleLoader.Load(new[] { _files.Dir }));
            AssertAt(e, "0.yaml", _files.ErrorAt);

            // A missing path among good ones.
            File.Delete(Path.Combine(_files.Dir, "0.yaml"));
            var missing = Assert.Throws<ListingPsException>(() => RuleLoader.Load(new[] { _files.Dir, Path.Combine(_files.Dir, "gone.yaml") }));
            Assert.Equal(ErrorIds.RulePathNotFound, missing.ErrorId);

            Assert.Equal(2, RuleLoader.Load(new[] { _files.Dir }).Markets.Count());
        }

        // ---------------------------------------------------------------- where the rules come from

        private static Func<string, string?> Env(string? value) =>
            name => name == RuleLoader.EnvironmentVariable ? value : null;

        [Fact]
        public void Environment_variable_is_LISTINGPS_RULES()
        {
            Assert.Equal("LISTINGPS_RULES", RuleLoader.EnvironmentVariable);
        }

        [Fact]
        public void Explicit_path_wins_over_the_environment_and_the_default()
        {
            var explicitPath = Path.Combine(_files.Dir, "mine");
            var env = Path.Combine(_files.Dir, "env");
            Assert.Equal(new[] { explicitPath }, RuleLoader.ResolvePaths(explicitPath, "default", Env(env)));
            var two = explicitPath + Path.PathSeparator + " " + env + " " + Path.PathSeparator;
            Assert.Equal(new[] { explicitPath, env }, RuleLoader.ResolvePaths(two, "default", Env(null)));
        }

        [Fact]
        public void The_environment_replaces_the_default_and_may_list_several_paths()
        {
            var a = Path.Combine(_files.Dir, "a");
            var b = Path.Combine(_files.Dir, "b.yaml");
            Assert.Equal(new[] { a, b }, RuleLoader.ResolvePaths(null, "default", Env(a + Path.PathSeparator + b)));
            Assert.Equal(new[] { a }, RuleLoader.ResolvePaths("   ", "default", Env(a)));
            Assert.DoesNotContain(Path.GetFullPath("default"), RuleLoader.ResolvePaths(null, "default", Env(a)));
        }

        [Fact]
        public void Without_either_the_module_default_is_used_as_a_full_path()
        {
            var def = Path.Combine(_files.Dir, "module", "rules");
            Assert.Equal(new[] { def }, RuleLoader.ResolvePaths(null, def, Env(null)));
            Assert.Equal(new[] { def }, RuleLoader.ResolvePaths("", def, Env("")));
            Assert.Equal(new[] { def }, RuleLoader.ResolvePaths(null, def, Env(Path.PathSeparator.ToString())));
            Assert.Equal(new[] { Path.GetFullPath("rel") }, RuleLoader.ResolvePaths(null, "rel", Env(null)));
        }

        // ---------------------------------------------------------------- categories and rates

        [Fact]
        public void Category_list_matches_exact_paths_case_insensitively()
        {
            var list = new CategoryList(new[] { "Nieruchomości", "Motoryzacja/Pojazdy", "Książki i Komiksy" });
            Assert.True(list.Matches("Nieruchomości"));
            Assert.True(list.Matches("NIERUCHOMOŚCI"));
            Assert.True(list.Matches("książki i komiksy"));
            Assert.True(list.Matches("  Motoryzacja/Pojazdy  "));
            Assert.False(list.Matches("Motoryzacja"));            // a child does not cover its parent
            Assert.False(list.Matches("Nieruchomości2"));          // a path is not a text prefix
            Assert.False(list.Matches(""));
            Assert.False(list.Matches(null));
            Assert.Equal(3, list.Count);
        }

        [Fact]
        public void Category_list_parent_covers_every_child()
        {
            var list = new CategoryList(new[] { "Zdrowie/Leki" });
            Assert.True(list.Matches("Zdrowie/Leki/Przeciwbólowe"));
            Assert.True(list.Matches("zdrowie/leki/przeciwbólowe/tabletki"));
            Assert.False(list.Matches("Zdrowie/Lekarstwa"));
            Assert.False(list.Matches("Zdrowie/Suplementy"));
        }

        [Fact]
        public void Category_list_normalises_other_separators()
        {
            var list = new CategoryList(new[] { "Dom i Ogród > Meble", " Zdrowie \\ Leki ", "", "   " });
            Assert.Equal(new[] { "Dom i Ogród/Meble", "Zdrowie/Leki" }, list.Entries);
            Assert.Equal("Dom i Ogród/Meble;Zdrowie/Leki", list.ToString());
            Assert.True(list.Matches("Dom i Ogród/Meble/Krzesła"));
            Assert.True(list.Matches("Dom i Ogród > Meble > Krzesła"));
            Assert.True(list.Matches("dom i ogród / meble"));
            Assert.True(list.Matches("Zdrowie > Leki"));
            Assert.False(list.Matches("Dom i Ogród"));
            Assert.False(CategoryList.Empty.Matches("Dom i Ogród"));
        }

        [Fact]
        public void Find_rate_direct_inverse_and_identity()
        {
            _files.Write("r.yaml", "exchangeRates:\n  - { from: PLN, to: CZK, rate: 5.0942, source: NBP, date: 2023-03-21 }\n  - { from: EUR, to: PLN, rate: 4.3195, source: ECB }\n  - { from: PLN, to: EUR, rate: 0.2318, source: ECB }\n");
            var rules = RuleLoader.Load(new[] { _files.Dir });

            var direct = rules.FindRate("pln", "czk")!;
            Assert.Equal((5.0942m, "NBP", (DateTime?)new DateTime(2023, 3, 21)), (direct.Rate, direct.Source, direct.Date));

            var inverse = rules.FindRate("CZK", "PLN")!;
            Assert.Equal(Math.Round(1m / 5.0942m, 10), inverse.Rate);
            Assert.Equal(("CZK", "PLN", "NBP (inverse)"), (inverse.From, inverse.To, inverse.Source));
            Assert.Equal(new DateTime(2023, 3, 21), inverse.Date);

            Assert.Equal(0.2318m, rules.FindRate("PLN", "EUR")!.Rate); // a listed direction wins over the other's inverse
            Assert.Equal(4.3195m, rules.FindRate("EUR", "PLN")!.Rate);

            var identity = rules.FindRate("HUF", "huf")!;
            Assert.Equal((1m, "identity"), (identity.Rate, identity.Source));
            Assert.Null(identity.Date);

            Assert.Null(rules.FindRate("CZK", "EUR")); // no chaining through PLN
            Assert.Null(rules.FindRate("PLN", "USD"));
        }
    }
}
