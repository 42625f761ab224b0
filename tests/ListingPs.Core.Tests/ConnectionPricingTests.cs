using ListingPs.Core.Workspace;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ListingPs.Core.Connections;
using ListingPs.Core.Model;
using ListingPs.Core.Pricing;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// Rules for the connection tests, built in code (no YAML loader involved): Amazon marketplaces in three regions
    /// (amazon-de restricts B0RESTRICT1), allegro-pl with allegro-cz and allegro-sk, and rates including the documents'
    /// worked example (USD->CAD 1.1262) and Allegro's CZK converter rate (PLN->CZK 5.0942).
    /// </summary>
    internal static class ConnectionTestRules
    {
        public const string Us = "amazon-us", Ca = "amazon-ca", Mx = "amazon-mx", Uk = "amazon-uk", De = "amazon-de", Fr = "amazon-fr", Jp = "amazon-jp", Au = "amazon-au";
        public const string Pl = "allegro-pl", Cz = "allegro-cz", Sk = "allegro-sk";
        public const string Restricted = "B0RESTRICT1";

        /// <summary>The fixed clock the fixtures start on.</summary>
        public static readonly DateTimeOffset Now = new DateTimeOffset(2024, 5, 15, 10, 30, 0, TimeSpan.Zero);

        public static readonly CurrencyRule Pln = new CurrencyRule("PLN", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Czk = new CurrencyRule("CZK", 1m, RoundingMode.HalfDown);
        public static readonly CurrencyRule Eur = new CurrencyRule("EUR", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Huf = new CurrencyRule("HUF", 5m, RoundingMode.HalfDown);
        public static readonly CurrencyRule Usd = new CurrencyRule("USD", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Cad = new CurrencyRule("CAD", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Mxn = new CurrencyRule("MXN", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Gbp = new CurrencyRule("GBP", 0.01m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Jpy = new CurrencyRule("JPY", 1m, RoundingMode.HalfUp);
        public static readonly CurrencyRule Aud = new CurrencyRule("AUD", 0.01m, RoundingMode.HalfUp);

        public static RuleSet Build(IEnumerable<ExchangeRateRule>? extraRates = null, bool withoutMxnRate = false)
        {
            var markets = new List<MarketRule>
            {
                new MarketRule { Id = Pl, Name = "Allegro Polska", Platform = "allegro", Region = "allegro", Country = "PL", Currency = "PLN", Language = "pl-PL", IsBase = true },
                new MarketRule
                {
                    Id = Cz, Name = "Allegro Česko", Platform = "allegro", Region = "allegro", Country = "CZ", Currency = "CZK", Language = "cs-CZ", ShareFrom = Pl,
                    Policy = new SharePolicy { DeliveryMethods = Methods(new DeliveryMethodRule("allegro-dhl-cz", "Allegro Kurier DHL (CZ)", 99m, null)) },
                },
                new MarketRule
                {
                    Id = Sk, Name = "Allegro Slovensko", Platform = "allegro", Region = "allegro", Country = "SK", Currency = "EUR", Language = "sk-SK", ShareFrom = Pl,
                    Policy = new SharePolicy { DeliveryMethods = Methods(new DeliveryMethodRule("allegro-dpd-sk", "Allegro Kurier DPD (SK)", 3.99m, null)) },
                },
                Amazon(Us, "NA", "US", "USD"), Amazon(Ca, "NA", "CA", "CAD"), Amazon(Mx, "NA", "MX", "MXN"),
                Amazon(Uk, "EU", "GB", "GBP"), Amazon(De, "EU", "DE", "EUR", Restricted), Amazon(Fr, "EU", "FR", "EUR"),
                Amazon(Jp, "FE", "JP", "JPY"), Amazon(Au, "FE", "AU", "AUD"),
            };
            var rates = new List<ExchangeRateRule>
            {
                new ExchangeRateRule("PLN", "CZK", 5.0942m, "NBP", new DateTime(2023, 3, 21)),
                Rate("PLN", "EUR", 0.2318m), Rate("PLN", "HUF", 91.05m),
                Rate("USD", "CAD", 1.1262m), Rate("USD", "JPY", 150.05m), Rate("USD", "EUR", 0.9234m), Rate("USD", "GBP", 0.7917m),
                Rate("EUR", "GBP", 0.8574m), Rate("EUR", "JPY", 162.50m), Rate("JPY", "AUD", 0.010230m), Rate("EUR", "AUD", 1.6624m),
            };
            if (!withoutMxnRate) rates.Add(Rate("USD", "MXN", 17.0399m));
            if (extraRates != null) rates.AddRange(extraRates);
            return new RuleSet(markets, new[] { Pln, Czk, Eur, Huf, Usd, Cad, Mxn, Gbp, Jpy, Aud }, rates, new[] { "(connection test rules)" });
        }

        private static Dictionary<string, DeliveryMethodRule> Methods(params DeliveryMethodRule[] rules)
        {
            var d = new Dictionary<string, DeliveryMethodRule>(StringComparer.OrdinalIgnoreCase);
            foreach (var r in rules) d[r.Id] = r;
            return d;
        }

        private static MarketRule Amazon(string id, string region, string country, string currency, params string[] restricted) => new MarketRule
        {
            Id = id, Name = id, Platform = "amazon", Region = region, Country = country, Currency = currency,
            Policy = restricted.Length == 0 ? null : new SharePolicy { RestrictedProducts = new HashSet<string>(restricted, StringComparer.OrdinalIgnoreCase) },
        };

        private static ExchangeRateRule Rate(string from, string to, decimal rate) => new ExchangeRateRule(from, to, rate, "ECB", new DateTime(2024, 3, 1));

        /// <summary>An Amazon source offer: SKU, price, ASIN, New, Merchant, Active unless told otherwise.</summary>
        public static Offer Offer(string sku, decimal? price = 10m, string market = Us, OfferCondition condition = OfferCondition.New,
            FulfillmentMethod fulfillment = FulfillmentMethod.Merchant, OfferStatus status = OfferStatus.Active, string? asin = "")
            => new Offer(sku)
            {
                Title = "Item " + sku, Market = market, Price = price, ProductId = asin == "" ? "B0" + sku : asin,
                Condition = condition, Fulfillment = fulfillment, Status = status,
            };

        /// <summary>An allegro-pl offer that meets the allegro-cz rules: company, buy-now, catalogue product, DHL CZ, Czech translation.</summary>
        public static Offer Shareable(string id, decimal? price = 100m) => new Offer(id)
        {
            Title = "Telefon " + id, Category = "Elektronika/Telefony", Price = price, Market = Pl, ProductId = "PRD-" + id,
            DeliveryMethods = new[] { "allegro-dhl-cz" }, Translations = new[] { "cs-CZ" },
        };
    }

    /// <summary>A workspace, share service and connection service on a clock the test moves.</summary>
    internal sealed class ConnectionFixture : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "listingps-connection-" + Guid.NewGuid().ToString("N"));

        public ConnectionFixture(RuleSet? rules = null)
        {
            Directory.CreateDirectory(_dir);
            Rules = rules ?? ConnectionTestRules.Build();
            Workspace = WorkspaceStore.Open(TestWorkspaces.Location(Path.Combine(_dir, "workspace.db")));
            Shares = new ShareService(Workspace, Rules, clock: () => Now);
            Service = new ConnectionService(Shares, clock: () => Now);
        }

        public DateTimeOffset Now { get; set; } = ConnectionTestRules.Now;
        public RuleSet Rules { get; }
        public WorkspaceStore Workspace { get; }
        public ShareService Shares { get; }
        public ConnectionService Service { get; }

        /// <summary>Imports offers (as Import-Offer would) and commits.</summary>
        public void Add(params Offer[] offers)
        {
            foreach (var o in offers)
            {
                o.UpdatedAt = Now;
                Shares.Import(o);
            }
            Workspace.Commit();
        }

        public MarketConnection Connect(string source, string[] targets, ConnectionRules? rules = null, ProcessingOptions? options = null)
        {
            var plan = Service.PlanConnection(source, targets, rules ?? new ConnectionRules());
            return Service.Create(plan, true, options);
        }

        public static ConnectionRules RulesWith(PricingRuleKind kind, decimal? adjustment = null, ConnectionOfferCondition? condition = null,
            FulfillmentFilter? fulfillment = null, params string[] exclude)
            => new ConnectionRules().WithDefaults(new TargetRules
            {
                Pricing = PricingRule.Create(kind, adjustment), OfferCondition = condition, Fulfillment = fulfillment, ExcludeSkus = exclude,
            });

        public ConnectionReportRow Row(string target, string sku) =>
            Service.Report(new ConnectionReportQuery { TargetMarkets = new[] { target }, Skus = new[] { sku } }).Single();

        public List<ConnectionReportRow> Rows(string? connectionId = null) =>
            Service.Report(new ConnectionReportQuery { ConnectionIds = connectionId == null ? null : new[] { connectionId } }).ToList();

        /// <summary>Records a newer workspace rate (Set-ExchangeRate) and forgets the cached one.</summary>
        public void SetRate(string from, string to, decimal rate)
        {
            Now = Now.AddMinutes(1);
            Workspace.Rates.Set(new ExchangeRateRule(from, to, rate, "Manual", Now.UtcDateTime.Date.AddDays(1)), Now);
            Workspace.Commit();
            Shares.Pricer.ClearRateCache();
        }

        /// <summary>A file name in the fixture's own temporary folder.</summary>
        public string File(string name) => Path.Combine(_dir, name);

        public void Dispose()
        {
            Workspace.Dispose();
            try { Directory.Delete(_dir, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>Pricing rules: applied to the source price, then converted, then rounded to the target currency's step.</summary>
    public sealed class ConnectionPricingTests
    {
        [Theory]
        [InlineData(PricingRuleKind.AmountAbove, "1", "10", "1.1262", "12.39")]   // the documents' example: (10 + 1) x 1.1262 = 12.3882
        [InlineData(PricingRuleKind.SameAsSource, null, "10", "1.1262", "11.26")] // 11.262
        [InlineData(PricingRuleKind.PercentAbove, "5", "10", "1.1262", "11.83")]  // 10.5 x 1.1262 = 11.8251
        [InlineData(PricingRuleKind.PercentBelow, "10", "10", "1.1262", "10.14")] // 9 x 1.1262 = 10.1358
        [InlineData(PricingRuleKind.AmountAbove, "2.5", "19.99", "0.8574", "19.28")] // 22.49 x 0.8574 = 19.282926
        [InlineData(PricingRuleKind.PercentBelow, "0", "7.77", "1", "7.77")]
        public void Rule_then_conversion_then_cents(PricingRuleKind kind, string? adjustment, string source, string rate, string expected)
        {
            var rule = PricingRule.Create(kind, adjustment == null ? (decimal?)null : decimal.Parse(adjustment, System.Globalization.CultureInfo.InvariantCulture));
            var price = rule.Price(D(source), D(rate), ConnectionTestRules.Eur);
            Assert.Equal(D(expected), price);
            Assert.Equal(2, price.ToString(System.Globalization.CultureInfo.InvariantCulture).Split('.')[1].Length);
        }

        [Theory]
        [InlineData("10", "150.05", "1501")]      // 1500.5 -> half up
        [InlineData("19.99", "150.05", "3000")]   // 2999.4995 shows as 2999.50 -> 3000
        [InlineData("9.99", "150.05", "1499")]    // 1498.9995 -> 1499.00
        public void Whole_yen_targets_round_to_the_yen(string source, string rate, string expected)
        {
            Assert.Equal(D(expected), PricingRule.SameAsSource.Price(D(source), D(rate), ConnectionTestRules.Jpy));
        }

        [Fact]
        public void Czk_and_huf_targets_round_by_their_own_steps()
        {
            // 45 x 5.0942 = 229.239 -> 229 (CZK half down); +10%: 252.1629 -> 252; 45 x 91.05 = 4097.25 -> 4095 (HUF fives, half down).
            Assert.Equal(229m, PricingRule.SameAsSource.Price(45m, 5.0942m, ConnectionTestRules.Czk));
            Assert.Equal(252m, PricingRule.Create(PricingRuleKind.PercentAbove, 10m).Price(45m, 5.0942m, ConnectionTestRules.Czk));
            Assert.Equal(4095m, PricingRule.SameAsSource.Price(45m, 91.05m, ConnectionTestRules.Huf));
        }

        [Theory]
        [InlineData(PricingRuleKind.SameAsSource, "1", "takes no price adjustment")]
        [InlineData(PricingRuleKind.AmountAbove, null, "needs a price adjustment")]
        [InlineData(PricingRuleKind.PercentAbove, "-5", "zero or more")]
        [InlineData(PricingRuleKind.PercentBelow, "100", "under 100")]
        public void Impossible_rules_are_refused(PricingRuleKind kind, string? adjustment, string says)
        {
            var e = Assert.Throws<ListingPsException>(() => PricingRule.Create(kind, adjustment == null ? (decimal?)null : D(adjustment)));
            Assert.Equal(ErrorIds.InvalidPricingRule, e.ErrorId);
            Assert.Equal(ErrorKind.InvalidArgument, e.Kind);
            Assert.Contains(says, e.Message);
        }

        [Fact]
        public void Pricing_resolves_per_target_and_fulfilment_method()
        {
            var rules = new ConnectionRules { Defaults = new TargetRules { Pricing = PricingRule.Create(PricingRuleKind.AmountAbove, 1m), FbaPricing = PricingRule.Create(PricingRuleKind.PercentAbove, 5m) } };
            rules.SetTarget("amazon-mx", new TargetRules { MerchantPricing = PricingRule.Create(PricingRuleKind.PercentBelow, 10m) });
            rules.SetTarget("amazon-jp", new TargetRules { Pricing = PricingRule.SameAsSource });
            var ca = rules.Resolve("amazon-ca");
            Assert.Equal("AmountAbove 1", ca.PricingFor(FulfillmentMethod.Merchant).ToString());
            Assert.Equal("PercentAbove 5", ca.PricingFor(FulfillmentMethod.FBA).ToString());
            var mx = rules.Resolve("amazon-mx");
            Assert.Equal("PercentBelow 10", mx.PricingFor(FulfillmentMethod.Merchant).ToString());
            Assert.Equal("PercentAbove 5", mx.PricingFor(FulfillmentMethod.FBA).ToString());
            var jp = rules.Resolve("amazon-jp");   // a target's own rule for both methods wins over the defaults' per-method rule
            Assert.Equal(PricingRule.SameAsSource, jp.PricingFor(FulfillmentMethod.FBA));
            Assert.Equal(PricingRule.SameAsSource, jp.PricingFor(FulfillmentMethod.Merchant));
            var none = new ConnectionRules().Resolve("amazon-ca");
            Assert.Equal(ConnectionOfferCondition.New, none.OfferCondition);
            Assert.Equal(FulfillmentFilter.All, none.Fulfillment);
            Assert.Equal(PricingRule.SameAsSource, none.PricingFor(FulfillmentMethod.FBA));
        }

        [Fact]
        public void A_connection_prices_each_target_by_its_rule_and_fulfilment()
        {
            using var f = new ConnectionFixture();
            f.Add(ConnectionTestRules.Offer("M1", 10m), ConnectionTestRules.Offer("F1", 10m, fulfillment: FulfillmentMethod.FBA));
            var rules = new ConnectionRules { Defaults = new TargetRules { Pricing = PricingRule.Create(PricingRuleKind.AmountAbove, 1m) } };
            rules.SetTarget(ConnectionTestRules.Ca, new TargetRules { FbaPricing = PricingRule.Create(PricingRuleKind.PercentBelow, 10m) });
            f.Connect(ConnectionTestRules.Us, new[] { ConnectionTestRules.Ca, ConnectionTestRules.Jp }, rules);
            var m1 = f.Row(ConnectionTestRules.Ca, "M1");
            Assert.Equal(12.39m, m1.Price);                      // (10 + 1) x 1.1262
            Assert.Equal("CAD", m1.Currency);
            Assert.Equal(1.1262m, m1.ExchangeRate);
            Assert.Equal("ECB 2024-03-01", m1.RateSource);
            Assert.Equal("AmountAbove 1", m1.PricingRule);
            Assert.Equal(TargetPriceSource.Rule, m1.PriceSource);
            Assert.Equal(10.14m, f.Row(ConnectionTestRules.Ca, "F1").Price);   // 9 x 1.1262 = 10.1358
            Assert.Equal(1651m, f.Row(ConnectionTestRules.Jp, "M1").Price);    // 11 x 150.05 = 1650.55 -> whole yen
            Assert.Equal(1651m, f.Row(ConnectionTestRules.Jp, "F1").Price);
        }

        private static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    }
}
