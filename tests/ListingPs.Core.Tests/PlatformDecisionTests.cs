using System;
using System.Collections.Generic;
using System.Linq;
using ListingPs.Core.Connections;
using ListingPs.Core.Input;
using ListingPs.Core.Model;
using ListingPs.Core.Rules;
using ListingPs.Core.Sharing;
using Xunit;

namespace ListingPs.Core.Tests
{
    /// <summary>
    /// "Is this Allegro / Amazon" is read from the market's platform, never from the look of its id: rules whose market ids
    /// say the opposite of their platforms. Each test here fails if a decision goes back to an id prefix.
    /// </summary>
    public sealed class PlatformDecisionTests : IDisposable
    {
        /// <summary>An Allegro base market whose id does not start with "allegro".</summary>
        private const string ShopPl = "shop-pl";
        /// <summary>An Allegro additional market (shared from shop-pl) whose id starts with "amazon".</summary>
        private const string AmazonLookalike = "amazon-sk";
        /// <summary>Amazon marketplaces whose ids do not start with "amazon", one of them starting with "allegro".</summary>
        private const string MarketUs = "marketplace-us", MarketCa = "marketplace-ca", AllegroLookalike = "allegro-lookalike";

        private static RuleSet Rules()
        {
            var methods = new Dictionary<string, DeliveryMethodRule>(StringComparer.OrdinalIgnoreCase)
            {
                ["dpd-sk"] = new DeliveryMethodRule("dpd-sk", "Kurier DPD (SK)", 3.99m, null),
            };
            var markets = new List<MarketRule>
            {
                new MarketRule { Id = ShopPl, Name = "Shop PL", Platform = "allegro", Region = "allegro", Country = "PL", Currency = "PLN", Language = "pl-PL", IsBase = true },
                new MarketRule
                {
                    Id = AmazonLookalike, Name = "Shop SK", Platform = "allegro", Region = "allegro", Country = "SK", Currency = "EUR", Language = "sk-SK", ShareFrom = ShopPl,
                    Policy = new SharePolicy { DeliveryMethods = methods, RequireTranslation = false },
                },
                new MarketRule { Id = MarketUs, Name = "Market US", Platform = "amazon", Region = "NA", Country = "US", Currency = "USD", Language = "en-US" },
                new MarketRule { Id = MarketCa, Name = "Market CA", Platform = "amazon", Region = "NA", Country = "CA", Currency = "CAD", Language = "en-CA" },
                new MarketRule { Id = AllegroLookalike, Name = "Market MX", Platform = "amazon", Region = "NA", Country = "MX", Currency = "USD", Language = "es-MX" },
            };
            var currencies = new[]
            {
                new CurrencyRule("PLN", 0.01m, RoundingMode.HalfUp), new CurrencyRule("EUR", 0.01m, RoundingMode.HalfUp),
                new CurrencyRule("USD", 0.01m, RoundingMode.HalfUp), new CurrencyRule("CAD", 0.01m, RoundingMode.HalfUp),
            };
            var rates = new[]
            {
                new ExchangeRateRule("PLN", "EUR", 0.2318m, "ECB", new DateTime(2024, 3, 1)),
                new ExchangeRateRule("USD", "CAD", 1.1262m, "ECB", new DateTime(2024, 3, 1)),
            };
            return new RuleSet(markets, currencies, rates, new[] { "(platform test rules)" });
        }

        private readonly ConnectionFixture _f = new ConnectionFixture(Rules());

        public void Dispose() => _f.Dispose();

        private static Offer AmazonOffer(string sku) => new Offer(sku)
        {
            Title = "Item " + sku, Market = MarketUs, Price = 10m, ProductId = "B0" + sku, Fulfillment = FulfillmentMethod.Merchant, Status = OfferStatus.Active,
        };

        private static Offer AllegroOffer(string id) => new Offer(id)
        {
            Title = "Telefon " + id, Category = "Elektronika", Price = 100m, Market = ShopPl, ProductId = "PRD-" + id, DeliveryMethods = new[] { "dpd-sk" },
        };

        [Fact]
        public void The_title_limit_follows_the_platform_of_the_offers_market()
        {
            var rules = Rules();
            Offer Parse(string market, int length) =>
                OfferParser.Parse(new OfferFields { OfferId = "T1", Market = market, Title = new string('a', length) }, null, ShopPl, rules);

            Assert.Equal(75, Parse(ShopPl, 75).Title!.Length);
            var ex = Assert.Throws<OfferFieldException>(() => Parse(ShopPl, 76));
            Assert.Equal(ErrorIds.OfferFieldTooLong, ex.ErrorId);
            Assert.Contains("at most 75 characters on shop-pl", ex.Message);
            Assert.Equal(200, Parse(AllegroLookalike, 200).Title!.Length);    // Amazon, though its id starts with "allegro"
            Assert.Throws<OfferFieldException>(() => Parse(AllegroLookalike, 201));
            Assert.Equal(75, OfferLimits.MaxTitleLength(rules.GetMarket(AmazonLookalike)));
            Assert.Equal(200, OfferLimits.MaxTitleLength(rules.GetMarket(MarketUs)));
            Assert.Equal(200, OfferLimits.MaxTitleLength(null));                // a market the rules do not define
        }

        [Fact]
        public void Amazon_next_steps_go_to_amazon_targets_whatever_their_ids()
        {
            _f.Add(AmazonOffer("S1"), AmazonOffer("S2"));
            _f.Connect(MarketUs, new[] { MarketCa, AllegroLookalike });
            foreach (var target in new[] { MarketCa, AllegroLookalike })
            {
                var row = _f.Row(target, "S1");
                Assert.Equal(SyncStatus.Synchronized, row.Status);
                Assert.Equal("", row.Reason);
                Assert.Contains("Review the shipping settings for self-fulfilled offers on " + target, row.NextStep);
                Assert.Null(_f.Workspace.Shares.Get(target, "S1"));   // priced by the connection alone, not shared
            }

            var manual = _f.Service.SetTargetPrice(AllegroLookalike, "S2", 12m);   // the row the cmdlet writes
            Assert.Equal(ConnectionReasons.ManualPrice, manual.Reason);
            Assert.Contains("Set-OfferPrice -Market " + AllegroLookalike + " -OfferId S2 -UseConverter", manual.NextStep);
            Assert.Contains("-UseConverter", _f.Row(AllegroLookalike, "S2").NextStep);
        }

        [Fact]
        public void Allegro_targets_get_no_amazon_next_steps_whatever_their_ids()
        {
            _f.Add(AllegroOffer("A"), AllegroOffer("M"));
            _f.Shares.Submit(_f.Workspace.Offers.Get("M")!, AmazonLookalike, new SubmitOptions { Price = 25m });   // by hand, before the connection
            _f.Workspace.Commit();
            var c = _f.Connect(ShopPl, new[] { AmazonLookalike });
            Assert.Equal("allegro", c.Platform);

            var a = _f.Row(AmazonLookalike, "A");
            Assert.Equal(SyncStatus.Synchronized, a.Status);
            Assert.Equal(ShareState.Approved, _f.Workspace.Shares.Get(AmazonLookalike, "A")!.State);   // went through the shared-offers flow
            Assert.Equal("", a.NextStep);

            var m = _f.Row(AmazonLookalike, "M");
            Assert.Equal(ConnectionReasons.ManualPrice, m.Reason);
            Assert.Contains("the price stays as set on " + AmazonLookalike, m.NextStep);
            Assert.DoesNotContain("-UseConverter", m.NextStep);

            // A hand price on an Allegro target is the share's price: the connection's own hand-price route refuses it.
            var ex = Assert.Throws<ListingPsException>(() => _f.Service.SetTargetPrice(AmazonLookalike, "A", 30m));
            Assert.Equal(ErrorIds.InvalidConnectionMarket, ex.ErrorId);
            Assert.Equal(ShareState.Approved, _f.Workspace.Shares.Get(AmazonLookalike, "A")!.State);

            // Removing the connection withdraws what it shared there, as on any Allegro target.
            _f.Service.Remove(c.ConnectionId);
            Assert.Equal(ShareState.Withdrawn, _f.Workspace.Shares.Get(AmazonLookalike, "A")!.State);
        }

        [Fact]
        public void Fba_inventory_is_for_amazon_markets_by_platform()
        {
            _f.Add(AmazonOffer("F1"));
            Assert.Equal(5, _f.Service.SetFbaInventory(AllegroLookalike, "F1", 5).Quantity);
            var ex = Assert.Throws<ListingPsException>(() => _f.Service.SetFbaInventory(AmazonLookalike, "F1", 5));
            Assert.Equal(ErrorIds.InvalidConnectionMarket, ex.ErrorId);
            Assert.Contains(AmazonLookalike + " is on allegro", ex.Message);
        }

        [Fact]
        public void A_connection_stays_within_the_platform_its_markets_are_on()
        {
            // amazon-sk is an Allegro market: an Amazon source cannot take it as a target, whatever its id says.
            var ex = Assert.Throws<ListingPsException>(() => _f.Service.PlanConnection(MarketUs, new[] { AmazonLookalike }, new ConnectionRules()));
            Assert.Equal(ErrorIds.InvalidConnectionMarket, ex.ErrorId);
            Assert.Contains("(amazon -> allegro)", ex.Message);
        }

        [Fact]
        public void The_platform_names_are_compared_without_case()
        {
            Assert.True(Platforms.IsAllegro("Allegro"));
            Assert.True(Platforms.IsAmazon("AMAZON"));
            Assert.False(Platforms.IsAllegro("allegro-pl"));
            Assert.False(Platforms.IsAmazon(null));
            Assert.True(Rules().GetMarket(AmazonLookalike).IsAllegro);
            Assert.False(Rules().GetMarket(AmazonLookalike).IsAmazon);
            Assert.True(Rules().GetMarket(AllegroLookalike).IsAmazon);
        }
    }
}
